package dev.xent.loss;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.xent.loss.TestSupport.EPS;
import static dev.xent.loss.TestSupport.assertClose;
import static dev.xent.loss.TestSupport.assertExactlyZero;
import static dev.xent.loss.TestSupport.assertGradientsMatchFiniteDifferences;
import static dev.xent.loss.TestSupport.binaryLogits;
import static dev.xent.loss.TestSupport.categoricalLabels;
import static dev.xent.loss.TestSupport.categoricalTargets;
import static dev.xent.loss.TestSupport.score;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The categorical kernel for every input type, with labels and with targets, against
 * closed forms written out in each test; cross-checks of equivalent forms; gradients
 * against finite differences.
 */
class CategoricalCrossEntropyTests {

	private static final double[][] P = { { 0.7, 0.2, 0.1 }, { 0.1, 0.3, 0.6 } };

	private static final double[][] Q = { { 0.5, 0.5, 0 }, { 0.2, 0.3, 0.5 } };

	private static final double[][] Z = { { 1, 2, 3 }, { 0, 0, 0 } };

	// ---- each input type, labels and targets ----

	@Test
	void labelsOnProbabilitiesCostMinusTheLogOfTheLabelledClass() {
		LossResult r = score(categoricalLabels(P, 0, 2), Reduction.SUM);

		assertClose(new double[] { -Math.log(0.7), -Math.log(0.6) }, r.losses());
		assertClose(new double[] { -1 / 0.7, 0, 0, 0, 0, -1 / 0.6 }, r.gradients());
		assertClose(-Math.log(0.7) - Math.log(0.6), r.sum());
		assertClose((-Math.log(0.7) - Math.log(0.6)) / 2, r.mean());
		assertThat(r.count()).isEqualTo(2);
		assertThat(r.weightSum()).isEqualTo(2.0);
		assertThat(r.samples()).isEqualTo(2);
		assertThat(r.columns()).isEqualTo(3);
	}

	@Test
	void labelsOnLogitsCostLogSumExpMinusTheLabelledLogit() {
		LossResult r = score(categoricalLabels(Z, 2, 1).logits(), Reduction.SUM);

		double lse = Math.log(Math.E + Math.exp(2) + Math.exp(3));
		assertClose(new double[] { lse - 3, Math.log(3) }, r.losses());
		assertClose(new double[] { Math.exp(1 - lse), Math.exp(2 - lse), Math.exp(3 - lse) - 1, //
				1.0 / 3, 1.0 / 3 - 1, 1.0 / 3 }, r.gradients());
	}

	@Test
	void labelsOnLogProbabilitiesCostMinusTheLabelledValue() {
		double[][] x = { { Math.log(0.7), Math.log(0.2), Math.log(0.1) },
				{ Math.log(0.1), Math.log(0.3), Math.log(0.6) } };
		LossResult r = score(categoricalLabels(x, 0, 2).logProbabilities(), Reduction.SUM);

		assertThat(r.losses()).containsExactly(-Math.log(0.7), -Math.log(0.6));
		assertClose(new double[] { -1, 0, 0, 0, 0, -1 }, r.gradients());
	}

	@Test
	void targetsOnProbabilitiesCostTheCrossEntropyOfTheDistributions() {
		LossResult r = score(categoricalTargets(P, Q), Reduction.SUM);

		assertClose(new double[] { -(0.5 * Math.log(0.7) + 0.5 * Math.log(0.2)),
				-(0.2 * Math.log(0.1) + 0.3 * Math.log(0.3) + 0.5 * Math.log(0.6)) }, r.losses());
		assertClose(new double[] { -0.5 / 0.7, -0.5 / 0.2, 0, -0.2 / 0.1, -0.3 / 0.3, -0.5 / 0.6 }, r.gradients());
		assertThat(r.weightSum()).isEqualTo(2.0);
		assertThat(r.count()).isEqualTo(2);
	}

