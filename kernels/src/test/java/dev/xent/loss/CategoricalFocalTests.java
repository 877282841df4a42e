package dev.xent.loss;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.xent.loss.BinaryFocalTests.assertSameBits;
import static dev.xent.loss.TestSupport.EPS;
import static dev.xent.loss.TestSupport.assertClose;
import static dev.xent.loss.TestSupport.assertExactlyZero;
import static dev.xent.loss.TestSupport.assertGradientsMatchFiniteDifferences;
import static dev.xent.loss.TestSupport.categoricalLabels;
import static dev.xent.loss.TestSupport.categoricalTargets;
import static dev.xent.loss.TestSupport.pointers;
import static dev.xent.loss.TestSupport.score;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The categorical focal kernel ({@link CategoricalFocal}), branch by branch, against the
 * formula written out in each test, equivalent forms (logits, log-probabilities and
 * probabilities of the same distribution), finite differences, and its invariant: γ = 0
 * without α is the cross-entropy bit for bit under every preset.
 */
class CategoricalFocalTests {

	/**
	 * −Σ_c κ_c(1 − p_c)^γ log clip(p_c) of one probability row, and its gradient with
	 * respect to p (no row division; p strictly inside the clip).
	 */
	private static double[] focalRow(double[] p, double[] kappa, double gamma, double epsilon) {
		double[] out = new double[p.length + 1];
		for (int c = 0; c < p.length; c++) {
			if (kappa[c] == 0) {
				continue;
			}
			double clipped = Math.min(Math.max(p[c], epsilon), 1 - epsilon);
			double t = 1 - p[c];
			out[0] -= kappa[c] * Math.pow(t, gamma) * Math.log(clipped);
			out[c + 1] = -kappa[c] * Math.pow(t, gamma) / p[c]
					+ kappa[c] * gamma * Math.pow(t, gamma - 1) * Math.log(clipped);
		}
		return out;
	}

	private static double[] softmax(double[] z) {
		double max = java.util.Arrays.stream(z).max().orElseThrow();
		double[] e = java.util.Arrays.stream(z).map((v) -> Math.exp(v - max)).toArray();
		double sum = java.util.Arrays.stream(e).sum();
		return java.util.Arrays.stream(e).map((v) -> v / sum).toArray();
	}

	private static double[] onehot(int c, int label) {
		double[] q = new double[c];
		q[label] = 1;
		return q;
	}

	// ---- probabilities ----

	@Test
	void labelsOnProbabilitiesWeighMinusLogPByOneMinusPSquaredByDefault() {
		double[][] p = { { 0.7, 0.2, 0.1 }, { 0.1, 0.3, 0.6 }, { 0.25, 0.5, 0.25 } };
		LossResult r = score(categoricalLabels(p, 0, 2, 1).focal(), Reduction.SUM);

		assertClose(new double[] { -0.09 * Math.log(0.7), -0.16 * Math.log(0.6), -0.25 * Math.log(0.5) }, r.losses());
		double[] g = r.gradients();
		assertClose(-0.09 / 0.7 + 2 * 0.3 * Math.log(0.7), g[0]);
		assertExactlyZero(new double[] { g[1], g[2], g[3], g[4], g[6], g[8] });
		assertClose(-0.16 / 0.6 + 2 * 0.4 * Math.log(0.6), g[5]);
		assertThat(r.weightSum()).isEqualTo(3.0);
		assertThat(r.count()).isEqualTo(3);
	}

