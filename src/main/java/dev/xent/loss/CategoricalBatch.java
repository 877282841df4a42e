package dev.xent.loss;

/**
 * A checked batch for categorical (softmax) cross-entropy over C ≥ 2 classes, with either
 * class-index labels or target distributions. Build one with {@link #of(Input)}, which
 * reports every offending value.
 */
public final class CategoricalBatch implements LossBatch {

	/**
	 * The raw request, as parsed. {@code null} means "not given" for every optional
	 * field.
	 *
	 * @param inputType probabilities, logits or log-probabilities
	 * @param predictions N×C
	 * @param labels N class indices (or {@code ignoreIndex}); exclusive with targets
	 * @param targets N×C target distributions; exclusive with labels
	 * @param sampleWeights N weights ≥ 0
	 * @param classWeights C weights ≥ 0
	 * @param ignoreIndex labels equal to this are left out (labels only)
	 * @param labelSmoothing a in [0, 1]
	 * @param renormalize divide probability rows by their sum first (probabilities only)
	 * @param epsilon ε in [0, 0.5), probabilities only
	 */
	public record Input(InputType inputType, Matrix predictions, long[] labels, Matrix targets, double[] sampleWeights,
			double[] classWeights, Long ignoreIndex, Double labelSmoothing, Boolean renormalize, Double epsilon) {
	}

	private final InputType inputType;

	private final double[] predictions;

	private final int samples;

	private final int classes;

	private final long[] labels;

	private final double[] targets;

	private final double[] sampleWeights;

	private final double[] classWeights;

	private final long ignoreIndex;

	private final boolean hasIgnoreIndex;

	private final double labelSmoothing;

	private final boolean renormalize;

	private final double epsilon;

	private CategoricalBatch(Input in) {
		this.inputType = in.inputType();
		this.predictions = in.predictions().values();
		this.samples = in.predictions().rows();
		this.classes = in.predictions().columns();
		this.labels = in.labels();
		this.targets = (in.targets() != null) ? in.targets().values() : null;
		this.sampleWeights = in.sampleWeights();
		this.classWeights = in.classWeights();
		this.hasIgnoreIndex = in.ignoreIndex() != null;
		this.ignoreIndex = this.hasIgnoreIndex ? in.ignoreIndex() : 0;
		this.labelSmoothing = (in.labelSmoothing() != null) ? in.labelSmoothing() : 0.0;
		this.renormalize = Boolean.TRUE.equals(in.renormalize());
		this.epsilon = (in.epsilon() != null) ? in.epsilon() : BinaryBatch.DEFAULT_EPSILON;
	}

	/**
	 * Checks every value against the contract and builds the batch.
	 * @throws InvalidBatchException listing the first offending values
	 */
	public static CategoricalBatch of(Input in) {
		Violations v = new Violations();
		InputType type = in.inputType();
		boolean probabilities = type == InputType.PROBABILITIES;
		boolean renormalize = Boolean.TRUE.equals(in.renormalize());
		Matrix p = in.predictions();
		int n = p.rows();
		int c = p.columns();
		boolean shapeOk = n > 0 && c >= 2;
		if (n == 0) {
			v.add("/predictions", "must hold at least one sample.");
		}
		else if (c < 2) {
			v.add("/predictions/0", "must have at least 2 classes, but has " + c + ".");
		}
		if (shapeOk) {
			checkPredictions(v, type, renormalize && probabilities, p);
		}
		if (in.labels() == null && in.targets() == null) {
			v.add("/labels", "is required: give labels (class indices) or targets (distributions).");
		}
		else if (in.labels() != null && in.targets() != null) {
			v.add("/targets", "give labels or targets, not both.");
		}
		else if (in.labels() != null) {
			checkLabels(v, in.labels(), n, c, in.ignoreIndex());
		}
		else {
			checkTargets(v, in.targets(), n, c);
		}
		Checks.weights(v, "sampleWeights", in.sampleWeights(), n, "one per sample");
		if (shapeOk) {
			Checks.weights(v, "classWeights", in.classWeights(), c, "one per class");
		}
		Checks.onlyWith(v, "ignoreIndex", in.ignoreIndex(), in.labels() != null, "with labels");
		Checks.range(v, "labelSmoothing", in.labelSmoothing(), 0, 1, true);
		Checks.onlyWith(v, "renormalize", in.renormalize(), probabilities,
				"to probabilities (inputType \"probabilities\")");
		Checks.onlyWith(v, "epsilon", in.epsilon(), probabilities, "to probabilities (inputType \"probabilities\")");
		if (probabilities) {
			Checks.range(v, "epsilon", in.epsilon(), 0, 0.5, false);
		}
		v.throwIfAny();
		return new CategoricalBatch(in);
	}