	@Test
	void targetsOnLogitsGiveSoftmaxMinusTargetGradients() {
		LossResult r = score(new TestSupport.CategoricalSpec(InputType.LOGITS, Z).targets(Q), Reduction.SUM);

		double lse = Math.log(Math.E + Math.exp(2) + Math.exp(3));
		assertClose(new double[] { lse - (0.5 * 1 + 0.5 * 2), Math.log(3) }, r.losses());
		assertClose(new double[] { Math.exp(1 - lse) - 0.5, Math.exp(2 - lse) - 0.5, Math.exp(3 - lse), //
				1.0 / 3 - 0.2, 1.0 / 3 - 0.3, 1.0 / 3 - 0.5 }, r.gradients());
	}

	@Test
	void targetsOnLogProbabilitiesGiveMinusTargetGradients() {
		double[][] x = { { Math.log(0.7), Math.log(0.2), Math.log(0.1) },
				{ Math.log(0.1), Math.log(0.3), Math.log(0.6) } };
		LossResult r = score(new TestSupport.CategoricalSpec(InputType.LOG_PROBABILITIES, x).targets(Q), Reduction.SUM);

		assertClose(new double[] { -(0.5 * Math.log(0.7) + 0.5 * Math.log(0.2)),
				-(0.2 * Math.log(0.1) + 0.3 * Math.log(0.3) + 0.5 * Math.log(0.6)) }, r.losses());
		assertClose(new double[] { -0.5, -0.5, 0, -0.2, -0.3, -0.5 }, r.gradients());
	}

	// ---- weights ----

	@Test
	void classWeightsWithLabelsWeighTheLossAndTheMeanDenominator() {
		TestSupport.CategoricalSpec spec = categoricalLabels(P, 0, 2).classWeights(1, 2, 0.5);
		LossResult sum = score(spec, Reduction.SUM);
		LossResult mean = score(spec, Reduction.MEAN);

		double l0 = -Math.log(0.7);
		double l1 = -0.5 * Math.log(0.6);
		assertClose(new double[] { l0, l1 }, sum.losses());
		assertThat(sum.weightSum()).as("Σ w_{y_i}, PyTorch's weighted mean").isEqualTo(1.5);
		assertClose((l0 + l1) / 1.5, sum.mean());
		assertClose(new double[] { -1 / 0.7, 0, 0, 0, 0, -0.5 / 0.6 }, sum.gradients());
		assertClose(new double[] { -1 / 0.7 / 1.5, 0, 0, 0, 0, -0.5 / 0.6 / 1.5 }, mean.gradients());
	}

	@Test
	void classWeightsWithTargetsWeighEachClassTermButNotTheDenominator() {
		LossResult r = score(categoricalTargets(P, Q).classWeights(1, 2, 0.5), Reduction.SUM);

		double l0 = -(0.5 * Math.log(0.7) + 2 * 0.5 * Math.log(0.2));
		double l1 = -(0.2 * Math.log(0.1) + 2 * 0.3 * Math.log(0.3) + 0.5 * 0.5 * Math.log(0.6));
		assertClose(new double[] { l0, l1 }, r.losses());
		assertThat(r.weightSum()).isEqualTo(2.0);
		assertClose((l0 + l1) / 2, r.mean());
		assertClose(new double[] { -0.5 / 0.7, -2 * 0.5 / 0.2, 0, -0.2 / 0.1, -2 * 0.3 / 0.3, -0.5 * 0.5 / 0.6 },
				r.gradients());
	}

	@Test
	void sampleWeightsScaleLossesGradientsAndDenominatorTogetherWithClassWeights() {
		TestSupport.CategoricalSpec spec = categoricalLabels(P, 0, 2).sampleWeights(3, 0.5).classWeights(2, 1, 4);
		LossResult r = score(spec, Reduction.MEAN);

		double l0 = -3 * 2 * Math.log(0.7);
		double l1 = -0.5 * 4 * Math.log(0.6);
		double weightSum = 3 * 2 + 0.5 * 4;
		assertClose(new double[] { l0, l1 }, r.losses());
		assertThat(r.weightSum()).isEqualTo(weightSum);
		assertClose((l0 + l1) / weightSum, r.mean());
		assertClose(new double[] { -6 / 0.7 / weightSum, 0, 0, 0, 0, -2 / 0.6 / weightSum }, r.gradients());
	}

