package dev.xent.loss;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static dev.xent.loss.BinaryFocalTests.assertSameBits;
import static dev.xent.loss.TestSupport.assertClose;
import static dev.xent.loss.TestSupport.assertGradientsMatchFiniteDifferences;
import static dev.xent.loss.TestSupport.binary;
import static dev.xent.loss.TestSupport.categoricalLabels;
import static dev.xent.loss.TestSupport.categoricalTargets;
import static dev.xent.loss.TestSupport.multilabel;
import static dev.xent.loss.TestSupport.score;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The framework-compatibility presets on the cross-entropy kernels ({@link Compat},
 * {@link ProbabilityRule}): what each does to probability inputs, and that logits and
 * log-probabilities are the same under every preset.
 */
class CompatTests {

	private static final double DELTA = 9.999999960041972e-13;

	@Test
	void torchDeltaIsTheFloat32ValueOfOneInATrillion() {
		assertThat(ProbabilityRule.TORCH_DELTA).isEqualTo(DELTA).isEqualTo((double) 1e-12f);
	}

	@Test
	void torchBinaryClampsEachLogAndUsesBceLossBackward() {
		double[] p = { 0, 1e-50, 0.3, 1, 1, 0.6, 1e-13 };
		double[] y = { 1, 1, 0, 0, 1, 0.25, 0 };
		LossResult r = score(binary(p, y).compat(Compat.TORCH), Reduction.SUM);

		assertThat(r.losses()[0]).isEqualTo(100.0);
		assertThat(r.losses()[1]).as("log 1e-50 = −115 is clamped").isEqualTo(100.0);
		assertClose(-Math.log1p(-0.3), r.losses()[2]);
		assertThat(r.losses()[3]).isEqualTo(100.0);
		assertThat(r.losses()[4]).isEqualTo(0.0);
		assertClose(-(0.25 * Math.log(0.6) + 0.75 * Math.log1p(-0.6)), r.losses()[5]);
		// (p − y)/max(p(1 − p), δ), whether or not a clamp acts
		assertThat(r.gradients()[0]).isEqualTo(-1 / DELTA);
		assertThat(r.gradients()[1]).isEqualTo((1e-50 - 1) / DELTA);
		assertClose(0.3 / (0.3 * 0.7), r.gradients()[2]);
		assertThat(r.gradients()[3]).isEqualTo(1 / DELTA);
		assertThat(r.gradients()[4]).isEqualTo(0.0);
		assertClose((0.6 - 0.25) / (0.6 * 0.4), r.gradients()[5]);
		assertClose(1e-13 / DELTA, r.gradients()[6]);
	}

	@Test
	void torchMultilabelKeepsColumnWeights() {
		LossResult r = score(multilabel(new double[][] { { 0.2, 0 } }, new double[][] { { 1, 1 } }).compat(Compat.TORCH)
			.classWeights(2, 0.5), Reduction.SUM);

		assertClose((2 * -Math.log(0.2) + 0.5 * 100) / 2, r.losses()[0]);
		assertClose(2.0 / 2 * (0.2 - 1) / (0.2 * 0.8), r.gradients()[0]);
		assertClose(0.5 / 2 * -1 / DELTA, r.gradients()[1]);
	}

	@Test
	void torchBinaryGradientsMatchFiniteDifferencesAwayFromTheClamp() {
		assertGradientsMatchFiniteDifferences(
				binary(new double[] { 0.9, 0.2, 0.6, 1e-3 }, 1, 0, 0.3, 1).compat(Compat.TORCH), Reduction.MEAN);
	}

