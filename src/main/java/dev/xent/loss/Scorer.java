package dev.xent.loss;

import java.util.List;

/**
 * Scores any {@link LossBatch}: the one place that reduces (sum, weighted mean), scales
 * the gradients for the requested {@link Reduction}, and checks that every result is
 * finite.
 * <p>
 * The denominator is known before the kernel runs, so the gradients of the mean are
 * scaled while they are computed: one pass over the predictions.
 */
public final class Scorer {

	private Scorer() {
	}

	public static LossResult score(LossBatch batch, Reduction reduction, boolean includeLosses,
			boolean includeGradients) {
		int n = batch.samples();
		int width = Math.max(1, batch.columns());
		double weightSum = batch.weightSum();
		if (!Double.isFinite(weightSum)) {
			throw new InvalidBatchException(List.of(new Violation("/sampleWeights",
					"the weights add up to more than the largest finite number; scale them down.")));
		}
		double scale = 1.0;
		if (reduction == Reduction.MEAN) {
			scale = (weightSum > 0) ? 1.0 / weightSum : 0.0;
		}
		double[] losses = includeLosses ? new double[n] : null;
		double[] gradients = includeGradients ? new double[n * width] : null;
		double sum = batch.evaluate(scale, losses, gradients);
		if (!Double.isFinite(sum)) {
			throw nonFinite(batch, "loss", firstNonFinite(lossesOf(batch, losses), 1));
		}
		if (gradients != null) {
			int at = firstNonFinite(gradients, width);
			if (at >= 0) {
				throw nonFinite(batch, "gradient", at);
			}
		}
		Double mean = (weightSum > 0) ? sum / weightSum : null;
		if (mean != null && !Double.isFinite(mean)) {
			throw new InvalidBatchException(List.of(new Violation("/sampleWeights",
					"the mean is not a finite number with these weights; scale them up.")));
		}
		return new LossResult(batch.count(), weightSum, sum, mean, losses, gradients, n, batch.columns());
	}

	private static double[] lossesOf(LossBatch batch, double[] losses) {
		if (losses != null) {
			return losses;
		}
		double[] recomputed = new double[batch.samples()];
		batch.evaluate(1.0, recomputed, null);
		return recomputed;
	}

	private static int firstNonFinite(double[] values, int width) {
		for (int i = 0; i < values.length; i++) {
			if (!Double.isFinite(values[i])) {
				return i / width;
			}
		}
		return -1;
	}

	private static InvalidBatchException nonFinite(LossBatch batch, String what, int sample) {
		String pointer = (sample < 0) ? "/predictions" : "/predictions/" + sample;
		return new InvalidBatchException(List.of(new Violation(pointer, "the " + what
				+ " of this sample is not a finite number (a zero probability for an observed class with epsilon 0, or weights too large).")));
	}

}