	@Test
	void aZeroSampleWeightRemovesTheSampleEvenWhenItsLossWouldBeInfinite() {
		LossResult r = score(
				categoricalLabels(new double[][] { { 0, 1 }, { 0.5, 0.5 } }, 0, 0).epsilon(0).sampleWeights(0, 1),
				Reduction.SUM);

		assertThat(r.losses()).containsExactly(0.0, Math.log(2));
		assertThat(r.gradients()).containsExactly(0.0, 0.0, -2.0, 0.0);
		assertThat(r.weightSum()).isEqualTo(1.0);
	}

	// ---- ignoreIndex ----

	@Test
	void ignoredSamplesAddNothingAndAreNotCounted() {
		double[][] p = { { 0.7, 0.2, 0.1 }, { 0.1, 0.3, 0.6 }, { 0.25, 0.25, 0.5 } };
		TestSupport.CategoricalSpec spec = categoricalLabels(p, 0, -100, 2).ignoreIndex(-100).sampleWeights(1, 5, 2);
		LossResult r = score(spec, Reduction.MEAN);

		assertClose(new double[] { -Math.log(0.7), 0, -2 * Math.log(0.5) }, r.losses());
		assertThat(r.losses()[1]).isZero();
		assertThat(r.count()).isEqualTo(2);
		assertThat(r.weightSum()).isEqualTo(3.0);
		assertClose((-Math.log(0.7) - 2 * Math.log(0.5)) / 3, r.mean());
		assertExactlyZero(new double[] { r.gradients()[3], r.gradients()[4], r.gradients()[5] });
		assertClose(new double[] { -1 / 0.7 / 3, 0, 0, 0, 0, 0, 0, 0, -2 / 0.5 / 3 }, r.gradients());
	}

	@Test
	void ignoreIndexEqualToAValidClassIgnoresThatClassEvenWithSmoothing() {
		double[][] p = { { 0.7, 0.2, 0.1 }, { 0.1, 0.3, 0.6 }, { 0.25, 0.25, 0.5 } };
		LossResult r = score(categoricalLabels(p, 0, 1, 2).ignoreIndex(1).labelSmoothing(0.3), Reduction.SUM);

		assertThat(r.count()).isEqualTo(2);
		assertThat(r.weightSum()).isEqualTo(2.0);
		assertThat(r.losses()[1]).isZero();
		assertExactlyZero(new double[] { r.gradients()[3], r.gradients()[4], r.gradients()[5] });
		double smooth = 0.3 / 3;
		assertClose(-(0.7 * Math.log(0.7) + smooth * (Math.log(0.7) + Math.log(0.2) + Math.log(0.1))), r.losses()[0]);
	}

	@Test
	void allSamplesIgnoredGivesNoMeanAndZeroGradients() {
		LossResult r = score(categoricalLabels(P, -1, -1).ignoreIndex(-1), Reduction.MEAN);

		assertThat(r.count()).isZero();
		assertThat(r.weightSum()).isZero();
		assertThat(r.mean()).isNull();
		assertThat(r.sum()).isZero();
		assertThat(r.gradients()).hasSize(6);
		assertExactlyZero(r.gradients());
	}

	@Test
	void zeroWeightSumWithANonZeroSumGivesNoMeanAndZeroMeanGradients() {
		// every label's class weight is 0, but smoothing still puts weight on the other
		// classes
		TestSupport.CategoricalSpec spec = categoricalLabels(P, 0, 0).classWeights(0, 1, 1).labelSmoothing(0.3);
		LossResult mean = score(spec, Reduction.MEAN);
		LossResult sum = score(spec, Reduction.SUM);

		assertThat(mean.weightSum()).isZero();
		assertThat(mean.mean()).isNull();
		assertClose(-0.1 * (Math.log(0.2) + Math.log(0.1) + Math.log(0.3) + Math.log(0.6)), mean.sum());
		assertExactlyZero(mean.gradients());
		assertClose(new double[] { 0, -0.1 / 0.2, -0.1 / 0.1, 0, -0.1 / 0.3, -0.1 / 0.6 }, sum.gradients());
	}

	// ---- label smoothing ----

