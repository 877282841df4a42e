package dev.xent.loss;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One request's evaluation summaries, accumulated in the same pass as its loss:
 * {@link Scoring} hands over every checked batch with its per-sample losses ℓ_i and
 * weights W_i, and this class reads the rest (decisions, probabilities, targets) from the
 * batch itself. What it computes depends on the endpoint's family (binary, multi-label,
 * categorical) and the conventions of its inputs ({@link Convention}), never on the loss:
 * the focal endpoints share the cross-entropy endpoints' summaries.
 * <p>
 * <b>Definitions</b> (API.md, "Summaries"). Ignored samples are left out everywhere.
 * stderr, groups and perplexity weigh sample i by W_i, its share of weightSum; accuracy,
 * calibration, Brier, divergence and worst by s_i (each of a multi-label sample's K
 * elements by s_i). Accuracy, calibration and Brier use the raw labels or targets and the
 * unclipped probabilities (σ(z), softmax, exp of log-probabilities, or the divided row
 * with renormalize); decisions use the inputs as given: binary z ≥ 0 or p ≥ 0.5 against y
 * ≥ 0.5, categorical the first largest value against the label or the target's first
 * largest value. Divergence uses the smoothed targets q' and log p as the loss takes it
 * (clipped by ε for probabilities): kl_i = Σ_c q'_c·(log q'_c − log p_c), 0·log 0 = 0,
 * added up directly as Σ s_i·kl_i, never as a difference of cross-entropy and entropy.
 * <p>
 * <b>Same request, same numbers.</b> Every accumulator is a {@link BlockSum}: terms added
 * in sample order to a plain partial sum, compensated between blocks that end at fixed
 * counts (of the request's samples for the request's sums, of a bin's or a group's own
 * for theirs, {@link Moments} also where its centre moves). The heap of worst samples
 * takes them in order, and no state depends on where one batch ends: summaries are
 * bit-identical across body formats and batch splits. Memory is bounded by the options,
 * never by the samples: B bins, a heap of worstK, and one entry per distinct group (at
 * most the group limit).
 */
public final class Summaries {

	/** The summaries a request may ask for, by their names in requests. */
	public enum Kind {

		STDERR, ACCURACY, CALIBRATION, WORST, GROUPS, DIVERGENCE, PERPLEXITY;

		/** The name in requests and responses: {@code "stderr"}. */
		public String wireName() {
			return name().toLowerCase(Locale.ROOT);
		}

		/** The summary of this name, or {@code null}. */
		public static Kind of(String name) {
			for (Kind kind : values()) {
				if (kind.wireName().equals(name)) {
					return kind;
				}
			}
			return null;
		}

	}

	/** The endpoint families: what the predictions and labels of a sample are. */
	public enum Family {

		/** One probability or logit and one label in [0, 1] per sample. */
		BINARY,

		/** K independent probabilities or logits and labels per sample. */
		MULTILABEL,

		/**
		 * A row of C probabilities, logits or log-probabilities; a class index or target
		 * row.
		 */
		CATEGORICAL

	}

	public static final int DEFAULT_TOP_K = 5;

	public static final int DEFAULT_BINS = 15;

	public static final int MIN_BINS = 2;

	public static final int MAX_BINS = 1000;

	public static final int DEFAULT_WORST_K = 10;

	public static final int MAX_WORST_K = 1000;

	/**
	 * The largest {@code indexOffset}: 2⁵³ − 1, so that every offset is exact as a double
	 * too.
	 */
	public static final long MAX_INDEX_OFFSET = (1L << 53) - 1;

	/**
	 * The summary options as given; {@code null} means "not given".
	 *
	 * @param names the {@code summaries} list
	 * @param topK k of the categorical top-k accuracy (accuracy only)
	 * @param calibrationBins B (calibration only)
	 * @param worstK how many of the worst samples (worst only)
	 * @param indexOffset added to every position in the worst list (worst only)
	 */
	public record Options(String[] names, Long topK, Long calibrationBins, Long worstK, Long indexOffset) {
	}

	/**
	 * How an endpoint's inputs read: its family and the options that change what a
	 * prediction or label means. {@code null} means "not given".
	 *
	 * @param family binary, multi-label or categorical
	 * @param inputType probabilities, logits or log-probabilities
	 * @param labelSmoothing a: binary y' = y·(1 − a) + a/2, categorical q' = (1 − a)·q +
	 * a/C
	 * @param epsilon ε of the clip to [ε, 1 − ε] the loss applies to probabilities
	 * @param compat the framework preset, which sets the clip of probabilities (and
	 * divides categorical rows under keras); {@code null} for the default
	 * @param renormalize categorical probabilities: rows are divided by their sum
	 * @param ignoreIndex categorical labels equal to this are ignored
	 * @param crossEntropy whether the endpoint's loss is the cross-entropy (perplexity is
	 * defined for it only)
	 * @param classWeighting the options given that weigh classes or terms
	 * ({@code classWeights}, {@code posWeight}, {@code alpha}), which divergence refuses
	 */
	public record Convention(Family family, InputType inputType, Double labelSmoothing, Double epsilon, Compat compat,
			boolean renormalize, Long ignoreIndex, boolean crossEntropy, List<String> classWeighting) {
	}

	/**
	 * What a picture of the request needs beyond the summaries it asks for, computed in
	 * the same pass: the summaries it is drawn from (calibration for a reliability
	 * diagram, groups for a slice plot), whose options are then allowed without their
	 * name in {@code summaries}, and the {@link LossHistogram}.
	 *
	 * @param kinds summaries to compute although not asked for
	 * @param lossHistogram whether to count the per-sample losses in a histogram
	 */
	public record Needs(List<Kind> kinds, boolean lossHistogram) {

		/** Nothing beyond what the request asks for. */
		public static final Needs NONE = new Needs(List.of(), false);

	}

	private final List<Kind> kinds;

	private final Convention convention;

	private final boolean stderr;

	private final boolean accuracy;

	private final boolean calibration;

	private final boolean divergence;

	private final boolean groups;

	/** Whether the predictions and labels themselves are read (not only ℓ_i and W_i). */
	private final boolean rows;

	private final Long explicitTopK;

