package dev.xent.loss;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One request with summaries, as the loss package sees it (columns, options, group keys),
 * scored through {@link Scoring} whole, in batches, or as shards of its own: what the
 * summary tests need to compare ways of scoring the same samples. {@link #random} makes
 * random ones over every family, input type and summary option.
 */
final class SummaryRequest {

	final Summaries.Family family;

	final InputType type;

	final int n;

	final int width;

	final double[] x;

	/** Binary and multi-label labels, or {@code null}. */
	double[] y;

	/** Categorical class indices, or {@code null}. */
	long[] classes;

	/** Categorical targets, or {@code null}. */
	double[] targets;

	double[] sampleWeights;

	/** One group key per sample, or {@code null}. */
	String[] groups;

	Double labelSmoothing;

	Double epsilon;

	Compat compat;

	boolean renormalize;

	Long ignoreIndex;

	double[] classWeights;

	Double posWeight;

	String[] names;

	/** What a picture of the request needs beyond the summaries named. */
	Summaries.Needs needs = Summaries.Needs.NONE;

	Long topK;

	Long bins;

	Long worstK;

	/**
	 * Whether the convention is a cross-entropy endpoint's (false: as focal endpoints).
	 */
	boolean crossEntropy = true;

	SummaryRequest(Summaries.Family family, InputType type, int n, int width, double[] x) {
		this.family = family;
		this.type = type;
		this.n = n;
		this.width = width;
		this.x = x;
	}

	/** The result of scoring: aggregates and summaries. */
	record Result(Aggregates aggregates, SummaryReport summaries) {

		SummaryMerge.Shard shard() {
			return new SummaryMerge.Shard(this.aggregates, this.summaries);
		}

	}

	/**
	 * γ of a focal endpoint (without α), with its convention; {@code null} for the
	 * cross-entropy.
	 */
	Double gamma;

	Loss loss() {
		Violations v = new Violations();
		if (this.gamma != null) {
			Loss focal = (this.family == Summaries.Family.CATEGORICAL)
					? CategoricalFocalLoss
						.of(new CategoricalFocalLoss.Options(this.type, this.gamma, null, null, this.ignoreIndex,
								this.labelSmoothing, this.renormalize ? Boolean.TRUE : null, this.epsilon, this.compat),
								v)
					: BinaryFocalLoss.of(new BinaryFocalLoss.Options(this.type, this.family == Summaries.Family.BINARY,
							this.gamma, null, this.labelSmoothing, this.epsilon, this.compat), v);
			v.throwIfAny();
			return focal;
		}
		Loss loss = (this.family == Summaries.Family.CATEGORICAL)
				? CategoricalLoss.of(new CategoricalLoss.Options(this.type, this.classWeights, this.ignoreIndex,
						this.labelSmoothing, this.renormalize ? Boolean.TRUE : null, this.epsilon, this.compat), v)
				: BinaryLoss.of(new BinaryLoss.Options(this.type, this.family == Summaries.Family.BINARY,
						this.posWeight, null, this.classWeights, this.labelSmoothing, this.epsilon, this.compat), v);
		v.throwIfAny();
		return loss;
	}

	Summaries.Convention convention() {
		List<String> weighting = new ArrayList<>();
		if (this.classWeights != null) {
			weighting.add("classWeights");
		}
		if (this.posWeight != null) {
			weighting.add("posWeight");
		}
		return new Summaries.Convention(this.family, this.type, this.labelSmoothing, this.epsilon, this.compat,
				this.renormalize, this.ignoreIndex, this.crossEntropy && this.gamma == null, weighting);
	}

	Summaries summaries(long indexOffset) {
		Violations v = new Violations();
		boolean worst = this.names != null && Arrays.asList(this.names).contains("worst");
		Summaries s = Summaries.of(new Summaries.Options(this.names, this.topK, this.bins, this.worstK,
				(worst && indexOffset != 0) ? indexOffset : null), convention(), this.needs, v);
		v.throwIfAny();
		return s;
	}

	/** The whole request in one batch. */
	Result score() {
		return score(new int[0]);
	}

	/** The whole request, split into batches at the given rows. */
	Result score(int[] cuts) {
		return score(0, this.n, cuts, 0);
	}

	/**
	 * Rows [from, to) as a request of their own (a shard), split into batches at
	 * {@code cuts} (rows of the whole request), with the given indexOffset.
	 */
	Result score(int from, int to, int[] cuts, long indexOffset) {
		return score(from, to, cuts, indexOffset, null);
	}

	/**
	 * The whole request split at {@code cuts}, with per-sample output into {@code sink}
	 * (which makes {@link Scoring} score every batch whole rather than in slices).
	 */
	Result score(int[] cuts, PerSampleSink sink) {
		return score(0, this.n, cuts, 0, sink);
	}

	private Result score(int from, int to, int[] cuts, long indexOffset, PerSampleSink sink) {
		GroupKeys keys = new GroupKeys(10_000);
		int[] ids = null;
		if (this.groups != null) {
			ids = new int[this.n];
			for (int i = from; i < to; i++) {
				ids[i] = keys.id(this.groups[i]);
			}
		}
		Summaries summaries = summaries(indexOffset);
		Scoring scoring = new Scoring(loss(), Reduction.MEAN, sink, Long.MAX_VALUE, summaries);
		int start = from;
		for (int cut : cuts) {
			if (cut > start && cut < to) {
				scoring.accept(slice(start, cut, from, ids));
				start = cut;
			}
		}
		scoring.accept(slice(start, to, from, ids));
		Aggregates a = scoring.finish();
		return new Result(a, summaries.report(a, keys));
	}

	/**
	 * Rows [from, to) as a batch whose row 0 is row {@code from − first} of its request.
	 */
	SampleBatch slice(int from, int to, int first, int[] ids) {
		int w = this.width;
		return new SampleBatch(from - first, to - from, w, Arrays.copyOfRange(this.x, from * w, to * w),
				(this.y != null) ? Arrays.copyOfRange(this.y, from * w, to * w) : null, (this.y != null) ? w : 0,
				(this.classes != null) ? Arrays.copyOfRange(this.classes, from, to) : null,
				(this.targets != null) ? Arrays.copyOfRange(this.targets, from * w, to * w) : null,
				(this.targets != null) ? w : 0,
				(this.sampleWeights != null) ? Arrays.copyOfRange(this.sampleWeights, from, to) : null,
				(ids != null) ? Arrays.copyOfRange(ids, from, to) : null, null);
	}

	/** W_i as the loss defines it, for tolerance scales. */
	double share(int i) {
		double s = (this.sampleWeights != null) ? this.sampleWeights[i] : 1.0;
		if (this.classes == null) {
			return s;
		}
		if (this.ignoreIndex != null && this.classes[i] == this.ignoreIndex) {
			return 0;
		}
		return s * ((this.classWeights != null) ? this.classWeights[(int) this.classes[i]] : 1.0);
	}

	/** A random request of the family, with a random choice of summaries and options. */
	static SummaryRequest random(SplittableRandom r, Summaries.Family family) {
		// Up to 3,000 samples: several blocks of the summaries' sums, and batches scored
		// in
		// slices and ranges.
		int n = 1 + r.nextInt(switch (r.nextInt(3)) {
			case 0 -> 12;
			case 1 -> 400;
			default -> 3000;
		});
		boolean categorical = family == Summaries.Family.CATEGORICAL;
		int width = switch (family) {
			case BINARY -> 1;
			case MULTILABEL -> 1 + r.nextInt(5);
			case CATEGORICAL -> 2 + r.nextInt(8);
		};
		InputType type = categorical ? InputType.values()[r.nextInt(3)]
				: (r.nextBoolean() ? InputType.PROBABILITIES : InputType.LOGITS);
		double[] x = new double[n * width];
		SummaryRequest q = new SummaryRequest(family, type, n, width, x);
		q.renormalize = categorical && type == InputType.PROBABILITIES && r.nextInt(3) == 0;
		for (int i = 0; i < n; i++) {
			if (categorical) {
				row(r, x, i * width, width, type, q.renormalize);
			}
			else {
				for (int k = 0; k < width; k++) {
					x[i * width + k] = (type == InputType.LOGITS) ? logit(r) : probability(r);
				}
			}
		}
		if (categorical) {
			if (r.nextInt(3) == 0) {
				q.targets = new double[n * width];
				for (int i = 0; i < n; i++) {
					row(r, q.targets, i * width, width, InputType.PROBABILITIES, false);
				}
			}
			else {
				q.classes = new long[n];
				boolean ignore = r.nextInt(3) == 0;
				q.ignoreIndex = ignore ? -100L : null;
				for (int i = 0; i < n; i++) {
					q.classes[i] = (ignore && r.nextInt(5) == 0) ? -100 : r.nextInt(width);
				}
			}
		}
		else {
			q.y = new double[n * width];
			boolean soft = r.nextInt(4) == 0;
			for (int i = 0; i < q.y.length; i++) {
				q.y[i] = soft ? Math.rint(r.nextDouble() * 1000) / 1000 : r.nextInt(2);
			}
		}
		if (r.nextBoolean()) {
			q.sampleWeights = new double[n];
			// Sometimes all 1 but for a few: ranges of W = 1 (the summaries' unit loops)
			// and ranges without, whose boundaries move with the batch splits.
			boolean mostlyOnes = r.nextInt(3) == 0;
			for (int i = 0; i < n; i++) {
				q.sampleWeights[i] = mostlyOnes ? ((r.nextInt(700) == 0) ? 2.5 : 1.0)
						: (r.nextInt(8) == 0) ? 0 : Math.rint(r.nextDouble() * 300) / 100;
			}
		}
		if (r.nextInt(3) == 0) {
			q.labelSmoothing = Math.rint(r.nextDouble() * 40) / 100;
		}
		if (type == InputType.PROBABILITIES && r.nextInt(4) == 0) {
			q.epsilon = r.nextBoolean() ? 1e-7 : 1e-3;
		}
		List<Summaries.Kind> kinds = new ArrayList<>(List.of(Summaries.Kind.values()));
		java.util.Collections.shuffle(kinds, new java.util.Random(r.nextLong()));
		kinds = new ArrayList<>(kinds.subList(0, 1 + r.nextInt(kinds.size())));
		if (!kinds.contains(Summaries.Kind.DIVERGENCE) && r.nextInt(3) == 0) {
			if (family != Summaries.Family.BINARY) {
				q.classWeights = new double[width];
				for (int k = 0; k < width; k++) {
					q.classWeights[k] = Math.rint(r.nextDouble() * 300) / 100;
				}
			}
			if (!categorical && r.nextBoolean()) {
				q.posWeight = 0.5 + r.nextInt(4);
			}
		}
		if (q.epsilon == null && r.nextInt(3) == 0) {
			q.compat = Compat.values()[r.nextInt(3)];
			if (q.compat == Compat.KERAS) {
				q.renormalize = false;
			}
			if (q.compat == Compat.TORCH && type == InputType.PROBABILITIES) {
				q.posWeight = null;
			}
		}
		q.names = kinds.stream().map(Summaries.Kind::wireName).toArray(String[]::new);
		if (kinds.contains(Summaries.Kind.GROUPS) || r.nextInt(4) == 0) {
			q.groups = new String[n];
			int distinct = 1 + r.nextInt(6);
			for (int i = 0; i < n; i++) {
				q.groups[i] = "g" + r.nextInt(distinct);
			}
		}
		if (categorical && kinds.contains(Summaries.Kind.ACCURACY) && r.nextBoolean()) {
			q.topK = 1L + r.nextInt(width - 1);
		}
		if (kinds.contains(Summaries.Kind.CALIBRATION) && r.nextBoolean()) {
			q.bins = 2L + r.nextInt(30);
		}
		if (kinds.contains(Summaries.Kind.WORST) && r.nextBoolean()) {
			q.worstK = 1L + r.nextInt(20);
		}
		return q;
	}

	/** A probability, sometimes exactly 0, 1 or 0.5, else with 6 decimals. */
	private static double probability(SplittableRandom r) {
		return switch (r.nextInt(20)) {
			case 0 -> 0.0;
			case 1 -> 1.0;
			case 2 -> 0.5;
			default -> Math.rint(r.nextDouble() * 1e6) / 1e6;
		};
	}

	/** A logit with 4 decimals, sometimes exactly 0. */
	private static double logit(SplittableRandom r) {
		return (r.nextInt(20) == 0) ? 0.0 : Math.rint(r.nextGaussian() * 3e4) / 1e4;
	}

	/** A categorical row as the input type has it (ties now and then). */
	private static void row(SplittableRandom r, double[] into, int base, int c, InputType type, boolean unnormalized) {
		double[] z = new double[c];
		for (int j = 0; j < c; j++) {
			z[j] = (r.nextInt(6) == 0 && j > 0) ? z[j - 1] : Math.rint(r.nextGaussian() * 2e4) / 1e4;
		}
		if (type == InputType.LOGITS) {
			System.arraycopy(z, 0, into, base, c);
			return;
		}
		double max = Arrays.stream(z).max().orElseThrow();
		double sum = 0;
		for (int j = 0; j < c; j++) {
			sum += Math.exp(z[j] - max);
		}
		double logZ = max + Math.log(sum);
		for (int j = 0; j < c; j++) {
			double logP = z[j] - logZ;
			into[base + j] = (type == InputType.LOG_PROBABILITIES) ? logP
					: unnormalized ? Math.exp(logP) * 3.5 : Math.exp(logP);
		}
	}

}