	@Test
	void labelSmoothingMixesTheLabelWithTheUniformDistribution() {
		// a = 0.1, C = 3: κ_c = 0.9·[c = y] + 0.1/3
		LossResult r = score(categoricalLabels(P, 0, 2).labelSmoothing(0.1), Reduction.SUM);

		double u = 0.1 / 3;
		double uniform0 = Math.log(0.7) + Math.log(0.2) + Math.log(0.1);
		double uniform1 = Math.log(0.1) + Math.log(0.3) + Math.log(0.6);
		assertClose(new double[] { -(0.9 * Math.log(0.7) + u * uniform0), -(0.9 * Math.log(0.6) + u * uniform1) },
				r.losses());
		assertClose(new double[] { -(0.9 + u) / 0.7, -u / 0.2, -u / 0.1, -u / 0.1, -u / 0.3, -(0.9 + u) / 0.6 },
				r.gradients());
	}

	@Test
	void labelSmoothingWithClassWeightsWeighsEachSmoothedTermByItsClass() {
		// PyTorch: (1 − a)·w_y·(−log p_y) + (a/C)·Σ_c w_c·(−log p_c)
		LossResult r = score(categoricalLabels(P, 0, 2).labelSmoothing(0.1).classWeights(1, 2, 0.5), Reduction.SUM);

		double u = 0.1 / 3;
		assertClose(-(0.9 * 1 * Math.log(0.7) + u * (Math.log(0.7) + 2 * Math.log(0.2) + 0.5 * Math.log(0.1))),
				r.losses()[0]);
		assertClose(-(0.9 * 0.5 * Math.log(0.6) + u * (Math.log(0.1) + 2 * Math.log(0.3) + 0.5 * Math.log(0.6))),
				r.losses()[1]);
		assertThat(r.weightSum()).isEqualTo(1.5);
	}

	@Test
	void labelSmoothingOfOneIgnoresTheLabel() {
		LossResult r = score(categoricalLabels(P, 0, 2).labelSmoothing(1), Reduction.SUM);
		LossResult other = score(categoricalLabels(P, 1, 0).labelSmoothing(1), Reduction.SUM);

		assertClose(new double[] { -(Math.log(0.7) + Math.log(0.2) + Math.log(0.1)) / 3,
				-(Math.log(0.1) + Math.log(0.3) + Math.log(0.6)) / 3 }, r.losses());
		assertThat(other.losses()).containsExactly(r.losses());
		assertThat(other.gradients()).containsExactly(r.gradients());
	}

	@Test
	void labelSmoothingOnTargetsMixesTheTargetWithTheUniformDistribution() {
		LossResult r = score(categoricalTargets(P, Q).labelSmoothing(0.3), Reduction.SUM);

		double u = 0.1;
		assertClose(-((0.7 * 0.5 + u) * Math.log(0.7) + (0.7 * 0.5 + u) * Math.log(0.2) + u * Math.log(0.1)),
				r.losses()[0]);
		assertClose(new double[] { -(0.35 + u) / 0.7, -(0.35 + u) / 0.2, -u / 0.1 },
				new double[] { r.gradients()[0], r.gradients()[1], r.gradients()[2] });
	}

	// ---- renormalize and clipping ----

	@Test
	void renormalizeDividesEachRowByItsSumAndDifferentiatesThroughTheDivision() {
		double[][] raw = { { 2, 1, 1 }, { 1, 1, 2 } };
		LossResult r = score(categoricalLabels(raw, 0, 2).renormalize(true), Reduction.SUM);

		assertClose(new double[] { Math.log(2), Math.log(2) }, r.losses());
		// ∂/∂x_j of −log(x_y / Σx) = −[j = y]/x_y + 1/Σx
		assertClose(new double[] { -1.0 / 2 + 1.0 / 4, 1.0 / 4, 1.0 / 4, 1.0 / 4, 1.0 / 4, -1.0 / 2 + 1.0 / 4 },
				r.gradients());
	}

