package dev.xent.loss;

/**
 * Binary cross-entropy over N samples × K independent columns, with its gradient.
 * <p>
 * For sample i and column k, with smoothed label y' = y·(1 − a) + a/2 (Keras), positive
 * weight w⁺ₖ (PyTorch {@code pos_weight}) and column weight cₖ:
 *
 * <pre>
 *   e_ik = −[ w⁺ₖ · y' · log p + (1 − y') · log(1 − p) ]
 *   ℓ_i  = s_i · (1/K) · Σ_k cₖ · e_ik            (K = 1 and cₖ = 1 for the binary endpoint)
 * </pre>
 *
 * <b>Probabilities</b>: the logs are the {@link Compat} preset's
 * ({@link ProbabilityRule}): by default p is clipped to [ε, 1 − ε] and log(1 − p) is
 * log1p(−p) ({@link #log1p}). The gradient is ∂e/∂p = −w⁺y'/p + (1 − y')/(1 − p), and
 * exactly 0 where the clip changed p. Under {@code torch} (no clip, each log clamped to ≥
 * −100, w⁺ = 1) it is PyTorch's {@code binary_cross_entropy} backward, ∂e/∂p = (p −
 * y')/max(p(1 − p), δ), whether or not a clamp acts. A term whose coefficient is 0 (y' =
 * 0 or y' = 1) is left out, so 0·log 0 never makes a NaN.
 * <p>
 * <b>Logits</b> z: log p = −softplus(−z) and log(1 − p) = −softplus(z), with softplus(x)
 * = max(x, 0) + log1p(exp(−|x|)), exact for any finite z (for z = ±1e6 the log1p term is
 * 0). The gradient is ∂e/∂z = (1 − y')·σ(z) − w⁺y'·σ(−z), with both sigmoids taken from
 * the same exp(−|z|), so neither overflows.
 * <p>
 * Losses are non-negative: they are a loss, not a log-likelihood.
 */
public final class BinaryCrossEntropy {

	private BinaryCrossEntropy() {
	}

	/**
	 * Scores a batch in one pass, adding ℓ_i and s_i to the request's sums in sample
	 * order. {@code raw} receives ∂e_ik, 0 where s_i or c_k is 0; the gradient is
	 * ((scale·s_i·(1/K))·c_k)·∂e_ik ({@link #scale}).
	 */
	static void evaluate(boolean logits, double[] predictions, double[] labels, int samples, int columns,
			double[] sampleWeights, double[] posWeights, double[] classWeights, double labelSmoothing,
			ProbabilityRule rule, double[] losses, double[] weights, double[] raw, NeumaierSum sum,
			NeumaierSum weightSum) {
		if (columns == 1 && sampleWeights == null && classWeights == null) {
			evaluateUnweightedColumn(logits, predictions, labels, samples, posWeights[0], labelSmoothing, rule, losses,
					raw, sum);
			weightSum.addOnes(samples);
			if (weights != null) {
				java.util.Arrays.fill(weights, 0, samples, 1.0);
			}
			return;
		}
		double keep = 1 - labelSmoothing;
		double half = labelSmoothing / 2;
		double perColumn = 1.0 / columns;
		double[] term = new double[TERM];
		// The two sums in local variables, with NeumaierSum.add's operations.
		double total = sum.sum();
		double totalError = sum.compensation();
		double weights0 = weightSum.sum();
		double weightsError = weightSum.compensation();
		for (int i = 0, idx = 0; i < samples; i++) {
			double s = (sampleWeights != null) ? sampleWeights[i] : 1.0;
			double row = 0;
			for (int k = 0; k < columns; k++, idx++) {
				double c = (classWeights != null) ? classWeights[k] : 1.0;
				if (s == 0 || c == 0) {
					// A zero weight removes the term, even an infinite one (p = 0 for an
					// observed 1 with ε = 0), as the categorical kernel does; 0·∞ would
					// make a NaN.
					if (raw != null) {
						raw[idx] = 0;
					}
					continue;
				}
				double y = labels[idx] * keep + half;
				term(logits, predictions[idx], y, posWeights[k], rule, raw != null, false, term);
				row += c * term[0];
				if (raw != null) {
					raw[idx] = term[1];
				}
			}
			double loss = s * row * perColumn;
			if (losses != null) {
				losses[i] = loss;
			}
			if (weights != null) {
				weights[i] = s;
			}
			double t = total + loss;
			totalError += (Math.abs(total) >= Math.abs(loss)) ? (total - t) + loss : (loss - t) + total;
			total = t;
			t = weights0 + s;
			weightsError += (Math.abs(weights0) >= Math.abs(s)) ? (weights0 - t) + s : (s - t) + weights0;
			weights0 = t;
		}
		sum.set(total, totalError);
		weightSum.set(weights0, weightsError);
	}

