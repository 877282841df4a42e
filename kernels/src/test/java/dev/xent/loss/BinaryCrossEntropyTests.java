package dev.xent.loss;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import static dev.xent.loss.TestSupport.EPS;
import static dev.xent.loss.TestSupport.assertClose;
import static dev.xent.loss.TestSupport.assertExactlyZero;
import static dev.xent.loss.TestSupport.assertGradientsMatchFiniteDifferences;
import static dev.xent.loss.TestSupport.binary;
import static dev.xent.loss.TestSupport.binaryLogits;
import static dev.xent.loss.TestSupport.multilabel;
import static dev.xent.loss.TestSupport.score;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The binary and multi-label kernel, branch by branch, against closed forms written out
 * in each test, and its gradients against finite differences.
 */
class BinaryCrossEntropyTests {

	// ---- probabilities ----

	@Test
	void hardLabelsCostMinusTheLogOfTheObservedClassProbability() {
		LossResult r = score(binary(new double[] { 0.9, 0.2, 0.7 }, 1, 0, 0), Reduction.SUM);

		assertClose(new double[] { -Math.log(0.9), -Math.log(1 - 0.2), -Math.log(1 - 0.7) }, r.losses());
		assertClose(new double[] { -1 / 0.9, 1 / (1 - 0.2), 1 / (1 - 0.7) }, r.gradients());
		assertClose(-Math.log(0.9) - Math.log(0.8) - Math.log(0.3), r.sum());
		assertClose((-Math.log(0.9) - Math.log(0.8) - Math.log(0.3)) / 3, r.mean());
		assertThat(r.count()).isEqualTo(3);
		assertThat(r.weightSum()).isEqualTo(3.0);
		assertThat(r.samples()).isEqualTo(3);
		assertThat(r.columns()).as("binary predictions are a vector").isZero();
	}

	@Test
	void softLabelsWeighBothLogTerms() {
		LossResult r = score(binary(new double[] { 0.6, 0.25 }, 0.3, 0.8), Reduction.SUM);

		assertClose(new double[] { -(0.3 * Math.log(0.6) + 0.7 * Math.log(0.4)),
				-(0.8 * Math.log(0.25) + 0.2 * Math.log(0.75)) }, r.losses());
		assertClose(new double[] { -0.3 / 0.6 + 0.7 / 0.4, -0.8 / 0.25 + 0.2 / 0.75 }, r.gradients());
	}

	@Test
	void probabilitiesZeroAndOneAreClippedToEpsilonWithZeroGradient() {
		LossResult r = score(binary(new double[] { 0, 1, 0, 1 }, 1, 0, 0, 1), Reduction.SUM);

		double logEps = -52 * Math.log(2);
		assertThat(Math.log(EPS)).isEqualTo(logEps);
		assertClose(new double[] { -logEps, -logEps, -Math.log1p(-EPS), -Math.log1p(-EPS) }, r.losses());
		assertThat(r.losses()[2]).as("a confident right answer still costs -log(1 - ε) > 0").isPositive();
		assertExactlyZero(r.gradients());
	}

	@Test
	void probabilityExactlyAtEpsilonIsNotClippedAndKeepsItsGradient() {
		LossResult r = score(binary(new double[] { EPS, 1 - EPS, EPS / 2, 1 - EPS / 2 }, 1, 0, 1, 0), Reduction.SUM);

		assertThat(1 - EPS / 2).as("1 − ε/2 lies strictly between 1 − ε and 1").isLessThan(1.0).isGreaterThan(1 - EPS);
		double logEps = Math.log(EPS);
		assertClose(new double[] { -logEps, -logEps, -logEps, -logEps }, r.losses());
		assertThat(r.gradients()[0]).isEqualTo(-1 / EPS);
		assertThat(r.gradients()[1]).isEqualTo(1 / EPS);
		assertExactlyZero(new double[] { r.gradients()[2], r.gradients()[3] });
	}

