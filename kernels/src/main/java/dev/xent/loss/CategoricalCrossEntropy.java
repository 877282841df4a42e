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
 * <b>Probabilities</b> x: p = x (or x / Σx with renormalize or {@code keras}, as Keras
 * does), and log p the {@link Compat} preset's ({@link ProbabilityRule}): by default the
 * log of p clipped to [ε, 1 − ε]; under {@code torch} max(log p, −100). With g_j = −κ_j /
 * p_j (0 where the clip changed p_j or the clamp took −100), ∂ℓ/∂x_j = g_j, or with the
 * row division (g_j − Σ_c g_c p_c) / Σx, the chain rule through the division.
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
			boolean renormalize, ProbabilityRule rule, double[] losses, double[] weights, double[] gradients,
			NeumaierSum sum, NeumaierSum weightSum) {
		double[] coef = new double[classes];
		double[] scratch = new double[classes];
		double keep = 1 - labelSmoothing;
		double smooth = labelSmoothing / classes;
		long counted = 0;
		for (int i = 0; i < samples; i++) {
			int base = i * classes;
			double s = (sampleWeights != null) ? sampleWeights[i] : 1.0;
			double loss = 0;
			double share = coefficients(i, classes, labels, hasIgnoreIndex, ignoreIndex, targets, s, classWeights, keep,
					smooth, coef);
			if (share < 0) {
				ignore(i, classes, losses, weights, gradients);
				continue;
			}
			switch (type) {
				case LOGITS -> {
					// The first largest value, without a branch on the data
					// (Summaries.firstLargest),
					// and exp by Exps (within 1 ulp): about half the time of a row.
					int top = Summaries.firstLargest(x, base, classes);
					double max = x[base + top];
					double others = 0;
					for (int c = 0; c < classes; c++) {
						double e = Exps.exp(x[base + c] - max);
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
						double k = coef[c];
						double g = 0;
						if (k != 0) {
							loss -= k * rule.log(p);
							g = rule.flat(p) ? 0 : -k / p;
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
						divideRow(gradients, base, classes, scratch, dot, rowSum);
					}
				}
			}
			record(i, loss, share, losses, weights, sum, weightSum);
			counted++;
		}
		return counted;
	}

	/**
	 * The coefficients κ_ic of sample i into {@code coef} (see the class comment), with
	 * the class weights {@code classWeights} (or none).
	 * @return W_i, the sample's share of weightSum, or −1 when its label is the ignore
	 * index
	 */
	static double coefficients(int i, int classes, long[] labels, boolean hasIgnoreIndex, long ignoreIndex,
			double[] targets, double s, double[] classWeights, double keep, double smooth, double[] coef) {
		if (labels != null) {
			long y = labels[i];
			if (hasIgnoreIndex && y == ignoreIndex) {
				return -1;
			}
			int label = (int) y;
			for (int c = 0; c < classes; c++) {
				coef[c] = (smooth == 0) ? 0 : s * smooth * ((classWeights != null) ? classWeights[c] : 1.0);
			}
			coef[label] += s * keep * ((classWeights != null) ? classWeights[label] : 1.0);
			return s * ((classWeights != null) ? classWeights[label] : 1.0);
		}
		int base = i * classes;
		for (int c = 0; c < classes; c++) {
			double w = (classWeights != null) ? classWeights[c] : 1.0;
			coef[c] = s * w * (keep * targets[base + c] + smooth);
		}
		return s;
	}

	/** An ignored sample: loss 0, weight 0, gradient 0. */
	static void ignore(int i, int classes, double[] losses, double[] weights, double[] gradients) {
		if (losses != null) {
			losses[i] = 0;
		}
		if (weights != null) {
			weights[i] = 0;
		}
		if (gradients != null) {
			Arrays.fill(gradients, i * classes, (i + 1) * classes, 0.0);
		}
	}

	/** The gradient of the reduction from the gradient of the sum: scale·g. */
	static void scale(double scale, double[] raw, int values, double[] out) {
		for (int j = 0; j < values; j++) {
			out[j] = scale * raw[j] + 0.0;
		}
	}

	/**
	 * The gradient through the row division p = x / Σx: (g_c − Σ_j g_j p_j) / Σx, from
	 * the gradients g with respect to p in {@code scratch}.
	 */
	static void divideRow(double[] gradients, int base, int classes, double[] scratch, double dot, double rowSum) {
		double factor = 1 / rowSum;
		for (int c = 0; c < classes; c++) {
			gradients[base + c] = factor * (scratch[c] - dot) + 0.0;
		}
	}

	/**
	 * Sample i's loss and share of weightSum, into the outputs and the request's sums.
	 */
	static void record(int i, double loss, double share, double[] losses, double[] weights, NeumaierSum sum,
			NeumaierSum weightSum) {
		if (losses != null) {
			losses[i] = loss;
		}
		if (weights != null) {
			weights[i] = share;
		}
		sum.add(loss);
		weightSum.add(share);
	}

}
