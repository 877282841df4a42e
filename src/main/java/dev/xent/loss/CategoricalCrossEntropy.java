package dev.xent.loss;

import java.util.Arrays;

/**
 * Categorical (softmax) cross-entropy over N samples × C classes, with its gradient.
 * <p>
 * Every case is written as ℓ_i = −Σ_c κ_ic · log p_ic with per-class coefficients κ:
 *
 * <pre>
 *   labels:  κ_ic = s_i · [ (1 − a) · w_{y_i} · [c = y_i] + (a/C) · w_c ]
 *   targets: κ_ic = s_i · w_c · ( (1 − a) · q_ic + a/C )
 * </pre>
 *
 * which is PyTorch's {@code F.cross_entropy} with {@code weight} and
 * {@code label_smoothing} (index or probability targets), times the sample weight s_i. A
 * sample whose label is the ignore index has loss 0 and gradient 0.
 * <p>
 * <b>Logits</b> z: log p = (z − m) − log Σ exp(z − m) with m the row maximum
 * (log-sum-exp), so results are finite and exact for any finite z and unchanged by
 * shifting a row. The normaliser is taken as log1p(Σ over the other classes), since
 * exp(z_max − m) is exactly 1: a confident correct prediction (loss 1e-7, say) keeps its
 * full relative precision instead of the 1e-16 absolute precision of log(1 + small). The
 * gradient is ∂ℓ/∂z_j = (Σ_c κ_c) · softmax_j − κ_j.
 * <p>
 * <b>Log-probabilities</b> x: log p = x, and ∂ℓ/∂x_j = −κ_j.
 * <p>
 * <b>Probabilities</b> x: p = x (or x / Σx with renormalize, as Keras does), clipped to
 * [ε, 1 − ε]. With g_j = −κ_j / p̃_j (0 where the clip changed p_j), ∂ℓ/∂x_j = g_j, or
 * with renormalize (g_j − Σ_c g_c p_c) / Σx, the chain rule through the division.
 * <p>
 * Gradients are written as {@code x + 0.0}, which turns a −0.0 (a zero weight times a
 * negative term) into 0.0.
 */
public final class CategoricalCrossEntropy {

	private CategoricalCrossEntropy() {
	}

	/**
	 * Scores a batch in one pass over each row (the max and the normaliser first, then
	 * loss and gradient together), adding ℓ_i and W_i to the request's sums in sample
	 * order. {@code gradients} receives the gradient of the sum; the mean's is
	 * (1/weightSum)·that ({@link #scale}).
	 * @return the samples that count
	 */
	static long evaluate(InputType type, double[] x, int samples, int classes, long[] labels, boolean hasIgnoreIndex,
			long ignoreIndex, double[] targets, double[] sampleWeights, double[] classWeights, double labelSmoothing,
			boolean renormalize, double epsilon, double[] losses, double[] weights, double[] gradients, NeumaierSum sum,
			NeumaierSum weightSum) {
		double[] coef = new double[classes];
		double[] scratch = new double[classes];
		double keep = 1 - labelSmoothing;
		double smooth = labelSmoothing / classes;
		double upper = 1 - epsilon;
		long counted = 0;
		for (int i = 0; i < samples; i++) {
			int base = i * classes;
			double s = (sampleWeights != null) ? sampleWeights[i] : 1.0;
			double loss = 0;
			double share = s;
			if (labels != null) {
				long y = labels[i];
				if (hasIgnoreIndex && y == ignoreIndex) {
					if (losses != null) {
						losses[i] = 0;
					}
					if (weights != null) {
						weights[i] = 0;
					}
					if (gradients != null) {
						Arrays.fill(gradients, base, base + classes, 0.0);
					}
					continue;
				}
				int label = (int) y;
				share = s * ((classWeights != null) ? classWeights[label] : 1.0);
				for (int c = 0; c < classes; c++) {
					coef[c] = (smooth == 0) ? 0 : s * smooth * ((classWeights != null) ? classWeights[c] : 1.0);
				}
				coef[label] += s * keep * ((classWeights != null) ? classWeights[label] : 1.0);
			}
			else {
				for (int c = 0; c < classes; c++) {
					double w = (classWeights != null) ? classWeights[c] : 1.0;
					coef[c] = s * w * (keep * targets[base + c] + smooth);
				}
			}
			switch (type) {
				case LOGITS -> {
					int top = 0;
					double max = x[base];
					for (int c = 1; c < classes; c++) {
						if (x[base + c] > max) {
							max = x[base + c];
							top = c;
						}
					}
					double others = 0;
					for (int c = 0; c < classes; c++) {
						double e = Math.exp(x[base + c] - max);
						scratch[c] = e;
						others += (c == top) ? 0 : e;
					}
					double sumExp = 1 + others;
					double logZ = BinaryCrossEntropy.log1p(others);
					double coefSum = 0;
					for (int c = 0; c < classes; c++) {
						coefSum += coef[c];
					}
					double softmaxScale = coefSum / sumExp;
					for (int c = 0; c < classes; c++) {
						double k = coef[c];
						if (k != 0) {
							loss += k * (logZ - (x[base + c] - max));
						}
						if (gradients != null) {
							gradients[base + c] = softmaxScale * scratch[c] - k + 0.0;
						}
					}
				}
				case LOG_PROBABILITIES -> {
					for (int c = 0; c < classes; c++) {
						double k = coef[c];
						if (k != 0) {
							loss -= k * x[base + c];
						}
						if (gradients != null) {
							gradients[base + c] = 0.0 - k;
						}
					}
				}
				case PROBABILITIES -> {
					double rowSum = 1;
					if (renormalize) {
						rowSum = 0;
						for (int c = 0; c < classes; c++) {
							rowSum += x[base + c];
						}
					}
					double dot = 0;
					for (int c = 0; c < classes; c++) {
						double p = renormalize ? x[base + c] / rowSum : x[base + c];
						double clipped = (p < epsilon) ? epsilon : Math.min(p, upper);
						double k = coef[c];
						double g = 0;
						if (k != 0) {
							loss -= k * Math.log(clipped);
							g = (clipped == p) ? -k / clipped : 0;
						}
						if (renormalize) {
							scratch[c] = g;
							dot += g * p;
						}
						else if (gradients != null) {
							gradients[base + c] = g + 0.0;
						}
					}
					if (renormalize && gradients != null) {
						double factor = 1 / rowSum;
						for (int c = 0; c < classes; c++) {
							gradients[base + c] = factor * (scratch[c] - dot) + 0.0;
						}
					}
				}
			}
			if (losses != null) {
				losses[i] = loss;
			}
			if (weights != null) {
				weights[i] = share;
			}
			sum.add(loss);
			weightSum.add(share);
			counted++;
		}
		return counted;
	}

	/** The gradient of the reduction from the gradient of the sum: scale·g. */
	static void scale(double scale, double[] raw, int values, double[] out) {
		for (int j = 0; j < values; j++) {
			out[j] = scale * raw[j] + 0.0;
		}
	}

}
