package dev.xent.loss;

import java.lang.reflect.Array;
import java.util.List;

/**
 * One request's scoring: takes its batches in order, checks and scores each as it comes,
 * and carries every accumulator across them. This is the one place that reduces (sum,
 * weighted mean) and checks that every result is finite, whatever the body format.
 * <p>
 * <b>Same request, same numbers.</b> The sums are compensated ({@link NeumaierSum}) and
 * add the samples in request order with their whole state carried from batch to batch,
 * and each sample's loss and raw gradient depend on that sample only; so aggregates and
 * per-sample results are bit-identical however the request was split into batches, and in
 * whichever format it came.
 * <p>
 * Memory is a function of the largest batch: three reusable arrays (losses, weights, raw
 * gradients) of that size, and only those the request needs; {@link Summaries}, when
 * asked for, take each batch after it is scored, with its losses and weights. When only
 * the summaries need the losses and weights (no per-sample output), a batch is scored in
 * slices copied out of it, of at most {@link #SLICE} rows and {@link #SLICE_VALUES}
 * values a column (a few tens of KB, whatever the width), so that the kernel and the
 * summaries read the samples and pass ℓ_i and W_i through memory that stays in the
 * processor's first-level cache, instead of streaming them all through main memory twice.
 * Slicing changes no number: every accumulator carries its state in sample order.
 * Summaries that read only the batch (accuracy, calibration, perplexity;
 * {@link Summaries#needsLosses}) take it whole, with no losses kept.
 */
public final class Scoring {

	/** Rows of a slice ({@link #acceptInSlices}) at most: a few tens of KB of columns. */
	public static final int SLICE = 512;

	/**
	 * Values of the widest column of a slice at most (64 KB): wide rows make short slices
	 * (down to one row), so that the copies stay small whatever the number of classes.
	 */
	public static final int SLICE_VALUES = 8192;

	private final Loss loss;

	private final Reduction reduction;

	private final PerSampleSink sink;

	private final long maxSamples;

	private final Summaries summaries;

	private final NeumaierSum sum = new NeumaierSum();

	private final NeumaierSum weightSum = new NeumaierSum();

	private long count;

	private long samples;

	private int width = -1;

	/** The arrays a slice is copied into, reused; {@code null} until one is needed. */
	private SampleBatch slice;

	private double[] losses = new double[0];

	private double[] weights = new double[0];

	private double[] raw = new double[0];

	/** The cross-entropies of a focal request's batch, for its divergence summary. */
	private double[] crossEntropies = new double[0];

	private final NeumaierSum unused = new NeumaierSum();

	private final NeumaierSum unusedWeights = new NeumaierSum();

	/**
	 * The largest gradient exponent before the scale ({@link Loss#gradientExponent}), and
	 * where it is.
	 */
	private int maxGradientExponent = Integer.MIN_VALUE;

	private long maxGradientRow = -1;

	private long maxGradientLine;

	/**
	 * @param sink receives per-sample results, or {@code null} for aggregates only
	 * @param maxSamples most samples the request may hold (413 beyond)
	 */
	public Scoring(Loss loss, Reduction reduction, PerSampleSink sink, long maxSamples) {
		this(loss, reduction, sink, maxSamples, null);
	}

	/**
	 * @param sink receives per-sample results, or {@code null} for aggregates only
	 * @param maxSamples most samples the request may hold (413 beyond)
	 * @param summaries takes every scored batch with its per-sample losses and weights,
	 * or {@code null}
	 */
	public Scoring(Loss loss, Reduction reduction, PerSampleSink sink, long maxSamples, Summaries summaries) {
		this.loss = loss;
		this.reduction = reduction;
		this.sink = sink;
		this.maxSamples = maxSamples;
		this.summaries = summaries;
	}

	public Loss loss() {
		return this.loss;
	}

