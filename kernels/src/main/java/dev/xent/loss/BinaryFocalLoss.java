package dev.xent.loss;

/**
 * Binary focal loss as a {@link Loss}: N samples × K independent binary problems, the
 * binary endpoint being K = 1 with vector-shaped predictions. The formula is
 * {@link BinaryFocal}'s. Its samples and options are those of the cross-entropy (without
 * positive or column weights) plus γ and α, so the checks of predictions, labels,
 * weights, smoothing, ε and the preset are {@link BinaryLoss}'s own.
 */
public final class BinaryFocalLoss implements Loss {

	/** γ when not given. */
	public static final double DEFAULT_GAMMA = 2;

	/**
	 * The options as given; {@code null} means "not given".
	 *
	 * @param inputType probabilities or logits
	 * @param vector whether predictions, labels and gradients are vectors (the binary
	 * endpoint)
	 * @param gamma γ ≥ 0
	 * @param alpha α in [0, 1]
	 * @param labelSmoothing a in [0, 1)
	 * @param epsilon ε in [0, 0.5), probabilities only, and not with a preset
	 * @param compat the framework-compatibility preset
	 */
	public record Options(InputType inputType, boolean vector, Double gamma, Double alpha, Double labelSmoothing,
			Double epsilon, Compat compat) {
	}

	private final BinaryLoss crossEntropy;

	private final double gamma;

	/** α, or NaN without one. */
	private final double alpha;

	private BinaryFocalLoss(BinaryLoss crossEntropy, Options o) {
		this.crossEntropy = crossEntropy;
		this.gamma = (o.gamma() != null) ? o.gamma() : DEFAULT_GAMMA;
		this.alpha = (o.alpha() != null) ? o.alpha() : Double.NaN;
	}

	/** Checks the options that need no samples. */
	public static BinaryFocalLoss of(Options o, Violations v) {
		BinaryLoss crossEntropy = BinaryLoss.of(new BinaryLoss.Options(o.inputType(), o.vector(), null, null, null,
				o.labelSmoothing(), o.epsilon(), o.compat()), v);
		Checks.atLeast(v, "gamma", o.gamma(), 0);
		Checks.range(v, "alpha", o.alpha(), 0, 1, true);
		return new BinaryFocalLoss(crossEntropy, o);
	}

	@Override
	public boolean vector() {
		return this.crossEntropy.vector();
	}

	@Override
	public void start(SampleBatch first, Violations v) {
		this.crossEntropy.start(first, v);
	}

	@Override
	public void check(SampleBatch batch, Violations v) {
		this.crossEntropy.check(batch, v);
	}

	@Override
	public long evaluate(SampleBatch b, double[] losses, double[] weights, double[] raw, NeumaierSum lossSum,
			NeumaierSum weightSum) {
		BinaryFocal.evaluate(this.crossEntropy.logits(), b.predictions(), b.labels(), b.rows(), b.width(),
				b.sampleWeights(), this.crossEntropy.labelSmoothing(), this.crossEntropy.rule(), this.gamma, this.alpha,
				losses, weights, raw, lossSum, weightSum);
		return b.rows();
	}

	@Override
	public void scaleGradients(double scale, double[] weights, double[] raw, int rows, int width, double[] out) {
		BinaryCrossEntropy.scale(scale, weights, raw, rows, width, null, out);
	}

	@Override
	public int gradientExponent(double weight, double maxRaw) {
		return this.crossEntropy.gradientExponent(weight, maxRaw);
	}

	@Override
	public BinaryLoss crossEntropy() {
		return this.crossEntropy;
	}

}
