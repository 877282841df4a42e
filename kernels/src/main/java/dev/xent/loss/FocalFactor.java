package dev.xent.loss;

/**
 * The focal factor t^γ, t = 1 − p_t (or 1 − p_c), and its slope, shared by the focal
 * kernels ({@link BinaryFocal}, {@link CategoricalFocal}).
 * <p>
 * <b>The limit at t = 0.</b> For 0 &lt; γ &lt; 1 the derivative γ·t^(γ−1) is infinite at
 * t = 0, where the prediction is certain and right; its product with the term it
 * multiplies (which vanishes there with t, as b ~ t does) tends to 0. The slope's
 * contribution is therefore defined as 0 wherever t = 0, for every γ ≥ 0, so no gradient
 * is ever NaN or infinite there; at γ = 0 the factor is exactly 1 and has no slope, which
 * leaves the cross-entropy gradient unchanged.
 */
final class FocalFactor {

	private FocalFactor() {
	}

	/**
	 * t^γ for t ≥ 0: exactly 1 for γ = 0 (even at t = 0), t·t for γ = 2, √t for γ = 0.5
	 * (the common choices, without a call to {@link Math#pow}).
	 */
	static double pow(double t, double gamma) {
		if (gamma == 0) {
			return 1;
		}
		if (gamma == 1) {
			return t;
		}
		if (gamma == 2) {
			return t * t;
		}
		if (gamma == 0.5) {
			return Math.sqrt(t);
		}
		return Math.pow(t, gamma);
	}

	/**
	 * γ·t^(γ−1)·v: the slope of t^γ times v, 0 where t = 0 (the limit) or γ = 0.
	 * @param f t^γ ({@link #pow}): t^(γ−1) is f/t, and where that overflows (a subnormal
	 * t with γ close to 0), γ·f·(v/t) may still be finite
	 */
	static double slopeTimes(double gamma, double t, double f, double v) {
		if (gamma == 0 || !(t > 0)) {
			return 0;
		}
		if (gamma == 1) {
			return v;
		}
		if (gamma == 2) {
			return 2 * t * v;
		}
		// t^(γ−1) as t^γ / t, one division instead of a second power, unless t^γ has
		// lost its precision to underflow
		double h = (f >= Double.MIN_NORMAL) ? f / t : Math.pow(t, gamma - 1);
		if (h != Double.POSITIVE_INFINITY) {
			return gamma * h * v;
		}
		return gamma * f * (v / t);
	}

}
