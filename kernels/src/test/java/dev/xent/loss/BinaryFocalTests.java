package dev.xent.loss;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
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
import static dev.xent.loss.TestSupport.binary;
import static dev.xent.loss.TestSupport.binaryLogits;
import static dev.xent.loss.TestSupport.multilabel;
import static dev.xent.loss.TestSupport.pointers;
import static dev.xent.loss.TestSupport.score;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The binary and multi-label focal kernel ({@link BinaryFocal}), branch by branch,
 * against the formula written out in each test, its gradients against finite differences,
 * and its invariants: γ = 0 without α is the cross-entropy bit for bit under every
 * preset, and the lean loop gives the general loop's bits.
 */
class BinaryFocalTests {

	/** e = α_t·(1 − p_t)^γ·b for a probability, with the logs clipped to [ε, 1 − ε]. */
	private static double focal(double p, double y, double gamma, double alphaT, double epsilon) {
		double c = Math.min(Math.max(p, epsilon), 1 - epsilon);
		double b = -(y * Math.log(c) + (1 - y) * Math.log1p(-c));
		double t = y * (1 - p) + (1 - y) * p;
		return alphaT * Math.pow(t, gamma) * b;
	}

	/** ∂e/∂p away from the clip. */
	private static double focalGradient(double p, double y, double gamma, double alphaT) {
		double b = -(y * Math.log(p) + (1 - y) * Math.log1p(-p));
		double db = -y / p + (1 - y) / (1 - p);
		double t = y * (1 - p) + (1 - y) * p;
		return alphaT * (Math.pow(t, gamma) * db + gamma * Math.pow(t, gamma - 1) * (1 - 2 * y) * b);
	}

	private static double sigmoid(double z) {
		return 1 / (1 + Math.exp(-z));
	}

	// ---- probabilities ----

	@Test
	void hardLabelsWeighTheCrossEntropyByOneMinusPtSquaredByDefault() {
		double[] p = { 0.9, 0.2, 0.7, 0.5 };
		double[] y = { 1, 0, 0, 1 };
		LossResult r = score(binary(p, y).focal(), Reduction.SUM);

		assertClose(new double[] { 0.01 * -Math.log(0.9), 0.04 * -Math.log(0.8), 0.49 * -Math.log(0.3),
				0.25 * -Math.log(0.5) }, r.losses());
		for (int i = 0; i < p.length; i++) {
			assertClose(focalGradient(p[i], y[i], 2, 1), r.gradients()[i]);
		}
		// at p = 0.9, y = 1: (1 − p_t)² · (−1/p) + 2(1 − p_t) · (1 − 2y) · (−log p)
		assertClose(0.01 * (-1 / 0.9) + 2 * 0.1 * -1 * -Math.log(0.9), r.gradients()[0]);
		assertThat(r.weightSum()).isEqualTo(4.0);
		assertThat(r.count()).isEqualTo(4);
	}

	@ParameterizedTest
	@ValueSource(doubles = { 0.25, 0.5, 1, 1.5, 2, 3, 5 })
	void softLabelsAndSmoothingFollowTheFormulaForEveryGamma(double gamma) {
		double[] p = { 0.6, 0.25, 0.01, 0.97 };
		double[] y = { 0.3, 0.8, 1, 0 };
		double a = 0.1;
		LossResult r = score(binary(p, y).labelSmoothing(a).gamma(gamma), Reduction.SUM);

		for (int i = 0; i < p.length; i++) {
			double ys = y[i] * (1 - a) + a / 2;
			assertClose(focal(p[i], ys, gamma, 1, EPS), r.losses()[i]);
			assertClose(focalGradient(p[i], ys, gamma, 1), r.gradients()[i]);
		}
	}

	@Test
	void alphaWeighsPositivesByAlphaAndNegativesByOneMinusAlpha() {
		double[] p = { 0.3, 0.3, 0.6 };
		double[] y = { 1, 0, 0.4 };
		LossResult plain = score(binary(p, y).gamma(2), Reduction.SUM);
		LossResult balanced = score(binary(p, y).gamma(2).alpha(0.25), Reduction.SUM);

		double[] alphaT = { 0.25, 0.75, 0.25 * 0.4 + 0.75 * 0.6 };
		for (int i = 0; i < p.length; i++) {
			assertClose(alphaT[i] * plain.losses()[i], balanced.losses()[i]);
			assertClose(alphaT[i] * plain.gradients()[i], balanced.gradients()[i]);
		}
	}