	@Test
	void renormalizeOfANormalisedRowOnlyAddsTheRowSumTermToTheGradient() {
		LossResult plain = score(categoricalTargets(P, Q), Reduction.SUM);
		LossResult renormalized = score(categoricalTargets(P, Q).renormalize(true), Reduction.SUM);

		assertClose(plain.losses(), renormalized.losses());
		// Σ_c q_c = 1 is added to every entry: the loss no longer depends on the row's
		// scale
		double[] shifted = plain.gradients().clone();
		for (int i = 0; i < shifted.length; i++) {
			shifted[i] += 1;
		}
		assertClose(shifted, renormalized.gradients());
	}

	@Test
	void exactZeroAndOneProbabilitiesAreClippedWithZeroGradient() {
		double[][] p = { { 1, 0, 0 }, { 1, 0, 0 }, { 0.5, 0.5, 0 } };
		LossResult r = score(categoricalLabels(p, 0, 1, 2), Reduction.SUM);

		double logEps = Math.log(EPS);
		assertClose(new double[] { -Math.log1p(-EPS), -logEps, -logEps }, r.losses());
		assertThat(r.losses()[0]).isPositive();
		assertExactlyZero(r.gradients());
	}

	@Test
	void clippingZeroesOnlyTheGradientOfTheClippedEntry() {
		LossResult r = score(categoricalLabels(new double[][] { { 0.5, 0.5, 0 } }, 0).labelSmoothing(0.3),
				Reduction.SUM);

		assertClose(-(0.8 * Math.log(0.5) + 0.1 * Math.log(0.5) + 0.1 * Math.log(EPS)), r.losses()[0]);
		assertClose(-0.8 / 0.5, r.gradients()[0]);
		assertClose(-0.1 / 0.5, r.gradients()[1]);
		assertExactlyZero(new double[] { r.gradients()[2] });
	}

	@Test
	void renormalizedProbabilitiesAreClippedAfterTheDivision() {
		// 3 / 3 = 1 is clipped to 1 − ε after the division, so the row's gradient is 0
		LossResult r = score(categoricalLabels(new double[][] { { 3, 0 } }, 0).renormalize(true), Reduction.SUM);

		assertClose(-Math.log1p(-EPS), r.losses()[0]);
		assertExactlyZero(r.gradients());
	}

	// ---- equivalent forms ----

	static Stream<Arguments> labelOptions() {
		return Stream.of(InputType.values())
			.flatMap((type) -> Stream.of(Arguments.of(type, 0.0, false), Arguments.of(type, 0.2, false),
					Arguments.of(type, 0.0, true), Arguments.of(type, 0.2, true)));
	}

	@ParameterizedTest(name = "{0}, smoothing {1}, class weights {2}")
	@MethodSource("labelOptions")
	void indexLabelsEqualTheirOneHotTargets(InputType type, double smoothing, boolean classWeights) {
		double[][] p = { { 0.1, 0.2, 0.3, 0.4 }, { 0.55, 0.15, 0.2, 0.1 }, { 0.25, 0.25, 0.25, 0.25 } };
		double[][] x = (type == InputType.PROBABILITIES) ? p : logs(p);
		if (type == InputType.LOGITS) {
			x[1][2] += 3;
		}
		double[][] oneHot = { { 0, 0, 0, 1 }, { 1, 0, 0, 0 }, { 0, 1, 0, 0 } };
		TestSupport.CategoricalSpec labels = new TestSupport.CategoricalSpec(type, x).labels(3, 0, 1)
			.labelSmoothing(smoothing)
			.sampleWeights(1, 2, 0.5);
		TestSupport.CategoricalSpec targets = new TestSupport.CategoricalSpec(type, x).targets(oneHot)
			.labelSmoothing(smoothing)
			.sampleWeights(1, 2, 0.5);
		if (classWeights) {
			labels.classWeights(1, 2, 0.5, 3);
			targets.classWeights(1, 2, 0.5, 3);
		}
		LossResult fromLabels = score(labels, Reduction.SUM);
		LossResult fromTargets = score(targets, Reduction.SUM);

		assertClose(fromTargets.losses(), fromLabels.losses());
		assertClose(fromTargets.sum(), fromLabels.sum());
		assertClose(fromTargets.gradients(), fromLabels.gradients());
		assertThat(fromTargets.weightSum()).isEqualTo(3.5);
		if (classWeights) {
			assertThat(fromLabels.weightSum()).as("Σ s_i·w_{y_i}").isEqualTo(1 * 3 + 2 * 1 + 0.5 * 2);
		}
		else {
			assertThat(fromLabels.weightSum()).isEqualTo(3.5);
			assertClose(fromTargets.mean(), fromLabels.mean());
			assertClose(score(targets, Reduction.MEAN).gradients(), score(labels, Reduction.MEAN).gradients());
		}
	}

