package dev.xent.loss;

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
