package dev.xent.loss;

/**
 * Compensated (Neumaier) summation: the running error of each addition is carried in a
 * separate term, so a million-term sum keeps about the precision of a single addition
 * instead of losing √n or n ulps. Cheap enough for every reduction in the service.
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