	@ParameterizedTest(name = "{0}")
	@EnumSource(names = { "SUM", "MEAN" })
	void logitsSoftmaxProbabilitiesAndLogSoftmaxGiveTheSameLoss(Reduction reduction) {
		for (boolean withTargets : new boolean[] { false, true }) {
			double[][] z = { { 0.3, -1.2, 2.0, 0.5 }, { 4, 4.5, -3, 0 }, { -1, -1, -1, -1 } };
			double[][] p = softmax(z);
			double[][] l = logSoftmax(z);
			LossResult logits = score(spec(InputType.LOGITS, z, withTargets), reduction);
			LossResult probabilities = score(spec(InputType.PROBABILITIES, p, withTargets), reduction);
			LossResult logProbabilities = score(spec(InputType.LOG_PROBABILITIES, l, withTargets), reduction);

			assertClose(logits.losses(), probabilities.losses());
			assertClose(logits.losses(), logProbabilities.losses());
			assertClose(logits.sum(), probabilities.sum());
			assertClose(logits.mean(), logProbabilities.mean());
			// chain rule, row by row: ∂ℓ/∂z_j = p_j·(g_j − Σ_c g_c p_c) for g = ∂ℓ/∂p,
			// and
			// h_j − p_j·Σ_c h_c for h = ∂ℓ/∂(log p)
			double[] throughProbabilities = new double[12];
			double[] throughLogProbabilities = new double[12];
			for (int i = 0; i < 3; i++) {
				double dot = 0;
				double total = 0;
				for (int c = 0; c < 4; c++) {
					dot += probabilities.gradients()[4 * i + c] * p[i][c];
					total += logProbabilities.gradients()[4 * i + c];
				}
				for (int j = 0; j < 4; j++) {
					throughProbabilities[4 * i + j] = p[i][j] * (probabilities.gradients()[4 * i + j] - dot);
					throughLogProbabilities[4 * i + j] = logProbabilities.gradients()[4 * i + j] - p[i][j] * total;
				}
			}
			assertClose(throughProbabilities, logits.gradients(), 1e-11);
			assertClose(throughLogProbabilities, logits.gradients(), 1e-11);
		}
	}

	private static TestSupport.CategoricalSpec spec(InputType type, double[][] x, boolean withTargets) {
		TestSupport.CategoricalSpec spec = new TestSupport.CategoricalSpec(type, x);
		if (withTargets) {
			spec.targets(new double[][] { { 0.1, 0.2, 0.3, 0.4 }, { 0, 0, 1, 0 }, { 0.5, 0, 0, 0.5 } });
		}
		else {
			spec.labels(2, 1, 3);
		}
		return spec.labelSmoothing(0.1).classWeights(1, 0.5, 2, 1.5).sampleWeights(1, 3, 0.5);
	}

	@Test
	void twoClassLogitsZeroAndZMatchBinaryLogitsZ() {
		double[] z = { -30, -2, 0.5, 7, 15 };
		double[] y = { 1, 0, 1, 0, 1 };
		long[] labels = { 1, 0, 1, 0, 1 };
		double[][] rows = new double[z.length][];
		for (int i = 0; i < z.length; i++) {
			rows[i] = new double[] { 0, z[i] };
		}
		LossResult categorical = score(categoricalLabels(rows, labels).logits(), Reduction.MEAN);
		LossResult binary = score(binaryLogits(z, y), Reduction.MEAN);

		assertClose(binary.losses(), categorical.losses());
		assertClose(binary.mean(), categorical.mean());
		for (int i = 0; i < z.length; i++) {
			assertClose(binary.gradients()[i], categorical.gradients()[2 * i + 1]);
			assertClose(-binary.gradients()[i], categorical.gradients()[2 * i]);
		}
	}

