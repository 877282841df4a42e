package dev.xent.loss;

/**
 * Categorical (softmax) cross-entropy as a {@link Loss}, over C ≥ 2 classes with either
 * class-index labels or target distributions. The formula is
 * {@link CategoricalCrossEntropy}'s; this class checks the options and the values of
 * every batch against the contract.
 */
public final class CategoricalLoss implements Loss {

	/**
	 * The options as given; {@code null} means "not given".
	 *
	 * @param inputType probabilities, logits or log-probabilities
	 * @param classWeights C weights ≥ 0
	 * @param ignoreIndex labels equal to this are left out (labels only)
	 * @param labelSmoothing a in [0, 1]
	 * @param renormalize divide probability rows by their sum first (probabilities only;
	 * not with {@code keras}, which always does)
	 * @param epsilon ε in [0, 0.5), probabilities only, and not with a preset
	 * @param compat the framework-compatibility preset ({@code null}: sklearn)
	 */
	public record Options(InputType inputType, double[] classWeights, Long ignoreIndex, Double labelSmoothing,
			Boolean renormalize, Double epsilon, Compat compat) {

		/** The options without a preset (the default, sklearn). */
		public Options(InputType inputType, double[] classWeights, Long ignoreIndex, Double labelSmoothing,
				Boolean renormalize, Double epsilon) {
			this(inputType, classWeights, ignoreIndex, labelSmoothing, renormalize, epsilon, null);
		}

	}

	private final InputType inputType;

	/**
	 * Whether the samples carry target rows (else class-index labels): the first batch
	 * tells.
	 */
	private boolean targets;

	private final double[] classWeights;

	private final long ignoreIndex;

	private final boolean hasIgnoreIndex;

	private final double labelSmoothing;

	/** Whether probability rows are divided by their sum: renormalize, or keras. */
	private final boolean renormalize;

	private final ProbabilityRule rule;

	private CategoricalLoss(Options o) {
		this.inputType = o.inputType();
		this.classWeights = o.classWeights();
		this.hasIgnoreIndex = o.ignoreIndex() != null;
		this.ignoreIndex = this.hasIgnoreIndex ? o.ignoreIndex() : 0;
		this.labelSmoothing = (o.labelSmoothing() != null) ? o.labelSmoothing() : 0.0;
		this.rule = ProbabilityRule.of(o.compat(), o.epsilon());
		this.renormalize = o.inputType() == InputType.PROBABILITIES
				&& (Boolean.TRUE.equals(o.renormalize()) || this.rule.dividesRows);
	}

	/**
	 * Checks the options that need no samples; the class weights' length is checked by
	 * {@link #checkWidth}.
	 */
	public static CategoricalLoss of(Options o, Violations v) {
		boolean probabilities = o.inputType() == InputType.PROBABILITIES;
		Checks.weights(v, "classWeights", o.classWeights(), -1, null);
		Checks.range(v, "labelSmoothing", o.labelSmoothing(), 0, 1, true);
		Checks.onlyWith(v, "renormalize", o.renormalize(), probabilities,
				"to probabilities (inputType \"probabilities\")");
		if (probabilities && o.compat() == Compat.KERAS && o.renormalize() != null) {
			v.add("/renormalize", "does not apply with compat \"keras\", which always divides each probability row "
					+ "by its sum; remove it.");
		}
		Checks.epsilon(v, o.epsilon(), probabilities, o.compat());
		return new CategoricalLoss(o);
	}

	InputType inputType() {
		return this.inputType;
	}

	/** Whether the samples carry target rows (known once the first batch is in). */
	boolean targets() {
		return this.targets;
	}

	boolean hasIgnoreIndex() {
		return this.hasIgnoreIndex;
	}

	long ignoreIndex() {
		return this.ignoreIndex;
	}

	/** a, 0 when not given. */
	double labelSmoothing() {
		return this.labelSmoothing;
	}

	/** Whether probability rows are divided by their sum (renormalize, or keras). */
	boolean dividesRows() {
		return this.renormalize;
	}

	/** The preset's rule for probability inputs. */
	ProbabilityRule rule() {
		return this.rule;
	}

	@Override
	public boolean vector() {
		return false;
	}

	@Override
	public void start(SampleBatch first, Violations v) {
		int width = first.width();
		this.targets = first.classes() == null && first.targets() != null;
		if (this.targets && this.hasIgnoreIndex) {
			v.add("/ignoreIndex", "applies only with labels; remove it.");
		}
		if (width < 2) {
			v.add("/predictions/0", "must have at least 2 classes, but has " + width + ".");
		}
		else if (this.classWeights != null && this.classWeights.length != width) {
			v.add("/classWeights",
					"must have " + width + " values (one per class), but has " + this.classWeights.length + ".");
		}
	}

