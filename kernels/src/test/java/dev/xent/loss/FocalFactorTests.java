package dev.xent.loss;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.xent.loss.TestSupport.assertClose;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The focal factor t^γ and its slope ({@link FocalFactor}), branch by branch: the common
 * γ without a power, the limit at t = 0, t^(γ−1) as t^γ/t, and the two ways around a
 * power that underflows or overflows.
 */
class FocalFactorTests {

	@ParameterizedTest
	@ValueSource(doubles = { 0.5, 1, 2, 0.25, 1.5, 3, 5 })
	void powIsThePowerAndItsSlopeTheDerivative(double gamma) {
		for (double t : new double[] { 1e-300, 1e-9, 0.3, 0.5, 0.999, 1 }) {
			double f = FocalFactor.pow(t, gamma);
			assertClose(Math.pow(t, gamma), f, 1e-15, 0);
			assertClose(gamma * Math.pow(t, gamma - 1) * 0.7, FocalFactor.slopeTimes(gamma, t, f, 0.7), 1e-15, 0);
		}
	}

	@Test
	void gammaZeroIsExactlyOneWithNoSlopeEvenAtZero() {
		assertThat(FocalFactor.pow(0, 0)).isEqualTo(1.0);
		assertThat(FocalFactor.pow(0.3, 0)).isEqualTo(1.0);
		assertThat(FocalFactor.slopeTimes(0, 0.3, 1, 5)).isEqualTo(0.0);
	}

	@ParameterizedTest
	@ValueSource(doubles = { 0.01, 0.5, 1, 2, 5 })
	void atZeroTheSlopeIsItsLimitZero(double gamma) {
		assertThat(FocalFactor.pow(0, gamma)).isEqualTo(0.0);
		assertThat(FocalFactor.slopeTimes(gamma, 0, 0, -36.0)).isEqualTo(0.0);
		assertThat(FocalFactor.slopeTimes(gamma, 0, 0, Double.POSITIVE_INFINITY)).as("no 0·∞").isEqualTo(0.0);
	}

	@Test
	void aPowerThatUnderflowsIsNotDividedButRaisedAgain() {
		// t^γ = 1e-320 is subnormal: t^γ/t would keep three digits; t^(γ−1) keeps all
		double t = 1e-8;
		double gamma = 40;
		double f = FocalFactor.pow(t, gamma);
		assertThat(f).isLessThan(Double.MIN_NORMAL);
		assertClose(gamma * Math.pow(t, gamma - 1) * 3, FocalFactor.slopeTimes(gamma, t, f, 3), 1e-15, 0);
	}

	@Test
	void aSlopeThatOverflowsIsFormedAsGammaTimesFTimesVOverT() {
		// t^(γ−1) of the smallest subnormal with γ near 0 overflows; times v = t it is
		// γ·t^γ
		double t = Double.MIN_VALUE;
		double gamma = 0.001;
		double f = FocalFactor.pow(t, gamma);
		assertThat(f / t).isInfinite();
		assertClose(gamma * f, FocalFactor.slopeTimes(gamma, t, f, t), 1e-15, 0);
	}

}
