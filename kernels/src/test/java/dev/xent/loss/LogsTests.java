package dev.xent.loss;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link Logs}, the logarithm of every kernel: against a 40-digit reference (log of the
 * exact binary value of the argument, by the atanh series), within 0.55 ulp for log and
 * 0.75 ulp for log1p (the worst seen on 300,000 arguments each: 0.516 and 0.660, where
 * {@link StrictMath} gave 0.811 and 0.768); against {@link StrictMath#log} within 1 ulp
 * on 300,000 more; and the special values as {@link Math#log} gives them.
 */
class LogsTests {

	private static final MathContext MC = new MathContext(40);

	private static final BigDecimal LN2 = series(BigDecimal.valueOf(2));

	@Test
	void specialValuesAsMathLog() {
		double[] xs = { 0.0, -0.0, -1.0, -Double.MIN_VALUE, Double.NaN, Double.POSITIVE_INFINITY,
				Double.NEGATIVE_INFINITY, 1.0, 2.0, 0.5, Double.MIN_VALUE, Double.MIN_NORMAL, Double.MAX_VALUE,
				Math.E };
		for (double x : xs) {
			assertThat(Double.doubleToLongBits(Logs.log(x))).as("log(%s)", x)
				.isEqualTo(Double.doubleToLongBits(Math.log(x)));
		}
		assertThat(Double.doubleToRawLongBits(Logs.log(1.0))).isZero();
		assertThat(Logs.log1p(-1.0)).isEqualTo(Double.NEGATIVE_INFINITY);
		assertThat(Logs.log1p(-2.0)).isNaN();
		assertThat(Logs.log1p(Double.POSITIVE_INFINITY)).isEqualTo(Double.POSITIVE_INFINITY);
		assertThat(Logs.log1p(1e-300)).isEqualTo(1e-300);
		assertThat(Logs.log1p(-0x1p-60)).isEqualTo(-0x1p-60);
	}

	@Test
	void powersOfTwoAreKTimesLn2CorrectlyRounded() {
		for (int k = -1074; k <= 1023; k++) {
			double x = Math.scalb(1.0, k);
			assertThat(ulps(Logs.log(x), LN2.multiply(BigDecimal.valueOf(k), MC))).as("log(2^%d)", k)
				.isLessThanOrEqualTo(0.5);
		}
	}

	@Test
	void logWithinHalfAnUlpAndABitOfTheExactValue() {
		SplittableRandom random = new SplittableRandom(3);
		for (int i = 0; i < 8_000; i++) {
			double x = argument(random, i);
			assertThat(ulps(Logs.log(x), log(new BigDecimal(x)))).as("log(%s)", x).isLessThanOrEqualTo(0.55);
		}
	}

	@Test
	void log1pWithinThreeQuartersOfAnUlpOfTheExactValue() {
		SplittableRandom random = new SplittableRandom(4);
		for (int i = 0; i < 8_000; i++) {
			double u = switch (i % 5) {
				case 0 -> -random.nextDouble();
				case 1 -> random.nextDouble();
				case 2 -> -Math.exp(-random.nextDouble() * 40);
				case 3 -> Math.exp(-random.nextDouble() * 745);
				default -> Math.exp(random.nextDouble() * 700);
			};
			if (u <= -1) {
				continue;
			}
			assertThat(ulps(Logs.log1p(u), log1p(u))).as("log1p(%s)", u).isLessThanOrEqualTo(0.75);
		}
	}

	@Test
	void withinOneUlpOfStrictMathOnManyMoreArguments() {
		SplittableRandom random = new SplittableRandom(5);
		for (int i = 0; i < 300_000; i++) {
			double x = argument(random, i);
			double expected = StrictMath.log(x);
			assertThat(Math.abs(Logs.log(x) - expected)).as("log(%s)", x).isLessThanOrEqualTo(Math.ulp(expected));
		}
	}

	/**
	 * Arguments near 1 (where the table is not used), over (0, 1), and over every binade.
	 */
	private static double argument(SplittableRandom random, int i) {
		return switch (i % 6) {
			case 0 -> random.nextDouble();
			case 1 -> 1 + (random.nextDouble() - 0.5) * 0x1p-5;
			case 2 -> 1 + (random.nextDouble() - 0.5) * 0x1p-12;
			case 3 -> Math.exp((random.nextDouble() - 0.5) * 1400);
			case 4 -> Double.longBitsToDouble(random.nextLong(1L, 0x7ff0000000000000L));
			default -> 1 + (random.nextDouble() - 0.5) * 0x1p-7;
		};
	}

	/** |got − exact| in ulps of the exact value rounded to a double. */
	private static double ulps(double got, BigDecimal exact) {
		if (exact.signum() == 0) {
			return (got == 0) ? 0 : Double.POSITIVE_INFINITY;
		}
		BigDecimal ulp = new BigDecimal(Math.ulp(exact.doubleValue()));
		return new BigDecimal(got).subtract(exact, MC).abs().divide(ulp, MC).doubleValue();
	}

	/** log x = log m + e·ln 2, with x = m·2^e, m in [1, 2). */
	private static BigDecimal log(BigDecimal x) {
		int e = Math.getExponent(x.doubleValue());
		if (e < Double.MIN_EXPONENT) {
			e = Math.getExponent(x.doubleValue() * 0x1p54) - 54;
		}
		BigDecimal m = (e >= 0) ? x.divide(new BigDecimal(BigInteger.TWO.pow(e)), MC)
				: x.multiply(new BigDecimal(BigInteger.TWO.pow(-e)), MC);
		return series(m).add(LN2.multiply(BigDecimal.valueOf(e), MC), MC);
	}

	/** log(1 + u), by its series for small u. */
	private static BigDecimal log1p(double u) {
		BigDecimal x = new BigDecimal(u);
		if (Math.abs(u) > 1e-3) {
			return log(x.add(BigDecimal.ONE));
		}
		BigDecimal sum = BigDecimal.ZERO;
		BigDecimal power = x;
		BigDecimal limit = x.abs().multiply(new BigDecimal("1e-45"));
		for (int n = 1; power.abs().compareTo(limit) > 0; n++) {
			sum = sum.add(power.divide(BigDecimal.valueOf(n), MC), MC);
			power = power.multiply(x.negate(), MC);
		}
		return sum;
	}

	/** log m for m in [0.5, 2]: 2·atanh((m − 1)/(m + 1)). */
	private static BigDecimal series(BigDecimal m) {
		BigDecimal t = m.subtract(BigDecimal.ONE).divide(m.add(BigDecimal.ONE), MC);
		BigDecimal t2 = t.multiply(t, MC);
		BigDecimal power = t;
		BigDecimal sum = BigDecimal.ZERO;
		for (int n = 1; power.abs().compareTo(new BigDecimal("1e-45")) > 0; n += 2) {
			sum = sum.add(power.divide(BigDecimal.valueOf(n), MC), MC);
			power = power.multiply(t2, MC);
		}
		return sum.add(sum, MC);
	}

}
