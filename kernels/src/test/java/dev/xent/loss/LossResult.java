package dev.xent.loss;

/**
 * A scored whole batch, for the kernel tests.
 */
record LossResult(long count, double weightSum, double sum, Double mean, double[] losses, double[] gradients,
		int samples, int columns) {
}