	private static void checkPredictions(Violations v, InputType type, boolean renormalize, Matrix p) {
		double[] x = p.values();
		int c = p.columns();
		boolean probabilities = type == InputType.PROBABILITIES;
		boolean logProbabilities = type == InputType.LOG_PROBABILITIES;
		// Pointers are built only for offending values and rows: a string per element
		// would cost more than the kernel.
		for (int i = 0; i < p.rows() && !v.isFull(); i++) {
			int base = i * c;
			boolean rowOk = true;
			double sum = 0;
			for (int j = 0; j < c; j++) {
				double value = x[base + j];
				boolean ok = !probabilities ? Double.isFinite(value)
						: renormalize ? (value >= 0 && value < Double.POSITIVE_INFINITY) : (value >= 0 && value <= 1);
				if (!ok) {
					String at = Violations.at("predictions", i, j);
					if (Checks.finite(v, at, value)) {
						if (renormalize) {
							v.add(at, "must be ≥ 0 (renormalize divides each row by its sum), but is " + value + ".");
						}
						else {
							Checks.probability(v, at, value);
						}
					}
					rowOk = false;
				}
				else if (probabilities) {
					sum += value;
				}
				else if (logProbabilities) {
					sum += Math.exp(value);
				}
			}
			if (!rowOk || type == InputType.LOGITS) {
				continue;
			}
			if (renormalize) {
				if (!(sum > 0) || !Double.isFinite(sum)) {
					v.add(Violations.at("predictions", i),
							"must have a positive, finite sum to be renormalized, but sums to " + sum + ".");
				}
			}
			else if (Math.abs(sum - 1) > Checks.SUM_TOLERANCE) {
				String what = (type == InputType.LOG_PROBABILITIES) ? "Σ exp of this log-probability row"
						: "this probability row's sum";
				v.add(Violations.at("predictions", i), "must sum to 1 (±1e-6), but " + what + " is " + sum
						+ (probabilities ? "; set renormalize to divide each row by its sum." : "."));
			}
		}
	}

	private static void checkLabels(Violations v, long[] labels, int n, int c, Long ignoreIndex) {
		if (labels.length != n) {
			v.add("/labels", "must have " + n + " values (one per sample), but has " + labels.length + ".");
			return;
		}
		for (int i = 0; i < n && !v.isFull(); i++) {
			long y = labels[i];
			boolean ignored = ignoreIndex != null && y == ignoreIndex;
			if (!ignored && (y < 0 || y >= c)) {
				v.add(Violations.at("labels", i), "must be a class index in [0, " + c + ")"
						+ ((ignoreIndex != null) ? " or the ignoreIndex " + ignoreIndex : "") + ", but is " + y + ".");
			}
		}
	}

	private static void checkTargets(Violations v, Matrix t, int n, int c) {
		if (t.rows() != n || t.columns() != c) {
			v.add("/targets", "must have the shape of predictions (" + n + "×" + c + "), but is " + t.rows() + "×"
					+ t.columns() + ".");
			return;
		}
		double[] q = t.values();
		for (int i = 0; i < n && !v.isFull(); i++) {
			double sum = 0;
			boolean rowOk = true;
			for (int j = 0; j < c; j++) {
				double value = q[i * c + j];
				if (!Double.isFinite(value) || value < 0) {
					v.add(Violations.at("targets", i, j), "must be a finite number ≥ 0, but is " + value + ".");
					rowOk = false;
				}
				else {
					sum += value;
				}
			}
			if (rowOk && Math.abs(sum - 1) > Checks.SUM_TOLERANCE) {
				v.add(Violations.at("targets", i), "must sum to 1 (±1e-6), but sums to " + sum + ".");
			}
		}
	}

	@Override
	public int samples() {
		return this.samples;
	}

	@Override
	public int columns() {
		return this.classes;
	}

	@Override
	public int count() {
		if (this.labels == null || !this.hasIgnoreIndex) {
			return this.samples;
		}
		int count = 0;
		for (long y : this.labels) {
			if (y != this.ignoreIndex) {
				count++;
			}
		}
		return count;
	}

	@Override
	public double weightSum() {
		if (this.labels == null) {
			return (this.sampleWeights != null) ? NeumaierSum.of(this.sampleWeights, 0, this.samples) : this.samples;
		}
		NeumaierSum sum = new NeumaierSum();
		for (int i = 0; i < this.samples; i++) {
			long y = this.labels[i];
			if (this.hasIgnoreIndex && y == this.ignoreIndex) {
				continue;
			}
			double s = (this.sampleWeights != null) ? this.sampleWeights[i] : 1.0;
			double w = (this.classWeights != null) ? this.classWeights[(int) y] : 1.0;
			sum.add(s * w);
		}
		return sum.value();
	}

	@Override
	public double evaluate(double gradientScale, double[] losses, double[] gradients) {
		return CategoricalCrossEntropy.evaluate(this.inputType, this.predictions, this.samples, this.classes,
				this.labels, this.hasIgnoreIndex, this.ignoreIndex, this.targets, this.sampleWeights, this.classWeights,
				this.labelSmoothing, this.renormalize, this.epsilon, gradientScale, losses, gradients);
	}

}
