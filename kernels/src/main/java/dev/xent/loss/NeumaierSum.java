package dev.xent.loss;

/**
 * Compensated (Neumaier) summation: the running error of each addition is carried in a
 * separate term, so a million-term sum keeps about the precision of a single addition
 * instead of losing √n or n ulps. Cheap enough for every reduction in the service.
 * <p>
 * A kernel's loop may carry the two terms in local variables ({@link #sum()},
 * {@link #compensation()}, {@link #set}) with the same operations as {@link #add}, in the
 * same order: the same bits, without a load and a store of each term per sample.
 */
public final class NeumaierSum {

	private double sum;

	private double compensation;

	public void add(double value) {
		double t = this.sum + value;
		if (Math.abs(this.sum) >= Math.abs(value)) {
			this.compensation += (this.sum - t) + value;
		}
		else {
			this.compensation += (value - t) + this.sum;
		}
		this.sum = t;
	}

	/**
	 * {@code n} times {@link #add}(1.0), with the same result: without compensation and
	 * with an integer sum that stays below 2^53 every addition is exact (and the
	 * compensation stays 0), so the sum is {@code sum + n}; otherwise one by one.
	 */
	void addOnes(int n) {
		double s = this.sum;
		if (this.compensation == 0 && s >= 0 && s == Math.rint(s) && s + n <= 0x1p53) {
			this.sum = s + n;
			// As the additions leave it: a −0.0 compensation becomes 0.0.
			this.compensation += 0.0;
			return;
		}
		for (int i = 0; i < n; i++) {
			add(1.0);
		}
	}

	/** The running sum without its compensation. */
	double sum() {
		return this.sum;
	}

	/** The accumulated rounding errors. */
	double compensation() {
		return this.compensation;
	}

	/** The state a loop carried in local variables. */
	void set(double sum, double compensation) {
		this.sum = sum;
		this.compensation = compensation;
	}

	public double value() {
		return this.sum + this.compensation;
	}

	/** Σ values, compensated. */
	public static double of(double[] values, int from, int to) {
		NeumaierSum s = new NeumaierSum();
		for (int i = from; i < to; i++) {
			s.add(values[i]);
		}
		return s.value();
	}

}