	@ParameterizedTest
	@ValueSource(doubles = { 0.5, 1, 3 })
	void targetsWithSmoothingAndAlphaPerClassFollowTheFormula(double gamma) {
		double[][] p = { { 0.7, 0.2, 0.1 }, { 0.1, 0.3, 0.6 } };
		double[][] q = { { 0.9, 0.1, 0 }, { 0, 0.2, 0.8 } };
		double[] alpha = { 0.25, 0, 1.5 };
		double a = 0.3;
		double[] s = { 2, 0.5 };
		LossResult r = score(categoricalTargets(p, q).labelSmoothing(a).alphas(alpha).gamma(gamma).sampleWeights(s),
				Reduction.SUM);

		for (int i = 0; i < 2; i++) {
			double[] kappa = new double[3];
			for (int c = 0; c < 3; c++) {
				kappa[c] = s[i] * alpha[c] * ((1 - a) * q[i][c] + a / 3);
			}
			double[] expected = focalRow(p[i], kappa, gamma, EPS);
			assertClose(expected[0], r.losses()[i]);
			for (int c = 0; c < 3; c++) {
				assertClose(expected[c + 1], r.gradients()[i * 3 + c]);
			}
		}
		assertThat(r.gradients()[1]).as("α_c = 0 removes class 1").isEqualTo(0.0);
		assertThat(r.weightSum()).as("α is not part of weightSum").isEqualTo(2.5);
	}

	@Test
	void oneAlphaIsThatAlphaForEveryClass() {
		double[][] p = { { 0.7, 0.2, 0.1 }, { 0.1, 0.3, 0.6 } };
		assertSameBits(score(categoricalLabels(p, 0, 2).labelSmoothing(0.1).alphas(0.25, 0.25, 0.25), Reduction.MEAN),
				score(categoricalLabels(p, 0, 2).labelSmoothing(0.1).alpha(0.25), Reduction.MEAN));
	}

	@Test
	void ignoredSamplesCountForNothing() {
		double[][] p = { { 0.7, 0.2, 0.1 }, { 0.1, 0.3, 0.6 }, { 0.2, 0.2, 0.6 } };
		LossResult r = score(categoricalLabels(p, 0, -100, 2).ignoreIndex(-100).sampleWeights(1, 5, 3).alpha(0.5),
				Reduction.MEAN);

		assertThat(r.count()).isEqualTo(2);
		assertThat(r.weightSum()).isEqualTo(4.0);
		assertThat(r.losses()[1]).isEqualTo(0.0);
		assertExactlyZero(new double[] { r.gradients()[3], r.gradients()[4], r.gradients()[5] });
		assertClose((0.5 * -0.09 * Math.log(0.7) + 3 * 0.5 * -0.16 * Math.log(0.6)) / 4, r.mean());
	}

	@Test
	void renormalizeDividesTheRowAndTheFactorUsesTheDividedP() {
		double[][] x = { { 2, 1, 1 } };
		LossResult divided = score(categoricalLabels(x, 0).renormalize(true).gamma(2), Reduction.SUM);
		LossResult given = score(categoricalLabels(new double[][] { { 0.5, 0.25, 0.25 } }, 0).gamma(2), Reduction.SUM);

		assertClose(given.losses()[0], divided.losses()[0]);
		// ∂/∂x_j of g(x/Σx) = (g_j − Σ_c g_c p_c)/Σx
		double g0 = given.gradients()[0];
		assertClose((g0 - g0 * 0.5) / 4, divided.gradients()[0]);
		assertClose((0 - g0 * 0.5) / 4, divided.gradients()[1]);
	}

	@Test
	void aClippedProbabilityKeepsTheFactorsSlope() {
		// p = 0 for the label: log p is clipped to log ε (gradient 0), but (1 − p)^γ
		// takes
		// the unclipped p, so its slope γ·(1 − p)^(γ−1)·log ε remains.
		LossResult r = score(categoricalLabels(new double[][] { { 0, 0.5, 0.5 } }, 0).gamma(2), Reduction.SUM);

		assertClose(-Math.log(EPS), r.losses()[0]);
		assertClose(2 * Math.log(EPS), r.gradients()[0]);
		assertExactlyZero(new double[] { r.gradients()[1], r.gradients()[2] });
	}

	// ---- logits and log-probabilities ----

