package dev.xent.loss;

/**
 * A checked batch of N samples with K independent binary problems each: the binary
 * endpoint is the case K = 1 with vector-shaped predictions, the multi-label endpoint the
 * general case. Build one with {@link #of(Input)}, which reports every offending value.
 */
public final class BinaryBatch implements LossBatch {

	/**
	 * Default ε: the double machine epsilon, as scikit-learn's {@code log_loss} uses for
	 * float64.
	 */
	public static final double DEFAULT_EPSILON = Math.ulp(1.0);

	/**
	 * The raw request, as parsed. {@code null} means "not given" for every optional
	 * field.
	 *
	 * @param inputType probabilities or logits
	 * @param predictions N×K (K = 1 for vector-shaped predictions)
	 * @param vector whether predictions, labels and gradients are vectors (the binary
	 * endpoint)
	 * @param labels N×K hard or soft labels in [0, 1]
	 * @param sampleWeights N weights ≥ 0
	 * @param posWeight one positive weight for every column
	 * @param posWeights K positive weights, one per column (multi-label only)
	 * @param classWeights K column weights ≥ 0 (multi-label only)
	 * @param labelSmoothing a in [0, 1)
	 * @param epsilon ε in [0, 0.5), probabilities only
	 */
	public record Input(InputType inputType, Matrix predictions, boolean vector, Matrix labels, double[] sampleWeights,
			Double posWeight, double[] posWeights, double[] classWeights, Double labelSmoothing, Double epsilon) {
	}

	private final boolean logits;

	private final double[] predictions;

	private final double[] labels;

	private final int samples;

	private final int columns;

	private final boolean vector;

	private final double[] sampleWeights;

	private final double[] posWeights;

	private final double[] classWeights;

	private final double labelSmoothing;

	private final double epsilon;

	private BinaryBatch(Input in) {
		this.logits = in.inputType() == InputType.LOGITS;
		this.predictions = in.predictions().values();
		this.labels = in.labels().values();
		this.samples = in.predictions().rows();
		this.columns = in.predictions().columns();
		this.vector = in.vector();
		this.sampleWeights = in.sampleWeights();
		double[] pw = in.posWeights();
		if (pw == null) {
			pw = new double[this.columns];
			java.util.Arrays.fill(pw, (in.posWeight() != null) ? in.posWeight() : 1.0);
		}
		this.posWeights = pw;
		this.classWeights = in.classWeights();
		this.labelSmoothing = (in.labelSmoothing() != null) ? in.labelSmoothing() : 0.0;
		this.epsilon = (in.epsilon() != null) ? in.epsilon() : DEFAULT_EPSILON;
	}

	/**
	 * Checks every value against the contract and builds the batch.
	 * @throws InvalidBatchException listing the first offending values
	 */
	public static BinaryBatch of(Input in) {
		Violations v = new Violations();
		InputType type = in.inputType();
		if (type == InputType.LOG_PROBABILITIES) {
			v.add("/inputType", "must be \"probabilities\" or \"logits\" for a binary loss.");
		}
		Matrix p = in.predictions();
		int n = p.rows();
		int k = p.columns();
		if (n == 0) {
			v.add("/predictions", "must hold at least one sample.");
		}
		else if (k == 0) {
			v.add("/predictions/0", "must hold at least one column.");
		}
		boolean probabilities = type == InputType.PROBABILITIES;
		String shape = in.vector() ? Integer.toString(n) : n + "×" + k;
		if (n > 0 && k > 0) {
			double[] x = p.values();
			// The pointer is built only for an offending value: a string per element
			// would cost
			// more than the kernel.
			for (int i = 0; i < x.length && !v.isFull(); i++) {
				double xi = x[i];
				if (probabilities ? !(xi >= 0 && xi <= 1) : !Double.isFinite(xi)) {
					String at = pointer("predictions", in.vector(), i, k);
					if (probabilities) {
						Checks.probability(v, at, xi);
					}
					else {
						Checks.finite(v, at, xi);
					}
				}
			}
		}
		Matrix y = in.labels();
		if (y == null) {
			v.add("/labels", "is required.");
		}
		else if (y.rows() != n || y.columns() != k) {
			String labelShape = in.vector() ? Integer.toString(y.rows()) : y.rows() + "×" + y.columns();
			v.add("/labels", "must have the shape of predictions (" + shape + "), but is " + labelShape + ".");
		}
		else {
			double[] l = y.values();
			for (int i = 0; i < l.length && !v.isFull(); i++) {
				if (!(l[i] >= 0 && l[i] <= 1)) {
					v.add(pointer("labels", in.vector(), i, k),
							"must be a label in [0, 1] (0/1, or a soft label), but is " + l[i] + ".");
				}
			}
		}
		Checks.weights(v, "sampleWeights", in.sampleWeights(), n, "one per sample");
		Checks.weights(v, "classWeights", in.classWeights(), k, "one per column");
		if (in.posWeight() != null) {
			double w = in.posWeight();
			if (!(Double.isFinite(w) && w > 0)) {
				v.add("/posWeight", "must be a finite number > 0, but is " + w + ".");
			}
		}
		if (in.posWeights() != null) {
			double[] w = in.posWeights();
			if (w.length != k) {
				v.add("/posWeight", "must have " + k + " values (one per column), but has " + w.length + ".");
			}
			else {
				for (int i = 0; i < w.length && !v.isFull(); i++) {
					if (!(Double.isFinite(w[i]) && w[i] > 0)) {
						v.add(Violations.at("posWeight", i), "must be a finite number > 0, but is " + w[i] + ".");
					}
				}
			}
		}
		Checks.range(v, "labelSmoothing", in.labelSmoothing(), 0, 1, false);
		Checks.onlyWith(v, "epsilon", in.epsilon(), probabilities, "to probabilities (inputType \"probabilities\")");
		if (probabilities) {
			Checks.range(v, "epsilon", in.epsilon(), 0, 0.5, false);
		}
		v.throwIfAny();
		return new BinaryBatch(in);
	}

	private static String pointer(String field, boolean vector, int flatIndex, int columns) {
		return vector ? Violations.at(field, flatIndex)
				: Violations.at(field, flatIndex / columns, flatIndex % columns);
	}

	@Override
	public int samples() {
		return this.samples;
	}

	@Override
	public int columns() {
		return this.vector ? 0 : this.columns;
	}

	@Override
	public int count() {
		return this.samples;
	}

	@Override
	public double weightSum() {
		return (this.sampleWeights != null) ? NeumaierSum.of(this.sampleWeights, 0, this.samples) : this.samples;
	}

	@Override
	public double evaluate(double gradientScale, double[] losses, double[] gradients) {
		return BinaryCrossEntropy.evaluate(this.logits, this.predictions, this.labels, this.samples, this.columns,
				this.sampleWeights, this.posWeights, this.classWeights, this.labelSmoothing, this.epsilon,
				gradientScale, losses, gradients);
	}

}