	private final int bins;

	private final long indexOffset;

	private final boolean logits;

	/**
	 * Whether a hard label's q' is one-hot (no smoothing, no class weighting): then
	 * s_i·kl_i = s_i·(−log p_y), the sample's cross-entropy, taken as its loss gives it
	 * ({@link Loss#crossEntropy} on the focal endpoints).
	 */
	private final boolean oneHot;

	private final double keep;

	/** The logs of probabilities as the loss takes them: its clip, or torch's clamp. */
	private final ProbabilityRule rule;

	/** Categorical probabilities: rows divided by their sum (renormalize, or keras). */
	private final boolean divideRows;

	private final boolean hasIgnoreIndex;

	private final long ignoreIndex;

	private final Moments moments;

	private final WorstSamples worst;

	private Group[] groupTable = new Group[0];

	private final Sums total = new Sums();

	private final LossHistogram histogram;

	/** Per bin: Σ weight, Σ weight·confidence, Σ weight·accuracy. */
	private Bins binSums;

	private final BlockSum brierSum = new BlockSum();

	private final BlockSum klSum = new BlockSum();

	private final BlockSum entropySum = new BlockSum();

	private final BlockSum divergenceWeight = new BlockSum();

	private int width = -1;

	/** k of the top-k accuracy, 0 for none. */
	private int topK;

	/** Categorical: whether the samples carry target rows (else class indices). */
	private boolean targets;

	/** σ of a range's logits (calibration). */
	private final double[] sigmoids = new double[RANGE];

	/** Categorical scratch rows: values ranked, probabilities, log-probabilities. */
	private double[] values;

	private double[] probabilities;

	private double[] logProbabilities;

	private Summaries(List<Kind> kinds, Options o, Convention c, boolean histogram) {
		this.kinds = List.copyOf(kinds);
		this.convention = c;
		this.stderr = kinds.contains(Kind.STDERR);
		this.accuracy = kinds.contains(Kind.ACCURACY);
		this.calibration = kinds.contains(Kind.CALIBRATION);
		this.divergence = kinds.contains(Kind.DIVERGENCE);
		this.groups = kinds.contains(Kind.GROUPS);
		this.rows = this.accuracy || this.calibration || this.divergence;
		this.explicitTopK = o.topK();
		this.bins = (o.calibrationBins() != null) ? o.calibrationBins().intValue() : DEFAULT_BINS;
		this.indexOffset = (o.indexOffset() != null) ? o.indexOffset() : 0;
		this.logits = c.inputType() == InputType.LOGITS;
		double a = (c.labelSmoothing() != null) ? c.labelSmoothing() : 0.0;
		this.keep = 1 - a;
		this.oneHot = a == 0 && c.classWeighting().isEmpty();
		this.rule = ProbabilityRule.of(c.compat(), c.epsilon());
		this.divideRows = c.inputType() == InputType.PROBABILITIES && (c.renormalize() || this.rule.dividesRows);
		this.hasIgnoreIndex = c.ignoreIndex() != null;
		this.ignoreIndex = this.hasIgnoreIndex ? c.ignoreIndex() : 0;
		this.moments = this.stderr ? new Moments() : null;
		this.worst = kinds.contains(Kind.WORST)
				? new WorstSamples((o.worstK() != null) ? o.worstK().intValue() : DEFAULT_WORST_K) : null;
		this.histogram = histogram ? new LossHistogram() : null;
	}

	/**
	 * Checks the summary options against the contract and the endpoint's conventions,
	 * every offending one added to {@code v}.
	 * @return the request's summaries, or {@code null} when it asks for none
	 */
	public static Summaries of(Options o, Convention c, Violations v) {
		return of(o, c, Needs.NONE, v);
	}

	/**
	 * As {@link #of(Options, Convention, Violations)}, with what a picture needs beyond
	 * the summaries asked for.
	 * @return the request's summaries, or {@code null} when it asks for none and a
	 * picture needs none
	 */
	public static Summaries of(Options o, Convention c, Needs needs, Violations v) {
		List<Kind> kinds = new ArrayList<>();
		String[] names = o.names();
		if (names != null) {
			for (int i = 0; i < names.length; i++) {
				Kind kind = Kind.of(names[i]);
				String at = Violations.at("summaries", i);
				if (kind == null) {
					v.add(at,
							"must name a summary ("
									+ String.join(", ", Arrays.stream(Kind.values()).map(Kind::wireName).toList())
									+ "), but is \"" + clip(names[i]) + "\".");
				}
				else if (kinds.contains(kind)) {
					v.add(at, "names \"" + kind.wireName() + "\" again; name each summary once.");
				}
				else {
					kinds.add(kind);
					if (kind == Kind.PERPLEXITY && !c.crossEntropy()) {
						v.add(at, "perplexity is exp of a mean cross-entropy: it applies to the cross-entropy "
								+ "endpoints only.");
					}
				}
			}
		}
		for (Kind kind : needs.kinds()) {
			if (!kinds.contains(kind)) {
				kinds.add(kind);
			}
		}
		requires(v, "topK", o.topK(), kinds, Kind.ACCURACY);
		requires(v, "calibrationBins", o.calibrationBins(), kinds, Kind.CALIBRATION);
		requires(v, "worstK", o.worstK(), kinds, Kind.WORST);
		requires(v, "indexOffset", o.indexOffset(), kinds, Kind.WORST);
		if (o.topK() != null) {
			if (c.family() != Family.CATEGORICAL) {
				v.add("/topK", "applies to the categorical endpoints only; remove it.");
			}
			else if (o.topK() < 1) {
				v.add("/topK", "must be at least 1 (and less than the number of classes), but is " + o.topK() + ".");
			}
		}
		range(v, "calibrationBins", o.calibrationBins(), MIN_BINS, MAX_BINS);
		range(v, "worstK", o.worstK(), 1, MAX_WORST_K);
		range(v, "indexOffset", o.indexOffset(), 0, MAX_INDEX_OFFSET);
		if (kinds.contains(Kind.DIVERGENCE)) {
			for (String option : c.classWeighting()) {
				v.add("/" + option, "does not apply with the divergence summary, which compares the predictions "
						+ "with the targets unweighted by class; remove one of them.");
			}
		}
		return (names != null || !kinds.isEmpty() || needs.lossHistogram())
				? new Summaries(kinds, o, c, needs.lossHistogram()) : null;
	}