	@Test
	void alphaZeroRemovesAPositiveTermEvenAnInfiniteOne() {
		// ε = 0: p = 0 for an observed 1 costs +∞; α_t = 0 removes the term (no 0·∞).
		LossResult r = score(binary(new double[] { 0, 0.4 }, 1, 0).epsilon(0).alpha(0), Reduction.SUM);

		assertThat(r.losses()[0]).isEqualTo(0.0);
		assertThat(r.gradients()[0]).isEqualTo(0.0);
		assertClose(0.16 * -Math.log(0.6), r.losses()[1]);
		assertThat(Double.isFinite(r.sum())).isTrue();
	}

	@Test
	void theClipActsOnTheLogsOnlyAndTheFactorTakesTheUnclippedP() {
		double[] p = { 0, 1e-20, 1, 1 - 1e-17 };
		double[] y = { 0, 1, 0, 1 };
		LossResult r = score(binary(p, y).gamma(2), Reduction.SUM);

		double logEps = Math.log(EPS);
		// p = 0, y = 0: 1 − p_t = 0, so the term is 0 even though the clipped log is not.
		assertThat(r.losses()[0]).isEqualTo(0.0);
		// p = 1e-20, y = 1: log p is clipped to log ε; (1 − p_t)² = (1 − 1e-20)² = 1.
		assertClose(-logEps, r.losses()[1]);
		assertClose(-logEps, r.losses()[2]);
		// 1 − p_t = 1e-17 to double precision: the factor sees the unclipped p.
		double t = 1 - (1 - 1e-17);
		assertClose(t * t * -Math.log1p(-EPS), r.losses()[3], 1e-12, 0);
		// The log's gradient is 0 where it is clipped; the factor's is not: ∂e/∂p =
		// γ(1 − p_t)·(1 − 2y)·b.
		assertThat(r.gradients()[0]).as("the limit at 1 − p_t = 0").isEqualTo(0.0);
		assertClose(2 * 1 * -1 * -logEps, r.gradients()[1]);
		assertClose(2 * 1 * 1 * -logEps, r.gradients()[2]);
		assertClose(2 * t * -1 * -Math.log1p(-EPS), r.gradients()[3], 1e-12, 0);
	}

	@ParameterizedTest
	@ValueSource(doubles = { 0.01, 0.25, 0.5, 0.999, 1, 2, 5 })
	void whereOneMinusPtIsZeroTheGradientIsZeroForEveryGammaUnderEveryPreset(double gamma) {
		for (Compat compat : Compat.values()) {
			LossResult r = score(binary(new double[] { 1, 0 }, 1, 0).compat(compat).gamma(gamma), Reduction.SUM);
			assertThat(r.losses()).as(compat.wireName()).containsExactly(0.0, 0.0);
			assertThat(r.gradients()).as(compat.wireName()).containsExactly(0.0, 0.0);
		}
		LossResult logits = score(binaryLogits(new double[] { 1e4, -1e4, 800 }, 1, 0, 1).gamma(gamma), Reduction.SUM);
		assertThat(logits.losses()).containsExactly(0.0, 0.0, 0.0);
		assertThat(logits.gradients()).containsExactly(0.0, 0.0, 0.0);
	}

	@Test
	void gammaBelowOneNextToTheLimitIsFiniteAndExact() {
		double p = 1 - Math.ulp(1.0) / 2;
		LossResult r = score(binary(new double[] { p }, 1).epsilon(0).gamma(0.5), Reduction.SUM);

		double t = 1 - p;
		assertClose(Math.sqrt(t) * -Math.log(p), r.losses()[0]);
		assertClose(Math.sqrt(t) * -1 / p + 0.5 / Math.sqrt(t) * -1 * -Math.log(p), r.gradients()[0]);
		assertThat(Double.isFinite(r.gradients()[0])).isTrue();
	}

	// ---- logits ----