	@ParameterizedTest
	@ValueSource(doubles = { 0, 0.5, 2, 5 })
	void logitsAreTheFocalLossOfTheSoftmax(double gamma) {
		double[][] z = { { 2.0, 0.5, -1.0 }, { 0.1, 0.2, 3.0 }, { -4, 4, 0 } };
		long[] labels = { 0, 2, 0 };
		double[] alpha = { 0.25, 0.5, 1 };
		LossResult r = score(new TestSupport.CategoricalSpec(InputType.LOGITS, z).labels(labels)
			.labelSmoothing(0.1)
			.alphas(alpha)
			.gamma(gamma), Reduction.SUM);

		for (int i = 0; i < z.length; i++) {
			double[] p = softmax(z[i]);
			double[] q = onehot(3, (int) labels[i]);
			double loss = 0;
			double[] m = new double[3];
			double mSum = 0;
			for (int c = 0; c < 3; c++) {
				double kappa = alpha[c] * (0.9 * q[c] + 0.1 / 3);
				loss -= kappa * Math.pow(1 - p[c], gamma) * Math.log(p[c]);
				m[c] = kappa * (Math.pow(1 - p[c], gamma)
						- ((gamma == 0) ? 0 : gamma * Math.pow(1 - p[c], gamma - 1) * p[c] * Math.log(p[c])));
				mSum += m[c];
			}
			assertClose(loss, r.losses()[i], 1e-12);
			for (int c = 0; c < 3; c++) {
				assertClose(p[c] * mSum - m[c], r.gradients()[i * 3 + c], 1e-11);
			}
		}
	}

	@Test
	void logitsLogProbabilitiesAndProbabilitiesOfOneDistributionAgree() {
		double[][] z = { { 2.0, 0.5, -1.0 }, { 0.1, 0.2, 3.0 } };
		double[][] logP = new double[2][];
		double[][] p = new double[2][];
		for (int i = 0; i < 2; i++) {
			p[i] = softmax(z[i]);
			logP[i] = java.util.Arrays.stream(p[i]).map(Math::log).toArray();
		}
		double[][] q = { { 0.8, 0.2, 0 }, { 0.1, 0.1, 0.8 } };
		LossResult fromLogits = score(categoricalTargets(z, q).logits().gamma(1.5).alpha(0.5), Reduction.SUM);
		LossResult fromLogs = score(categoricalTargets(logP, q).logProbabilities().gamma(1.5).alpha(0.5),
				Reduction.SUM);
		LossResult fromP = score(categoricalTargets(p, q).epsilon(0).gamma(1.5).alpha(0.5), Reduction.SUM);

		TestSupport.assertClose(fromLogits.losses(), fromLogs.losses(), 1e-12);
		TestSupport.assertClose(fromLogits.losses(), fromP.losses(), 1e-12);
		// ∂ℓ/∂log p_j = −m_j = p_j·∂ℓ/∂p_j, and ∂ℓ/∂z_j = −m_j + p_j·Σ_c m_c
		for (int i = 0; i < 2; i++) {
			double mSum = 0;
			for (int c = 0; c < 3; c++) {
				mSum -= fromLogs.gradients()[i * 3 + c];
				assertClose(fromLogs.gradients()[i * 3 + c], p[i][c] * fromP.gradients()[i * 3 + c], 1e-12);
			}
			for (int c = 0; c < 3; c++) {
				assertClose(fromLogs.gradients()[i * 3 + c] + p[i][c] * mSum, fromLogits.gradients()[i * 3 + c], 1e-11);
			}
		}
	}

	@ParameterizedTest
	@ValueSource(doubles = { 0.01, 0.5, 1, 2 })
	void whereOneMinusPIsZeroTheGradientIsZeroForEveryGamma(double gamma) {
		LossResult logits = score(
				new TestSupport.CategoricalSpec(InputType.LOGITS,
						new double[][] { { 1e4, 0, 0 }, { 0, -800, 0 }, { 800, 0, 0 } })
					.labels(0, 0, 0)
					.gamma(gamma),
				Reduction.SUM);
		assertThat(logits.losses()[0]).isEqualTo(0.0);
		assertThat(logits.losses()[2]).isEqualTo(0.0);
		assertExactlyZero(new double[] { logits.gradients()[0], logits.gradients()[1], logits.gradients()[2],
				logits.gradients()[6], logits.gradients()[7], logits.gradients()[8] });
		for (double g : logits.gradients()) {
			assertThat(Double.isFinite(g)).isTrue();
		}
		LossResult logs = score(
				new TestSupport.CategoricalSpec(InputType.LOG_PROBABILITIES,
						new double[][] { { 0, -800, -800 }, { 1e-9, -30, -30 } })
					.labels(0, 0)
					.gamma(gamma),
				Reduction.SUM);
		assertThat(logs.losses()).as("a log-probability above 0 counts as 1 − p = 0").containsExactly(0.0, 0.0);
		assertExactlyZero(logs.gradients());
		for (Compat compat : Compat.values()) {
			LossResult p = score(categoricalLabels(new double[][] { { 1, 0, 0 } }, 0).compat(compat).gamma(gamma),
					Reduction.SUM);
			if (compat != Compat.KERAS) {
				assertThat(p.losses()[0]).isEqualTo(0.0);
			}
			assertExactlyZero(p.gradients());
		}
	}