	/**
	 * {@link #evaluate} for a batch that has not been checked, where one pass can vouch
	 * for every value at no cost to the kernel: a column of probabilities without weights
	 * or label smoothing under a clip ({@link #evaluateClippedColumn}). A value out of
	 * [0, 1] takes the clip's branch or, as a label, the soft label's, which check it; a
	 * NaN makes the sum NaN. When every value was seen valid and the sum is finite, the
	 * sums are added to and the result is true; otherwise the sums are left as they were,
	 * and the caller checks the batch and evaluates it again.
	 */
	static boolean evaluateUnchecked(boolean logits, double[] predictions, double[] labels, int samples, int columns,
			double[] sampleWeights, double[] posWeights, double[] classWeights, double labelSmoothing,
			ProbabilityRule rule, double[] losses, double[] weights, double[] raw, NeumaierSum sum,
			NeumaierSum weightSum) {
		if (logits || columns != 1 || sampleWeights != null || classWeights != null || labelSmoothing != 0
				|| !(posWeights[0] > 0) || rule.clampLogs) {
			return false;
		}
		if (!evaluateClippedColumn(predictions, labels, samples, posWeights[0], rule, losses, raw, sum, true)) {
			return false;
		}
		weightSum.addOnes(samples);
		if (weights != null) {
			java.util.Arrays.fill(weights, 0, samples, 1.0);
		}
		return true;
	}

	/**
	 * The gradient of raw values: ((scale·s_i·(1/K))·c_k)·∂e_ik, in this order in every
	 * format; a −0.0 becomes 0.0.
	 */
	static void scale(double scale, double[] weights, double[] raw, int rows, int columns, double[] classWeights,
			double[] out) {
		double perColumn = 1.0 / columns;
		if (columns == 1 && classWeights == null) {
			for (int i = 0; i < rows; i++) {
				out[i] = scale * weights[i] * perColumn * raw[i] + 0.0;
			}
			return;
		}
		for (int i = 0, idx = 0; i < rows; i++) {
			double factor = scale * weights[i] * perColumn;
			for (int k = 0; k < columns; k++, idx++) {
				double c = (classWeights != null) ? classWeights[k] : 1.0;
				out[idx] = factor * c * raw[idx] + 0.0;
			}
		}
	}

	/**
	 * The common case, K = 1 without sample or column weights, as a lean loop: the same
	 * terms, and the same results to the last bit (ℓ_i = e_i, raw = ∂e_i).
	 */
	private static void evaluateUnweightedColumn(boolean logits, double[] predictions, double[] labels, int samples,
			double posWeight, double labelSmoothing, ProbabilityRule rule, double[] losses, double[] raw,
			NeumaierSum sum) {
		if (!logits && labelSmoothing == 0 && posWeight > 0 && !rule.clampLogs) {
			evaluateClippedColumn(predictions, labels, samples, posWeight, rule, losses, raw, sum, false);
			return;
		}
		double keep = 1 - labelSmoothing;
		double half = labelSmoothing / 2;
		boolean gradient = raw != null;
		double[] term = new double[TERM];
		// The sum in local variables, with NeumaierSum.add's operations.
		double total = sum.sum();
		double error = sum.compensation();
		for (int i = 0; i < samples; i++) {
			term(logits, predictions[i], labels[i] * keep + half, posWeight, rule, gradient, false, term);
			double loss = term[0];
			if (losses != null) {
				losses[i] = loss;
			}
			if (gradient) {
				raw[i] = term[1];
			}
			double t = total + loss;
			error += (Math.abs(total) >= Math.abs(loss)) ? (total - t) + loss : (loss - t) + total;
			total = t;
		}
		sum.set(total, error);
	}

