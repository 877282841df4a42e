package dev.xent.loss;

import java.util.Arrays;

/**
 * Binary cross-entropy as a {@link Loss}: N samples × K independent binary problems, the
 * binary endpoint being K = 1 with vector-shaped predictions. The formula is
 * {@link BinaryCrossEntropy}'s; this class checks the options and the values of every
 * batch against the contract.
 */
public final class BinaryLoss implements Loss {

	/**
	 * Default ε: the double machine epsilon, as scikit-learn's {@code log_loss} uses for
	 * float64.
	 */
	public static final double DEFAULT_EPSILON = Math.ulp(1.0);

	/**
	 * The options as given; {@code null} means "not given".
	 *
	 * @param inputType probabilities or logits
	 * @param vector whether predictions, labels and gradients are vectors (the binary
	 * endpoint)
	 * @param posWeight one positive weight for every column
	 * @param posWeights K positive weights, one per column (multi-label only)
	 * @param classWeights K column weights ≥ 0 (multi-label only)
	 * @param labelSmoothing a in [0, 1)
	 * @param epsilon ε in [0, 0.5), probabilities only, and not with a preset
	 * @param compat the framework-compatibility preset ({@code null}: sklearn)
	 */
	public record Options(InputType inputType, boolean vector, Double posWeight, double[] posWeights,
			double[] classWeights, Double labelSmoothing, Double epsilon, Compat compat) {

		/** The options without a preset (the default, sklearn). */
		public Options(InputType inputType, boolean vector, Double posWeight, double[] posWeights,
				double[] classWeights, Double labelSmoothing, Double epsilon) {
			this(inputType, vector, posWeight, posWeights, classWeights, labelSmoothing, epsilon, null);
		}

	}

	private final boolean logits;

	private final boolean vector;

	private final Double posWeight;

	private double[] posWeights;

	private final double[] classWeights;

	private final double labelSmoothing;

	private final ProbabilityRule rule;

	/** The largest column weight (1 without weights): bounds c_k in a gradient. */
	private final double maxClassWeight;

	private BinaryLoss(Options o) {
		this.logits = o.inputType() == InputType.LOGITS;
		this.vector = o.vector();
		this.posWeight = o.posWeight();
		this.posWeights = o.posWeights();
		this.classWeights = o.classWeights();
		this.labelSmoothing = (o.labelSmoothing() != null) ? o.labelSmoothing() : 0.0;
		this.rule = ProbabilityRule.of(o.compat(), o.epsilon());
		double c = 1;
		if (o.classWeights() != null) {
			for (double w : o.classWeights()) {
				c = Math.max(c, w);
			}
		}
		this.maxClassWeight = c;
	}

	/**
	 * Checks the options that need no samples; those that need K are checked by
	 * {@link #checkWidth}.
	 */
	public static BinaryLoss of(Options o, Violations v) {
		InputType type = o.inputType();
		if (type == InputType.LOG_PROBABILITIES) {
			v.add("/inputType", "must be \"probabilities\" or \"logits\" for a binary loss.");
		}
		if (o.posWeight() != null) {
			double w = o.posWeight();
			if (!(Double.isFinite(w) && w > 0)) {
				v.add("/posWeight", "must be a finite number > 0, but is " + w + ".");
			}
		}
		if (o.posWeights() != null) {
			double[] w = o.posWeights();
			for (int i = 0; i < w.length && !v.isFull(); i++) {
				if (!(Double.isFinite(w[i]) && w[i] > 0)) {
					v.add(Violations.at("posWeight", i), "must be a finite number > 0, but is " + w[i] + ".");
				}
			}
		}
		Checks.weights(v, "classWeights", o.classWeights(), -1, null);
		Checks.range(v, "labelSmoothing", o.labelSmoothing(), 0, 1, false);
		boolean probabilities = type == InputType.PROBABILITIES;
		Checks.epsilon(v, o.epsilon(), probabilities, o.compat());
		if (probabilities && o.compat() == Compat.TORCH && (o.posWeight() != null || o.posWeights() != null)) {
			v.add("/posWeight", "does not apply to probabilities with compat \"torch\" (PyTorch's BCELoss has no "
					+ "pos_weight; BCEWithLogitsLoss takes logits); remove it, or send logits.");
		}
		return new BinaryLoss(o);
	}

	/** Whether predictions are logits (else probabilities). */
	boolean logits() {
		return this.logits;
	}

	/** a, 0 when not given. */
	double labelSmoothing() {
		return this.labelSmoothing;
	}

