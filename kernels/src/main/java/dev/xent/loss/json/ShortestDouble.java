package dev.xent.loss.json;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.math.BigInteger;
import java.nio.ByteOrder;

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
 * The decimal is the JDK's, digit for digit; only the writing of its characters differs,
 * for speed ({@code ShortestDoubleBenchmark}: about 50 ns a double before, 26 after). All
 * state is in local variables, so that it stays in registers: the class is stateless and
 * its one method static. The choices between candidates are selections rather than
 * branches, since which candidate wins is data, not a pattern the branch predictor can
 * learn. The 17 digits are made 8 at a time in the bytes of a long (SWAR), each 8 written
 * with one store; the count of significant digits comes from the zero bytes at the top of
 * those longs, before anything is written, rather than from backing up over written
 * zeroes; and a point among the digits is written over one, the digits after it written
 * again one place on, rather than the digits written one by one around it.
 */
public final class ShortestDouble {

	/** Longest output: "-2.2250738585072014E-308". */
	public static final int MAX_CHARS = 24;

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

	/** Stores of 8, 4 and 2 bytes at any index of a byte[], the first char first. */
	private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

	private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

	private static final VarHandle SHORTS = MethodHandles.byteArrayViewVarHandle(short[].class,
			ByteOrder.LITTLE_ENDIAN);

	/** '0' in each byte: digit values 0..9 to their characters. */
	private static final long ZEROES = 0x3030_3030_3030_3030L;

	/** "0.00", little-endian. */
	private static final int ZERO_POINT_ZERO_ZERO = '0' | '.' << 8 | '0' << 16 | '0' << 24;

	private ShortestDouble() {
	}

	/**
	 * Writes {@code v} into {@code into} from {@code at}, which must leave room for
	 * {@link #MAX_CHARS} bytes: bytes after the number, within that room, may be
	 * overwritten.
	 * @param v the double
	 * @param into the buffer
	 * @param at where the first character goes
	 * @return the index after the last character written
	 * @throws IllegalArgumentException for NaN and infinities, which JSON cannot hold
	 */
	public static int format(double v, byte[] into, int at) {
		long bits = Double.doubleToRawLongBits(v);
		long t = bits & T_MASK;
		int bq = (int) (bits >>> (P - 1)) & BQ_MASK;
		if (bq == BQ_MASK) {
			throw new IllegalArgumentException("not a finite number: " + v);
		}
		// the sign, always written (no branch), kept only if negative
		into[at] = '-';
		int p = at + (int) (bits >>> 63);
		// f·10^e, then normalized to 17 digits below
		long f;
		int e;
		decimal: {
			int q;
			long c;
			int dk = 0;
			if (bq != 0) {
				int mq = -Q_MIN + 1 - bq;
				c = C_MIN | t;
				f = c >> mq;
				if (0 < mq && mq < P && f << mq == c) {
					// An integer below 2^53: its digits as they are.
					e = 0;
					break decimal;
				}
				q = -mq;
			}
			else if (t != 0) {
				q = Q_MIN;
				if (t < C_TINY) {
					c = 10 * t;
					dk = -1;
				}
				else {
					c = t;
				}
			}
			else {
				into[p] = '0';
				into[p + 1] = '.';
				into[p + 2] = '0';
				return p + 3;
			}
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
			long vbl = rop(g1, g0, cbl << h) + out;
			long vbr = rop(g1, g0, cbr << h) - out;
			long s = vb >> 2;
			long sp10 = 10 * Math.multiplyHigh(s, 115_292_150_460_684_698L << 4);
			long tp10 = sp10 + 10;
			boolean upin = vbl <= sp10 << 2;
			boolean wpin = tp10 << 2 <= vbr;
			long t1 = s + 1;
			boolean uin = vbl <= s << 2;
			boolean win = t1 << 2 <= vbr;
			// The JDK's choice, as selections: the shorter of sp10 and tp10 when just one
			// is in the rounding interval, else the one of s and s + 1 in it, else the
			// closer, the even one on a tie (vb − 4s is vb & 3, 2 at the midpoint).
			f = s + (((vb & 3) + (s & 1) + 1) >> 2);
			f = (uin != win) ? (uin ? s : t1) : f;
			e = k + dk;
			boolean shorter = s >= 100 && upin != wpin;
			f = shorter ? (upin ? sp10 : tp10) : f;
			e = shorter ? k : e;
		}
		// Normalized: 10^16 ≤ f < 10^17, the value 0.f·10^e. From Schubfach, f has 16 or
		// 17 digits (2^52 ≤ c·2^q/10^k < 10·2^53); integers and subnormals fewer.
		if (f < 1_000_000_000_000_000L) {
			int len = flog10pow2(Long.SIZE - Long.numberOfLeadingZeros(f));
			if (f >= POW10[len]) {
				len += 1;
			}
			f *= POW10[H - 1 - len];
			e += len - 16;
		}
		boolean sixteen = f < 10_000_000_000_000_000L;
		f = sixteen ? 10 * f : f;
		e += sixteen ? 16 : 17;
		// the first digit h, then 8 in m and 8 in l
		long hm = Math.multiplyHigh(f, 193_428_131_138_340_668L) >>> 20;
		int l = (int) (f - 100_000_000L * hm);
		int h = (int) ((hm * 1_441_151_881L) >>> 57);
		int m = (int) (hm - 100_000_000 * h);
		long low = digits8(l);
		long middle = digits8(m);
		// significant digits: 17 less the trailing zeroes, the zero bytes at the top
		int n = (l != 0) ? 17 - (Long.numberOfLeadingZeros(low) >>> 3)
				: (m != 0) ? 9 - (Long.numberOfLeadingZeros(middle) >>> 3) : 1;
		low += ZEROES;
		middle += ZEROES;
		// Whole 8-byte stores of digits that may run past the end of the number (into
		// the room the caller leaves), which then ends after the n significant digits,
		// but with at least one digit after the point.
		if (0 < e && e <= 7) {
			// plain, with e digits before the point: the digits, the point over digit
			// e + 1, and the digits from e + 1 to 9 again after it (zeroes above them,
			// which the last 8 then overwrite)
			into[p] = (byte) ('0' + h);
			LONGS.set(into, p + 1, middle);
			into[p + e] = '.';
			LONGS.set(into, p + e + 1, middle >>> (8 * e - 8));
			LONGS.set(into, p + 10, low);
			return p + 1 + Math.max(n, e + 1);
		}
		if (-3 < e && e <= 0) {
			// plain, "0." and −e zeroes (written as "0.00" whatever e) before the digits
			INTS.set(into, p, ZERO_POINT_ZERO_ZERO);
			p += 2 - e;
			into[p] = (byte) ('0' + h);
			LONGS.set(into, p + 1, middle);
			LONGS.set(into, p + 9, low);
			return p + n;
		}
		// computerized scientific notation: d.ddd, then E and the exponent
		SHORTS.set(into, p, (short) ('0' + h | '.' << 8));
		LONGS.set(into, p + 2, middle);
		LONGS.set(into, p + 10, low);
		return exponent(e - 1, into, p + 1 + Math.max(n, 2));
	}

