package dev.xent.loss;

/**
 * A scored batch.
 *
 * @param count samples that count (not ignored)
 * @param weightSum the denominator of the mean
 * @param sum Σ losses, weights applied
 * @param mean sum / weightSum, or {@code null} when weightSum is 0
 * @param losses per-sample losses, or {@code null} when not requested
 * @param gradients gradients with respect to the predictions, row-major, or {@code null}
 * when not requested
 * @param samples N, the number of samples
 * @param columns the row width of 2-D predictions, or 0 when predictions are a vector
 */
public record LossResult(int count, double weightSum, double sum, Double mean, double[] losses, double[] gradients,
		int samples, int columns) {
}
