package dev.xent.loss;

/**
 * A long sum that costs one addition a term: a plain partial sum over a block of terms,
 * added into a compensated ({@link NeumaierSum}) total at the end of the block. Its owner
 * ends the blocks ({@link #flush}) at fixed counts of its samples, never where a batch
 * ends, so the value depends only on the terms and their order: the same bits in every
 * body format and batch split.
 * <p>
 * <b>Precision.</b> A block of at most {@link #BLOCK} terms is summed with an error of at
 * most (BLOCK − 1)·ε·Σ|terms| (ε = 2⁻⁵³), and typically √BLOCK·ε; the blocks' totals are
 * then summed with Neumaier's compensation, which adds about one rounding. For terms of
 * one sign (losses, weights, counts) that is a relative error below 3·10⁻¹⁴ whatever the
 * number of terms, where a plain running sum of n terms loses up to n·ε; sums of 0s and
 * 1s (counts) stay exact below 2⁵³.
 */
final class BlockSum {

	/** Terms in a block: a power of two, so owners can tell a block's end by a mask. */
	static final int BLOCK = 128;

	static final long MASK = BLOCK - 1;

	/**
	 * The current block's running sum. A pass over many terms may carry it, and
	 * {@link #left}, in local variables: the same operations, the same bits, without a
	 * load and a store a term ({@link #end}, {@link #carry}).
	 */
	double partial;

	/** Terms the current block still takes. */
	int left = BLOCK;

	private final NeumaierSum total = new NeumaierSum();

	/** Adds one term. */
	void add(double value) {
		this.partial += value;
		if (--this.left == 0) {
			end(this.partial);
		}
	}

	/**
	 * Ends the current block, whose sum a pass carried: it goes to the compensated total.
	 */
	void end(double partial) {
		this.total.add(partial);
		this.partial = 0;
		this.left = BLOCK;
	}

	/**
	 * Where a pass leaves the current block: its sum so far, and the terms it still
	 * takes.
	 */
	void carry(double partial, int left) {
		this.partial = partial;
		this.left = left;
	}

	/** The sum of every term so far, the current block included; changes nothing. */
	double value() {
		NeumaierSum copy = new NeumaierSum();
		copy.set(this.total.sum(), this.total.compensation());
		copy.add(this.partial);
		return copy.value();
	}

}
