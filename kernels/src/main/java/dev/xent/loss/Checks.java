package dev.xent.loss;

/**
 * Value checks shared by the batch factories. Each appends a violation and returns
 * whether the value passed, so factories can report many offending values at once.
 */
final class Checks {

	/** Probability rows and targets must sum to 1 within this tolerance. */
	static final double SUM_TOLERANCE = 1e-6;

	private Checks() {
	}

	static boolean finite(Violations v, String pointer, double x) {
		if (!Double.isFinite(x)) {
			v.add(pointer, "must be a finite number.");
			return false;
		}
		return true;
	}

	static boolean probability(Violations v, String pointer, double x) {
		if (!finite(v, pointer, x)) {
			return false;
		}
		if (x < 0 || x > 1) {
			v.add(pointer, "must be a probability in [0, 1], but is " + x + ".");
			return false;
		}
		return true;
	}

	/**
	 * Optional per-class weights: finite, ≥ 0, and exactly {@code length} of them (any
	 * number when {@code length} is negative: the width is not known yet).
	 */
	static void weights(Violations v, String field, double[] weights, int length, String lengthReason) {
		if (weights == null) {
			return;
		}
		if (length >= 0 && weights.length != length) {
			v.add("/" + field,
					"must have " + length + " values (" + lengthReason + "), but has " + weights.length + ".");
			return;
		}
		for (int i = 0; i < weights.length && !v.isFull(); i++) {
			double w = weights[i];
			if (!Double.isFinite(w)) {
				v.add(Violations.at(field, i), "must be a finite number.");
			}
			else if (w < 0) {
				v.add(Violations.at(field, i), "must be ≥ 0, but is " + w + ".");
			}
		}
	}

	/** A batch's sample weights: finite and ≥ 0. */
	static void sampleWeights(Violations v, SampleBatch b) {
		double[] weights = b.sampleWeights();
		if (weights == null) {
			return;
		}
		for (int i = 0; i < b.rows() && !v.isFull(); i++) {
			double w = weights[i];
			if (!(w >= 0 && w < Double.POSITIVE_INFINITY)) {
				v.add(b, i, b.pointer("sampleWeights", i),
						Double.isFinite(w) ? "must be ≥ 0, but is " + w + "." : "must be a finite number.");
			}
		}
	}

	/** An optional scalar option in [min, max) or [min, max]. */
	static void range(Violations v, String field, Double value, double min, double max, boolean maxInclusive) {
		if (value == null) {
			return;
		}
		double x = value;
		boolean ok = Double.isFinite(x) && x >= min && (maxInclusive ? x <= max : x < max);
		if (!ok) {
			v.add("/" + field, "must be in [" + format(min) + ", " + format(max) + (maxInclusive ? "]" : ")")
					+ ", but is " + x + ".");
		}
	}

	/**
	 * An optional scalar option that must be finite and ≥ {@code min}, with no upper
	 * bound.
	 */
	static void atLeast(Violations v, String field, Double value, double min) {
		if (value != null && !(Double.isFinite(value) && value >= min)) {
			v.add("/" + field, "must be a finite number ≥ " + format(min) + ", but is " + value + ".");
		}
	}

	/**
	 * ε: probabilities only, in [0, 0.5), and not with a preset, which sets the clipping
	 * itself.
	 */
	static void epsilon(Violations v, Double epsilon, boolean probabilities, Compat compat) {
		onlyWith(v, "epsilon", epsilon, probabilities, "to probabilities (inputType \"probabilities\")");
		if (!probabilities) {
			return;
		}
		if (epsilon != null && compat != null) {
			v.add("/epsilon", "does not apply with compat \"" + compat.wireName() + "\", which sets the clipping "
					+ "itself; remove one of the two.");
			return;
		}
		range(v, "epsilon", epsilon, 0, 0.5, false);
	}

	static void onlyWith(Violations v, String field, Object value, boolean applies, String when) {
		if (value != null && !applies) {
			v.add("/" + field, "applies only " + when + "; remove it.");
		}
	}

	static String format(double x) {
		return (x == Math.rint(x) && Math.abs(x) < 1e15) ? Long.toString((long) x) : Double.toString(x);
	}

}