	@Test
	void torchCategoricalClampsTheLogAndItsGradient() {
		double[][] p = { { 0, 0.5, 0.5 }, { 1e-50, 0.5, 0.5 }, { 0.2, 0.3, 0.5 }, { 1, 0, 0 } };
		LossResult r = score(categoricalLabels(p, 0, 0, 2, 0).compat(Compat.TORCH), Reduction.SUM);

		assertThat(r.losses()).containsExactly(100.0, 100.0, -Math.log(0.5), 0.0);
		assertThat(r.gradients()).containsExactly(0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, -2.0, -1.0, 0.0, 0.0);
		assertGradientsMatchFiniteDifferences(
				categoricalTargets(new double[][] { { 0.2, 0.3, 0.5 } }, new double[][] { { 0.1, 0.6, 0.3 } })
					.compat(Compat.TORCH)
					.labelSmoothing(0.1),
				Reduction.SUM, 1e-8);
	}

	@Test
	void kerasDividesCategoricalRowsThenClipsAtOneInTenMillion() {
		double[][] rows = { { 2, 1, 1 }, { 3, 0, 0 }, { 0.2, 0.3, 0.5 } };
		LossResult keras = score(categoricalLabels(rows, 0, 1, 2).compat(Compat.KERAS), Reduction.MEAN);
		LossResult renormalized = score(categoricalLabels(rows, 0, 1, 2).renormalize(true).epsilon(1e-7),
				Reduction.MEAN);

		assertSameBits(renormalized, keras);
		assertClose(-Math.log(1e-7), keras.losses()[1]);
		assertClose(-Math.log(0.5), keras.losses()[0]);
	}

	@Test
	void kerasBinaryClipsAtOneInTenMillion() {
		LossResult r = score(binary(new double[] { 0, 1, 0.5 }, 1, 1, 0).compat(Compat.KERAS), Reduction.SUM);

		assertClose(-Math.log(1e-7), r.losses()[0]);
		assertClose(-Math.log(1 - 1e-7), r.losses()[1]);
		assertThat(r.gradients()[0]).isEqualTo(0.0);
		assertThat(r.gradients()[1]).isEqualTo(0.0);
		assertClose(2, r.gradients()[2]);
	}

	@ParameterizedTest
	@EnumSource(Compat.class)
	void logitsAndLogProbabilitiesAreTheSameUnderEveryPreset(Compat compat) {
		double[][] z = { { 2.0, 0.5, -1.0 }, { 1e4, 0, -50 } };
		double[][] logP = { { Math.log(0.7), Math.log(0.2), Math.log(0.1) }, { 0, -800, -800 } };
		assertSameBits(score(categoricalLabels(z, 0, 2).logits().classWeights(1, 2, 3), Reduction.MEAN),
				score(categoricalLabels(z, 0, 2).logits().classWeights(1, 2, 3).compat(compat), Reduction.MEAN));
		assertSameBits(score(categoricalLabels(logP, 0, 2).logProbabilities().labelSmoothing(0.1), Reduction.SUM),
				score(categoricalLabels(logP, 0, 2).logProbabilities().labelSmoothing(0.1).compat(compat),
						Reduction.SUM));
	}

	@Test
	void sklearnIsTheDefaultBitForBit() {
		double[][] p = { { 0, 0.5, 0.5 }, { 1, 0, 0 }, { 0.2, 0.3, 0.5 } };
		assertSameBits(score(categoricalLabels(p, 0, 0, 2).classWeights(1, 2, 3), Reduction.MEAN),
				score(categoricalLabels(p, 0, 0, 2).classWeights(1, 2, 3).compat(Compat.SKLEARN), Reduction.MEAN));
		assertSameBits(score(categoricalLabels(p, 0, 0, 2).renormalize(true), Reduction.MEAN),
				score(categoricalLabels(p, 0, 0, 2).renormalize(true).compat(Compat.SKLEARN), Reduction.MEAN));
	}

	@Test
	void wireNamesRoundTrip() {
		for (Compat compat : Compat.values()) {
			assertThat(Compat.of(compat.wireName())).isSameAs(compat);
		}
		assertThat(Compat.of("tensorflow")).isNull();
		assertThat(Compat.of("Keras")).as("names are case-sensitive").isNull();
	}

}