	@ParameterizedTest
	@ValueSource(doubles = { 0, 0.5, 2, 5 })
	void logitsAreTheFocalLossOfTheSigmoid(double gamma) {
		double[] z = { 2.2, -1.4, 0.3, -6, 4 };
		double[] y = { 1, 0, 0.8, 1, 0 };
		LossResult r = score(binaryLogits(z, y).gamma(gamma).alpha(0.3), Reduction.SUM);

		for (int i = 0; i < z.length; i++) {
			double p = sigmoid(z[i]);
			double alphaT = 0.3 * y[i] + 0.7 * (1 - y[i]);
			assertClose(focal(p, y[i], gamma, alphaT, 0), r.losses()[i], 1e-13);
			assertClose(focalGradient(p, y[i], gamma, alphaT) * p * (1 - p), r.gradients()[i], 1e-12);
		}
	}

	@Test
	void extremeLogitsAreFiniteAndKeepTheirTails() {
		double[] z = { 50, -50, 1e4, -1e4, 50, -50, 0 };
		double[] y = { 0, 1, 0, 1, 1, 0, 1 };
		LossResult r = score(binaryLogits(z, y).gamma(2), Reduction.SUM);

		// A confident wrong answer: 1 − p_t = σ(|z|) = 1, e = softplus(|z|) = |z|.
		assertClose(50, r.losses()[0]);
		assertClose(50, r.losses()[1]);
		assertClose(1e4, r.losses()[2]);
		assertClose(1e4, r.losses()[3]);
		// A confident right answer: 1 − p_t = e^-50, b = log1p(e^-50), e = e^-150 (no
		// cancellation).
		double tail = Math.exp(-50);
		assertClose(tail * tail * Math.log1p(tail), r.losses()[4], 1e-12, 0);
		assertClose(tail * tail * Math.log1p(tail), r.losses()[5], 1e-12, 0);
		assertClose(0.25 * Math.log(2), r.losses()[6]);
		for (double g : r.gradients()) {
			assertThat(Double.isFinite(g)).isTrue();
		}
		// ∂e/∂z at z = −50, y = 0: e ≈ σ(z)³ so ∂e/∂z ≈ 3e^-150, positive.
		assertClose(3 * tail * tail * tail, r.gradients()[5], 1e-9, 0);
		assertClose(1, r.gradients()[0]);
		assertClose(-1, r.gradients()[1]);
	}

	// ---- presets ----

	@Test
	void torchClampsEachLogAtMinusOneHundredAndUsesBceLossBackward() {
		double[] p = { 0, 1e-50, 0.3, 1, 0.9 };
		double[] y = { 1, 1, 0, 0, 0.5 };
		double gamma = 2;
		LossResult r = score(binary(p, y).compat(Compat.TORCH).gamma(gamma), Reduction.SUM);

		double delta = 9.999999960041972e-13;
		for (int i = 0; i < p.length; i++) {
			double b = -(((y[i] != 0) ? y[i] * Math.max(Math.log(p[i]), -100) : 0)
					+ ((y[i] != 1) ? (1 - y[i]) * Math.max(Math.log1p(-p[i]), -100) : 0));
			double t = y[i] * (1 - p[i]) + (1 - y[i]) * p[i];
			double db = (p[i] - y[i]) / Math.max(p[i] * (1 - p[i]), delta);
			assertClose(t * t * b, r.losses()[i]);
			assertClose(t * t * db + gamma * t * (1 - 2 * y[i]) * b, r.gradients()[i]);
		}
		assertClose(100, r.losses()[0]);
		assertClose(-1 / delta - 2 * 100, r.gradients()[0]);
	}

	@ParameterizedTest
	@ValueSource(booleans = { false, true })
	void kerasIsTheDefaultClipAtOneInTenMillion(boolean focal) {
		double[] p = { 0, 1e-8, 0.3, 1 - 1e-8, 1, 0.5 };
		double[] y = { 1, 0, 1, 0, 1, 0.3 };
		TestSupport.BinarySpec keras = binary(p, y).compat(Compat.KERAS);
		TestSupport.BinarySpec sklearn = binary(p, y).epsilon(1e-7);
		if (focal) {
			keras.gamma(1.5).alpha(0.4);
			sklearn.gamma(1.5).alpha(0.4);
		}
		assertSameBits(score(sklearn, Reduction.MEAN), score(keras, Reduction.MEAN));
	}

