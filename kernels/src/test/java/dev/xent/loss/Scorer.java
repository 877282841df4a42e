package dev.xent.loss;

import java.util.ArrayList;
import java.util.List;

/**
 * Scores a {@link LossBatch} through {@link Scoring}, the path every request takes, and
 * collects the per-sample results into arrays: the kernel tests' view of a request.
 */
final class Scorer {

	private Scorer() {
	}

	static LossResult score(LossBatch batch, Reduction reduction, boolean includeLosses, boolean includeGradients) {
		Collector collector = new Collector(includeGradients);
		Scoring scoring = new Scoring(batch.loss(), reduction, collector, Long.MAX_VALUE);
		scoring.accept(batch.data());
		Aggregates a = scoring.finish();
		int n = batch.data().rows();
		int width = batch.data().width();
		double[] gradients = null;
		if (includeGradients) {
			gradients = new double[n * width];
			batch.loss()
				.scaleGradients(scoring.gradientScale(a.weightSum()), collector.weights(), collector.raw(), n, width,
						gradients);
		}
		return new LossResult(a.count(), a.weightSum(), a.sum(), a.mean(), includeLosses ? collector.losses() : null,
				gradients, n, batch.columns());
	}

	/** Keeps every batch's per-sample results, in order. */
	static final class Collector implements PerSampleSink {

		private final boolean gradients;

		private final List<double[]> losses = new ArrayList<>();

		private final List<double[]> weights = new ArrayList<>();

		private final List<double[]> raw = new ArrayList<>();

		Collector(boolean gradients) {
			this.gradients = gradients;
		}

		@Override
		public boolean keepsGradients() {
			return this.gradients;
		}

		@Override
		public boolean append(int rows, int width, double[] losses, double[] weights, double[] raw) {
			this.losses.add(java.util.Arrays.copyOf(losses, rows));
			this.weights.add(java.util.Arrays.copyOf(weights, rows));
			if (raw != null) {
				this.raw.add(java.util.Arrays.copyOf(raw, rows * width));
			}
			return false;
		}

		double[] losses() {
			return concat(this.losses);
		}

		double[] weights() {
			return concat(this.weights);
		}

		double[] raw() {
			return concat(this.raw);
		}

		private static double[] concat(List<double[]> parts) {
			return parts.stream().flatMapToDouble(java.util.Arrays::stream).toArray();
		}

	}

}