	@Test
	void customEpsilonMovesTheClipBounds() {
		LossResult r = score(binary(new double[] { 0.0005, 0.9995, 0.001, 0.999, 0.5 }, 1, 0, 1, 0, 1).epsilon(1e-3),
				Reduction.SUM);

		double clipped = -Math.log(1e-3);
		assertClose(
				new double[] { clipped, -Math.log(1 - 0.999), -Math.log(0.001), -Math.log(1 - 0.999), -Math.log(0.5) },
				r.losses());
		double[] g = r.gradients();
		assertExactlyZero(new double[] { g[0], g[1] });
		assertClose(-1 / 0.001, g[2]);
		assertClose(1 / (1 - 0.999), g[3]);
		assertClose(-2, g[4]);
	}

	@Test
	void epsilonZeroWithACertainCorrectAnswerIsFiniteNotNaN() {
		LossResult r = score(binary(new double[] { 0, 1, 0.5 }, 0, 1, 1).epsilon(0), Reduction.SUM);

		assertThat(r.losses()).containsExactly(0.0, 0.0, Math.log(2));
		assertThat(r.gradients()).containsExactly(1.0, -1.0, -2.0);
		assertThat(r.sum()).isEqualTo(Math.log(2));
	}

	@Test
	void aSmallProbabilityForANegativeCostsAboutThatProbabilityNotRoundingNoise() {
		// −log(1 − p) = p + p²/2 + …; log(1 − p) with 1 − p rounded first would be off by
		// ~1e-16
		double p = 1e-10;
		LossResult r = score(binary(new double[] { p, 1e-17 }, 0, 0).epsilon(0), Reduction.SUM);

		assertClose(p + p * p / 2, r.losses()[0], 1e-12, 0);
		assertClose(1e-17, r.losses()[1], 1e-12, 0);
		assertClose(1 / (1 - p), r.gradients()[0]);
	}

	@Test
	void negativeLabelLossIsMinusLog1pOfMinusPAcrossTheWholeRange() {
		double[] p = { 1e-300, 1e-20, 2e-16, 1e-12, 3e-9, 1e-4, 0.01, 0.1, 0.3, 0.5, 0.7, 0.99, 1 - 1e-9, 1 - 1e-15 };
		LossResult r = score(binary(p, new double[p.length]).epsilon(0), Reduction.SUM);

		for (int i = 0; i < p.length; i++) {
			assertClose(-Math.log1p(-p[i]), r.losses()[i], 1e-12, 0);
			assertClose(1 / (1 - p[i]), r.gradients()[i]);
		}
	}

	@Test
	void posWeightScalesOnlyThePositiveTerm() {
		LossResult r = score(binary(new double[] { 0.8, 0.8, 0.4 }, 1, 0, 0.5).posWeight(3), Reduction.SUM);

		assertClose(
				new double[] { -3 * Math.log(0.8), -Math.log(0.2), -(3 * 0.5 * Math.log(0.4) + 0.5 * Math.log(0.6)) },
				r.losses());
		assertClose(new double[] { -3 / 0.8, 1 / 0.2, -3 * 0.5 / 0.4 + 0.5 / 0.6 }, r.gradients());
		assertThat(r.weightSum()).as("posWeight is not a sample weight").isEqualTo(3.0);
	}

	@Test
	void labelSmoothingMovesLabelsTowardsOneHalfBeforePosWeightApplies() {
		// a = 0.2: y' = y·0.8 + 0.1, so 1 → 0.9, 0 → 0.1, 0.5 → 0.5
		LossResult r = score(binary(new double[] { 0.7, 0.7, 0.1 }, 1, 0, 0.5).labelSmoothing(0.2).posWeight(2),
				Reduction.SUM);

		assertClose(new double[] { -(2 * 0.9 * Math.log(0.7) + 0.1 * Math.log(0.3)),
				-(2 * 0.1 * Math.log(0.7) + 0.9 * Math.log(0.3)), -(2 * 0.5 * Math.log(0.1) + 0.5 * Math.log(0.9)) },
				r.losses());
		assertClose(new double[] { -2 * 0.9 / 0.7 + 0.1 / 0.3, -2 * 0.1 / 0.7 + 0.9 / 0.3, -2 * 0.5 / 0.1 + 0.5 / 0.9 },
				r.gradients());
	}

