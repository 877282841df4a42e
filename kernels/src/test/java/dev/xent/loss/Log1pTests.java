package dev.xent.loss;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link BinaryCrossEntropy#log1p}, which replaces {@link Math#log1p} in the kernel for
 * speed, stays within 3 ulps of it over the range the kernel uses: x = −p for a clipped
 * probability, x = exp(−|z|) for a logit.
 */
class Log1pTests {

	@ParameterizedTest
	@ValueSource(doubles = { 0.0, 1.0, 0.5, -0.5, 1e-300, -1e-300, 1e-17, -1e-17, 1.1102230246251565e-16,
			-1.1102230246251565e-16, 2.220446049250313e-16, -2.220446049250313e-16, 1e-8, -1e-8, -0.9999999999999998,
			4.9e-324 })
	void edgeValues(double x) {
		assertWithin3Ulps(x);
	}

	@Test
	void randomValuesOverTheKernelsRange() {
		SplittableRandom random = new SplittableRandom(11);
		for (int i = 0; i < 1_000_000; i++) {
			double x = switch (i % 4) {
				case 0 -> -random.nextDouble();
				case 1 -> random.nextDouble();
				case 2 -> -Math.exp(-random.nextDouble() * 40);
				default -> Math.exp(-random.nextDouble() * 745);
			};
			if (x > -1) {
				assertWithin3Ulps(x);
			}
		}
	}

	@Test
	void minusOneIsMinusInfinityAsForMathLog1p() {
		assertThat(BinaryCrossEntropy.log1p(-1.0)).isEqualTo(Double.NEGATIVE_INFINITY);
	}

	private static void assertWithin3Ulps(double x) {
		double expected = StrictMath.log1p(x);
		assertThat(BinaryCrossEntropy.log1p(x)).as("log1p(%s)", x)
			.isCloseTo(expected, org.assertj.core.data.Offset.offset(3 * Math.ulp(expected)));
	}

}