	/**
	 * Checks and scores the next batch.
	 * @throws InvalidBatchException listing the batch's first offending values
	 * @throws LimitExceededException past the sample limit
	 */
	public void accept(SampleBatch batch) {
		int n = batch.rows();
		if (n == 0) {
			return;
		}
		Violations v = new Violations();
		if (this.width < 0) {
			this.width = batch.width();
			this.loss.start(batch, v);
			if (this.summaries != null) {
				this.summaries.start(batch, v);
			}
			v.throwIfAny();
		}
		else if (batch.width() != this.width) {
			v.add(batch, 0, batch.pointer("predictions", 0), "has " + batch.width() + " values, but row 0 has "
					+ this.width + "; every row must have the same length.");
			v.throwIfAny();
		}
		if (this.samples + n > this.maxSamples) {
			throw new LimitExceededException("The request holds more than " + this.maxSamples
					+ " samples, the configured limit (xent.limits.max-samples); split it into shards.");
		}
		boolean perSample = this.sink != null;
		// Most summaries need ℓ_i and W_i even when no per-sample output is asked for.
		boolean summaryLosses = this.summaries != null && this.summaries.needsLosses();
		if (scoresInSlices(this.summaries, perSample) && n > SLICE) {
			acceptInSlices(batch);
			this.samples += n;
			return;
		}
		boolean gradients = perSample && this.sink.keepsGradients();
		boolean needed = perSample || summaryLosses;
		double[] l = needed ? (this.losses = capacity(this.losses, n)) : null;
		double[] w = needed ? (this.weights = capacity(this.weights, n)) : null;
		double[] g = gradients ? (this.raw = capacity(this.raw, n * this.width)) : null;
		long counted = this.loss.checkAndEvaluate(batch, v, l, w, g, this.sum, this.weightSum);
		v.throwIfAny();
		this.count += counted;
		if (!Double.isFinite(this.sum.value())) {
			throw nonFinite(batch, "loss", firstNonFinite(lossesOf(batch, l), n, 1));
		}
		if (g != null) {
			trackLargestGradient(batch, w, g);
		}
		if (this.summaries != null) {
			this.summaries.accept(batch, l, w, crossEntropies(batch, l));
		}
		if (perSample && this.sink.append(n, this.width, l, w, g)) {
			// The sink keeps these arrays: the next batch gets new ones.
			this.losses = new double[0];
			this.weights = new double[0];
			this.raw = new double[0];
		}
		this.samples += n;
	}

	/**
	 * Whether a request with these summaries and per-sample output (or none) is scored in
	 * slices of at most {@link #SLICE} rows and {@link #SLICE_VALUES} values a column:
	 * summaries that take per-sample losses, without per-sample output. A source that can
	 * hand its samples on in such slices (an Arrow body) then should, and each is taken
	 * as it comes.
	 */
	public static boolean scoresInSlices(Summaries summaries, boolean perSample) {
		return !perSample && summaries != null && summaries.needsLosses();
	}

	/**
	 * Scores a batch for the summaries alone, slice by slice; violations are those of the
	 * whole batch, found by {@link Loss#check} on it as {@link #accept} finds them.
	 */
	private void acceptInSlices(SampleBatch batch) {
		int n = batch.rows();
		int widest = Math.max(batch.width(), Math.max(batch.labelWidth(), batch.targetWidth()));
		int rows = Math.max(1, Math.min(SLICE, SLICE_VALUES / Math.max(widest, 1)));
		double[] l = this.losses = capacity(this.losses, rows);
		double[] w = this.weights = capacity(this.weights, rows);
		// Empty as long as the slices are valid: the first violation ends the batch.
		Violations v = new Violations();
		for (int from = 0; from < n; from += rows) {
			SampleBatch slice = this.slice = slice(batch, from, Math.min(rows, n - from), this.slice);
			long counted = this.loss.checkAndEvaluate(slice, v, l, w, null, this.sum, this.weightSum);
			if (!v.isEmpty()) {
				Violations whole = new Violations();
				this.loss.check(batch, whole);
				(whole.isEmpty() ? v : whole).throwIfAny();
			}
			this.count += counted;
			if (!Double.isFinite(this.sum.value())) {
				throw nonFinite(slice, "loss", firstNonFinite(l, slice.rows(), 1));
			}
			this.summaries.accept(slice, l, w, crossEntropies(slice, l));
		}
	}

	/**
	 * The batch's cross-entropies for the summaries
	 * ({@link Summaries#needsCrossEntropy}): the losses themselves, unless the endpoint
	 * is focal and asks for the divergence.
	 */
	private double[] crossEntropies(SampleBatch batch, double[] losses) {
		if (!this.summaries.needsCrossEntropy()) {
			return losses;
		}
		double[] ce = this.crossEntropies = capacity(this.crossEntropies, batch.rows());
		// The sums are not wanted: two reused, started afresh.
		this.unused.set(0, 0);
		this.unusedWeights.set(0, 0);
		this.loss.crossEntropy().evaluate(batch, ce, null, null, this.unused, this.unusedWeights);
		return ce;
	}

	/**
	 * Rows {@code [from, from + rows)} of a batch as a batch of their own, in the arrays
	 * of {@code reuse} where they are large enough.
	 */
	static SampleBatch slice(SampleBatch b, int from, int rows, SampleBatch reuse) {
		int width = b.width();
		return new SampleBatch(b.firstRow() + from, rows, width,
				copy(b.predictions(), from * width, rows * width, (reuse != null) ? reuse.predictions() : null),
				copy(b.labels(), from * b.labelWidth(), rows * b.labelWidth(), (reuse != null) ? reuse.labels() : null),
				b.labelWidth(), copy(b.classes(), from, rows, (reuse != null) ? reuse.classes() : null),
				copy(b.targets(), from * b.targetWidth(), rows * b.targetWidth(),
						(reuse != null) ? reuse.targets() : null),
				b.targetWidth(), copy(b.sampleWeights(), from, rows, (reuse != null) ? reuse.sampleWeights() : null),
				copy(b.groups(), from, rows, (reuse != null) ? reuse.groups() : null),
				copy(b.lines(), from, rows, (reuse != null) ? reuse.lines() : null));
	}