	@ParameterizedTest
	@EnumSource(InputType.class)
	void sklearnIsTheDefaultBitForBit(InputType type) {
		if (type == InputType.LOG_PROBABILITIES) {
			return;
		}
		SplittableRandom random = new SplittableRandom(7);
		double[][] x = randomPredictions(random, type, 40, 3);
		double[][] y = randomLabels(random, 40, 3, true);
		for (boolean focal : new boolean[] { false, true }) {
			TestSupport.BinarySpec plain = multilabel(x, y).type(type);
			TestSupport.BinarySpec sklearn = multilabel(x, y).type(type).compat(Compat.SKLEARN);
			if (focal) {
				plain.gamma(0.5);
				sklearn.gamma(0.5);
			}
			assertSameBits(score(plain, Reduction.MEAN), score(sklearn, Reduction.MEAN));
		}
	}

	@ParameterizedTest
	@EnumSource(Compat.class)
	void logitsAreTheSameUnderEveryPreset(Compat compat) {
		double[] z = { 50, -3, 0.25, -1e4, 7 };
		double[] y = { 1, 0, 0.5, 1, 0 };
		assertSameBits(score(binaryLogits(z, y).gamma(2), Reduction.MEAN),
				score(binaryLogits(z, y).gamma(2).compat(compat), Reduction.MEAN));
		assertSameBits(score(binaryLogits(z, y).posWeight(2), Reduction.MEAN),
				score(binaryLogits(z, y).posWeight(2).compat(compat), Reduction.MEAN));
	}

	// ---- invariants ----

	static Stream<Arguments> presetsAndInputs() {
		List<Arguments> cases = new ArrayList<>();
		for (Compat compat : new Compat[] { null, Compat.SKLEARN, Compat.KERAS, Compat.TORCH }) {
			for (InputType type : new InputType[] { InputType.PROBABILITIES, InputType.LOGITS }) {
				for (boolean hard : new boolean[] { true, false }) {
					cases.add(Arguments.of(compat, type, hard));
				}
			}
		}
		return cases.stream();
	}

	@ParameterizedTest(name = "compat={0} {1} hard={2}")
	@MethodSource("presetsAndInputs")
	void gammaZeroWithoutAlphaIsTheCrossEntropyBitForBit(Compat compat, InputType type, boolean hard) {
		SplittableRandom random = new SplittableRandom(11);
		int n = 300;
		double[][] x = randomPredictions(random, type, n, 1);
		double[][] y = randomLabels(random, n, 1, hard);
		double[] column = TestSupport.flatten(x);
		double[] labels = TestSupport.flatten(y);
		double[] weights = random.doubles(n, 0, 3).toArray();
		weights[3] = 0;
		for (Reduction reduction : Reduction.values()) {
			// the lean loop (a vector, no weights), the general one (weights), and
			// multi-label
			assertSameBits(score(binary(column, labels).type(type).compat(compat), reduction),
					score(binary(column, labels).type(type).compat(compat).gamma(0), reduction));
			assertSameBits(score(binary(column, labels).type(type).compat(compat).sampleWeights(weights), reduction),
					score(binary(column, labels).type(type).compat(compat).sampleWeights(weights).gamma(0), reduction));
			double[][] wide = randomPredictions(random, type, n / 3, 3);
			double[][] wideLabels = randomLabels(random, n / 3, 3, hard);
			assertSameBits(score(multilabel(wide, wideLabels).type(type).compat(compat).labelSmoothing(0.2), reduction),
					score(multilabel(wide, wideLabels).type(type).compat(compat).labelSmoothing(0.2).gamma(0),
							reduction));
		}
	}

	@ParameterizedTest(name = "compat={0} {1} hard={2}")
	@MethodSource("presetsAndInputs")
	void theLeanLoopGivesTheGeneralLoopsBits(Compat compat, InputType type, boolean hard) {
		SplittableRandom random = new SplittableRandom(13);
		int n = 400;
		double[] x = TestSupport.flatten(randomPredictions(random, type, n, 1));
		double[] y = TestSupport.flatten(randomLabels(random, n, 1, hard));
		double[] ones = new double[n];
		java.util.Arrays.fill(ones, 1.0);
		for (double gamma : new double[] { 0, 0.5, 1, 2, 3.5 }) {
			for (Double alpha : new Double[] { null, 0.0, 0.25, 1.0 }) {
				TestSupport.BinarySpec lean = binary(x, y).type(type).compat(compat).gamma(gamma);
				TestSupport.BinarySpec general = binary(x, y).type(type)
					.compat(compat)
					.gamma(gamma)
					.sampleWeights(ones);
				if (alpha != null) {
					lean.alpha(alpha);
					general.alpha(alpha);
				}
				assertSameBits(score(general, Reduction.SUM), score(lean, Reduction.SUM));
			}
		}
	}