	private static void requires(Violations v, String option, Long value, List<Kind> kinds, Kind summary) {
		if (value != null && !kinds.contains(summary)) {
			v.add("/" + option,
					"applies only with the " + summary.wireName() + " summary"
							+ ((summary == Kind.CALIBRATION) ? " (or the reliability plot)" : "")
							+ "; ask for it in summaries, or remove " + option + ".");
		}
	}

	private static void range(Violations v, String option, Long value, long min, long max) {
		if (value != null && (value < min || value > max)) {
			v.add("/" + option, "must be in [" + min + ", " + max + "], but is " + value + ".");
		}
	}

	private static String clip(String text) {
		return (text.length() > 64) ? text.substring(0, 61) + "..." : text;
	}

	/**
	 * The summaries computed: those asked for, in the request's order, then those a
	 * picture needs.
	 */
	public List<Kind> kinds() {
		return this.kinds;
	}

	/**
	 * The per-sample losses in fixed bins, or {@code null} when no picture needs them.
	 */
	public LossHistogram lossHistogram() {
		return this.histogram;
	}

	/**
	 * Checks, once, what depends on the first batch: that the samples have groups when
	 * the groups summary is asked for, and that an explicit topK is below C.
	 */
	public void start(SampleBatch first, Violations v) {
		this.width = first.width();
		if (this.groups && first.groups() == null) {
			v.add("/groups", "is required by the groups summary (and the groups plot): give one group (a string or an "
					+ "integer) per sample.");
		}
		if (this.convention.family() == Family.CATEGORICAL) {
			int c = this.width;
			this.targets = first.classes() == null && first.targets() != null;
			if (this.explicitTopK != null && this.explicitTopK >= c && this.explicitTopK >= 1) {
				v.add("/topK", "must be less than the number of classes, " + c + ", but is " + this.explicitTopK
						+ "; top-" + c + " accuracy is always 1.");
			}
			this.topK = (this.explicitTopK != null) ? (int) Math.min(this.explicitTopK, c)
					: ((c > DEFAULT_TOP_K) ? DEFAULT_TOP_K : 0);
			this.values = new double[c];
			this.probabilities = new double[c];
			this.logProbabilities = new double[c];
		}
		if (this.calibration) {
			this.binSums = new Bins(this.bins);
		}
	}

	/**
	 * Rows a pass takes at a time: a range's columns stay in the first-level cache from
	 * one summary's pass to the next.
	 */
	static final int RANGE = 512;

	/**
	 * Adds a checked, scored batch: range by range, one tight pass per summary (which
	 * keeps every loop small enough for the compiler to keep its sums in registers and
	 * its calls inlined).
	 * @param losses ℓ_i of the batch, weights applied (0 for an ignored sample)
	 * @param weights W_i, each sample's share of weightSum
	 */
	public void accept(SampleBatch batch, double[] losses, double[] weights) {
		accept(batch, losses, weights, losses);
	}

	/**
	 * Whether the summaries read the per-sample losses and weights, not only the batch:
	 * stderr, worst, groups, divergence and the loss histogram do; accuracy, calibration
	 * and perplexity (from the aggregates' mean) do not, and {@link #accept} then takes
	 * {@code null} for them.
	 */
	public boolean needsLosses() {
		return this.moments != null || this.worst != null || this.groups || this.divergence || this.histogram != null;
	}

	/**
	 * Whether {@link #accept} needs the samples' cross-entropy beside the endpoint's
	 * loss: the divergence summary on a focal endpoint.
	 */
	public boolean needsCrossEntropy() {
		return this.divergence && !this.convention.crossEntropy();
	}

	/**
	 * {@link #accept(SampleBatch, double[], double[])} with the samples' cross-entropy
	 * ({@link Loss#crossEntropy}), which the divergence of a one-hot target is: the
	 * losses themselves on a cross-entropy endpoint.
	 * @param crossEntropies ℓ_i of the cross-entropy with the same options, weights
	 * applied
	 */
	public void accept(SampleBatch batch, double[] losses, double[] weights, double[] crossEntropies) {
		int n = batch.rows();
		long[] ignore = (this.hasIgnoreIndex && !this.targets) ? batch.classes() : null;
		boolean categorical = this.convention.family() == Family.CATEGORICAL;
		// A binary column without sample weights: its groups' accuracy is the groups
		// pass's, which finds each sample's group anyway.
		boolean groupAccuracy = this.groups && this.accuracy && this.convention.family() == Family.BINARY
				&& unweightedColumn(batch);
		for (int from = 0; from < n; from += RANGE) {
			int to = Math.min(n, from + RANGE);
			if (this.moments != null) {
				// Every W_i 1 (no weights, nothing ignored): the moments' loop without
				// them.
				if (ignore == null && ones(weights, from, to)) {
					this.moments.addAllUnit(losses, from, to);
				}
				else {
					stderr(ignore, from, to, losses, weights);
				}
			}
			if (this.histogram != null) {
				histogram(ignore, from, to, losses);
			}
			if (this.worst != null) {
				worst(batch, ignore, from, to, losses);
			}
			if (this.groups) {
				groups(batch, ignore, from, to, losses, weights, groupAccuracy);
			}
			if (categorical) {
				if (this.rows) {
					categorical(batch, ignore, from, to, crossEntropies);
				}
				continue;
			}
			if (this.accuracy) {
				bernoulliAccuracy(batch, from, to, this.groups && !groupAccuracy);
			}
			if (this.calibration) {
				bernoulliCalibration(batch, from, to);
			}
			if (this.divergence) {
				bernoulliDivergence(batch, from, to, crossEntropies);
			}
		}
	}

	/** One column without sample weights. */
	private static boolean unweightedColumn(SampleBatch b) {
		return b.width() == 1 && b.sampleWeights() == null;
	}

	/** Whether every value in {@code [from, to)} is 1. */
	private static boolean ones(double[] values, int from, int to) {
		boolean ones = true;
		for (int i = from; i < to; i++) {
			ones &= values[i] == 1.0;
		}
		return ones;
	}

