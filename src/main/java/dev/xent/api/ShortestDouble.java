package dev.xent.api;

import java.math.BigInteger;

/**
 * Formats a finite double as the shortest decimal that reads back as the same double, as
 * ASCII bytes straight into an output buffer: the same characters as Jackson's fast
 * double writer and as {@code Double.toString} from JDK 19 on ({@code 0.1}, {@code 3.0},
 * {@code 1.0E-5}, {@code -2.5E7}), with no allocation per number.
 * <p>
 * Jackson's {@code writeNumber(double)} makes a {@code String} for every number (and a
 * formatter object with its buffer), then copies it through a {@code char[]}: most of the
 * time of writing a million gradients. This is Raffaello Giulietti's Schubfach algorithm
 * ("The Schubfach way to render doubles", 2020), which Jackson and the JDK both use,
 * written against a {@code byte[]}; the table of 126-bit powers of ten is computed
 * exactly with {@link BigInteger} when the class loads. {@code ShortestDoubleTests}
 * compares it with Jackson's writer on millions of doubles.
 * <p>
 * Not thread-safe: one instance per response.
 */
final class ShortestDouble {

	/** Longest output: "-2.2250738585072014E-308". */
	static final int MAX_CHARS = 24;

	private static final int P = 53;

	private static final int W = 11;

	private static final int Q_MIN = -1074;

	private static final long C_MIN = 1L << (P - 1);

	private static final long C_TINY = 3;

	private static final int K_MIN = -324;

	private static final int K_MAX = 292;

	/** Digits kept by the generation: 10^(H−1) ≤ f &lt; 10^H. */
	private static final int H = 17;

	private static final int BQ_MASK = (1 << W) - 1;

	private static final long T_MASK = (1L << (P - 1)) - 1;

	private static final long MASK_63 = (1L << 63) - 1;

	private static final int MASK_28 = (1 << 28) - 1;

	private static final long[] POW10 = new long[H + 1];

	/**
	 * g1, g0 for k = K_MIN..K_MAX: floor(β) + 1 in two 63-bit halves, with 10^−k = β·2^r,
	 * 2^125 ≤ β &lt; 2^126.
	 */
	private static final long[] G = new long[2 * (K_MAX - K_MIN + 1)];

	static {
		POW10[0] = 1;
		for (int i = 1; i <= H; i++) {
			POW10[i] = 10 * POW10[i - 1];
		}
		BigInteger ten = BigInteger.TEN;
		for (int k = K_MIN; k <= K_MAX; k++) {
			int r = flog2pow10(-k) - 125;
			BigInteger numerator = (k <= 0) ? ten.pow(-k) : BigInteger.ONE;
			BigInteger denominator = (k > 0) ? ten.pow(k) : BigInteger.ONE;
			if (r < 0) {
				numerator = numerator.shiftLeft(-r);
			}
			else {
				denominator = denominator.shiftLeft(r);
			}
			BigInteger g = numerator.divide(denominator).add(BigInteger.ONE);
			G[2 * (k - K_MIN)] = g.shiftRight(63).longValueExact();
			G[2 * (k - K_MIN) + 1] = g.longValue() & MASK_63;
		}
	}

	private byte[] bytes;

	/** Where the last character went. */
	private int index;

	/**
	 * Writes {@code v} into {@code into} from {@code at}, which must leave room for
	 * {@link #MAX_CHARS} bytes.
	 * @return the index after the last character written
	 * @throws IllegalArgumentException for NaN and infinities, which JSON cannot hold
	 */
	int format(double v, byte[] into, int at) {
		long bits = Double.doubleToRawLongBits(v);
		long t = bits & T_MASK;
		int bq = (int) (bits >>> (P - 1)) & BQ_MASK;
		if (bq == BQ_MASK) {
			throw new IllegalArgumentException("not a finite number: " + v);
		}
		this.bytes = into;
		this.index = at - 1;
		if (bits < 0) {
			append('-');
		}
		if (bq != 0) {
			int mq = -Q_MIN + 1 - bq;
			long c = C_MIN | t;
			// An integer below 2^53: its digits as they are.
			if (0 < mq && mq < P) {
				long f = c >> mq;
				if (f << mq == c) {
					return toChars(f, 0);
				}
			}
			return toDecimal(-mq, c, 0);
		}
		if (t != 0) {
			return (t < C_TINY) ? toDecimal(Q_MIN, 10 * t, -1) : toDecimal(Q_MIN, t, 0);
		}
		append('0');
		append('.');
		append('0');
		return this.index + 1;
	}