	// ---- multi-label ----

	@Test
	void multilabelAveragesTheColumnsAndWeighsBySample() {
		double[][] p = { { 0.9, 0.2, 0.6 }, { 0.1, 0.7, 0.4 } };
		double[][] y = { { 1, 0, 1 }, { 0, 1, 0 } };
		LossResult r = score(multilabel(p, y).gamma(1).alpha(0.25).sampleWeights(2, 0.5), Reduction.MEAN);

		double[] s = { 2, 0.5 };
		double sum = 0;
		for (int i = 0; i < 2; i++) {
			double row = 0;
			for (int k = 0; k < 3; k++) {
				double alphaT = (y[i][k] == 1) ? 0.25 : 0.75;
				row += focal(p[i][k], y[i][k], 1, alphaT, EPS);
				double g = s[i] / 3 * focalGradient(p[i][k], y[i][k], 1, alphaT) / 2.5;
				assertClose(g, r.gradients()[i * 3 + k]);
			}
			assertClose(s[i] * row / 3, r.losses()[i]);
			sum += s[i] * row / 3;
		}
		assertClose(sum, r.sum());
		assertThat(r.weightSum()).isEqualTo(2.5);
		assertClose(sum / 2.5, r.mean());
	}

	@Test
	void aZeroSampleWeightRemovesTheSample() {
		LossResult r = score(
				multilabel(new double[][] { { 0, 0.5 }, { 0.3, 0.6 } }, new double[][] { { 1, 0 }, { 1, 0 } })
					.epsilon(0)
					.gamma(2)
					.sampleWeights(0, 1),
				Reduction.SUM);

		assertThat(r.losses()[0]).isEqualTo(0.0);
		assertExactlyZero(new double[] { r.gradients()[0], r.gradients()[1] });
		assertThat(Double.isFinite(r.sum())).isTrue();
	}

	// ---- finite differences ----