	@Override
	public void check(SampleBatch b, Violations v) {
		checkPredictions(v, b);
		if (this.targets) {
			checkTargets(v, b);
		}
		else {
			checkLabels(v, b);
		}
		Checks.sampleWeights(v, b);
	}

	private void checkPredictions(Violations v, SampleBatch b) {
		double[] x = b.predictions();
		int c = b.width();
		InputType type = this.inputType;
		boolean probabilities = type == InputType.PROBABILITIES;
		boolean logProbabilities = type == InputType.LOG_PROBABILITIES;
		boolean renormalize = this.renormalize && probabilities;
		String divides = this.rule.dividesRows ? "compat \"keras\" divides" : "renormalize divides";
		// Pointers are built only for offending values and rows: a string per element
		// would cost more than the kernel.
		for (int i = 0; i < b.rows() && !v.isFull(); i++) {
			int base = i * c;
			boolean rowOk = true;
			double sum = 0;
			for (int j = 0; j < c; j++) {
				double value = x[base + j];
				boolean ok = !probabilities ? Double.isFinite(value)
						: renormalize ? (value >= 0 && value < Double.POSITIVE_INFINITY) : (value >= 0 && value <= 1);
				if (!ok) {
					String at = b.pointer("predictions", i, j);
					if (!Double.isFinite(value)) {
						v.add(b, i, at, "must be a finite number.");
					}
					else if (renormalize) {
						v.add(b, i, at, "must be ≥ 0 (" + divides + " each row by its sum), but is " + value + ".");
					}
					else {
						v.add(b, i, at, "must be a probability in [0, 1], but is " + value + ".");
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
					v.add(b, i, b.pointer("predictions", i),
							"must have a positive, finite sum to be renormalized, but sums to " + sum + ".");
				}
			}
			else if (Math.abs(sum - 1) > Checks.SUM_TOLERANCE) {
				String what = logProbabilities ? "Σ exp of this log-probability row" : "this probability row's sum";
				v.add(b, i, b.pointer("predictions", i), "must sum to 1 (±1e-6), but " + what + " is " + sum
						+ (probabilities ? "; set renormalize to divide each row by its sum." : "."));
			}
		}
	}

	private void checkLabels(Violations v, SampleBatch b) {
		long[] labels = b.classes();
		if (labels == null) {
			v.add(b, 0, b.pointer("labels", 0), "is required: the request's first sample has labels.");
			return;
		}
		int c = b.width();
		for (int i = 0; i < b.rows() && !v.isFull(); i++) {
			long y = labels[i];
			boolean ignored = this.hasIgnoreIndex && y == this.ignoreIndex;
			if (!ignored && (y < 0 || y >= c)) {
				v.add(b, i, b.pointer("labels", i),
						"must be a class index in [0, " + c + ")"
								+ (this.hasIgnoreIndex ? " or the ignoreIndex " + this.ignoreIndex : "") + ", but is "
								+ y + ".");
			}
		}
	}

	private void checkTargets(Violations v, SampleBatch b) {
		double[] q = b.targets();
		if (q == null) {
			v.add(b, 0, b.pointer("targets", 0), "is required: the request's first sample has targets.");
			return;
		}
		int c = b.width();
		if (b.targetWidth() != c) {
			v.add(b, 0, b.pointer("targets", 0),
					"must have " + c + " values like its predictions row, but has " + b.targetWidth() + ".");
			return;
		}
		for (int i = 0; i < b.rows() && !v.isFull(); i++) {
			double sum = 0;
			boolean rowOk = true;
			for (int j = 0; j < c; j++) {
				double value = q[i * c + j];
				if (!Double.isFinite(value) || value < 0) {
					v.add(b, i, b.pointer("targets", i, j), "must be a finite number ≥ 0, but is " + value + ".");
					rowOk = false;
				}
				else {
					sum += value;
				}
			}
			if (rowOk && Math.abs(sum - 1) > Checks.SUM_TOLERANCE) {
				v.add(b, i, b.pointer("targets", i), "must sum to 1 (±1e-6), but sums to " + sum + ".");
			}
		}
	}

	@Override
	public long evaluate(SampleBatch b, double[] losses, double[] weights, double[] raw, NeumaierSum lossSum,
			NeumaierSum weightSum) {
		return CategoricalCrossEntropy.evaluate(this.inputType, b.predictions(), b.rows(), b.width(),
				this.targets ? null : b.classes(), this.hasIgnoreIndex, this.ignoreIndex,
				this.targets ? b.targets() : null, b.sampleWeights(), this.classWeights, this.labelSmoothing,
				this.renormalize, this.rule, losses, weights, raw, lossSum, weightSum);
	}

	@Override
	public void scaleGradients(double scale, double[] weights, double[] raw, int rows, int width, double[] out) {
		CategoricalCrossEntropy.scale(scale, raw, rows * width, out);
	}

	@Override
	public int gradientExponent(double weight, double maxRaw) {
		return Math.getExponent(maxRaw);
	}

}
