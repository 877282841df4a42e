package dev.xent.loss;

import java.util.Arrays;

/**
 * Categorical focal loss as a {@link Loss}, over C ≥ 2 classes with either class-index
 * labels or target distributions. The formula is {@link CategoricalFocal}'s. Its samples
 * and options are those of the cross-entropy (without class weights: α weighs the
 * classes) plus γ and α, so the checks of predictions, labels, targets, weights,
 * smoothing, the ignore index, the row division, ε and the preset are
 * {@link CategoricalLoss}'s own.
 */
public final class CategoricalFocalLoss implements Loss {

	/**
	 * The options as given; {@code null} means "not given".
	 *
	 * @param inputType probabilities, logits or log-probabilities
	 * @param gamma γ ≥ 0
	 * @param alpha one α ≥ 0 for every class
	 * @param alphas C values α_c ≥ 0, one per class
	 * @param ignoreIndex labels equal to this are left out (labels only)
	 * @param labelSmoothing a in [0, 1]
	 * @param renormalize divide probability rows by their sum first (probabilities only)
	 * @param epsilon ε in [0, 0.5), probabilities only, and not with a preset
	 * @param compat the framework-compatibility preset
	 */
	public record Options(InputType inputType, Double gamma, Double alpha, double[] alphas, Long ignoreIndex,
			Double labelSmoothing, Boolean renormalize, Double epsilon, Compat compat) {
	}

	private final CategoricalLoss crossEntropy;

	private final double gamma;

	private final Double alpha;

	/** α_c for every class once the width is known, or {@code null} without α. */
	private double[] alphas;

	private CategoricalFocalLoss(CategoricalLoss crossEntropy, Options o) {
		this.crossEntropy = crossEntropy;
		this.gamma = (o.gamma() != null) ? o.gamma() : BinaryFocalLoss.DEFAULT_GAMMA;
		this.alpha = o.alpha();
		this.alphas = o.alphas();
	}

	/**
	 * Checks the options that need no samples; the length of α per class is checked by
	 * {@link #start}.
	 */
	public static CategoricalFocalLoss of(Options o, Violations v) {
		CategoricalLoss crossEntropy = CategoricalLoss.of(new CategoricalLoss.Options(o.inputType(), null,
				o.ignoreIndex(), o.labelSmoothing(), o.renormalize(), o.epsilon(), o.compat()), v);
		Checks.atLeast(v, "gamma", o.gamma(), 0);
		Checks.atLeast(v, "alpha", o.alpha(), 0);
		Checks.weights(v, "alpha", o.alphas(), -1, null);
		return new CategoricalFocalLoss(crossEntropy, o);
	}

	@Override
	public boolean vector() {
		return false;
	}

	@Override
	public void start(SampleBatch first, Violations v) {
		this.crossEntropy.start(first, v);
		int width = first.width();
		if (this.alphas != null && width >= 2 && this.alphas.length != width) {
			v.add("/alpha", "must have " + width + " values (one per class), or be one number, but has "
					+ this.alphas.length + ".");
		}
		if (this.alpha != null) {
			this.alphas = new double[width];
			Arrays.fill(this.alphas, this.alpha);
		}
	}

	@Override
	public void check(SampleBatch batch, Violations v) {
		this.crossEntropy.check(batch, v);
	}

	@Override
	public long evaluate(SampleBatch b, double[] losses, double[] weights, double[] raw, NeumaierSum lossSum,
			NeumaierSum weightSum) {
		CategoricalLoss ce = this.crossEntropy;
		boolean targets = ce.targets();
		return CategoricalFocal.evaluate(ce.inputType(), b.predictions(), b.rows(), b.width(),
				targets ? null : b.classes(), ce.hasIgnoreIndex(), ce.ignoreIndex(), targets ? b.targets() : null,
				b.sampleWeights(), ce.labelSmoothing(), ce.dividesRows(), ce.rule(), this.gamma, this.alphas, losses,
				weights, raw, lossSum, weightSum);
	}

	@Override
	public void scaleGradients(double scale, double[] weights, double[] raw, int rows, int width, double[] out) {
		CategoricalCrossEntropy.scale(scale, raw, rows * width, out);
	}

	@Override
	public int gradientExponent(double weight, double maxRaw) {
		return this.crossEntropy.gradientExponent(weight, maxRaw);
	}

	@Override
	public CategoricalLoss crossEntropy() {
		return this.crossEntropy;
	}

}
