package dev.xent.loss;

import java.util.Arrays;

/**
 * Binary focal loss over N samples × K independent columns, with its gradient:
 * torchvision's {@code sigmoid_focal_loss} and Keras's {@code BinaryFocalCrossentropy}.
 * <p>
 * For sample i and column k, with smoothed label y' = y·(1 − a) + a/2 and p = P(1):
 *
 * <pre>
 *   b       = −[ y'·log p + (1 − y')·log(1 − p) ]        (the cross-entropy term)
 *   1 − p_t = y'·(1 − p) + (1 − y')·p
 *   α_t     = α·y' + (1 − α)·(1 − y')                     (1 without α)
 *   e_ik    = α_t · (1 − p_t)^γ · b
 *   ℓ_i     = s_i · (1/K) · Σ_k e_ik                      (K = 1 for the binary endpoint)
 * </pre>
 *
 * b and ∂b are {@link BinaryCrossEntropy#term}'s, so the logs follow the {@link Compat}
 * preset ({@link ProbabilityRule}): clipping by ε applies to the logs only, and (1 − p_t)
 * takes the unclipped p. For logits, p = σ(z) and 1 − p = σ(−z) come from one exp(−|z|)
 * and the logs are softplus forms, so every quantity is exact for any finite z and 1 −
 * p_t never cancels.
 * <p>
 * <b>Gradient</b>, with t = 1 − p_t:
 *
 * <pre>
 *   ∂e/∂x = α_t · [ t^γ · ∂b/∂x + γ·t^(γ−1) · ∂t/∂x · b ],
 *   ∂t/∂p = 1 − 2y',   ∂t/∂z = (1 − 2y')·σ(z)·σ(−z)
 * </pre>
 *
 * Under {@code torch}, ∂b/∂p is PyTorch's (p − y')/max(p(1 − p), δ), which makes this
 * autograd through {@code F.binary_cross_entropy}. <b>Where t = 0</b> (a certain, right
 * prediction) the second term is 0, its limit, for every γ ≥ 0 ({@link FocalFactor}): no
 * gradient is NaN or infinite for γ between 0 and 1. A term whose α_t is 0 is 0, with
 * gradient 0, even where b is infinite.
 * <p>
 * With γ = 0 and no α the factor is exactly 1 and the operations reduce to
 * {@link BinaryCrossEntropy}'s: losses, sums and gradients equal the cross-entropy's bit
 * for bit, under every preset.
 */
final class BinaryFocal {

	private BinaryFocal() {
	}