	@Test
	void extremeLogitsAreFinite() {
		double[][] z = { { 50, -50, 0 }, { -1e4, 1e4, 0 }, { 0, 0, 0 } };
		LossResult r = score(
				new TestSupport.CategoricalSpec(InputType.LOGITS, z).labels(1, 0, 2).gamma(0.5).labelSmoothing(0.05),
				Reduction.MEAN);

		for (double v : r.losses()) {
			assertThat(Double.isFinite(v)).isTrue();
		}
		for (double v : r.gradients()) {
			assertThat(Double.isFinite(v)).isTrue();
		}
		assertClose((0.95 + 0.05 / 3) * 2e4 + 0.05 / 3 * 1e4, r.losses()[1], 1e-12);
	}

	// ---- presets ----

	@Test
	void kerasDividesRowsClipsAtOneInTenMillionAndTakesOneMinusPFromTheClippedP() {
		double[][] x = { { 1, 0, 0 }, { 4, 4, 2 } };
		LossResult r = score(categoricalLabels(x, 0, 2).compat(Compat.KERAS).gamma(0.5), Reduction.SUM);

		double clipped = 1 - 1e-7;
		assertClose(Math.sqrt(1 - clipped) * -Math.log(clipped), r.losses()[0]);
		assertExactlyZero(new double[] { r.gradients()[0], r.gradients()[1], r.gradients()[2] });
		double[] expected = focalRow(new double[] { 0.4, 0.4, 0.2 }, new double[] { 0, 0, 1 }, 0.5, 1e-7);
		assertClose(expected[0], r.losses()[1]);
		double dot = expected[3] * 0.2;
		assertClose((0 - dot) / 10, r.gradients()[3]);
		assertClose((expected[3] - dot) / 10, r.gradients()[5]);
	}

	@Test
	void torchClampsTheLogAtMinusOneHundredWhileTheFactorKeepsItsSlope() {
		double[][] p = { { 1e-300, 0.5, 0.5 }, { 0, 1, 0 }, { 1, 0, 0 } };
		LossResult r = score(categoricalLabels(p, 0, 0, 0).compat(Compat.TORCH).gamma(2), Reduction.SUM);

		assertThat(r.losses()).containsExactly(100.0, 100.0, 0.0);
		assertThat(r.gradients()).containsExactly(-200.0, 0.0, 0.0, -200.0, 0.0, 0.0, 0.0, 0.0, 0.0);
		LossResult crossEntropy = score(categoricalLabels(p, 0, 0, 0).compat(Compat.TORCH).gamma(0), Reduction.SUM);
		assertThat(crossEntropy.gradients()[6]).as("at γ = 0, p = 1 keeps the cross-entropy's −1/p").isEqualTo(-1.0);
	}

	// ---- invariants ----

	static Stream<Arguments> presetsAndInputs() {
		List<Arguments> cases = new ArrayList<>();
		for (Compat compat : new Compat[] { null, Compat.SKLEARN, Compat.KERAS, Compat.TORCH }) {
			for (InputType type : InputType.values()) {
				for (boolean targets : new boolean[] { false, true }) {
					cases.add(Arguments.of(compat, type, targets));
				}
			}
		}
		return cases.stream();
	}