	private boolean ignored(long[] ignore, int i) {
		return ignore != null && ignore[i] == this.ignoreIndex;
	}

	private void stderr(long[] ignore, int from, int to, double[] losses, double[] weights) {
		this.moments.addAll(losses, weights, from, to, ignore, this.ignoreIndex);
	}

	private void histogram(long[] ignore, int from, int to, double[] losses) {
		LossHistogram histogram = this.histogram;
		for (int i = from; i < to; i++) {
			if (!ignored(ignore, i)) {
				histogram.add(losses[i]);
			}
		}
	}

	private void worst(SampleBatch b, long[] ignore, int from, int to, double[] losses) {
		WorstSamples worst = this.worst;
		long first = b.firstRow() + this.indexOffset;
		for (int i = from; i < to; i++) {
			if (!ignored(ignore, i)) {
				worst.offer(losses[i], first + i);
			}
		}
	}

	/**
	 * Each sample's moments into its group; with {@code accuracy}, a binary column's
	 * decision too (one term a sample, as {@link #bernoulliAccuracy} adds it).
	 */
	private void groups(SampleBatch b, long[] ignore, int from, int to, double[] losses, double[] weights,
			boolean accuracy) {
		int[] ids = b.groups();
		if (accuracy) {
			double[] x = b.predictions();
			double[] y = b.labels();
			double threshold = this.logits ? 0.0 : 0.5;
			for (int i = from; i < to; i++) {
				Group group = group(ids[i]);
				group.add(losses[i], weights[i]);
				long below = Double.doubleToRawLongBits(x[i] - threshold + 0.0) >>> 63;
				long negative = Double.doubleToRawLongBits(y[i] - 0.5 + 0.0) >>> 63;
				group.accuracy.addDecision(1 - (int) (below ^ negative));
			}
			return;
		}
		if (ignore == null) {
			for (int i = from; i < to; i++) {
				group(ids[i]).add(losses[i], weights[i]);
			}
			return;
		}
		for (int i = from; i < to; i++) {
			if (!ignored(ignore, i)) {
				group(ids[i]).add(losses[i], weights[i]);
			}
		}
	}

	private Group group(int id) {
		Group[] table = this.groupTable;
		if (id < table.length && table[id] != null) {
			return table[id];
		}
		return newGroup(id);
	}

	private Group newGroup(int id) {
		if (id >= this.groupTable.length) {
			this.groupTable = Arrays.copyOf(this.groupTable, Math.max(id + 1, 2 * this.groupTable.length));
		}
		Group group = new Group(this.accuracy);
		this.groupTable[id] = group;
		return group;
	}

	/**
	 * Binary and multi-label accuracy: each of a sample's K decisions is right when x ≥ t
	 * (t = 0 for logits, 0.5 for probabilities) agrees with y ≥ 0.5, told by the signs of
	 * x − t and y − 0.5 (exact: Sterbenz) rather than by branches that random data would
	 * make unpredictable.
	 */
	private void bernoulliAccuracy(SampleBatch b, int from, int to, boolean groups) {
		int k = b.width();
		double[] x = b.predictions();
		double[] y = b.labels();
		double[] sampleWeights = b.sampleWeights();
		int[] ids = groups ? b.groups() : null;
		double threshold = this.logits ? 0.0 : 0.5;
		boolean multilabel = this.convention.family() == Family.MULTILABEL;
		Sums total = this.total;
		// Multi-label keeps its exact-match sums, even with one column.
		if (!multilabel && k == 1 && sampleWeights == null && isCount(total.correct) && isCount(total.weight)) {
			binaryCounts(x, y, threshold, from, to);
			return;
		}
		// The request's sums in local variables, with Sums.add's operations.
		double right = total.correct;
		double decisions = total.weight;
		double exact = total.sampleCorrect;
		double samples = total.sampleWeight;
		int left = total.left;
		for (int i = from; i < to; i++) {
			int correct = 0;
			for (int j = i * k, end = j + k; j < end; j++) {
				// 1 where below the threshold (−0.0 + 0.0 is 0.0: not below).
				long below = Double.doubleToRawLongBits(x[j] - threshold + 0.0) >>> 63;
				long negative = Double.doubleToRawLongBits(y[j] - 0.5 + 0.0) >>> 63;
				correct += 1 - (int) (below ^ negative);
			}
			double s = (sampleWeights != null) ? sampleWeights[i] : 1.0;
			double r = correct * s;
			double d = k * s;
			right += r;
			decisions += d;
			if (multilabel) {
				exact += (correct == k) ? s : 0;
				samples += s;
			}
			if (--left == 0) {
				total.correct = right;
				total.weight = decisions;
				total.sampleCorrect = exact;
				total.sampleWeight = samples;
				total.end();
				right = 0;
				decisions = 0;
				exact = 0;
				samples = 0;
				left = BlockSum.BLOCK;
			}
			if (ids != null) {
				group(ids[i]).accuracy.add(r, d, multilabel, correct == k, false, s);
			}
		}
		total.correct = right;
		total.weight = decisions;
		total.sampleCorrect = exact;
		total.sampleWeight = samples;
		total.left = left;
	}

	/**
	 * {@link #bernoulliAccuracy} of a binary batch without sample weights, whose terms
	 * are 0s and 1s: the request's two sums, integers so far, take them as integer counts
	 * added once a block, which is exact, and so the same bits as adding them one by one;
	 * from one block end to the next, a loop of integer operations alone (the groups'
	 * decisions are the groups pass's).
	 */
	private void binaryCounts(double[] x, double[] y, double threshold, int from, int to) {
		Sums total = this.total;
		int i = from;
		while (i < to) {
			int end = Math.min(to, i + total.left);
			int right = 0;
			for (int j = i; j < end; j++) {
				long below = Double.doubleToRawLongBits(x[j] - threshold + 0.0) >>> 63;
				long negative = Double.doubleToRawLongBits(y[j] - 0.5 + 0.0) >>> 63;
				right += 1 - (int) (below ^ negative);
			}
			total.correct += right;
			total.weight += end - i;
			total.left -= end - i;
			if (total.left == 0) {
				total.end();
			}
			i = end;
		}
	}