	@ParameterizedTest(name = "shift {0}")
	@ValueSource(doubles = { 1e5, -1e5 })
	void shiftingEveryLogitsRowLeavesLossesAndGradientsUnchanged(double shift) {
		// z + 1e5 is rounded to ulp(1e5) ≈ 1.5e-11, so the shifted inputs themselves
		// differ from
		// the exact shift by up to ~1e-11 absolute; losses and gradients of order 0.1–3
		// then agree
		// to ~1e-10 relative, not 1e-12
		double[][] z = { { 0.3, -1.2, 2.0, 0.5 }, { 1, 1.5, -2, 0 }, { -1, 0, 1, 0.25 } };
		double[][] shifted = new double[z.length][];
		for (int i = 0; i < z.length; i++) {
			shifted[i] = z[i].clone();
			for (int c = 0; c < z[i].length; c++) {
				shifted[i][c] += shift;
			}
		}
		for (boolean withTargets : new boolean[] { false, true }) {
			LossResult original = score(spec(InputType.LOGITS, z, withTargets), Reduction.MEAN);
			LossResult moved = score(spec(InputType.LOGITS, shifted, withTargets), Reduction.MEAN);

			assertClose(original.losses(), moved.losses(), 1e-9);
			assertClose(original.mean(), moved.mean(), 1e-9);
			assertClose(original.gradients(), moved.gradients(), 1e-9);
		}
	}

	@Test
	void logitsOfMagnitudeOneMillionGiveExactFiniteResults() {
		double[][] z = { { 1e6, -1e6, 0 }, { 1e6, -1e6, 0 } };
		LossResult r = score(categoricalLabels(z, 1, 0).logits(), Reduction.SUM);

		assertThat(r.losses()).containsExactly(2e6, 0.0);
		assertThat(r.gradients()[0]).isEqualTo(1.0);
		assertThat(r.gradients()[1]).isEqualTo(-1.0);
		assertExactlyZero(new double[] { r.gradients()[2], r.gradients()[3], r.gradients()[4], r.gradients()[5] });

		LossResult soft = score(new TestSupport.CategoricalSpec(InputType.LOGITS, new double[][] { { 1e6, -1e6, 0 } })
			.targets(new double[][] { { 0.5, 0.5, 0 } }), Reduction.SUM);
		assertThat(soft.losses()).containsExactly(1e6);
		assertThat(soft.gradients()).containsExactly(0.5, -0.5, 0.0);
	}

	// ---- finite differences ----