	static Stream<Arguments> gradientCases() {
		double[] p = { 0.9, 0.2, 0.7, 0.05, 0.5, 0.999 };
		double[] y = { 1, 0, 0.3, 1, 0.5, 0 };
		double[] z = { 2.2, -1.4, 0.3, -6, 0.01, 9 };
		return Stream.of(Arguments.of("probabilities γ=2", binary(p, y).gamma(2)),
				Arguments.of("probabilities γ=0.5 α", binary(p, y).gamma(0.5).alpha(0.25)),
				Arguments.of("probabilities γ=5 smoothing", binary(p, y).gamma(5).labelSmoothing(0.1)),
				Arguments.of("probabilities keras", binary(p, y).gamma(1.5).compat(Compat.KERAS)),
				Arguments.of("probabilities torch", binary(p, y).gamma(2).alpha(0.6).compat(Compat.TORCH)),
				Arguments.of("logits γ=2 α", binaryLogits(z, y).gamma(2).alpha(0.25)),
				Arguments.of("logits γ=0.5 smoothing", binaryLogits(z, y).gamma(0.5).labelSmoothing(0.2)),
				Arguments.of("multilabel weighted",
						multilabel(new double[][] { { 0.9, 0.2 }, { 0.3, 0.6 }, { 0.5, 0.01 } },
								new double[][] { { 1, 0 }, { 0.2, 1 }, { 0, 1 } })
							.gamma(3)
							.sampleWeights(1.5, 0.5, 2)),
				Arguments.of("multilabel logits",
						multilabel(new double[][] { { 2, -2 }, { 0.3, 6 } }, new double[][] { { 1, 0 }, { 0, 1 } })
							.logits()
							.gamma(0.75)
							.alpha(0.9)));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("gradientCases")
	void gradientsMatchFiniteDifferences(String name, TestSupport.BinarySpec spec) {
		assertGradientsMatchFiniteDifferences(spec, Reduction.SUM);
		assertGradientsMatchFiniteDifferences(spec, Reduction.MEAN);
	}

	// ---- options ----

	@Test
	void gammaAndAlphaAreChecked() {
		double[] p = { 0.5 };
		assertThat(pointers(() -> binary(p, 1).gamma(-0.5).batch())).containsExactly("/gamma");
		assertThat(pointers(() -> binary(p, 1).gamma(Double.NaN).batch())).containsExactly("/gamma");
		assertThat(pointers(() -> binary(p, 1).gamma(Double.POSITIVE_INFINITY).batch())).containsExactly("/gamma");
		assertThat(pointers(() -> binary(p, 1).alpha(-0.1).batch())).containsExactly("/alpha");
		assertThat(pointers(() -> binary(p, 1).alpha(1.5).batch())).containsExactly("/alpha");
		assertClose(Math.log(2), score(binary(p, 1).alpha(1).gamma(0), Reduction.SUM).sum());
		assertThat(score(binary(p, 0).alpha(1).gamma(0), Reduction.SUM).sum()).isZero();
	}

	@Test
	void aPresetWithEpsilonIsRefused() {
		double[] p = { 0.5 };
		for (Compat compat : Compat.values()) {
			assertThat(pointers(() -> binary(p, 1).compat(compat).epsilon(1e-3).batch())).containsExactly("/epsilon");
			assertThat(pointers(() -> binary(p, 1).compat(compat).epsilon(1e-3).focal().batch()))
				.containsExactly("/epsilon");
		}
		assertThat(pointers(() -> binaryLogits(p, 1).compat(Compat.KERAS).epsilon(1e-3).batch()))
			.as("epsilon with logits, one violation")
			.containsExactly("/epsilon");
	}

	@Test
	void torchRefusesAPositiveWeightOnProbabilitiesOnly() {
		assertThat(pointers(() -> binary(new double[] { 0.5 }, 1).compat(Compat.TORCH).posWeight(2).batch()))
			.containsExactly("/posWeight");
		assertThat(pointers(
				() -> multilabel(new double[][] { { 0.5, 0.5 } }, new double[][] { { 1, 0 } }).compat(Compat.TORCH)
					.posWeights(2, 3)
					.batch()))
			.containsExactly("/posWeight");
		LossResult logits = score(binaryLogits(new double[] { 0.5 }, 1).compat(Compat.TORCH).posWeight(2),
				Reduction.SUM);
		assertClose(2 * Math.log1p(Math.exp(-0.5)), logits.sum());
	}

	// ---- helpers ----

	static void assertSameBits(LossResult expected, LossResult actual) {
		assertThat(actual.count()).isEqualTo(expected.count());
		assertThat(actual.weightSum()).isEqualTo(expected.weightSum());
		assertThat(actual.sum()).isEqualTo(expected.sum());
		assertThat(actual.mean()).isEqualTo(expected.mean());
		assertThat(actual.losses()).containsExactly(expected.losses());
		assertThat(actual.gradients()).containsExactly(expected.gradients());
	}

	/** Probabilities with edges (0, 1, tiny, next to 1) or logits with extremes. */
	static double[][] randomPredictions(SplittableRandom random, InputType type, int n, int k) {
		double[] edges = (type == InputType.LOGITS) ? new double[] { 0, 50, -50, 1e4, -1e4, 37, -745 }
				: new double[] { 0, 1, 1e-300, 1e-8, 1 - 1e-8, 0.5, 1 - 1e-16, 5e-324 };
		double[][] x = new double[n][k];
		for (int i = 0; i < n; i++) {
			for (int j = 0; j < k; j++) {
				if (random.nextInt(5) == 0) {
					x[i][j] = edges[random.nextInt(edges.length)];
				}
				else {
					x[i][j] = (type == InputType.LOGITS) ? random.nextDouble(-12, 12) : random.nextDouble();
				}
			}
		}
		return x;
	}

	static double[][] randomLabels(SplittableRandom random, int n, int k, boolean hard) {
		double[][] y = new double[n][k];
		for (int i = 0; i < n; i++) {
			for (int j = 0; j < k; j++) {
				y[i][j] = hard ? random.nextInt(2) : random.nextDouble();
			}
		}
		return y;
	}

}