	/** Whether a sum so far is a whole number that integer counts add to exactly. */
	private static boolean isCount(double sum) {
		return sum == Math.rint(sum) && sum < 0x1p52;
	}

	/** Binary and multi-label calibration: every element binned by its probability. */
	private void bernoulliCalibration(SampleBatch b, int from, int to) {
		int k = b.width();
		double[] x = b.predictions();
		double[] y = b.labels();
		double[] sampleWeights = b.sampleWeights();
		boolean logits = this.logits;
		Bins bins = this.binSums;
		int size = this.bins;
		BlockSum brier = this.brierSum;
		double brierSum = brier.partial;
		int left = brier.left;
		int binsLeft = bins.left;
		if (sampleWeights == null) {
			// Without weights, the commonest, every element weighs 1: the range's
			// elements as one column, the same operations as below with s = 1 (s·t is t),
			// in chunks of the scratch's size. Logits' σ first, in a loop of their own:
			// where σ was computed in the bins' loop, each bin's address waited for it,
			// and so did the loads behind the bin's store, an element at a time (22 ns a
			// sample, against 4 for probabilities).
			for (int chunk = from * k, last = to * k; chunk < last; chunk += RANGE) {
				int end = Math.min(last, chunk + RANGE);
				double[] probabilities = x;
				int shift = 0;
				if (logits) {
					probabilities = this.sigmoids;
					shift = chunk;
					for (int j = chunk; j < end; j++) {
						probabilities[j - chunk] = sigmoid(x[j]);
					}
				}
				for (int j = chunk; j < end; j++) {
					double p = probabilities[j - shift];
					double yj = y[j];
					bins.add(Math.min((int) (p * size), size - 1), 1.0, p, yj);
					if (--binsLeft == 0) {
						binsLeft = bins.end();
					}
					double error = p - yj;
					brierSum += error * error;
					if (--left == 0) {
						brier.end(brierSum);
						brierSum = 0;
						left = BlockSum.BLOCK;
					}
				}
			}
			bins.left = binsLeft;
			brier.carry(brierSum, left);
			return;
		}
		// Logits: a row's σ first, as above (a row wider than the scratch in an array of
		// its own).
		double[] sigmoids = (logits && k > this.sigmoids.length) ? new double[k] : this.sigmoids;
		for (int i = from; i < to; i++) {
			double s = sampleWeights[i];
			int base = i * k;
			if (logits) {
				for (int j = 0; j < k; j++) {
					sigmoids[j] = sigmoid(x[base + j]);
				}
			}
			for (int j = base, end = j + k; j < end; j++) {
				double p = logits ? sigmoids[j - base] : x[j];
				double yj = y[j];
				bins.add(Math.min((int) (p * size), size - 1), s, p, yj);
				if (--binsLeft == 0) {
					binsLeft = bins.end();
				}
				double error = p - yj;
				brierSum += s * (error * error);
				if (--left == 0) {
					brier.end(brierSum);
					brierSum = 0;
					left = BlockSum.BLOCK;
				}
			}
		}
		bins.left = binsLeft;
		brier.carry(brierSum, left);
	}

	/**
	 * Binary and multi-label divergence: the loss itself where it is the KL (0/1 labels,
	 * no smoothing, cross-entropy), else Σ over the K elements of q'·(log q' − log p)
	 * with q' and log p as the loss takes them, divided by K.
	 */
	private void bernoulliDivergence(SampleBatch b, int from, int to, double[] losses) {
		int k = b.width();
		double[] x = b.predictions();
		double[] y = b.labels();
		double[] sampleWeights = b.sampleWeights();
		// The KL and its weight take a term each per sample: one block count for both.
		BlockSum klSum = this.klSum;
		BlockSum klWeight = this.divergenceWeight;
		double kls = klSum.partial;
		double klw = klWeight.partial;
		int left = klSum.left;
		boolean oneHot = this.oneHot;
		for (int i = from; i < to; i++) {
			double s = (sampleWeights != null) ? sampleWeights[i] : 1.0;
			if (s == 0) {
				continue;
			}
			int base = i * k;
			// The loss itself where it is the KL: 0/1 labels (one test for a column).
			boolean lossIsKl = oneHot && ((k == 1) ? y[i] * (1 - y[i]) == 0 : hard(y, base, k));
			kls += lossIsKl ? losses[i] : softDivergence(x, y, base, k, s);
			klw += s;
			if (--left == 0) {
				klSum.end(kls);
				klWeight.end(klw);
				kls = 0;
				klw = 0;
				left = BlockSum.BLOCK;
			}
		}
		klSum.carry(kls, left);
		klWeight.carry(klw, left);
	}

	/**
	 * A sample's s·kl with soft (or smoothed) labels: Σ over its K elements of q'·(log q'
	 * − log p) with q' and log p as the loss takes them, divided by K; its entropy goes
	 * to the entropy sum.
	 */
	private double softDivergence(double[] x, double[] y, int base, int k, double s) {
		double keep = this.keep;
		double half = (1 - keep) / 2;
		double kl = 0;
		double entropy = 0;
		for (int j = base; j < base + k; j++) {
			double xj = x[j];
			double q = y[j] * keep + half;
			double q0 = 1 - q;
			double logP;
			double logP0;
			if (this.logits) {
				double t = BinaryCrossEntropy.log1p(Math.exp(-Math.abs(xj)));
				logP = -(Math.max(-xj, 0) + t);
				logP0 = -(Math.max(xj, 0) + t);
			}
			else {
				logP = this.rule.log(xj);
				logP0 = this.rule.log1m(xj);
			}
			if (q > 0) {
				double logQ = Logs.log(q);
				kl += q * (logQ - logP);
				entropy -= q * logQ;
			}
			if (q0 > 0) {
				double logQ0 = Logs.log(q0);
				kl += q0 * (logQ0 - logP0);
				entropy -= q0 * logQ0;
			}
		}
		this.entropySum.add(s * (entropy / k));
		return s * (kl / k);
	}

