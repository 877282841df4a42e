package dev.xent.loss;

/**
 * The sums behind a standard error, in one pass and without knowing the mean: count, Σℓ,
 * ΣW, and moments about a centre c, Σe², Σe·W and ΣW² with e_i = ℓ_i − c·W_i. The centred
 * moments the contract returns follow at the end, with d = mean − c:
 *
 * <pre>
 *   m2    = Σ(ℓ_i − mean·W_i)²    = Σe² − 2·d·Σe·W + d²·ΣW²
 *   cross = Σ(ℓ_i − mean·W_i)·W_i = Σe·W − d·ΣW²
 * </pre>
 *
 * Raw moments (c = 0) would lose every digit of m2 that mean² has beyond the spread of
 * the losses; here the centre moves to the running mean Σℓ/ΣW when the count reaches 1,
 * 2, 4, 8, …, the sums shifted by the same identity, so d and every shift stay of the
 * order of the spread and m2 keeps about full precision (Chan, Golub and LeVeque's
 * pairwise updates, at fixed sample counts). Each e_i is ℓ_i − c·W_i rounded once
 * ({@link Math#fma}); the products are summed in blocks of {@link BlockSum#BLOCK}
 * samples, and the blocks with compensation (the shifts with exact products).
 * <p>
 * Nothing here depends on how the samples were split into batches: the sums are added to
 * in sample order, and the blocks end and the centre moves at sample counts, never at
 * batch ends.
 */
class Moments {

	long count;

	/** Whether a sample with W &gt; 0 has set the centre yet. */
	private boolean centred;

	private double centre;

	private long nextMove = 2;

	/** The next count at which a block ends or the centre moves. */
	private long event = 2;

	/** The current block's Σℓ, ΣW, Σe², Σe·W and ΣW². */
	private double blockSum;

	private double blockWeight;

	private double blockSquares;

	private double blockProducts;

	private double blockWeightSquares;

	/** The ended blocks' sums, compensated. */
	private final PairSum sum = new PairSum();

	private final PairSum weightSum = new PairSum();

	private final PairSum squares = new PairSum();

	private final PairSum products = new PairSum();

	private final PairSum weightSquares = new PairSum();

	final void add(double loss, double weight) {
		long count = ++this.count;
		this.blockSum += loss;
		this.blockWeight += weight;
		if (!this.centred) {
			centreOn(loss, weight);
		}
		double e = Math.fma(-this.centre, weight, loss);
		this.blockSquares += e * e;
		this.blockProducts += e * weight;
		this.blockWeightSquares += weight * weight;
		if (count == this.event) {
			endBlock(count);
		}
	}

	/**
	 * {@link #addAll} for samples that all have W = 1 and none ignored: from one event
	 * (block end or centre move) to the next, a loop with neither the weights nor the
	 * event test; the same operations as {@link #add} in the same order (fma(−c, 1, ℓ) is
	 * ℓ − c rounded once, e·1 is e), so the same bits.
	 */
	final void addAllUnit(double[] losses, int from, int to) {
		int i = from;
		while (i < to) {
			if (!this.centred) {
				add(losses[i++], 1.0);
				continue;
			}
			long count = this.count;
			// The samples up to the next event, the event's own included.
			int end = (int) Math.min(to, i + (this.event - count));
			double centre = this.centre;
			double sum = this.blockSum;
			double weightSum = this.blockWeight;
			double squares = this.blockSquares;
			double products = this.blockProducts;
			double weightSquares = this.blockWeightSquares;
			for (int j = i; j < end; j++) {
				double loss = losses[j];
				sum += loss;
				weightSum += 1.0;
				double e = loss - centre;
				squares += e * e;
				products += e;
				weightSquares += 1.0;
			}
			count += end - i;
			keep(count, sum, weightSum, squares, products, weightSquares);
			if (count == this.event) {
				endBlock(count);
			}
			i = end;
		}
	}

	/**
	 * {@link #add} for the samples {@code [from, to)} of two columns, leaving out those
	 * whose label is {@code ignoreIndex} (when {@code labels} is given): the same
	 * operations in the same order, the current block carried in local variables.
	 */
	final void addAll(double[] losses, double[] weights, int from, int to, long[] labels, long ignoreIndex) {
		long count = this.count;
		double centre = this.centre;
		boolean centred = this.centred;
		long event = this.event;
		double sum = this.blockSum;
		double weightSum = this.blockWeight;
		double squares = this.blockSquares;
		double products = this.blockProducts;
		double weightSquares = this.blockWeightSquares;
		for (int i = from; i < to; i++) {
			if (labels != null && labels[i] == ignoreIndex) {
				continue;
			}
			double loss = losses[i];
			double weight = weights[i];
			count++;
			sum += loss;
			weightSum += weight;
			if (!centred) {
				centreOn(loss, weight);
				centre = this.centre;
				centred = this.centred;
			}
			double e = Math.fma(-centre, weight, loss);
			squares += e * e;
			products += e * weight;
			weightSquares += weight * weight;
			if (count == event) {
				keep(count, sum, weightSum, squares, products, weightSquares);
				endBlock(count);
				centre = this.centre;
				event = this.event;
				sum = 0;
				weightSum = 0;
				squares = 0;
				products = 0;
				weightSquares = 0;
			}
		}
		keep(count, sum, weightSum, squares, products, weightSquares);
	}