	/**
	 * Scores a batch in one pass, adding ℓ_i and s_i to the request's sums in sample
	 * order. {@code raw} receives ∂e_ik, 0 where s_i is 0; the gradient is
	 * ((scale·s_i·(1/K))·1)·∂e_ik ({@link BinaryCrossEntropy#scale} without column
	 * weights).
	 * @param alpha α in [0, 1], or NaN for none
	 */
	static void evaluate(boolean logits, double[] predictions, double[] labels, int samples, int columns,
			double[] sampleWeights, double labelSmoothing, ProbabilityRule rule, double gamma, double alpha,
			double[] losses, double[] weights, double[] raw, NeumaierSum sum, NeumaierSum weightSum) {
		if (columns == 1 && sampleWeights == null) {
			evaluateUnweightedColumn(logits, predictions, labels, samples, labelSmoothing, rule, gamma, alpha, losses,
					raw, sum);
			weightSum.addOnes(samples);
			if (weights != null) {
				Arrays.fill(weights, 0, samples, 1.0);
			}
			return;
		}
		double keep = 1 - labelSmoothing;
		double half = labelSmoothing / 2;
		double perColumn = 1.0 / columns;
		double[] term = new double[BinaryCrossEntropy.TERM];
		for (int i = 0, idx = 0; i < samples; i++) {
			double s = (sampleWeights != null) ? sampleWeights[i] : 1.0;
			double row = 0;
			for (int k = 0; k < columns; k++, idx++) {
				if (s == 0) {
					// As in the cross-entropy: a zero weight removes the term, even an
					// infinite one.
					if (raw != null) {
						raw[idx] = 0;
					}
					continue;
				}
				double y = labels[idx] * keep + half;
				term(logits, predictions[idx], y, rule, gamma, alpha, raw != null, term);
				row += term[0];
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
			sum.add(loss);
			weightSum.add(s);
		}
	}

	/**
	 * The common case, K = 1 without sample weights, as a lean loop: 0/1 labels on
	 * clipped probabilities take one log chosen by selection rather than by a branch on
	 * the label (as {@link BinaryCrossEntropy} does), with the same operations as
	 * {@link #term}, so the same bits (ℓ_i = e_i, raw = ∂e_i).
	 */
	private static void evaluateUnweightedColumn(boolean logits, double[] predictions, double[] labels, int samples,
			double labelSmoothing, ProbabilityRule rule, double gamma, double alpha, double[] losses, double[] raw,
			NeumaierSum sum) {
		double keep = 1 - labelSmoothing;
		double half = labelSmoothing / 2;
		double epsilon = rule.lower;
		double upper = rule.upper;
		boolean gradient = raw != null;
		boolean hasAlpha = !Double.isNaN(alpha);
		boolean hard = !logits && labelSmoothing == 0 && !rule.clampLogs;
		double[] term = new double[BinaryCrossEntropy.TERM];
		// The sum in local variables, with NeumaierSum.add's operations.
		double total = sum.sum();
		double error = sum.compensation();
		for (int i = 0; i < samples; i++) {
			double y = labels[i] * keep + half;
			double loss;
			double de;
			// y·(1 − y) = 0 for a 0/1 label: one branch, taken alike for both labels
			// (y == 1 || y == 0 would branch on the label, which random labels make
			// unpredictable).
			if (hard && y * (1 - y) == 0) {
				// BinaryCrossEntropy's selection with y as a number (o = 1 − y): b, the
				// focal t = 1 − p_t and α_t take term()'s operations for either label.
				double x = predictions[i];
				boolean clipped = x < epsilon || x > upper;
				double p = clipped ? ((x < epsilon) ? epsilon : upper) : x;
				double o = 1 - y;
				double w = 1 - p;
				double q = y * p + o * w;
				double b = Logs.log(q, o * ((1 - w) - p)) * (-y - o) + 0.0;
				double t = y * (1 - x) + o * x;
				double f = FocalFactor.pow(t, gamma);
				double at = hasAlpha ? y * alpha + o * (1 - alpha) : 1.0;
				loss = (at == 0) ? 0 : at * f * b;
				de = 0;
				if (gradient && at != 0) {
					double g = f * (clipped ? 0 : (o - y) / q);
					if (gamma != 0) {
						g += FocalFactor.slopeTimes(gamma, t, f, (o - y) * b);
					}
					de = at * g;
				}
			}
			else {
				term(logits, predictions[i], y, rule, gamma, alpha, gradient, term);
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
		sum.set(total, error);
	}

	/**
	 * One term: e into {@code term[0]} and, when {@code gradient}, ∂e/∂x into
	 * {@code term[1]} (x a probability or a logit, y the smoothed label).
	 * @param alpha α, or NaN for none
	 */
	static void term(boolean logits, double x, double y, ProbabilityRule rule, double gamma, double alpha,
			boolean gradient, double[] term) {
		BinaryCrossEntropy.term(logits, x, y, 1.0, rule, gradient, true, term);
		double b = term[0];
		double p = term[2];
		double q = term[3];
		double t = y * q + (1 - y) * p;
		double f = FocalFactor.pow(t, gamma);
		double at = Double.isNaN(alpha) ? 1.0 : alpha * y + (1 - alpha) * (1 - y);
		if (at == 0) {
			term[0] = 0;
			term[1] = 0;
			return;
		}
		term[0] = at * f * b;
		if (gradient) {
			double g = f * term[1];
			if (gamma != 0) {
				double dt = logits ? (1 - 2 * y) * (p * q) : 1 - 2 * y;
				g += FocalFactor.slopeTimes(gamma, t, f, dt * b);
			}
			term[1] = at * g;
		}
	}

}