	@Test
	void sampleWeightsScaleLossesGradientsAndTheMeanDenominator() {
		TestSupport.BinarySpec spec = binary(new double[] { 0.9, 0.2, 0.7 }, 1, 0, 0).sampleWeights(2, 0, 0.5);
		LossResult sum = score(spec, Reduction.SUM);
		LossResult mean = score(spec, Reduction.MEAN);

		double[] expected = { -2 * Math.log(0.9), 0, -0.5 * Math.log(0.3) };
		assertClose(expected, sum.losses());
		assertThat(sum.losses()[1]).isZero();
		assertThat(sum.weightSum()).isEqualTo(2.5);
		assertThat(sum.count()).as("a zero weight still counts as a sample").isEqualTo(3);
		assertClose(expected[0] + expected[2], sum.sum());
		assertClose((expected[0] + expected[2]) / 2.5, sum.mean());
		assertClose(new double[] { -2 / 0.9, 0, 0.5 / 0.3 }, sum.gradients());
		assertClose(new double[] { -2 / 0.9 / 2.5, 0, 0.5 / 0.3 / 2.5 }, mean.gradients());
	}

	@Test
	void aZeroWeightRemovesASampleEvenWhenItsUnweightedLossIsInfinite() {
		// With epsilon 0, p = 0 for an observed 1 is -log 0 = ∞; weight 0 masks the
		// sample (as
		// padding is masked), as the categorical kernel does, instead of making 0·∞ =
		// NaN.
		LossResult r = score(binary(new double[] { 0, 0.5 }, 1, 1).epsilon(0).sampleWeights(0, 1), Reduction.SUM);

		assertThat(r.losses()).containsExactly(0.0, Math.log(2));
		assertThat(r.gradients()).containsExactly(0.0, -2.0);

		LossResult column = score(
				multilabel(new double[][] { { 0, 0.5 } }, new double[][] { { 1, 1 } }).epsilon(0).classWeights(0, 1),
				Reduction.SUM);
		assertThat(column.losses()).containsExactly(Math.log(2) / 2);
		assertThat(column.gradients()).containsExactly(0.0, -1.0);
	}

	// ---- logits ----

	@Test
	void logitsOfMagnitudeOneMillionGiveExactFiniteResults() {
		LossResult r = score(binaryLogits(new double[] { 1e6, -1e6, 1e6, -1e6 }, 0, 1, 1, 0), Reduction.SUM);

		assertThat(r.losses()).containsExactly(1e6, 1e6, 0.0, 0.0);
		assertThat(r.sum()).isEqualTo(2e6);
		assertThat(r.gradients()[0]).isEqualTo(1.0);
		assertThat(r.gradients()[1]).isEqualTo(-1.0);
		assertExactlyZero(new double[] { r.gradients()[2], r.gradients()[3] });
	}

	@Test
	void logitsOfSevenHundredKeepTheirExponentiallySmallTails() {
		LossResult r = score(binaryLogits(new double[] { 700, -700, 700, -700 }, 0, 0, 1, 1), Reduction.SUM);

		double tail = Math.exp(-700);
		assertThat(tail).isPositive();
		assertThat(r.losses()[0]).isEqualTo(700.0);
		assertClose(tail, r.losses()[1], 1e-12, 0);
		assertClose(tail, r.losses()[2], 1e-12, 0);
		assertThat(r.losses()[3]).isEqualTo(700.0);
		assertThat(r.gradients()[0]).isEqualTo(1.0);
		assertClose(tail, r.gradients()[1], 1e-12, 0);
		assertClose(-tail, r.gradients()[2], 1e-12, 0);
		assertThat(r.gradients()[3]).isEqualTo(-1.0);
	}