	static Stream<Arguments> gradientCases() {
		double[][] p = { { 0.2, 0.5, 0.3 }, { 0.05, 0.15, 0.8 }, { 0.4, 0.35, 0.25 } };
		double[][] raw = { { 2, 1, 0.5 }, { 0.3, 3, 1.2 }, { 1, 1, 1 } };
		double[][] z = { { 0.3, -1.2, 2.0 }, { 4, 4.5, -3 }, { -20, 0, 15 } };
		double[][] q = { { 0.1, 0.6, 0.3 }, { 0, 0, 1 }, { 0.5, 0.25, 0.25 } };
		List<Object[]> specs = new ArrayList<>();
		specs.add(new Object[] { "probabilities, labels", fd(() -> categoricalLabels(p, 1, 2, 0)), 1e-8 });
		specs.add(new Object[] { "probabilities, labels, every option",
				fd(() -> categoricalLabels(p, 1, 2, -1).ignoreIndex(-1)
					.labelSmoothing(0.2)
					.classWeights(1, 2, 0.5)
					.sampleWeights(2, 0.5, 1)
					.epsilon(1e-3)),
				1e-8 });
		specs.add(new Object[] { "probabilities, targets, every option",
				fd(() -> categoricalTargets(p, q).labelSmoothing(0.1).classWeights(1, 2, 0.5).sampleWeights(2, 0.5, 1)),
				1e-8 });
		specs.add(new Object[] { "renormalized probabilities, labels",
				fd(() -> categoricalLabels(raw, 0, 2, 1).renormalize(true)), 1e-6 });
		specs.add(new Object[] { "renormalized probabilities, labels, every option",
				fd(() -> categoricalLabels(raw, 0, 2, 1).renormalize(true)
					.labelSmoothing(0.3)
					.classWeights(0.5, 1, 3)
					.sampleWeights(1, 2, 0)),
				1e-6 });
		specs.add(new Object[] { "renormalized probabilities, targets",
				fd(() -> categoricalTargets(raw, q).renormalize(true).labelSmoothing(0.05).classWeights(1, 2, 3)),
				1e-6 });
		specs.add(new Object[] { "logits, labels", fd(() -> categoricalLabels(z, 2, 0, 1).logits()), 1e-6 });
		specs.add(new Object[] { "logits, labels, every option",
				fd(() -> categoricalLabels(z, 2, 7, 1).logits()
					.ignoreIndex(7)
					.labelSmoothing(0.25)
					.classWeights(1, 0, 2)
					.sampleWeights(1, 4, 0.5)),
				1e-6 });
		specs.add(new Object[] { "logits, targets, every option",
				fd(() -> new TestSupport.CategoricalSpec(InputType.LOGITS, z).targets(q)
					.labelSmoothing(0.1)
					.classWeights(2, 1, 0.5)
					.sampleWeights(0.5, 1, 2)),
				1e-6 });
		specs.add(new Object[] { "log-probabilities, labels",
				fd(() -> categoricalLabels(logs(p), 0, 1, 2).logProbabilities()), 1e-8 });
		specs.add(new Object[] { "log-probabilities, labels, every option",
				fd(() -> categoricalLabels(logs(p), 0, 1, 2).logProbabilities()
					.labelSmoothing(0.4)
					.classWeights(3, 1, 1)
					.sampleWeights(1, 1, 5)),
				1e-8 });
		specs.add(new Object[] { "log-probabilities, targets",
				fd(() -> new TestSupport.CategoricalSpec(InputType.LOG_PROBABILITIES, logs(p)).targets(q)
					.labelSmoothing(0.1)),
				1e-8 });
		List<Arguments> cases = new ArrayList<>();
		for (Object[] spec : specs) {
			for (Reduction reduction : Reduction.values()) {
				cases.add(Arguments.of(spec[0], spec[1], spec[2], reduction));
			}
		}
		return cases.stream();
	}

	/**
	 * Rows that must sum to 1 (probabilities, Σ exp of log-probabilities) are perturbed
	 * one entry at a time by 1e-8, inside the factory's ±1e-6 tolerance.
	 */
	@ParameterizedTest(name = "{0}, {3}")
	@MethodSource("gradientCases")
	void gradientsMatchFiniteDifferences(String name, Supplier<TestSupport.Spec> spec, double step,
			Reduction reduction) {
		assertGradientsMatchFiniteDifferences(spec.get(), reduction, step);
	}

	private static Supplier<TestSupport.Spec> fd(Supplier<TestSupport.Spec> spec) {
		return spec;
	}

	// ---- helpers ----

	private static double[][] logs(double[][] p) {
		double[][] l = new double[p.length][];
		for (int i = 0; i < p.length; i++) {
			l[i] = new double[p[i].length];
			for (int c = 0; c < p[i].length; c++) {
				l[i][c] = Math.log(p[i][c]);
			}
		}
		return l;
	}

	private static double[][] logSoftmax(double[][] z) {
		double[][] l = new double[z.length][];
		for (int i = 0; i < z.length; i++) {
			double max = Double.NEGATIVE_INFINITY;
			for (double v : z[i]) {
				max = Math.max(max, v);
			}
			double sum = 0;
			for (double v : z[i]) {
				sum += Math.exp(v - max);
			}
			double logZ = max + Math.log(sum);
			l[i] = new double[z[i].length];
			for (int c = 0; c < z[i].length; c++) {
				l[i][c] = z[i][c] - logZ;
			}
		}
		return l;
	}

	private static double[][] softmax(double[][] z) {
		double[][] p = logSoftmax(z);
		for (double[] row : p) {
			for (int c = 0; c < row.length; c++) {
				row[c] = Math.exp(row[c]);
			}
		}
		return p;
	}

}