	private static long rop(long g1, long g0, long cp) {
		long x1 = Math.multiplyHigh(g0, cp);
		long y0 = g1 * cp;
		long y1 = Math.multiplyHigh(g1, cp);
		long z = (y0 >>> 1) + x1;
		long vbp = y1 + (z >>> 63);
		return vbp | (((z & MASK_63) + MASK_63) >>> 63);
	}

	/**
	 * The 8 decimal digits of {@code x} &lt; 10^8 as byte values 0..9 in one long, the
	 * first digit in the lowest byte: halves, quarters and digits split in all lanes at
	 * once, with multiply-shift divisions exact in this range. Each split puts quotient q
	 * in the low half of a lane and the remainder v − dq in the high half, as v·2^w +
	 * q·(1 − d·2^w): one multiply, one shift and one add.
	 */
	private static long digits8(int x) {
		long high = (x * 109_951_163L) >>> 40;
		long v = ((long) x << 32) + high * (1 - (10_000L << 32));
		long q = ((v * 10_486) >>> 20) & 0x0000_007F_0000_007FL;
		v = (v << 16) + q * (1 - (100L << 16));
		q = ((v * 103) >>> 10) & 0x000F_000F_000F_000FL;
		return (v << 8) + q * (1 - (10L << 8));
	}

	/** Writes "E" and e at {@code p}, returning the index after it. */
	private static int exponent(int e, byte[] into, int p) {
		// "E-", the '-' kept only if negative
		SHORTS.set(into, p, (short) ('E' | '-' << 8));
		p += 1 + (e >>> 31);
		e = Math.abs(e);
		if (e < 10) {
			into[p] = (byte) ('0' + e);
			return p + 1;
		}
		if (e >= 100) {
			int d = (e * 1_311) >>> 17;
			into[p++] = (byte) ('0' + d);
			e -= 100 * d;
		}
		int d = (e * 103) >>> 10;
		SHORTS.set(into, p, (short) ('0' + d | ('0' + e - 10 * d) << 8));
		return p + 2;
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