	/**
	 * Whether the K labels from {@code base} are all 0 or 1: y·(1 − y) = 0, one test
	 * taken alike for both labels.
	 */
	private static boolean hard(double[] y, int base, int k) {
		for (int j = base; j < base + k; j++) {
			if (y[j] * (1 - y[j]) != 0) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Categorical accuracy, calibration and divergence: a row of C values, and a class
	 * index or a target row; one pass, which computes a row's probabilities once for
	 * calibration and divergence. The row is read where it is, unless it is divided by
	 * its sum; so are probabilities.
	 */
	private void categorical(SampleBatch b, long[] ignore, int from, int to, double[] losses) {
		int c = b.width();
		double[] x = b.predictions();
		long[] labels = this.targets ? null : b.classes();
		double[] t = this.targets ? b.targets() : null;
		double[] sampleWeights = b.sampleWeights();
		int[] ids = (this.groups && this.accuracy) ? b.groups() : null;
		InputType type = this.convention.inputType();
		boolean divide = this.divideRows;
		ProbabilityRule rule = this.rule;
		double keep = this.keep;
		double smooth = (1 - keep) / c;
		double[] p = this.probabilities;
		double[] logP = this.logProbabilities;
		for (int i = from; i < to; i++) {
			if (ignored(ignore, i)) {
				continue;
			}
			int base = i * c;
			int label = (labels != null) ? (int) labels[i] : -1;
			double s = (sampleWeights != null) ? sampleWeights[i] : 1.0;
			// The row's values: v[vb, vb + c).
			double[] v = x;
			int vb = base;
			if (divide) {
				double rowSum = 0;
				for (int j = 0; j < c; j++) {
					rowSum += x[base + j];
				}
				v = this.values;
				vb = 0;
				for (int j = 0; j < c; j++) {
					v[j] = x[base + j] / rowSum;
				}
			}
			int truth = (label >= 0) ? label : firstLargest(t, base, c);
			// The row's first largest value: the decision, and the softmax's centre.
			int decision = -1;
			if (this.accuracy) {
				decision = firstLargest(v, vb, c);
				// 0 or 1 times s: the terms that top1 ? s : 0 would add, without a
				// branch.
				double top1 = ((decision == truth) ? 1 : 0) * s;
				double topK = (this.topK > 0 && rank(v, vb, c, truth) < this.topK) ? s : 0.0;
				this.total.addRanked(top1, s, topK);
				if (ids != null) {
					group(ids[i]).accuracy.addRanked(top1, s, topK);
				}
			}
			boolean divergence = this.divergence && s != 0;
			if (divergence && this.oneHot && label >= 0) {
				this.klSum.add(losses[i]);
				this.divergenceWeight.add(s);
				divergence = false;
			}
			if (!this.calibration && !divergence) {
				continue;
			}
			// The row's probabilities: pr[pb, pb + c).
			double[] pr = p;
			int pb = 0;
			switch (type) {
				case LOGITS -> {
					int top = (decision >= 0) ? decision : firstLargest(v, vb, c);
					double max = v[vb + top];
					double others = 0;
					for (int j = 0; j < c; j++) {
						double e = Exps.exp(v[vb + j] - max);
						p[j] = e;
						others += (j == top) ? 0 : e;
					}
					double sumExp = 1 + others;
					for (int j = 0; j < c; j++) {
						p[j] = p[j] / sumExp;
					}
					if (divergence) {
						double logZ = BinaryCrossEntropy.log1p(others);
						for (int j = 0; j < c; j++) {
							logP[j] = (v[vb + j] - max) - logZ;
						}
					}
				}
				case LOG_PROBABILITIES -> {
					// Math.exp, the closer to exp correctly rounded: a row of log(1/3) is
					// then
					// 1/3, as the same row sent as probabilities is, in the same bin.
					for (int j = 0; j < c; j++) {
						p[j] = Math.exp(v[vb + j]);
						logP[j] = v[vb + j];
					}
				}
				case PROBABILITIES -> {
					pr = v;
					pb = vb;
					if (divergence) {
						for (int j = 0; j < c; j++) {
							logP[j] = rule.log(v[vb + j]);
						}
					}
				}
			}
			if (this.calibration) {
				// Probabilities are the row itself (divided or not): its decision is
				// their top.
				int top = (type == InputType.PROBABILITIES && decision >= 0) ? decision : firstLargest(pr, pb, c);
				double confidence = pr[pb + top];
				double accuracy = (label >= 0) ? ((top == label) ? 1 : 0) : t[base + top];
				Bins bins = this.binSums;
				bins.add(Math.min((int) (confidence * this.bins), this.bins - 1), s, confidence, accuracy);
				if (--bins.left == 0) {
					bins.left = bins.end();
				}
				double brier = 0;
				if (label >= 0) {
					// Σ (p_j − [j = label])² in class order: p_j² but for the label's
					// (p − 1)², with no test a class.
					for (int j = 0; j < label; j++) {
						double pj = pr[pb + j];
						brier += pj * pj;
					}
					double error = pr[pb + label] - 1;
					brier += error * error;
					for (int j = label + 1; j < c; j++) {
						double pj = pr[pb + j];
						brier += pj * pj;
					}
				}
				else {
					for (int j = 0; j < c; j++) {
						double error = pr[pb + j] - t[base + j];
						brier += error * error;
					}
				}
				this.brierSum.add(s * brier);
			}
			if (divergence) {
				double kl = 0;
				double entropy = 0;
				for (int j = 0; j < c; j++) {
					double q = keep * ((label >= 0) ? ((j == label) ? 1 : 0) : t[base + j]) + smooth;
					if (q > 0) {
						double logQ = Logs.log(q);
						kl += q * (logQ - logP[j]);
						entropy -= q * logQ;
					}
				}
				this.klSum.add(s * kl);
				this.entropySum.add(s * entropy);
				this.divergenceWeight.add(s);
			}
		}
	}

	/**
	 * The first index of the largest of {@code length} (finite) values from {@code from},
	 * compared as integers ({@link #order}) so that the compiler can select without a
	 * branch, where the obvious {@code if (v > max)} on doubles was taken at random and
	 * mispredicted a few times a row.
	 */
	static int firstLargest(double[] values, int from, int length) {
		long best = order(values[from]);
		int top = 0;
		for (int j = 1; j < length; j++) {
			long key = order(values[from + j]);
			boolean larger = key > best;
			top = larger ? j : top;
			best = larger ? key : best;
		}
		return top;
	}

	/**
	 * A long whose signed order is that of the finite double: its bits, the magnitude's
	 * bits reversed for negatives, after + 0.0 (so −0.0 and 0.0, equal as doubles, have
	 * one key).
	 */
	private static long order(double value) {
		long bits = Double.doubleToRawLongBits(value + 0.0);
		return bits ^ ((bits >> 63) & Long.MAX_VALUE);
	}

	/**
	 * Classes ranked ahead of {@code label}: larger (finite) values, and equal ones at
	 * lower indices; counted from the signs of differences (+ 0.0 makes a −0.0 difference
	 * 0.0), without a branch on the data.
	 */
	static int rank(double[] values, int from, int length, int label) {
		double value = values[from + label];
		int rank = 0;
		for (int j = from; j < from + label; j++) {
			// values[j] ≥ value
			rank += 1 - (int) (Double.doubleToRawLongBits(values[j] - value + 0.0) >>> 63);
		}
		for (int j = from + label + 1; j < from + length; j++) {
			// values[j] > value
			rank += (int) (Double.doubleToRawLongBits(value - values[j] + 0.0) >>> 63);
		}
		return rank;
	}

	/**
	 * σ(z) without overflow, from u = exp(−|z|): 1/(1 + u) for z ≥ 0, u/(1 + u) below,
	 * the numerator chosen by z's sign bit rather than by a branch that random logits
	 * mispredict half the time (−0.0 takes u = 1: 1/2 either way).
	 */
	static double sigmoid(double z) {
		double u = Exps.exp(-Math.abs(z));
		long negative = Double.doubleToRawLongBits(z) >> 63;
		long one = Double.doubleToRawLongBits(1.0);
		double numerator = Double.longBitsToDouble((one & ~negative) | (Double.doubleToRawLongBits(u) & negative));
		return numerator / (1 + u);
	}

	/**
	 * The summaries, once the last batch is in.
	 * @param aggregates the request's aggregates (their mean is the summaries' mean)
	 * @param keys the request's group keys (needed with the groups summary)
	 * @throws InvalidBatchException when a sum of squares or a derived number is not
	 * finite with these weights
	 */
	public SummaryReport report(Aggregates aggregates, GroupKeys keys) {
		SummaryReport.Stderr stderr = null;
		SummaryReport.Accuracy accuracy = null;
		SummaryReport.Calibration calibration = null;
		List<SummaryReport.Worst> worst = null;
		Map<String, SummaryReport.Group> groups = null;
		SummaryReport.Divergence divergence = null;
		SummaryReport.Perplexity perplexity = null;
		for (Kind kind : this.kinds) {
			switch (kind) {
				case STDERR -> {
					double mean = (aggregates.mean() != null) ? aggregates.mean() : 0.0;
					stderr = SummaryReport.Stderr.of(this.moments.count, aggregates.weightSum(), aggregates.mean(),
							this.moments.m2(mean), this.moments.cross(mean), this.moments.weightSquares());
					finite(stderr.m2(), stderr.cross(), stderr.weightSquares());
					finite(stderr.stderr());
					finite(stderr.ci95());
				}
				case ACCURACY -> accuracy = this.total.accuracy(this.convention.family(), this.topK);
				case CALIBRATION -> {
					List<SummaryReport.Bin> bins = new ArrayList<>(this.bins);
					for (int b = 0; b < this.bins; b++) {
						Bins sums = this.binSums;
						bins.add(new SummaryReport.Bin(b / (double) this.bins, (b + 1) / (double) this.bins,
								(sums != null) ? sums.weight(b) : 0, (sums != null) ? sums.confidence(b) : 0,
								(sums != null) ? sums.accuracy(b) : 0));
					}
					calibration = SummaryReport.Calibration.of(bins, this.brierSum.value());
					finite(calibration.brierSum());
					for (SummaryReport.Bin bin : calibration.bins()) {
						finite(bin.weight(), bin.sumConfidence(), bin.sumAccuracy());
					}
				}
				case WORST -> worst = this.worst.list();
				case GROUPS -> groups = groups(keys);
				case DIVERGENCE -> {
					double weight = this.divergenceWeight.value();
					divergence = new SummaryReport.Divergence(SummaryReport.ratio(this.entropySum.value(), weight),
							SummaryReport.ratio(this.klSum.value(), weight));
					finite(this.entropySum.value(), this.klSum.value(), weight);
				}
				case PERPLEXITY -> perplexity = SummaryReport.Perplexity.of(aggregates.mean());
			}
		}
		return new SummaryReport(this.kinds, stderr, accuracy, calibration, worst, groups, divergence, perplexity);
	}

	private Map<String, SummaryReport.Group> groups(GroupKeys keys) {
		Map<String, SummaryReport.Group> groups = new LinkedHashMap<>();
		int size = (keys != null) ? keys.size() : this.groupTable.length;
		for (int id = 0; id < size; id++) {
			Group group = (id < this.groupTable.length && this.groupTable[id] != null) ? this.groupTable[id]
					: new Group(this.accuracy);
			SummaryReport.Group report = group.report(this.convention.family(), this.topK);
			finite(report.weightSum(), report.sum(), report.m2(), report.cross(), report.weightSquares());
			finite(report.mean());
			finite(report.stderr());
			finite(report.ci95());
			groups.put((keys != null) ? keys.key(id) : Integer.toString(id), report);
		}
		return groups;
	}

	private static void finite(double... values) {
		for (double value : values) {
			if (!Double.isFinite(value)) {
				throw new InvalidBatchException(List.of(new Violation("/sampleWeights",
						"the summaries are not finite numbers with these weights (a sum of squared losses or "
								+ "weights overflows, or a standard error divided by a tiny weightSum); scale the "
								+ "weights.")));
			}
		}
	}

	private static void finite(Double value) {
		if (value != null) {
			finite(new double[] { value });
		}
	}

	private static void finite(SummaryReport.Interval interval) {
		if (interval != null) {
			finite(interval.lower(), interval.upper());
		}
	}

	/**
	 * The calibration bins' sums, as {@link BlockSum}s laid out in one primitive array (a
	 * bin's three current sums side by side: Σ w, Σ w·confidence, Σ w·accuracy), whose
	 * blocks all end together every {@link #period} elements of the request: a count kept
	 * by the caller, not one per bin. A bin's block then holds at most that many terms
	 * (128 for up to 16 bins, 128·⌈B/16⌉ beyond, about eight a bin on average), all of
	 * them ≥ 0: a relative error below period·ε in the worst case.
	 */
	private static final class Bins {

		private final double[] block;

		/** Per bin, the three compensated totals of the ended blocks. */
		private final NeumaierSum[] totals;

		/** Elements between two ends of the blocks. */
		private final int period;

		/** Elements the current blocks still take. */
		int left;

		Bins(int size) {
			this.block = new double[3 * size];
			this.totals = new NeumaierSum[3 * size];
			for (int i = 0; i < this.totals.length; i++) {
				this.totals[i] = new NeumaierSum();
			}
			this.period = BlockSum.BLOCK * ((size + 15) / 16);
			this.left = this.period;
		}

		void add(int b, double w, double confidence, double accuracy) {
			double[] block = this.block;
			int at = 3 * b;
			block[at] += w;
			block[at + 1] += w * confidence;
			block[at + 2] += w * accuracy;
		}

		/**
		 * Ends every bin's block.
		 * @return the elements the next blocks take
		 */
		int end() {
			for (int i = 0; i < this.block.length; i++) {
				this.totals[i].add(this.block[i]);
				this.block[i] = 0;
			}
			return this.period;
		}

		double weight(int b) {
			return value(3 * b);
		}

		double confidence(int b) {
			return value(3 * b + 1);
		}

		double accuracy(int b) {
			return value(3 * b + 2);
		}

		private double value(int at) {
			NeumaierSum copy = new NeumaierSum();
			copy.set(this.totals[at].sum(), this.totals[at].compensation());
			copy.add(this.block[at]);
			return copy.value();
		}

	}

	/**
	 * The weighted counts behind one accuracy summary (the request's, or a group's): four
	 * sums in blocks that end together, every {@link BlockSum#BLOCK} samples, the current
	 * block's sums in fields of this object (one object away from a group's).
	 */
	private static final class Sums {

		/** The current block's Σ right, Σ decisions, Σ exact (or top-k) and Σ s_i. */
		double correct;

		double weight;

		/** Multi-label exact match, or categorical top-k: correct samples, and Σ s_i. */
		double sampleCorrect;

		double sampleWeight;

		/** Samples the current block still takes. */
		int left = BlockSum.BLOCK;

		private final NeumaierSum[] totals = { new NeumaierSum(), new NeumaierSum(), new NeumaierSum(),
				new NeumaierSum() };

		/**
		 * @param right Σ s_i over the sample's correct decisions
		 * @param decisions Σ s_i over all its decisions
		 * @param exactMatch multi-label: count the sample for the exact match
		 * @param allRight multi-label: every element right
		 * @param topK categorical: the label is within the top k
		 */
		void add(double right, double decisions, boolean exactMatch, boolean allRight, boolean topK, double s) {
			this.correct += right;
			this.weight += decisions;
			if (exactMatch) {
				this.sampleCorrect += allRight ? s : 0;
				this.sampleWeight += s;
			}
			else if (topK) {
				this.sampleCorrect += s;
			}
			if (--this.left == 0) {
				end();
			}
		}

		/** A binary decision without weight: {@link #add}(right, 1, …, 1). */
		void addDecision(double right) {
			this.correct += right;
			this.weight += 1.0;
			if (--this.left == 0) {
				end();
			}
		}

		/**
		 * A categorical decision: {@link #add}(top1, s, false, false, topK, s) with the
		 * top-k term given as s or 0 (adding 0 to a sum of terms ≥ 0 changes no bit),
		 * without a branch on whether the label was within the top k.
		 */
		void addRanked(double top1, double s, double topK) {
			this.correct += top1;
			this.weight += s;
			this.sampleCorrect += topK;
			if (--this.left == 0) {
				end();
			}
		}

		/** Ends the current block, whose sums are in the fields. */
		void end() {
			this.totals[0].add(this.correct);
			this.totals[1].add(this.weight);
			this.totals[2].add(this.sampleCorrect);
			this.totals[3].add(this.sampleWeight);
			this.correct = 0;
			this.weight = 0;
			this.sampleCorrect = 0;
			this.sampleWeight = 0;
			this.left = BlockSum.BLOCK;
		}

		private double value(int sum, double partial) {
			NeumaierSum copy = new NeumaierSum();
			copy.set(this.totals[sum].sum(), this.totals[sum].compensation());
			copy.add(partial);
			return copy.value();
		}

		SummaryReport.Accuracy accuracy(Family family, int topK) {
			double weight = value(1, this.weight);
			double sampleCorrect = value(2, this.sampleCorrect);
			SummaryReport.Ratio exact = (family == Family.MULTILABEL)
					? SummaryReport.Ratio.of(sampleCorrect, value(3, this.sampleWeight)) : null;
			SummaryReport.TopK top = (family == Family.CATEGORICAL && topK > 0)
					? SummaryReport.TopK.of(topK, sampleCorrect, weight) : null;
			return SummaryReport.Accuracy.of(value(0, this.correct), weight, exact, top);
		}

	}

	/**
	 * One group's sums: its moments (it is one, so that a sample's update is one object
	 * away), and its accuracy when that summary is asked for.
	 */
	private static final class Group extends Moments {

		final Sums accuracy;

		Group(boolean accuracy) {
			this.accuracy = accuracy ? new Sums() : null;
		}

		SummaryReport.Group report(Family family, int topK) {
			double weightSum = weightSum();
			double sum = sum();
			double mean = (weightSum != 0) ? sum / weightSum : 0.0;
			return SummaryReport.Group.of(this.count, weightSum, sum, m2(mean), cross(mean), weightSquares(),
					(this.accuracy != null) ? this.accuracy.accuracy(family, topK) : null);
		}

	}

}
