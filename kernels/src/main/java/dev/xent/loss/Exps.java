package dev.xent.loss;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * e^x for the summaries' probabilities (the softmax of a row of logits, exp of
 * log-probabilities, the sigmoid of a logit): pure Java, inlined into their loops, where
 * {@link Math#exp} is an intrinsic stub but a call, around which the compiled loop spills
 * its floating-point registers: with C calls a sample it was most of a categorical row's
 * calibration.
 * <p>
 * <b>Method</b> (a table of 64 powers of two, as in the exponentials of glibc and ARM's
 * optimized-routines, without fused multiply-add): with n = round(x·64/ln 2), n = 64·e +
 * j,
 *
 * <pre>
 *   e^x = 2^e · 2^(j/64) · e^r,   r = x − n·ln2/64,   |r| ≤ ln2/128 &lt; 0.0055
 *   e^r − 1 = r + r²/2 + r³/6 + r⁴/24 + r⁵/120     (|error| ≤ r⁶/720 &lt; 2^−61)
 * </pre>
 *
 * n·(ln2/64) is subtracted in two parts (Cody and Waite): the first has 33 significant
 * bits, so its product with n (|n| &lt; 2^16) and the difference from x are exact. The
 * table holds 2^(j/64) rounded to nearest (computed to 40 digits when the class loads).
 * The result is within about 1 ulp of e^x ({@code ExpsTests}: against
 * {@link StrictMath#exp} and a 40-digit reference). Arguments outside (−700, 700), where
 * the result nears the subnormals or overflow, and NaN, go to {@link Math#exp}. A
 * deterministic function of its argument: the same bits on every JVM.
 */
final class Exps {

	private static final int BITS = 6;

	private static final int N = 1 << BITS;

	/** 2^(j/64), j = 0..63, rounded to nearest. */
	private static final double[] T = new double[N];

	/** 64/ln 2. */
	private static final double INV_LN2_N;

	/** ln2/64 in two parts: 33 significant bits, and the rest. */
	private static final double LN2_N_HI;

	private static final double LN2_N_LO;

	static {
		MathContext mc = new MathContext(40);
		BigDecimal ln2 = new BigDecimal("0.6931471805599453094172321214581765680755001343602552541206800094933936");
		BigDecimal ln2n = ln2.divide(BigDecimal.valueOf(N), mc);
		INV_LN2_N = BigDecimal.valueOf(N).divide(ln2, mc).doubleValue();
		LN2_N_HI = Double.longBitsToDouble(Double.doubleToRawLongBits(ln2n.doubleValue()) & ~((1L << 20) - 1));
		LN2_N_LO = ln2n.subtract(new BigDecimal(LN2_N_HI), mc).doubleValue();
		for (int j = 0; j < N; j++) {
			// 2^(j/64) = e^(j·ln2/64), by its series to 40 digits.
			BigDecimal y = ln2n.multiply(BigDecimal.valueOf(j), mc);
			BigDecimal term = BigDecimal.ONE;
			BigDecimal sum = BigDecimal.ONE;
			for (int i = 1; i < 40; i++) {
				term = term.multiply(y, mc).divide(BigDecimal.valueOf(i), mc);
				sum = sum.add(term, mc);
			}
			T[j] = sum.doubleValue();
		}
	}

	private Exps() {
	}

	/** e^x. */
	static double exp(double x) {
		if (!(x > -700.0 && x < 700.0)) {
			return Math.exp(x);
		}
		double nd = Math.rint(x * INV_LN2_N);
		int n = (int) nd;
		double r = (x - nd * LN2_N_HI) - nd * LN2_N_LO;
		double r2 = r * r;
		double expm1 = r + r2 * (0.5 + r * (1.0 / 6 + r * (1.0 / 24 + r * (1.0 / 120))));
		double t = T[n & (N - 1)];
		double scale = Double.longBitsToDouble((long) (1023 + (n >> BITS)) << 52);
		return (t + t * expm1) * scale;
	}

}