	@Test
	void logitsOfFortyUseSoftplusNotLogOfOnePlusExp() {
		// log(1 + e^-40) would round 1 + 4.2e-18 to 1 and give 0
		LossResult r = score(binaryLogits(new double[] { 40, -40, 40, -40 }, 0, 0, 1, 1), Reduction.SUM);

		double small = Math.exp(-40);
		double[] l = r.losses();
		double[] g = r.gradients();
		assertClose(40 + Math.log1p(small), l[0], 1e-12, 0);
		assertClose(Math.log1p(small), l[1], 1e-12, 0);
		assertClose(Math.log1p(small), l[2], 1e-12, 0);
		assertClose(40 + Math.log1p(small), l[3], 1e-12, 0);
		assertClose(1 / (1 + small), g[0], 1e-12, 0);
		assertClose(small / (1 + small), g[1], 1e-12, 0);
		assertClose(-small / (1 + small), g[2], 1e-12, 0);
		assertClose(-1 / (1 + small), g[3], 1e-12, 0);
	}

	@Test
	void logitsMatchProbabilitiesThroughTheSigmoid() {
		double[] z = { -5, -1.3, 0, 0.4, 3, 5 };
		double[] y = { 0, 1, 0.5, 0.25, 1, 0 };
		double[] s = { 1, 2, 0.5, 1, 3, 1 };
		double[] p = new double[z.length];
		for (int i = 0; i < z.length; i++) {
			p[i] = 1 / (1 + Math.exp(-z[i]));
		}
		LossResult fromLogits = score(binaryLogits(z, y).posWeight(1.5).labelSmoothing(0.1).sampleWeights(s),
				Reduction.SUM);
		LossResult fromProbabilities = score(binary(p, y).posWeight(1.5).labelSmoothing(0.1).sampleWeights(s),
				Reduction.SUM);

		assertClose(fromProbabilities.losses(), fromLogits.losses());
		assertClose(fromProbabilities.sum(), fromLogits.sum());
		// chain rule: ∂ℓ/∂z = ∂ℓ/∂p · p(1 − p)
		double[] chained = new double[z.length];
		for (int i = 0; i < z.length; i++) {
			chained[i] = fromProbabilities.gradients()[i] * p[i] * (1 - p[i]);
		}
		assertClose(chained, fromLogits.gradients());
	}

	// ---- multi-label ----

	@Test
	void multilabelAveragesWeightedColumnsWithPerColumnPosWeights() {
		TestSupport.BinarySpec spec = multilabel(new double[][] { { 0.9, 0.2, 0.6 }, { 0.3, 0.8, 0.5 } },
				new double[][] { { 1, 0, 1 }, { 0, 1, 0.5 } })
			.classWeights(1, 0.5, 2)
			.posWeights(1, 2, 3)
			.sampleWeights(1, 2);
		LossResult r = score(spec, Reduction.SUM);

		double e00 = -Math.log(0.9);
		double e01 = -Math.log(0.8);
		double e02 = -3 * Math.log(0.6);
		double e10 = -Math.log(0.7);
		double e11 = -2 * Math.log(0.8);
		double e12 = -(3 * 0.5 * Math.log(0.5) + 0.5 * Math.log(0.5));
		double l0 = (e00 + 0.5 * e01 + 2 * e02) / 3;
		double l1 = 2 * (e10 + 0.5 * e11 + 2 * e12) / 3;
		assertClose(new double[] { l0, l1 }, r.losses());
		assertClose(l0 + l1, r.sum());
		assertThat(r.weightSum()).as("Σ sample weights; class weights are not in the denominator").isEqualTo(3.0);
		assertClose((l0 + l1) / 3, r.mean());
		assertClose(new double[] { -1 / 0.9 / 3, 0.5 / 0.8 / 3, 2 * (-3 / 0.6) / 3, //
				2 * (1 / 0.7) / 3, 2 * 0.5 * (-2 / 0.8) / 3, 2 * 2 * (-1.5 / 0.5 + 0.5 / 0.5) / 3 }, r.gradients());
		assertThat(r.samples()).isEqualTo(2);
		assertThat(r.columns()).isEqualTo(3);
	}

