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
 * ({@link Math#fma}); each product is split exactly in two and both halves go to one
 * compensated sum in sample order.
 * <p>
 * Nothing here depends on how the samples were split into batches: the sums are added to
 * in sample order and the centre moves at sample counts, never at batch ends.
 */
final class Moments {

	long count;

	final NeumaierSum sum = new NeumaierSum();

	final NeumaierSum weightSum = new NeumaierSum();

	private double centre;

	/** Whether a sample with W &gt; 0 has set the centre yet. */
	private boolean centred;

	private long nextMove = 2;

	private final ProductSum squares = new ProductSum();

	private final ProductSum products = new ProductSum();

	private final ProductSum weightSquares = new ProductSum();

	void add(double loss, double weight) {
		this.count++;
		this.sum.add(loss);
		this.weightSum.add(weight);
		if (!this.centred && weight > 0 && Double.isFinite(loss / weight)) {
			// The first weighted sample is its own centre: no sum starts from ℓ² to
			// cancel
			// it later. Samples before it had W = 0, which no move of the centre changes.
			this.centre = loss / weight;
			this.centred = true;
		}
		double e = Math.fma(-this.centre, weight, loss);
		this.squares.add(e, e);
		this.products.add(e, weight);
		this.weightSquares.add(weight, weight);
		if (this.count == this.nextMove) {
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
	}

	/** Σ(ℓ_i − mean·W_i)², never below 0. */
	double m2(double mean) {
		return Math.max(shiftedSquares(mean - this.centre).value(), 0.0);
	}

	/** Σ(ℓ_i − mean·W_i)·W_i. */
	double cross(double mean) {
		return shiftedProducts(mean - this.centre).value();
	}

	double weightSquares() {
		return this.weightSquares.high + this.weightSquares.low;
	}

	/** Σ(e_i − d·W_i)², every product split exactly. */
	private NeumaierSum shiftedSquares(double d) {
		NeumaierSum m2 = new NeumaierSum();
		m2.add(this.squares.high);
		m2.add(this.squares.low);
		ProductSum.addScaled(m2, -2 * d, this.products);
		double square = d * d;
		ProductSum.addScaled(m2, square, this.weightSquares);
		m2.add(Math.fma(d, d, -square) * this.weightSquares.high);
		return m2;
	}

	/** Σ(e_i − d·W_i)·W_i. */
	private NeumaierSum shiftedProducts(double d) {
		NeumaierSum cross = new NeumaierSum();
		cross.add(this.products.high);
		cross.add(this.products.low);
		ProductSum.addScaled(cross, -d, this.weightSquares);
		return cross;
	}

	/**
	 * A compensated sum of exact products: {@code high} is the running sum of the rounded
	 * products, {@code low} Neumaier's compensation plus every product's rounding error.
	 */
	private static final class ProductSum {

		double high;

		double low;

		void add(double a, double b) {
			double p = a * b;
			double error = Math.fma(a, b, -p);
			double t = this.high + p;
			if (Math.abs(this.high) >= Math.abs(p)) {
				this.low += (this.high - t) + p + error;
			}
			else {
				this.low += (p - t) + this.high + error;
			}
			this.high = t;
		}

		void set(NeumaierSum value) {
			this.high = value.value();
			this.low = 0;
		}

		/**
		 * Adds factor·(high + low) to {@code into}, the product of the high part exactly.
		 */
		static void addScaled(NeumaierSum into, double factor, ProductSum sum) {
			double p = factor * sum.high;
			into.add(p);
			into.add(Math.fma(factor, sum.high, -p));
			into.add(factor * sum.low);
		}

	}

}
