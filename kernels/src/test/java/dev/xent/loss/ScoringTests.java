package dev.xent.loss;

import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static dev.xent.loss.TestSupport.binary;
import static dev.xent.loss.TestSupport.categoricalTargets;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * {@link Scoring}'s checks of the reduction: a weightSum so small that 1/weightSum
 * overflows leaves the mean's gradients undefined, even where every raw gradient is 0
 * (0·∞ would be a NaN in the answer), found by the fuzzer on the focal endpoints.
 */
class ScoringTests {

	/**
	 * A batch scored in slices for its summaries reports what the whole batch reports
	 * without them: the same violations (every one, in order, past slice ends), and the
	 * same pointer for a loss that is not finite.
	 */
	@Test
	void slicesReportTheWholeBatchsErrors() {
		int n = 3 * Scoring.SLICE + 77;
		SplittableRandom random = new SplittableRandom(3);
		double[] p = new double[n];
		double[] y = new double[n];
		for (int i = 0; i < n; i++) {
			p[i] = random.nextDouble();
			y[i] = random.nextInt(2);
		}
		p[5] = 1.5;
		p[Scoring.SLICE + 3] = Double.NaN;
		y[2 * Scoring.SLICE] = 2;
		p[n - 1] = -1;
		assertThat(errors(p, y, 0.0, false)).isNotEmpty().isEqualTo(errors(p, y, 0.0, true));
		// ε = 0 and p = 0 for y = 1: an infinite loss in the third slice
		double[] q = p.clone();
		double[] z = y.clone();
		q[5] = 0.5;
		q[Scoring.SLICE + 3] = 0.5;
		z[2 * Scoring.SLICE] = 1;
		q[n - 1] = 0.5;
		q[2 * Scoring.SLICE + 10] = 0;
		z[2 * Scoring.SLICE + 10] = 1;
		List<Violation> whole = errors(q, z, 0.0, false);
		assertThat(whole).extracting(Violation::pointer).containsExactly("/predictions/" + (2 * Scoring.SLICE + 10));
		assertThat(errors(q, z, 0.0, true)).isEqualTo(whole);
	}

	/**
	 * Rows wider than a slice's values make slices of one row; the summaries are those of
	 * the batch scored whole (with per-sample output, which is never sliced).
	 */
	@Test
	void wideRowsAreSlicedRowByRow() {
		int c = Scoring.SLICE_VALUES + 5;
		int n = 7;
		SplittableRandom random = new SplittableRandom(4);
		double[] x = new double[n * c];
		long[] labels = new long[n];
		for (int i = 0; i < x.length; i++) {
			x[i] = 3 * random.nextGaussian();
		}
		for (int i = 0; i < n; i++) {
			labels[i] = random.nextInt(c);
		}
		SampleBatch batch = new SampleBatch(0, n, c, x, null, 0, labels, null, 0, null, null, null);
		PerSampleSink sink = new PerSampleSink() {

			@Override
			public boolean keepsGradients() {
				return false;
			}

			@Override
			public boolean append(int rows, int width, double[] losses, double[] weights, double[] raw) {
				return false;
			}

		};
		String[] json = new String[2];
		for (int run = 0; run < 2; run++) {
			Violations v = new Violations();
			Loss loss = CategoricalLoss.of(new CategoricalLoss.Options(InputType.LOGITS, null, null, null, null, null),
					v);
			Summaries summaries = Summaries.of(
					new Summaries.Options(new String[] { "stderr", "accuracy", "calibration", "worst", "perplexity" },
							null, null, null, null),
					new Summaries.Convention(Summaries.Family.CATEGORICAL, InputType.LOGITS, null, null, null, false,
							null, true, List.of()),
					v);
			v.throwIfAny();
			Scoring scoring = new Scoring(loss, Reduction.MEAN, (run == 0) ? null : sink, Long.MAX_VALUE, summaries);
			scoring.accept(batch);
			Aggregates a = scoring.finish();
			json[run] = dev.xent.loss.json.ResultJson.toJson(a, summaries.report(a, null));
		}
		assertThat(json[0]).contains("\"calibration\"").isEqualTo(json[1]);
	}

	/**
	 * Finite losses whose sum overflows: the weights are named when there are some to
	 * scale down, else the predictions.
	 */
	@Test
	void aSumThatOverflowsNamesWhatCanBeChanged() {
		double[] z = { 1.7e308, 1.7e308 };
		double[] y = { 0, 0 };
		for (double[] weights : new double[][] { null, { 1, 1 } }) {
			Violations v = new Violations();
			Loss loss = BinaryLoss.of(new BinaryLoss.Options(InputType.LOGITS, true, null, null, null, null, null), v);
			Scoring scoring = new Scoring(loss, Reduction.MEAN, null, Long.MAX_VALUE);
			InvalidBatchException e = catchThrowableOfType(InvalidBatchException.class,
					() -> scoring.accept(new SampleBatch(0, 2, 1, z, y, 1, null, null, 0, weights, null, null)));
			assertThat(e).isNotNull();
			assertThat(e.violations()).extracting(Violation::pointer)
				.containsExactly((weights == null) ? "/predictions" : "/sampleWeights");
		}
	}

	private static List<Violation> errors(double[] p, double[] y, double epsilon, boolean summaries) {
		Violations v = new Violations();
		Loss loss = BinaryLoss
			.of(new BinaryLoss.Options(InputType.PROBABILITIES, true, null, null, null, null, epsilon), v);
		Summaries s = summaries
				? Summaries.of(new Summaries.Options(new String[] { "stderr", "calibration" }, null, null, null, null),
						new Summaries.Convention(Summaries.Family.BINARY, InputType.PROBABILITIES, null, epsilon, null,
								false, null, true, List.of()),
						v)
				: null;
		v.throwIfAny();
		Scoring scoring = new Scoring(loss, Reduction.MEAN, null, Long.MAX_VALUE, s);
		InvalidBatchException e = catchThrowableOfType(InvalidBatchException.class,
				() -> scoring.accept(new SampleBatch(0, p.length, 1, p, y, 1, null, null, 0, null, null, null)));
		assertThat(e).isNotNull();
		return e.violations();
	}

	@Test
	void aSubnormalWeightSumIsRefusedWhenTheMeansGradientsAreAskedEvenIfAllAreZero() {
		// γ = 40 on 1 − p_t = 1e-300 underflows the term and its gradient to 0
		LossBatch focal = binary(new double[] { 0 }, 1e-300).gamma(40).sampleWeights(Double.MIN_VALUE).batch();
		// a coefficient s·(a/C) that underflows to 0
		LossBatch crossEntropy = categoricalTargets(new double[][] { { 1, 0, 0, 0 } },
				new double[][] { { 0.25, 0.25, 0.25, 0.25 } })
			.labelSmoothing(1)
			.sampleWeights(Double.MIN_VALUE)
			.batch();
		for (LossBatch batch : new LossBatch[] { focal, crossEntropy }) {
			InvalidBatchException e = catchThrowableOfType(InvalidBatchException.class,
					() -> Scorer.score(batch, Reduction.MEAN, true, true));
			assertThat(e).isNotNull();
			assertThat(e.violations()).extracting(Violation::pointer).containsExactly("/sampleWeights");
			LossResult sum = Scorer.score(batch, Reduction.SUM, true, true);
			assertThat(sum.gradients()).containsOnly(0.0);
			LossResult aggregates = Scorer.score(batch, Reduction.MEAN, true, false);
			assertThat(aggregates.weightSum()).isEqualTo(Double.MIN_VALUE);
		}
	}

}