	@Test
	void scalarPosWeightAppliesToEveryColumn() {
		double[][] p = { { 0.9, 0.2, 0.6 }, { 0.3, 0.8, 0.5 } };
		double[][] y = { { 1, 0, 1 }, { 0, 1, 0.5 } };
		LossResult scalar = score(multilabel(p, y).posWeight(2.5), Reduction.MEAN);
		LossResult vector = score(multilabel(p, y).posWeights(2.5, 2.5, 2.5), Reduction.MEAN);
		LossResult none = score(multilabel(p, y), Reduction.MEAN);

		assertThat(scalar.losses()).containsExactly(vector.losses());
		assertThat(scalar.gradients()).containsExactly(vector.gradients());
		assertThat(scalar.sum()).isGreaterThan(none.sum());
	}

	@Test
	void multilabelWithoutOptionsIsTheMeanOverAllElements() {
		// PyTorch's BCE mean over the N·K elements
		double[][] p = { { 0.9, 0.2 }, { 0.3, 0.6 } };
		LossResult r = score(multilabel(p, new double[][] { { 1, 0 }, { 1, 1 } }), Reduction.MEAN);

		double elements = -(Math.log(0.9) + Math.log(0.8) + Math.log(0.3) + Math.log(0.6));
		assertClose(elements / 4, r.mean());
		assertClose(new double[] { -1 / 0.9 / 4, 1 / 0.8 / 4, -1 / 0.3 / 4, -1 / 0.6 / 4 }, r.gradients());
	}

	// ---- reductions ----

	@Test
	void meanGradientsAreSumGradientsOverTheWeightSumAndNoneEqualsSum() {
		TestSupport.BinarySpec spec = binaryLogits(new double[] { -2, 0.5, 3, 1 }, 1, 0, 0.3, 1).sampleWeights(0.5, 2,
				1, 0.25);
		LossResult mean = score(spec, Reduction.MEAN);
		LossResult sum = score(spec, Reduction.SUM);
		LossResult none = score(spec, Reduction.NONE);

		assertThat(sum.weightSum()).isEqualTo(3.75);
		double[] scaled = sum.gradients().clone();
		for (int i = 0; i < scaled.length; i++) {
			scaled[i] /= sum.weightSum();
		}
		assertClose(scaled, mean.gradients());
		assertThat(none.gradients()).containsExactly(sum.gradients());
		assertThat(mean.losses()).containsExactly(sum.losses());
		assertThat(mean.sum()).isEqualTo(sum.sum());
		assertClose(sum.sum() / 3.75, mean.mean());
	}

	@Test
	void zeroWeightSumGivesNoMeanAndZeroMeanGradients() {
		TestSupport.BinarySpec spec = binary(new double[] { 0.3, 0.9 }, 1, 0).sampleWeights(0, 0);
		LossResult r = score(spec, Reduction.MEAN);

		assertThat(r.weightSum()).isZero();
		assertThat(r.mean()).isNull();
		assertThat(r.sum()).isZero();
		assertThat(r.count()).isEqualTo(2);
		assertExactlyZero(r.gradients());
		assertThat(r.gradients()).hasSize(2);
	}