	/** Stores what {@link #addAll} carried in local variables. */
	private void keep(long count, double sum, double weightSum, double squares, double products, double weightSquares) {
		this.count = count;
		this.blockSum = sum;
		this.blockWeight = weightSum;
		this.blockSquares = squares;
		this.blockProducts = products;
		this.blockWeightSquares = weightSquares;
	}

	/**
	 * The first weighted sample is its own centre: no sum starts from ℓ² to cancel it
	 * later. Samples before it had W = 0, which no move of the centre changes.
	 */
	private void centreOn(double loss, double weight) {
		if (weight > 0 && Double.isFinite(loss / weight)) {
			this.centre = loss / weight;
			this.centred = true;
		}
	}

	private void endBlock(long count) {
		flush();
		if (count == this.nextMove) {
			move();
		}
		// The next multiple of BLOCK, or the next move if that comes first.
		this.event = Math.min((count | BlockSum.MASK) + 1, this.nextMove);
	}

	/** Ends the current block: its sums go to the compensated ones. */
	void flush() {
		this.sum.add(this.blockSum);
		this.weightSum.add(this.blockWeight);
		this.squares.add(this.blockSquares);
		this.products.add(this.blockProducts);
		this.weightSquares.add(this.blockWeightSquares);
		this.blockSum = 0;
		this.blockWeight = 0;
		this.blockSquares = 0;
		this.blockProducts = 0;
		this.blockWeightSquares = 0;
	}

	/** Moves the centre to the running mean, the sums (flushed) shifted to it. */
	private void move() {
		this.nextMove <<= 1;
		double ws = this.weightSum.value();
		double mean = this.sum.value() / ws;
		if (this.centred && ws > 0 && Double.isFinite(mean)) {
			double d = mean - this.centre;
			this.squares.set(shiftedSquares(d));
			this.products.set(shiftedProducts(d));
			this.centre = mean;
		}
	}

	/** Σℓ_i (the current block ended first). */
	double sum() {
		flush();
		return this.sum.value();
	}

	/** ΣW_i (the current block ended first). */
	double weightSum() {
		flush();
		return this.weightSum.value();
	}

	/** Σ(ℓ_i − mean·W_i)², never below 0 (the current block ended first). */
	double m2(double mean) {
		flush();
		return Math.max(shiftedSquares(mean - this.centre).value(), 0.0);
	}

	/** Σ(ℓ_i − mean·W_i)·W_i (the current block ended first). */
	double cross(double mean) {
		flush();
		return shiftedProducts(mean - this.centre).value();
	}

	/** ΣW_i² (the current block ended first). */
	double weightSquares() {
		flush();
		return this.weightSquares.value();
	}

	/** Σ(e_i − d·W_i)², the shifts' products split exactly. */
	private NeumaierSum shiftedSquares(double d) {
		NeumaierSum m2 = new NeumaierSum();
		m2.add(this.squares.high);
		m2.add(this.squares.low);
		PairSum.addScaled(m2, -2 * d, this.products);
		double square = d * d;
		PairSum.addScaled(m2, square, this.weightSquares);
		m2.add(Math.fma(d, d, -square) * this.weightSquares.high);
		return m2;
	}

	/** Σ(e_i − d·W_i)·W_i, the shift's products split exactly. */
	private NeumaierSum shiftedProducts(double d) {
		NeumaierSum cross = new NeumaierSum();
		cross.add(this.products.high);
		cross.add(this.products.low);
		PairSum.addScaled(cross, -d, this.weightSquares);
		return cross;
	}

	/**
	 * A compensated sum: {@code high} is the running sum, {@code low} Neumaier's
	 * compensation (and, after a shift, the exact products' rounding errors).
	 */
	private static final class PairSum {

		double high;

		double low;

		void add(double value) {
			double t = this.high + value;
			if (Math.abs(this.high) >= Math.abs(value)) {
				this.low += (this.high - t) + value;
			}
			else {
				this.low += (value - t) + this.high;
			}
			this.high = t;
		}

		double value() {
			return this.high + this.low;
		}

		void set(NeumaierSum value) {
			this.high = value.value();
			this.low = 0;
		}

		/**
		 * Adds factor·(high + low) to {@code into}, the product of the high part exactly.
		 */
		static void addScaled(NeumaierSum into, double factor, PairSum sum) {
			double p = factor * sum.high;
			into.add(p);
			into.add(Math.fma(factor, sum.high, -p));
			into.add(factor * sum.low);
		}

	}

}