	@ParameterizedTest(name = "compat={0} {1} targets={2}")
	@MethodSource("presetsAndInputs")
	void gammaZeroWithoutAlphaIsTheCrossEntropyBitForBit(Compat compat, InputType type, boolean targets) {
		SplittableRandom random = new SplittableRandom(17);
		int n = 120;
		int c = 4;
		double[][] x = rows(random, type, n, c, compat == Compat.KERAS);
		long[] labels = random.ints(n, 0, c).asLongStream().toArray();
		labels[5] = -1;
		double[][] q = rows(random, InputType.PROBABILITIES, n, c, false);
		double[] weights = random.doubles(n, 0, 3).toArray();
		weights[7] = 0;
		for (Reduction reduction : Reduction.values()) {
			for (double a : new double[] { 0, 0.15 }) {
				for (boolean renormalize : new boolean[] { false, true }) {
					if (renormalize && (type != InputType.PROBABILITIES || compat == Compat.KERAS)) {
						continue;
					}
					TestSupport.CategoricalSpec ce = spec(type, x, targets, labels, q).compat(compat)
						.labelSmoothing(a)
						.sampleWeights(weights);
					TestSupport.CategoricalSpec focal = spec(type, x, targets, labels, q).compat(compat)
						.labelSmoothing(a)
						.sampleWeights(weights)
						.gamma(0);
					if (renormalize) {
						ce.renormalize(true);
						focal.renormalize(true);
					}
					assertSameBits(score(ce, reduction), score(focal, reduction));
				}
			}
		}
	}

	private static TestSupport.CategoricalSpec spec(InputType type, double[][] x, boolean targets, long[] labels,
			double[][] q) {
		TestSupport.CategoricalSpec spec = new TestSupport.CategoricalSpec(type, x);
		return targets ? spec.targets(q) : spec.labels(labels).ignoreIndex(-1);
	}

	/** Rows of the input type with edges: zeros, a one, a tiny value, extreme logits. */
	private static double[][] rows(SplittableRandom random, InputType type, int n, int c, boolean unnormalized) {
		double[][] x = new double[n][c];
		for (int i = 0; i < n; i++) {
			double[] z = random.doubles(c, -6, 6).toArray();
			switch (random.nextInt(6)) {
				case 0 -> z[random.nextInt(c)] = 800;
				case 1 -> z[random.nextInt(c)] = -1e4;
				case 2 -> z[random.nextInt(c)] = 40;
				default -> {
				}
			}
			if (type == InputType.LOGITS) {
				x[i] = z;
				continue;
			}
			double[] p = softmax(z);
			if (type == InputType.LOG_PROBABILITIES) {
				double max = java.util.Arrays.stream(z).max().orElseThrow();
				double sum = java.util.Arrays.stream(z).map((v) -> Math.exp(v - max)).sum();
				x[i] = java.util.Arrays.stream(z).map((v) -> v - max - Math.log(sum)).toArray();
				continue;
			}
			double scale = unnormalized ? random.nextDouble(0.1, 10) : 1;
			x[i] = java.util.Arrays.stream(p).map((v) -> v * scale).toArray();
		}
		return x;
	}

	// ---- finite differences ----