	/** The preset's rule for probability inputs. */
	ProbabilityRule rule() {
		return this.rule;
	}

	@Override
	public boolean vector() {
		return this.vector;
	}

	@Override
	public void start(SampleBatch first, Violations v) {
		int width = first.width();
		if (this.posWeights != null && this.posWeights.length != width) {
			v.add("/posWeight",
					"must have " + width + " values (one per column), but has " + this.posWeights.length + ".");
		}
		if (this.classWeights != null && this.classWeights.length != width) {
			v.add("/classWeights",
					"must have " + width + " values (one per column), but has " + this.classWeights.length + ".");
		}
		if (this.posWeights == null) {
			this.posWeights = new double[width];
			Arrays.fill(this.posWeights, (this.posWeight != null) ? this.posWeight : 1.0);
		}
	}

	@Override
	public void check(SampleBatch b, Violations v) {
		int k = b.width();
		double[] x = b.predictions();
		int n = b.rows();
		int values = n * k;
		// The pointer is built only for an offending value: a string per element would
		// cost more than the kernel.
		for (int i = 0; i < values && !v.isFull(); i++) {
			double xi = x[i];
			if (this.logits ? !Double.isFinite(xi) : !(xi >= 0 && xi <= 1)) {
				int row = i / k;
				String at = pointer(b, "predictions", i, k);
				if (!Double.isFinite(xi)) {
					v.add(b, row, at, "must be a finite number.");
				}
				else {
					v.add(b, row, at, "must be a probability in [0, 1], but is " + xi + ".");
				}
			}
		}
		double[] y = b.labels();
		if (y == null) {
			v.add("/labels", "is required.");
		}
		else if (b.labelWidth() != k) {
			for (int i = 0; i < n && !v.isFull(); i++) {
				v.add(b, i, b.pointer("labels", i),
						"must have " + k + " values like its predictions row, but has " + b.labelWidth() + ".");
				break;
			}
		}
		else {
			for (int i = 0; i < values && !v.isFull(); i++) {
				if (!(y[i] >= 0 && y[i] <= 1)) {
					v.add(b, i / k, pointer(b, "labels", i, k),
							"must be a label in [0, 1] (0/1, or a soft label), but is " + y[i] + ".");
				}
			}
		}
		Checks.sampleWeights(v, b);
	}

	private String pointer(SampleBatch b, String field, int flatIndex, int columns) {
		return this.vector ? b.pointer(field, flatIndex) : b.pointer(field, flatIndex / columns, flatIndex % columns);
	}

	@Override
	public long evaluate(SampleBatch b, double[] losses, double[] weights, double[] raw, NeumaierSum lossSum,
			NeumaierSum weightSum) {
		BinaryCrossEntropy.evaluate(this.logits, b.predictions(), b.labels(), b.rows(), b.width(), b.sampleWeights(),
				this.posWeights, this.classWeights, this.labelSmoothing, this.rule, losses, weights, raw, lossSum,
				weightSum);
		return b.rows();
	}

	/**
	 * One pass for the commonest batch, a column of probabilities with 0/1 or soft labels
	 * and no weights ({@link BinaryCrossEntropy#evaluateUnchecked}); {@link #check} first
	 * for any other, or when that pass meets a value it cannot vouch for.
	 */
	@Override
	public long checkAndEvaluate(SampleBatch b, Violations v, double[] losses, double[] weights, double[] raw,
			NeumaierSum lossSum, NeumaierSum weightSum) {
		if (b.labels() != null && b.width() == 1 && b.labelWidth() == 1 && b.sampleWeights() == null
				&& BinaryCrossEntropy.evaluateUnchecked(this.logits, b.predictions(), b.labels(), b.rows(), b.width(),
						b.sampleWeights(), this.posWeights, this.classWeights, this.labelSmoothing, this.rule, losses,
						weights, raw, lossSum, weightSum)) {
			return b.rows();
		}
		check(b, v);
		if (!v.isEmpty()) {
			return -1;
		}
		return evaluate(b, losses, weights, raw, lossSum, weightSum);
	}

	@Override
	public void scaleGradients(double scale, double[] weights, double[] raw, int rows, int width, double[] out) {
		BinaryCrossEntropy.scale(scale, weights, raw, rows, width, this.classWeights, out);
	}

	@Override
	public int gradientExponent(double weight, double maxRaw) {
		return Math.getExponent(weight) + Math.getExponent(this.maxClassWeight) + Math.getExponent(maxRaw);
	}

}