	private int toDecimal(int q, long c, int dk) {
		int out = (int) c & 0x1;
		long cb = c << 2;
		long cbr = cb + 2;
		long cbl;
		int k;
		if (c != C_MIN || q == Q_MIN) {
			cbl = cb - 2;
			k = flog10pow2(q);
		}
		else {
			cbl = cb - 1;
			k = flog10threeQuartersPow2(q);
		}
		int h = q + flog2pow10(-k) + 2;
		long g1 = G[2 * (k - K_MIN)];
		long g0 = G[2 * (k - K_MIN) + 1];
		long vb = rop(g1, g0, cb << h);
		long vbl = rop(g1, g0, cbl << h);
		long vbr = rop(g1, g0, cbr << h);
		long s = vb >> 2;
		if (s >= 100) {
			long sp10 = 10 * Math.multiplyHigh(s, 115_292_150_460_684_698L << 4);
			long tp10 = sp10 + 10;
			boolean upin = vbl + out <= sp10 << 2;
			boolean wpin = (tp10 << 2) + out <= vbr;
			if (upin != wpin) {
				return toChars(upin ? sp10 : tp10, k);
			}
		}
		long t = s + 1;
		boolean uin = vbl + out <= s << 2;
		boolean win = (t << 2) + out <= vbr;
		if (uin != win) {
			return toChars(uin ? s : t, k + dk);
		}
		long cmp = vb - ((s + t) << 1);
		return toChars((cmp < 0 || (cmp == 0 && (s & 0x1) == 0)) ? s : t, k + dk);
	}

	private static long rop(long g1, long g0, long cp) {
		long x1 = Math.multiplyHigh(g0, cp);
		long y0 = g1 * cp;
		long y1 = Math.multiplyHigh(g1, cp);
		long z = (y0 >>> 1) + x1;
		long vbp = y1 + (z >>> 63);
		return vbp | (((z & MASK_63) + MASK_63) >>> 63);
	}

	/** Writes f·10^e, f ≥ 1, in the plain or the computerized scientific format. */
	private int toChars(long f, int e) {
		int len = flog10pow2(Long.SIZE - Long.numberOfLeadingZeros(f));
		if (f >= POW10[len]) {
			len += 1;
		}
		f *= POW10[H - len];
		e += len;
		long hm = Math.multiplyHigh(f, 193_428_131_138_340_668L) >>> 20;
		int l = (int) (f - 100_000_000L * hm);
		int h = (int) ((hm * 1_441_151_881L) >>> 57);
		int m = (int) (hm - 100_000_000 * h);
		if (0 < e && e <= 7) {
			toChars1(h, m, l, e);
		}
		else if (-3 < e && e <= 0) {
			toChars2(h, m, l, e);
		}
		else {
			toChars3(h, m, l, e);
		}
		return this.index + 1;
	}

	/** 0 &lt; e ≤ 7: plain, without leading zeroes. */
	private void toChars1(int h, int m, int l, int e) {
		appendDigit(h);
		int y = y(m);
		int t;
		int i = 1;
		for (; i < e; ++i) {
			t = 10 * y;
			appendDigit(t >>> 28);
			y = t & MASK_28;
		}
		append('.');
		for (; i <= 8; ++i) {
			t = 10 * y;
			appendDigit(t >>> 28);
			y = t & MASK_28;
		}
		lowDigits(l);
	}

	/** −3 &lt; e ≤ 0: plain, with leading zeroes. */
	private void toChars2(int h, int m, int l, int e) {
		appendDigit(0);
		append('.');
		for (; e < 0; ++e) {
			appendDigit(0);
		}
		appendDigit(h);
		append8Digits(m);
		lowDigits(l);
	}

	/** e ≤ −3 or e &gt; 7: computerized scientific notation. */
	private void toChars3(int h, int m, int l, int e) {
		appendDigit(h);
		append('.');
		append8Digits(m);
		lowDigits(l);
		exponent(e - 1);
	}

	private void lowDigits(int l) {
		if (l != 0) {
			append8Digits(l);
		}
		removeTrailingZeroes();
	}

	private void append8Digits(int m) {
		int y = y(m);
		for (int i = 0; i < 8; ++i) {
			int t = 10 * y;
			appendDigit(t >>> 28);
			y = t & MASK_28;
		}
	}

	private void removeTrailingZeroes() {
		while (this.bytes[this.index] == '0') {
			--this.index;
		}
		// but not the one directly right of the point
		if (this.bytes[this.index] == '.') {
			++this.index;
		}
	}

	/** floor((a + 1)·2^28 / 10^8) − 1, for left-to-right digit generation. */
	private static int y(int a) {
		return (int) (Math.multiplyHigh((long) (a + 1) << 28, 193_428_131_138_340_668L) >>> 20) - 1;
	}

	private void exponent(int e) {
		append('E');
		if (e < 0) {
			append('-');
			e = -e;
		}
		if (e < 10) {
			appendDigit(e);
			return;
		}
		int d;
		if (e >= 100) {
			d = (e * 1_311) >>> 17;
			appendDigit(d);
			e -= 100 * d;
		}
		d = (e * 103) >>> 10;
		appendDigit(d);
		appendDigit(e - 10 * d);
	}

	private void append(char c) {
		this.bytes[++this.index] = (byte) c;
	}

	private void appendDigit(int d) {
		this.bytes[++this.index] = (byte) ('0' + d);
	}

	/** floor(log10(2^e)), for |e| ≤ 5456721. */
	private static int flog10pow2(int e) {
		return (int) ((e * 661_971_961_083L) >> 41);
	}

	/** floor(log10(3/4 · 2^e)), for |e| ≤ 5456721. */
	private static int flog10threeQuartersPow2(int e) {
		return (int) ((e * 661_971_961_083L + -274_743_187_321L) >> 41);
	}

	/** floor(log2(10^e)), for |e| ≤ 1838394. */
	private static int flog2pow10(int e) {
		return (int) ((e * 913_124_641_741L) >> 38);
	}

}
