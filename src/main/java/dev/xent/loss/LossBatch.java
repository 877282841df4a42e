package dev.xent.loss;

/**
 * A checked batch that a kernel can score. Implementations are immutable and valid by
 * construction.
 */
public sealed interface LossBatch permits BinaryBatch, CategoricalBatch {

	/** N. */
	int samples();

	/** Row width of 2-D predictions, or 0 when the predictions are a vector. */
	int columns();

	/** Samples that count (all but the ignored ones). */
	int count();

	/** The denominator of the mean. */
	double weightSum();

	/**
	 * Computes the loss and its gradient in one pass over the predictions.
	 * @param gradientScale factor applied to every gradient (1 for ∂sum, 1/weightSum for
	 * ∂mean)
	 * @param losses receives each sample's loss, or {@code null}
	 * @param gradients receives the gradients, row-major, or {@code null}
	 * @return Σ losses, compensated
	 */
	double evaluate(double gradientScale, double[] losses, double[] gradients);

}