	static Stream<Arguments> gradientCases() {
		double[][] p = { { 0.7, 0.2, 0.1 }, { 0.1, 0.3, 0.6 }, { 0.25, 0.5, 0.25 } };
		double[][] q = { { 0.9, 0.1, 0 }, { 0, 0.2, 0.8 }, { 0.3, 0.3, 0.4 } };
		double[][] unnormalized = { { 1.4, 0.4, 0.2 }, { 0.1, 0.3, 0.6 }, { 2.5, 5, 2.5 } };
		double[][] z = { { 2.0, 0.5, -1.0 }, { 0.1, 0.2, 3.0 }, { -4, 4, 0 } };
		double[][] logP = new double[3][];
		for (int i = 0; i < 3; i++) {
			logP[i] = java.util.Arrays.stream(softmax(z[i])).map(Math::log).toArray();
		}
		return Stream.of(Arguments.of("labels γ=2", categoricalLabels(p, 0, 2, 1).focal(), 1e-8),
				Arguments.of("targets γ=0.5 α per class smoothing",
						categoricalTargets(p, q).gamma(0.5).alphas(0.25, 1, 2).labelSmoothing(0.1), 1e-8),
				Arguments.of("torch", categoricalLabels(p, 0, 2, 1).compat(Compat.TORCH).gamma(3).alpha(0.5), 1e-8),
				Arguments.of("renormalize", categoricalLabels(unnormalized, 0, 2, 1).renormalize(true).gamma(1.5),
						1e-6),
				Arguments.of("keras", categoricalTargets(unnormalized, q).compat(Compat.KERAS).gamma(2).alpha(0.25),
						1e-6),
				Arguments.of("logits",
						new TestSupport.CategoricalSpec(InputType.LOGITS, z).labels(0, 2, 1)
							.gamma(2)
							.alphas(0.25, 0.5, 1)
							.sampleWeights(1, 2, 0.5),
						1e-6),
				Arguments.of("logits targets γ=0.75",
						new TestSupport.CategoricalSpec(InputType.LOGITS, z).targets(q).gamma(0.75).labelSmoothing(0.2),
						1e-6),
				Arguments.of("log-probabilities",
						new TestSupport.CategoricalSpec(InputType.LOG_PROBABILITIES, logP).labels(0, 2, 1)
							.gamma(0.5)
							.alpha(2),
						1e-8));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("gradientCases")
	void gradientsMatchFiniteDifferences(String name, TestSupport.CategoricalSpec spec, double step) {
		TestSupport.assertGradientsMatchFiniteDifferences(spec, Reduction.SUM, step);
		TestSupport.assertGradientsMatchFiniteDifferences(spec, Reduction.MEAN, step);
	}

	// ---- options ----

	@Test
	void gammaAndAlphaAreChecked() {
		double[][] p = { { 0.5, 0.5 } };
		assertThat(pointers(() -> categoricalLabels(p, 0).gamma(-1).batch())).containsExactly("/gamma");
		assertThat(pointers(() -> categoricalLabels(p, 0).alpha(-0.5).batch())).containsExactly("/alpha");
		assertThat(pointers(() -> categoricalLabels(p, 0).alpha(Double.NaN).batch())).containsExactly("/alpha");
		assertThat(pointers(() -> categoricalLabels(p, 0).alphas(1, -2).batch())).containsExactly("/alpha/1");
		assertThat(pointers(() -> categoricalLabels(p, 0).alphas(1, 2, 3).batch())).containsExactly("/alpha");
		assertThat(score(categoricalLabels(p, 0).alpha(3), Reduction.SUM).sum()).as("α may exceed 1")
			.isEqualTo(3 * 0.25 * Math.log(2));
	}

	@Test
	void kerasDividesEveryRowAndRefusesRenormalize() {
		double[][] rows = { { 2, 1, 1 } };
		assertThat(pointers(() -> categoricalLabels(rows, 0).compat(Compat.KERAS).renormalize(true).batch()))
			.containsExactly("/renormalize");
		assertThat(pointers(() -> categoricalLabels(rows, 0).compat(Compat.KERAS).renormalize(false).focal().batch()))
			.containsExactly("/renormalize");
		assertThat(pointers(() -> categoricalLabels(rows, 0).compat(Compat.TORCH).batch()))
			.containsExactly("/predictions/0/0");
		assertThat(pointers(() -> categoricalLabels(new double[][] { { 0, 0, 0 } }, 0).compat(Compat.KERAS).batch()))
			.containsExactly("/predictions/0");
		assertThat(pointers(() -> categoricalLabels(new double[][] { { 1, -1, 1 } }, 0).compat(Compat.KERAS).batch()))
			.containsExactly("/predictions/0/1");
		assertThat(score(categoricalLabels(rows, 0).compat(Compat.TORCH).renormalize(true), Reduction.SUM).sum())
			.as("torch takes renormalize")
			.isEqualTo(Math.log(2));
	}

	@Test
	void aPresetWithEpsilonIsRefused() {
		for (Compat compat : Compat.values()) {
			assertThat(pointers(
					() -> categoricalLabels(new double[][] { { 0.5, 0.5 } }, 0).compat(compat).epsilon(0.01).batch()))
				.containsExactly("/epsilon");
		}
	}

}
