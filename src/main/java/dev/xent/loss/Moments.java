package dev.xent.loss;

/**
 * The sums behind a standard error, in one pass and without knowing the mean: count, Σℓ,
 * ΣW and the raw moments Σℓ², ΣℓW, ΣW², each product split exactly in two
 * ({@link Math#fma}) and both halves added to one compensated sum in sample order. The
 * centred moments the contract returns,
 *
 * <pre>
 *   m2    = Σ(ℓ_i − mean·W_i)²     = Σℓ² − 2·mean·ΣℓW + mean²·ΣW²
 *   cross = Σ(ℓ_i − mean·W_i)·W_i  = ΣℓW − mean·ΣW²
 * </pre>
 *
 * are then formed from the sums' high and low parts, every product again split exactly,
 * and added in one more compensated sum. The raw moments are known to about 2⁻¹⁰⁰ of
 * their size, so the cancellation of the right-hand sides costs nothing a double can show
 * unless the losses agree to 30 digits; a single-pass form with plain doubles would lose
 * as many digits as mean² exceeds the variance.
 * <p>
 * Nothing here depends on how the samples were split into batches: each sum is added to
 * in sample order with its whole state kept.
 */
final class Moments {

	long count;

	/** Σℓ and ΣW, or {@code null} where the caller has them already. */
	final NeumaierSum sum;

	final NeumaierSum weightSum;

	private final ProductSum squares = new ProductSum();

	private final ProductSum products = new ProductSum();

	private final ProductSum weightSquares = new ProductSum();

	/**
	 * @param withSums whether to keep Σℓ and ΣW as well
	 */
	Moments(boolean withSums) {
		this.sum = withSums ? new NeumaierSum() : null;
		this.weightSum = withSums ? new NeumaierSum() : null;
	}

	void add(double loss, double weight) {
		this.count++;
		if (this.sum != null) {
			this.sum.add(loss);
			this.weightSum.add(weight);
		}
		this.squares.add(loss, loss);
		this.products.add(loss, weight);
		this.weightSquares.add(weight, weight);
	}

	/** Σ(ℓ_i − mean·W_i)², never below 0. */
	double m2(double mean) {
		NeumaierSum m2 = new NeumaierSum();
		m2.add(this.squares.high);
		m2.add(this.squares.low);
		ProductSum.addScaled(m2, -2 * mean, this.products);
		double square = mean * mean;
		double squareLow = Math.fma(mean, mean, -square);
		ProductSum.addScaled(m2, square, this.weightSquares);
		m2.add(squareLow * this.weightSquares.high);
		return Math.max(m2.value(), 0.0);
	}

	/** Σ(ℓ_i − mean·W_i)·W_i. */
	double cross(double mean) {
		NeumaierSum cross = new NeumaierSum();
		cross.add(this.products.high);
		cross.add(this.products.low);
		ProductSum.addScaled(cross, -mean, this.weightSquares);
		return cross.value();
	}

	double weightSquares() {
		return this.weightSquares.high + this.weightSquares.low;
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
