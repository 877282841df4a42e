package dev.xent.loss;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * The natural logarithm of every kernel: log x, and log(1 + u) without the rounding of 1
 * + u. Pure Java, inlined into the kernels' loops: {@link Math#log} is an intrinsic stub
 * on HotSpot, but a call for which the compiled loop spills every live floating-point
 * register, and it cost more than half of a binary sample.
 * <p>
 * <b>Method</b> (a table of 128 sub-intervals, as in the logarithms of ARM's
 * optimized-routines and glibc, without fused multiply-add): x = 2^k·z with z in [0.705,
 * 1.41), z in sub-interval i with centre c_i (a number of at most 9 bits; c = 1 for the
 * sub-interval around 1), and
 *
 * <pre>
 *   log x = k·ln 2 + log c + log1p(r),   r = (z − c)/c,   |r| ≤ 2^−8
 *   log1p(r) = r − r²/2 + r³/3 − r⁴/4 + r⁵/5 − r⁶/6 + r⁷/7     (|error| ≤ r⁸/8 ≤ 2^−67)
 * </pre>
 *
 * z − c is exact (Sterbenz), and so is its product with the first 9 bits of 1/c, so r is
 * carried as a sum of two doubles; k·ln 2 + log c is an exact sum of two numbers on the
 * grid 2^−42 (ln 2 and each log c are split into a part on that grid and a remainder,
 * computed to 60 digits when the class loads), and the large sum's rounding error is kept
 * (Fast2Sum). What is left is the final rounding: the result is within about 0.51 ulp of
 * log x ({@code LogsTests}: at most 1 ulp from {@link StrictMath#log} and 0.5x ulp from a
 * 40-digit reference on millions of arguments), where {@link Math#log} promises 1 ulp.
 * <p>
 * log(1 + u): w = 1 + u is rounded, but its rounding error δ = u − (w − 1) is exact
 * (Fast2Sum), and log(w + δ) = log w + δ/w to within δ²/w², far below an ulp: log1p is
 * log and one division.
 * <p>
 * Both are deterministic functions of their argument (no platform library, no FMA): the
 * same bits on every JVM and in every body format.
 */
final class Logs {

	/** log₂ of the number of sub-intervals. */
	private static final int BITS = 7;

	private static final int N = 1 << BITS;

	/**
	 * The bits of the lower end of z's range, half a sub-interval below 0x1.6ap−1: so
	 * that 1 lies inside sub-interval 75, [1 − 2^−9, 1 + 2^−8), not on an edge.
	 */
	private static final long OFF = 0x3fe6a00000000000L - (1L << (52 - BITS - 1));

	/** Doubles per sub-interval in {@link #T}. */
	private static final int STRIDE = 8;

	private static final int C = 0;

	/** 1/c rounded to a multiple of 2^−8 (at most 9 bits: (z − c)·INVC_HI is exact). */
	private static final int INVC_HI = 1;

	/** 1/c − INVC_HI. */
	private static final int INVC_LO = 2;

	/** log c rounded to a multiple of 2^−42. */
	private static final int LOGC_HI = 3;

	/** log c − LOGC_HI. */
	private static final int LOGC_LO = 4;

	/** The sub-intervals' constants, {@link #STRIDE} doubles each (5 used). */
	private static final double[] T = new double[N * STRIDE];

	/** ln 2 rounded to a multiple of 2^−42 (k·LN2_HI is exact for every |k| < 2^11). */
	static final double LN2_HI;

	/** ln 2 − LN2_HI. */
	static final double LN2_LO;

	private static final double C3 = 1.0 / 3;

	private static final double C5 = 1.0 / 5;

	private static final double C6 = 1.0 / 6;

	private static final double C7 = 1.0 / 7;

	static {
		MathContext mc = new MathContext(60, RoundingMode.HALF_EVEN);
		BigDecimal ln2 = logOf(BigDecimal.valueOf(2), mc);
		LN2_HI = onGrid(ln2);
		LN2_LO = ln2.subtract(new BigDecimal(LN2_HI), mc).doubleValue();
		for (int i = 0; i < N; i++) {
			double low = Double.longBitsToDouble(OFF + ((long) i << (52 - BITS)));
			double high = Double.longBitsToDouble(OFF + ((long) (i + 1) << (52 - BITS)));
			double c = (low <= 1 && 1 < high) ? 1 : (low + high) / 2;
			BigDecimal exact = BigDecimal.ONE.divide(new BigDecimal(c), mc);
			double invcHi = exact.multiply(BigDecimal.valueOf(256)).setScale(0, RoundingMode.HALF_EVEN).doubleValue()
					/ 256;
			BigDecimal logc = logOf(new BigDecimal(c), mc);
			int at = i * STRIDE;
			T[at + C] = c;
			T[at + INVC_HI] = invcHi;
			T[at + INVC_LO] = exact.subtract(new BigDecimal(invcHi), mc).doubleValue();
			T[at + LOGC_HI] = onGrid(logc);
			T[at + LOGC_LO] = logc.subtract(new BigDecimal(T[at + LOGC_HI]), mc).doubleValue();
		}
	}

	private Logs() {
	}

	/** log x, within about 0.51 ulp; −∞ at 0, NaN below 0 and for NaN, +∞ at +∞. */
	static double log(double x) {
		return log(x, 0.0);
	}

	/**
	 * log(1 + u), within about 0.51 ulp (u itself where 1 + u rounds to 1); −∞ at −1, NaN
	 * below −1.
	 */
	static double log1p(double u) {
		double w = 1 + u;
		// The rounding error of 1 + u, exact (Fast2Sum with the larger term first).
		double delta = (Math.abs(u) <= 1) ? (1 - w) + u : (u - w) + 1;
		return log(w, delta);
	}

	/**
	 * log(x + d), for x and a correction d no larger than half an ulp of x (the rounding
	 * error of an x computed as a sum): log x + d/x to within about 0.51 ulp. With d = 0
	 * it is {@link #log(double)}, operation for operation.
	 */
	static double log(double x, double d) {
		long ix = Double.doubleToRawLongBits(x);
		if (ix < 0x0010000000000000L || ix >= 0x7ff0000000000000L) {
			// Not a positive normal number: rare, out of line.
			return special(x);
		}
		return reduced(ix, 0, d / x);
	}

	/** log x for x ≤ 0, subnormal, infinite or NaN. */
	private static double special(double x) {
		if (x > 0 && x < Double.MIN_NORMAL) {
			return reduced(Double.doubleToRawLongBits(x * 0x1p54), -54, 0.0);
		}
		return (x == 0) ? Double.NEGATIVE_INFINITY : (x > 0) ? x : Double.NaN;
	}

	/**
	 * log(x·2^shift) + correction for the bits {@code ix} of a positive normal x. Small
	 * enough in bytecode to be inlined into a kernel's loop.
	 */
	private static double reduced(long ix, int shift, double correction) {
		long tmp = ix - OFF;
		int at = ((int) (tmp >>> (52 - BITS)) & (N - 1)) * STRIDE;
		int k = (int) (tmp >> 52) + shift;
		double z = Double.longBitsToDouble(ix - (tmp & (0xfffL << 52)));
		double[] t = T;
		// r = (z − c)/c as r + e: z − c is exact, and so is its product with INVC_HI.
		double dz = z - t[at + C];
		double rHi = dz * t[at + INVC_HI];
		double rLo = dz * t[at + INVC_LO];
		double r = rHi + rLo;
		double e = (rHi - r) + rLo;
		double kd = k;
		// Exact: both terms lie on the grid 2^-42 and their sum is below 2^10.
		double a = kd * LN2_HI + t[at + LOGC_HI];
		double hi = a + r;
		// Fast2Sum: a is 0 (k = 0 and c = 1) or at least |r| in magnitude.
		double err = (a - hi) + r;
		double r2 = r * r;
		double p = (-0.5 + r * C3) + r2 * ((-0.25 + r * C5) + r2 * (-C6 + r * C7));
		double lo = err + (e + ((kd * LN2_LO + t[at + LOGC_LO]) + correction)) + r2 * p;
		return hi + lo;
	}

	/** x rounded to a multiple of 2^−42, as a double (exact: |x| &lt; 2^10). */
	private static double onGrid(BigDecimal x) {
		return x.multiply(new BigDecimal(0x1p42)).setScale(0, RoundingMode.HALF_EVEN).doubleValue() * 0x1p-42;
	}

	/** log x for x in [0.5, 2], to the context's precision: 2·atanh((x − 1)/(x + 1)). */
	private static BigDecimal logOf(BigDecimal x, MathContext mc) {
		BigDecimal t = x.subtract(BigDecimal.ONE).divide(x.add(BigDecimal.ONE), mc);
		BigDecimal t2 = t.multiply(t, mc);
		BigDecimal power = t;
		BigDecimal sum = BigDecimal.ZERO;
		BigDecimal limit = BigDecimal.ONE.movePointLeft(mc.getPrecision() + 2);
		for (int n = 1; power.abs().compareTo(limit) > 0; n += 2) {
			sum = sum.add(power.divide(BigDecimal.valueOf(n), mc), mc);
			power = power.multiply(t2, mc);
		}
		return sum.add(sum, mc);
	}

}