	/**
	 * {@code length} elements of a primitive array from {@code start}, into {@code into}
	 * when it is large enough, else into a new array of the same type; {@code null} for
	 * {@code null}.
	 */
	@SuppressWarnings("unchecked")
	private static <A> A copy(A from, int start, int length, A into) {
		if (from == null) {
			return null;
		}
		A to = (into != null && Array.getLength(into) >= length) ? into
				: (A) Array.newInstance(from.getClass().getComponentType(), Math.max(length, 1));
		System.arraycopy(from, start, to, 0, length);
		return to;
	}

	/**
	 * The request's aggregates, once its last batch is in.
	 * @throws InvalidBatchException for an empty request, or weights that overflow
	 */
	public Aggregates finish() {
		if (this.samples == 0) {
			throw new InvalidBatchException(List.of(new Violation("/predictions", "must hold at least one sample.")));
		}
		double ws = this.weightSum.value();
		if (!Double.isFinite(ws)) {
			throw new InvalidBatchException(List.of(new Violation("/sampleWeights",
					"the weights add up to more than the largest finite number; scale them down.")));
		}
		double s = this.sum.value();
		Double mean = (ws > 0) ? s / ws : null;
		if (mean != null && !Double.isFinite(mean)) {
			throw new InvalidBatchException(List.of(new Violation("/sampleWeights",
					"the mean is not a finite number with these weights; scale them up.")));
		}
		// Whether or not a gradient is non-zero: 0·(1/weightSum) would be a NaN.
		boolean gradients = this.sink != null && this.sink.keepsGradients();
		if (gradients && !Double.isFinite(gradientScale(ws))) {
			throw new InvalidBatchException(List.of(new Violation("/sampleWeights",
					"the weights add up to so little that 1/weightSum is not a finite number, nor are the gradients of "
							+ "the mean; scale them up.")));
		}
		if (this.maxGradientRow >= 0
				&& this.maxGradientExponent + Math.getExponent(gradientScale(ws)) + 3 > Double.MAX_EXPONENT) {
			throw new InvalidBatchException(List.of(new Violation("/predictions/" + this.maxGradientRow,
					"the gradient of this sample is not a finite number (weights too large).", this.maxGradientLine)));
		}
		return new Aggregates(this.count, ws, s, mean, this.samples, Math.max(this.width, 1), this.loss.vector());
	}

	/**
	 * One pass over a batch's raw gradients: refuses a non-finite one at its sample, and
	 * keeps the largest magnitude for {@link #finish}'s overflow check.
	 */
	private void trackLargestGradient(SampleBatch batch, double[] w, double[] g) {
		int width = this.width;
		for (int i = 0, base = 0; i < batch.rows(); i++, base += width) {
			double raw = 0;
			for (int j = base; j < base + width; j++) {
				raw = Math.max(raw, Math.abs(g[j]));
			}
			if (!(raw <= Double.MAX_VALUE)) {
				throw nonFinite(batch, "gradient", i);
			}
			if (raw == 0) {
				continue;
			}
			int exponent = this.loss.gradientExponent(w[i], raw);
			if (exponent > this.maxGradientExponent) {
				this.maxGradientExponent = exponent;
				this.maxGradientRow = batch.firstRow() + i;
				this.maxGradientLine = batch.line(i);
			}
		}
	}

	/** The factor that turns raw gradients into those of the reduction. */
	public double gradientScale(double weightSum) {
		if (this.reduction != Reduction.MEAN) {
			return 1.0;
		}
		return (weightSum > 0) ? 1.0 / weightSum : 0.0;
	}

	private static double[] capacity(double[] array, int size) {
		return (array.length >= size) ? array : new double[size];
	}

	private double[] lossesOf(SampleBatch batch, double[] losses) {
		if (losses != null) {
			return losses;
		}
		double[] recomputed = new double[batch.rows()];
		this.loss.evaluate(batch, recomputed, null, null, new NeumaierSum(), new NeumaierSum());
		return recomputed;
	}

	private static int firstNonFinite(double[] values, int length, int width) {
		for (int i = 0; i < length; i++) {
			if (!Double.isFinite(values[i])) {
				return i / width;
			}
		}
		return -1;
	}

	private static InvalidBatchException nonFinite(SampleBatch batch, String what, int row) {
		if (row < 0 && batch.sampleWeights() == null) {
			// Every loss finite, their sum not, and no weights to scale down.
			return new InvalidBatchException(List.of(new Violation("/predictions",
					"the sum of the losses is larger than the largest finite number; score the samples in smaller "
							+ "requests (shards) and add their sums.")));
		}
		String pointer = (row < 0) ? "/sampleWeights" : batch.pointer("predictions", row);
		String detail = (row < 0) ? "the sum of the losses is not a finite number; scale the weights down." : "the "
				+ what
				+ " of this sample is not a finite number (a zero probability for an observed class with epsilon 0, or weights too large).";
		return new InvalidBatchException(List.of(new Violation(pointer, detail, (row < 0) ? 0 : batch.line(row))));
	}

}