	@Test
	void lossesAndGradientsAreLeftOutWhenNotRequested() {
		LossBatch batch = binary(new double[] { 0.3, 0.9 }, 1, 0).batch();
		LossResult bare = Scorer.score(batch, Reduction.MEAN, false, false);
		LossResult full = Scorer.score(batch, Reduction.MEAN, true, true);

		assertThat(bare.losses()).isNull();
		assertThat(bare.gradients()).isNull();
		assertThat(bare.sum()).isEqualTo(full.sum());
		assertClose(-Math.log(0.3) - Math.log(0.1), full.sum());
	}

	// ---- finite differences ----

	static Stream<Arguments> gradientCases() {
		List<Arguments> specs = new ArrayList<>();
		specs.add(Arguments.of("probabilities",
				(Supplier<TestSupport.Spec>) () -> binary(new double[] { 0.3, 0.85, 0.5, 0.02 }, 1, 0, 0.4, 1)));
		specs.add(Arguments.of("probabilities with posWeight, smoothing, weights, epsilon",
				(Supplier<TestSupport.Spec>) () -> binary(new double[] { 0.3, 0.85, 0.5, 0.02 }, 1, 0, 0.4, 1)
					.posWeight(2.5)
					.labelSmoothing(0.15)
					.sampleWeights(1, 0.5, 2, 0)
					.epsilon(1e-3)));
		specs.add(Arguments.of("logits",
				(Supplier<TestSupport.Spec>) () -> binaryLogits(new double[] { -3, 0.5, 2, 12, -25 }, 1, 0, 0.3, 0,
						1)));
		specs.add(Arguments.of("logits with posWeight, smoothing, weights",
				(Supplier<TestSupport.Spec>) () -> binaryLogits(new double[] { -3, 0.5, 2, 12, -25 }, 1, 0, 0.3, 0, 1)
					.posWeight(0.4)
					.labelSmoothing(0.3)
					.sampleWeights(2, 1, 0.5, 3, 1)));
		specs.add(Arguments.of("multilabel probabilities with every option",
				(Supplier<TestSupport.Spec>) () -> multilabel(new double[][] { { 0.9, 0.2, 0.6 }, { 0.3, 0.8, 0.5 } },
						new double[][] { { 1, 0, 1 }, { 0, 1, 0.5 } })
					.classWeights(1, 0.5, 2)
					.posWeights(1, 2, 3)
					.labelSmoothing(0.05)
					.sampleWeights(1, 2)));
		specs
			.add(Arguments.of("multilabel logits with class weights and posWeight",
					(Supplier<TestSupport.Spec>) () -> multilabel(new double[][] { { 4, -2, 0.1 }, { -0.7, 1.5, 30 } },
							new double[][] { { 1, 0, 1 }, { 0, 0.6, 0 } })
						.logits()
						.classWeights(3, 0, 1)
						.posWeight(1.7)));
		List<Arguments> cases = new ArrayList<>();
		for (Arguments spec : specs) {
			for (Reduction reduction : Reduction.values()) {
				cases.add(Arguments.of(spec.get()[0], spec.get()[1], reduction));
			}
		}
		return cases.stream();
	}

	@ParameterizedTest(name = "{0}, {2}")
	@MethodSource("gradientCases")
	void gradientsMatchFiniteDifferences(String name, Supplier<TestSupport.Spec> spec, Reduction reduction) {
		assertGradientsMatchFiniteDifferences(spec.get(), reduction);
	}

