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
 * <b>Same request, same numbers.</b> Every accumulator is a compensated sum added to in
 * sample order (the moments exactly, {@link Moments}; bins and groups each their own),
 * the heap of worst samples takes them in order, and no state depends on where one batch
 * ends: summaries are bit-identical across body formats and batch splits. Memory is
 * bounded by the options, never by the samples: B bins, a heap of worstK, and one entry
 * per distinct group (at most the group limit).
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
	 * Whether a hard label's q' is one-hot (no smoothing) and ℓ_i is its cross-entropy:
	 * then s_i·kl_i = s_i·(−log p_y) = ℓ_i, taken from the loss as it is.
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
	private BinSums binWeight;

	private BinSums binConfidence;

	private BinSums binAccuracy;

	private final NeumaierSum brierSum = new NeumaierSum();

	private final NeumaierSum klSum = new NeumaierSum();

	private final NeumaierSum entropySum = new NeumaierSum();

	private final NeumaierSum divergenceWeight = new NeumaierSum();

	private int width = -1;

	/** k of the top-k accuracy, 0 for none. */
	private int topK;

	/** Categorical: whether the samples carry target rows (else class indices). */
	private boolean targets;

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
		this.oneHot = a == 0 && c.crossEntropy() && c.classWeighting().isEmpty();
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
			this.binWeight = new BinSums(this.bins);
			this.binConfidence = new BinSums(this.bins);
			this.binAccuracy = new BinSums(this.bins);
		}
	}

	/**
	 * Adds a checked, scored batch.
	 * @param losses ℓ_i of the batch, weights applied (0 for an ignored sample)
	 * @param weights W_i, each sample's share of weightSum
	 */
	public void accept(SampleBatch batch, double[] losses, double[] weights) {
		if (this.convention.family() == Family.CATEGORICAL) {
			acceptCategorical(batch, losses, weights);
		}
		else {
			acceptBernoulli(batch, losses, weights);
		}
	}

	/** What every counted sample adds, whatever the family; its group, or null. */
	private Group sample(SampleBatch b, int i, double loss, double weight) {
		if (this.moments != null) {
			this.moments.add(loss, weight);
		}
		if (this.histogram != null) {
			this.histogram.add(loss);
		}
		if (this.worst != null) {
			this.worst.offer(loss, b.firstRow() + i + this.indexOffset);
		}
		if (!this.groups) {
			return null;
		}
		Group group = group(b.groups()[i]);
		group.moments.add(loss, weight);
		return group;
	}

	private Group group(int id) {
		if (id >= this.groupTable.length) {
			this.groupTable = Arrays.copyOf(this.groupTable, Math.max(id + 1, 2 * this.groupTable.length));
		}
		Group group = this.groupTable[id];
		if (group == null) {
			group = new Group(this.accuracy);
			this.groupTable[id] = group;
		}
		return group;
	}

	/** Binary and multi-label: K Bernoulli elements per sample. */
	private void acceptBernoulli(SampleBatch b, double[] losses, double[] weights) {
		int n = b.rows();
		int k = b.width();
		double[] x = b.predictions();
		double[] y = b.labels();
		double[] sampleWeights = b.sampleWeights();
		boolean logits = this.logits;
		boolean multilabel = this.convention.family() == Family.MULTILABEL;
		double keep = this.keep;
		double half = (1 - keep) / 2;
		ProbabilityRule rule = this.rule;
		for (int i = 0, base = 0; i < n; i++, base += k) {
			Group group = sample(b, i, losses[i], weights[i]);
			if (!this.rows) {
				continue;
			}
			double s = (sampleWeights != null) ? sampleWeights[i] : 1.0;
			boolean divergence = this.divergence && s != 0;
			if (divergence && this.oneHot && hard(y, base, k)) {
				this.klSum.add(losses[i]);
				this.divergenceWeight.add(s);
				divergence = false;
			}
			int correct = 0;
			double kl = 0;
			double entropy = 0;
			for (int j = base; j < base + k; j++) {
				double xj = x[j];
				double yj = y[j];
				if (this.accuracy && (logits ? xj >= 0 : xj >= 0.5) == (yj >= 0.5)) {
					correct++;
				}
				if (this.calibration) {
					double p = logits ? sigmoid(xj) : xj;
					bin(p, yj, s);
					double error = p - yj;
					this.brierSum.add(s * (error * error));
				}
				if (divergence) {
					double q = yj * keep + half;
					double q0 = 1 - q;
					double logP;
					double logP0;
					if (logits) {
						double t = BinaryCrossEntropy.log1p(Math.exp(-Math.abs(xj)));
						logP = -(Math.max(-xj, 0) + t);
						logP0 = -(Math.max(xj, 0) + t);
					}
					else {
						logP = rule.log(xj);
						logP0 = rule.log1m(xj);
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
			}
			if (this.accuracy) {
				double right = correct * s;
				this.total.add(right, k * s, multilabel, correct == k, false, s);
				if (group != null) {
					group.accuracy.add(right, k * s, multilabel, correct == k, false, s);
				}
			}
			if (divergence) {
				this.klSum.add(s * (kl / k));
				this.entropySum.add(s * (entropy / k));
				this.divergenceWeight.add(s);
			}
		}
	}

	/** Whether the K labels from {@code base} are all 0 or 1. */
	private static boolean hard(double[] y, int base, int k) {
		for (int j = base; j < base + k; j++) {
			if (y[j] != 0 && y[j] != 1) {
				return false;
			}
		}
		return true;
	}

	/** Categorical: a row of C values, and a class index or a target row. */
	private void acceptCategorical(SampleBatch b, double[] losses, double[] weights) {
		int n = b.rows();
		int c = b.width();
		double[] x = b.predictions();
		long[] labels = this.targets ? null : b.classes();
		double[] t = this.targets ? b.targets() : null;
		double[] sampleWeights = b.sampleWeights();
		InputType type = this.convention.inputType();
		boolean divide = this.divideRows;
		ProbabilityRule rule = this.rule;
		double keep = this.keep;
		double smooth = (1 - keep) / c;
		double[] v = this.values;
		double[] p = this.probabilities;
		double[] logP = this.logProbabilities;
		for (int i = 0; i < n; i++) {
			int base = i * c;
			int label = -1;
			if (labels != null) {
				long y = labels[i];
				if (this.hasIgnoreIndex && y == this.ignoreIndex) {
					continue;
				}
				label = (int) y;
			}
			Group group = sample(b, i, losses[i], weights[i]);
			if (!this.rows) {
				continue;
			}
			double s = (sampleWeights != null) ? sampleWeights[i] : 1.0;
			double rowSum = 1;
			if (divide) {
				rowSum = 0;
				for (int j = 0; j < c; j++) {
					rowSum += x[base + j];
				}
			}
			for (int j = 0; j < c; j++) {
				v[j] = divide ? x[base + j] / rowSum : x[base + j];
			}
			int truth = (label >= 0) ? label : firstLargest(t, base, c);
			if (this.accuracy) {
				boolean top1 = firstLargest(v, 0, c) == truth;
				boolean topK = this.topK > 0 && rank(v, c, truth) < this.topK;
				this.total.add(top1 ? s : 0, s, false, false, topK, s);
				if (group != null) {
					group.accuracy.add(top1 ? s : 0, s, false, false, topK, s);
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
			switch (type) {
				case LOGITS -> {
					int top = firstLargest(v, 0, c);
					double max = v[top];
					double others = 0;
					for (int j = 0; j < c; j++) {
						double e = Math.exp(v[j] - max);
						p[j] = e;
						others += (j == top) ? 0 : e;
					}
					double sumExp = 1 + others;
					double logZ = BinaryCrossEntropy.log1p(others);
					for (int j = 0; j < c; j++) {
						p[j] = p[j] / sumExp;
						logP[j] = (v[j] - max) - logZ;
					}
				}
				case LOG_PROBABILITIES -> {
					for (int j = 0; j < c; j++) {
						p[j] = Math.exp(v[j]);
						logP[j] = v[j];
					}
				}
				case PROBABILITIES -> {
					for (int j = 0; j < c; j++) {
						double pj = v[j];
						p[j] = pj;
						if (divergence) {
							logP[j] = rule.log(pj);
						}
					}
				}
			}
			if (this.calibration) {
				int top = firstLargest(p, 0, c);
				double accuracy = (label >= 0) ? ((top == label) ? 1 : 0) : t[base + top];
				bin(p[top], accuracy, s);
				double brier = 0;
				for (int j = 0; j < c; j++) {
					double q = (label >= 0) ? ((j == label) ? 1 : 0) : t[base + j];
					double error = p[j] - q;
					brier += error * error;
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
	 * Adds one confidence c with its accuracy a and weight w to bin min(⌊c·B⌋, B − 1).
	 */
	private void bin(double confidence, double accuracy, double weight) {
		int b = Math.min((int) (confidence * this.bins), this.bins - 1);
		this.binWeight.add(b, weight);
		this.binConfidence.add(b, weight * confidence);
		this.binAccuracy.add(b, weight * accuracy);
	}

	/** The first index of the largest of {@code length} values from {@code from}. */
	private static int firstLargest(double[] values, int from, int length) {
		int top = 0;
		double max = values[from];
		for (int j = 1; j < length; j++) {
			if (values[from + j] > max) {
				max = values[from + j];
				top = j;
			}
		}
		return top;
	}

	/**
	 * Classes ranked ahead of {@code label}: larger values, and equal ones at lower
	 * indices.
	 */
	private static int rank(double[] values, int length, int label) {
		double value = values[label];
		int rank = 0;
		for (int j = 0; j < length; j++) {
			if (values[j] > value || (j < label && values[j] == value)) {
				rank++;
			}
		}
		return rank;
	}

	/** σ(z) without overflow, from exp(−|z|). */
	static double sigmoid(double z) {
		double u = Math.exp(-Math.abs(z));
		return (z >= 0) ? 1 / (1 + u) : u / (1 + u);
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
						bins.add(new SummaryReport.Bin(b / (double) this.bins, (b + 1) / (double) this.bins,
								(this.binWeight != null) ? this.binWeight.value(b) : 0,
								(this.binConfidence != null) ? this.binConfidence.value(b) : 0,
								(this.binAccuracy != null) ? this.binAccuracy.value(b) : 0));
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
	 * One compensated sum per bin, as {@link NeumaierSum} adds, in two primitive arrays
	 * rather than an object per bin.
	 */
	private static final class BinSums {

		private final double[] sum;

		private final double[] compensation;

		BinSums(int size) {
			this.sum = new double[size];
			this.compensation = new double[size];
		}

		void add(int b, double value) {
			double s = this.sum[b];
			double t = s + value;
			if (Math.abs(s) >= Math.abs(value)) {
				this.compensation[b] += (s - t) + value;
			}
			else {
				this.compensation[b] += (value - t) + s;
			}
			this.sum[b] = t;
		}

		double value(int b) {
			return this.sum[b] + this.compensation[b];
		}

	}

	/** The weighted counts behind one accuracy summary (the request's, or a group's). */
	private static final class Sums {

		private final NeumaierSum correct = new NeumaierSum();

		private final NeumaierSum weight = new NeumaierSum();

		/** Multi-label exact match, or categorical top-k: correct samples, and Σ s_i. */
		private final NeumaierSum sampleCorrect = new NeumaierSum();

		private final NeumaierSum sampleWeight = new NeumaierSum();

		/**
		 * @param right Σ s_i over the sample's correct decisions
		 * @param decisions Σ s_i over all its decisions
		 * @param exactMatch multi-label: count the sample for the exact match
		 * @param allRight multi-label: every element right
		 * @param topK categorical: the label is within the top k
		 */
		void add(double right, double decisions, boolean exactMatch, boolean allRight, boolean topK, double s) {
			this.correct.add(right);
			this.weight.add(decisions);
			if (exactMatch) {
				this.sampleCorrect.add(allRight ? s : 0);
				this.sampleWeight.add(s);
			}
			else if (topK) {
				this.sampleCorrect.add(s);
			}
		}

		SummaryReport.Accuracy accuracy(Family family, int topK) {
			double weight = this.weight.value();
			SummaryReport.Ratio exact = (family == Family.MULTILABEL)
					? SummaryReport.Ratio.of(this.sampleCorrect.value(), this.sampleWeight.value()) : null;
			SummaryReport.TopK top = (family == Family.CATEGORICAL && topK > 0)
					? SummaryReport.TopK.of(topK, this.sampleCorrect.value(), weight) : null;
			return SummaryReport.Accuracy.of(this.correct.value(), weight, exact, top);
		}

	}

	/** One group's sums: moments, and accuracy when that summary is asked for. */
	private static final class Group {

		final Moments moments = new Moments();

		final Sums accuracy;

		Group(boolean accuracy) {
			this.accuracy = accuracy ? new Sums() : null;
		}

		SummaryReport.Group report(Family family, int topK) {
			double weightSum = this.moments.weightSum.value();
			double sum = this.moments.sum.value();
			double mean = (weightSum != 0) ? sum / weightSum : 0.0;
			return SummaryReport.Group.of(this.moments.count, weightSum, sum, this.moments.m2(mean),
					this.moments.cross(mean), this.moments.weightSquares(),
					(this.accuracy != null) ? this.accuracy.accuracy(family, topK) : null);
		}

	}

}