	/**
	 * {@link #evaluateUnweightedColumn} for clipped probabilities without label
	 * smoothing, the commonest request. A 0/1 label takes its one logarithm with the
	 * label as a number rather than a branch on it, which random labels make
	 * unpredictable: with o = 1 − y, log(y·p + o·(1 − p)) and, when o = 1, the rounding
	 * error of 1 − p ({@link Logs#log1p}'s operations), times −w⁺ or −1. The one branch
	 * per sample, y·(1 − y) = 0, is taken alike for both labels; a soft label takes
	 * {@link #term}.
	 * <p>
	 * With {@code checking}, the values have not been checked: a probability out of [0,
	 * 1] is clipped and a label out of it is soft, and both branches, rare, check the
	 * value; a NaN makes the sum NaN. The sum is then added to only if every value was
	 * valid and the sum is finite.
	 * @return whether every value was seen valid and the sum is finite (always true
	 * without {@code checking})
	 */
	private static boolean evaluateClippedColumn(double[] predictions, double[] labels, int samples, double posWeight,
			ProbabilityRule rule, double[] losses, double[] raw, NeumaierSum sum, boolean checking) {
		double lower = rule.lower;
		double upper = rule.upper;
		double minusPosWeight = -posWeight;
		boolean gradient = raw != null;
		double[] term = new double[TERM];
		double total = sum.sum();
		double error = sum.compensation();
		boolean invalid = false;
		for (int i = 0; i < samples; i++) {
			// As term() takes it: y·(1 − 0) + 0/2.
			double y = labels[i] + 0.0;
			double x = predictions[i];
			double loss;
			double de = 0;
			if (y * (1 - y) == 0) {
				// term()'s operations with y as a number: for y = 1, 0 − w⁺·log p is
				// log(p, ±0)·(−w⁺ − 0) + 0.0; for y = 0, 0 − log1p(−p) is log(w, δ)·(−0 −
				// 1) + 0.0, with w = 1 − p and δ its rounding error. y·p + o·w and o·δ
				// select exactly.
				boolean clipped = x < lower || x > upper;
				double p = x;
				if (clipped) {
					invalid |= !(x >= 0 && x <= 1);
					p = (x < lower) ? lower : upper;
				}
				double o = 1 - y;
				double w = 1 - p;
				double q = y * p + o * w;
				loss = Logs.log(q, o * ((1 - w) - p)) * (y * minusPosWeight - o) + 0.0;
				if (gradient && !clipped) {
					de = (y * minusPosWeight + o) / q;
				}
			}
			else {
				invalid |= !(y >= 0 && y <= 1);
				term(false, x, y, posWeight, rule, gradient, false, term);
				loss = term[0];
				de = term[1];
			}
			if (losses != null) {
				losses[i] = loss;
			}
			if (gradient) {
				raw[i] = de;
			}
			double t = total + loss;
			error += (Math.abs(total) >= Math.abs(loss)) ? (total - t) + loss : (loss - t) + total;
			total = t;
		}
		if (checking && (invalid || !Double.isFinite(total))) {
			return false;
		}
		sum.set(total, error);
		return true;
	}

	/** The length of the array {@link #term} fills. */
	static final int TERM = 4;

	/**
	 * One term: e into {@code term[0]} and, when {@code gradient}, ∂e/∂x into
	 * {@code term[1]} (x a probability or a logit, y the smoothed label, pw the positive
	 * weight). With {@code probabilities} (or a gradient of logits), also the unclipped p
	 * = P(1) into {@code term[2]} and 1 − p into {@code term[3]}: for logits σ(z) and
	 * σ(−z), both from the same exp(−|z|) so neither overflows.
	 */
	static void term(boolean logits, double x, double y, double pw, ProbabilityRule rule, boolean gradient,
			boolean probabilities, double[] term) {
		double e;
		double de = 0;
		double p = x;
		double q = 0;
		if (logits) {
			double u = Math.exp(-Math.abs(x));
			double t = log1p(u);
			double spPos = Math.max(x, 0) + t;
			double spNeg = Math.max(-x, 0) + t;
			e = pw * y * spNeg + (1 - y) * spPos;
			if (gradient || probabilities) {
				double big = 1 / (1 + u);
				double small = u / (1 + u);
				p = (x >= 0) ? big : small;
				q = (x >= 0) ? small : big;
				de = (1 - y) * p - pw * y * q;
			}
		}
		else {
			q = 1 - x;
			e = 0;
			double a = pw * y;
			double b = 1 - y;
			if (a != 0) {
				e -= a * rule.log(x);
			}
			if (b != 0) {
				e -= b * rule.log1m(x);
			}
			if (gradient) {
				if (rule.clampLogs) {
					de = (x - y) / Math.max(x * q, ProbabilityRule.TORCH_DELTA);
				}
				else if (!rule.flat(x)) {
					de = ((a != 0) ? -a / x : 0) + ((b != 0) ? b / q : 0);
				}
			}
		}
		term[0] = e;
		term[1] = de;
		term[2] = p;
		term[3] = q;
	}

	/** log(1 + x) for x &gt; −1: {@link Logs#log1p}. */
	static double log1p(double x) {
		return Logs.log1p(x);
	}

}