	@ParameterizedTest
	@EnumSource(Reduction.class)
	void gradientCheckerRejectsAGradientThatIsNotTheDerivative(Reduction reduction) {
		// the loss is scored 0.1 to the right of the point where the gradient is taken
		TestSupport.BinarySpec honest = binary(new double[] { 0.3, 0.6 }, 1, 0);
		TestSupport.Spec skewed = new TestSupport.Spec() {

			@Override
			public double[] predictions() {
				return honest.predictions();
			}

			@Override
			public LossBatch batch(double[] predictions) {
				if (Arrays.equals(predictions, honest.predictions())) {
					return honest.batch(predictions);
				}
				double[] shifted = predictions.clone();
				shifted[0] += 0.1;
				return honest.batch(shifted);
			}

			@Override
			public boolean unclipped(double[] predictions) {
				return honest.unclipped(predictions);
			}

		};

		assertGradientsMatchFiniteDifferences(honest, reduction);
		assertThatThrownBy(() -> assertGradientsMatchFiniteDifferences(skewed, reduction))
			.isInstanceOf(AssertionError.class)
			.hasMessageContaining("gradient [0]");
	}

	/**
	 * The lean loop for K = 1 without weights, and its select-based path for 0/1 labels,
	 * give the bits of the general loop (sample weights of 1 take it): losses, gradients
	 * and sums, at the edges of the clip, with ε = 0, soft labels among hard ones, −0.0.
	 */
	@ParameterizedTest
	@EnumSource(Reduction.class)
	void theLeanLoopGivesTheBitsOfTheGeneralOne(Reduction reduction) {
		java.util.SplittableRandom random = new java.util.SplittableRandom(11);
		double[] edges = { 0.0, -0.0, 1.0, Double.MIN_VALUE, 1e-300, 1e-17, Math.ulp(1.0), 1 - Math.ulp(1.0) / 2,
				1 - Math.ulp(1.0), 0.5, 1e-7, 1 - 1e-7, 0.3 };
		int n = 4000;
		for (boolean logits : new boolean[] { false, true }) {
			for (Double epsilon : new Double[] { null, 0.0, 1e-7, 0.01 }) {
				for (Double posWeight : new Double[] { null, 2.5, 1e-3 }) {
					for (Double smoothing : new Double[] { null, 0.1 }) {
						if (logits && epsilon != null) {
							continue; // ε applies to probabilities only
						}
						double[] p = new double[n];
						double[] y = new double[n];
						for (int i = 0; i < n; i++) {
							p[i] = (i < edges.length * 2) ? edges[i % edges.length] : random.nextDouble();
							if (logits) {
								p[i] = (p[i] - 0.5) * 40;
							}
							y[i] = (i % 7 == 3) ? random.nextDouble() : (i < edges.length) ? 1 : random.nextInt(2);
							if (!logits && epsilon != null && epsilon == 0 && i < edges.length * 2) {
								// finite losses and gradients without the clip
								y[i] = (p[i] < 0.5) ? 0 : 1;
								if (smoothing != null) {
									p[i] = Math.min(Math.max(p[i], 1e-3), 1 - 1e-3);
								}
							}
						}
						double[] ones = new double[n];
						Arrays.fill(ones, 1.0);
						InputType type = logits ? InputType.LOGITS : InputType.PROBABILITIES;
						String what = "logits " + logits + ", epsilon " + epsilon + ", posWeight " + posWeight
								+ ", smoothing " + smoothing;
						LossResult lean;
						try {
							lean = Scorer.score(BinaryBatch.of(new BinaryBatch.Input(type, Matrix.column(p), true,
									Matrix.column(y), null, posWeight, null, null, smoothing, epsilon)), reduction,
									true, true);
						}
						catch (InvalidBatchException ex) {
							throw new AssertionError(what + ": " + ex.violations(), ex);
						}
						LossResult general = Scorer.score(BinaryBatch.of(new BinaryBatch.Input(type, Matrix.column(p),
								true, Matrix.column(y), ones, posWeight, null, null, smoothing, epsilon)), reduction,
								true, true);
						assertThat(lean.losses()).as(what).isEqualTo(general.losses());
						assertThat(lean.gradients()).as(what).isEqualTo(general.gradients());
						assertThat(Double.doubleToRawLongBits(lean.sum())).as(what)
							.isEqualTo(Double.doubleToRawLongBits(general.sum()));
					}
				}
			}
		}
	}

}
