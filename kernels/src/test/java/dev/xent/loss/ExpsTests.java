package dev.xent.loss;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ExpsTests {

	/** Distance in ulps of the result from a reference. */
	private static double ulps(double actual, double reference) {
		return Math.abs(actual - reference) / Math.ulp(reference);
	}

	@Test
	void withinOneUlpOfStrictMathOverTheWholeRange() {
		SplittableRandom random = new SplittableRandom(5);
		double worst = 0;
		for (int i = 0; i < 2_000_000; i++) {
			double x = switch (i % 4) {
				case 0 -> -30 * random.nextDouble();
				case 1 -> -700 * random.nextDouble();
				case 2 -> 700 * random.nextDouble();
				default -> 0.01 * (random.nextDouble() - 0.5);
			};
			worst = Math.max(worst, ulps(Exps.exp(x), StrictMath.exp(x)));
		}
		// StrictMath is itself within 1 ulp of e^x.
		assertThat(worst).isLessThanOrEqualTo(2.0);
	}

	@Test
	void closeToA40DigitReference() {
		SplittableRandom random = new SplittableRandom(6);
		MathContext mc = new MathContext(40);
		double worst = 0;
		for (int i = 0; i < 2000; i++) {
			double x = -40 * random.nextDouble() + 5;
			// e^x = (e^(x/64))^64, the inner one by its series.
			BigDecimal y = new BigDecimal(x).divide(BigDecimal.valueOf(64), mc);
			BigDecimal term = BigDecimal.ONE;
			BigDecimal sum = BigDecimal.ONE;
			for (int k = 1; k < 40; k++) {
				term = term.multiply(y, mc).divide(BigDecimal.valueOf(k), mc);
				sum = sum.add(term, mc);
			}
			double reference = sum.pow(64, mc).doubleValue();
			worst = Math.max(worst, ulps(Exps.exp(x), reference));
		}
		assertThat(worst).isLessThanOrEqualTo(1.0);
	}

	@Test
	void exactWhereExpIsAndTheEdgesGoToTheLibrary() {
		assertThat(Exps.exp(0.0)).isEqualTo(1.0);
		assertThat(Exps.exp(-0.0)).isEqualTo(1.0);
		assertThat(ulps(Exps.exp(1.0), Math.E)).isLessThanOrEqualTo(1.0);
		assertThat(Exps.exp(Double.NEGATIVE_INFINITY)).isZero();
		assertThat(Exps.exp(-745.2)).isEqualTo(Math.exp(-745.2));
		assertThat(Exps.exp(-710)).isEqualTo(Math.exp(-710));
		assertThat(Exps.exp(710)).isEqualTo(Double.POSITIVE_INFINITY);
		assertThat(Exps.exp(Double.NaN)).isNaN();
	}

}
