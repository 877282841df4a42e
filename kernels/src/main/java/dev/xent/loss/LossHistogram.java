package dev.xent.loss;

/**
 * How one request's per-sample losses ℓ_i (weights applied, the values of the answer's
 * {@code losses}) are spread: a count of samples in fixed bins, five a decade from 10⁻⁶
 * to 10³ (45 bins, edges 10^(−6 + k/5)), plus one bin below 10⁻⁶ (0 included) and one
 * from 10³ up. Ignored samples are not counted, so the counts add up to the request's
 * {@code count}.
 * <p>
 * The edges are fixed, so histograms of separate requests (shards, batches) merge by
 * adding their counts, exactly: the picture of a request is the same in every body format
 * and batch split. Memory is 47 counters whatever the number of samples; a sample costs
 * one table look-up and one comparison (no logarithm): the top 16 bits of a double (its
 * exponent and the first four bits of its fraction) split every binade into 16 slots,
 * each narrower (a factor ≤ 2^(1/16)) than a bin (10^(1/5)), so a slot holds at most one
 * edge.
 */
public final class LossHistogram {

	/** The lower edge of the first regular bin. */
	public static final double LOWEST = 1e-6;

	/** The upper edge of the last regular bin, the lower edge of the overflow bin. */
	public static final double HIGHEST = 1e3;

	public static final int BINS_PER_DECADE = 5;

	/** The regular bins between {@link #LOWEST} and {@link #HIGHEST}. */
	public static final int REGULAR_BINS = 9 * BINS_PER_DECADE;

	/** Every bin: underflow (index 0), the regular ones, overflow (the last index). */
	public static final int BINS = REGULAR_BINS + 2;

	/** EDGES[k] = 10^(−6 + k/5), k = 0..45; the decades exactly as their literals. */
	private static final double[] EDGES = new double[REGULAR_BINS + 1];

	/** The top 16 bits of {@link #LOWEST}: the first slot. */
	private static final int FIRST_SLOT;

	/**
	 * Per slot, the regular bin (0-based) that holds the slot's lowest value ≥ LOWEST.
	 */
	private static final byte[] SLOT_BIN;

	static {
		for (int k = 0; k <= REGULAR_BINS; k++) {
			EDGES[k] = (k % BINS_PER_DECADE == 0) ? Double.parseDouble("1e" + (k / BINS_PER_DECADE - 6))
					: StrictMath.pow(10, -6 + k / (double) BINS_PER_DECADE);
		}
		FIRST_SLOT = slot(LOWEST);
		SLOT_BIN = new byte[slot(HIGHEST) - FIRST_SLOT + 1];
		int k = 0;
		for (int s = 0; s < SLOT_BIN.length; s++) {
			double lowest = Math.max(Double.longBitsToDouble((long) (FIRST_SLOT + s) << 48), LOWEST);
			while (k < REGULAR_BINS - 1 && lowest >= EDGES[k + 1]) {
				k++;
			}
			SLOT_BIN[s] = (byte) k;
		}
	}

	private final long[] counts = new long[BINS];

	private static int slot(double positive) {
		return (int) (Double.doubleToRawLongBits(positive) >>> 48);
	}

	/**
	 * The bin of a loss: 0 below {@link #LOWEST} (0 and −0 included), {@code BINS − 1}
	 * from {@link #HIGHEST} up, else 1 + k for EDGES[k] ≤ loss &lt; EDGES[k + 1].
	 */
	public static int bin(double loss) {
		if (!(loss >= LOWEST)) {
			return 0;
		}
		if (loss >= HIGHEST) {
			return BINS - 1;
		}
		int k = SLOT_BIN[slot(loss) - FIRST_SLOT];
		if (loss >= EDGES[k + 1]) {
			k++;
		}
		return k + 1;
	}

	/** The lower edge of a bin: 0 for the underflow bin. */
	public static double lower(int bin) {
		return (bin == 0) ? 0 : EDGES[bin - 1];
	}

	/** The upper edge of a bin (exclusive): +∞ for the overflow bin. */
	public static double upper(int bin) {
		return (bin == BINS - 1) ? Double.POSITIVE_INFINITY : EDGES[bin];
	}

	/** Counts one sample of loss ℓ_i. */
	public void add(double loss) {
		this.counts[bin(loss)]++;
	}

	/** The samples in a bin. */
	public long count(int bin) {
		return this.counts[bin];
	}

	/** Every sample counted. */
	public long total() {
		long total = 0;
		for (long count : this.counts) {
			total += count;
		}
		return total;
	}

	/** Adds another histogram's counts to this one (shards, or parts of one request). */
	public void merge(LossHistogram other) {
		for (int b = 0; b < BINS; b++) {
			this.counts[b] += other.counts[b];
		}
	}

}
