package dev.xent.loss;

/**
 * Categorical focal loss over N samples × C classes, with its gradient.
 * <p>
 * With q' the smoothed target row (one-hot of the label, or the target), α_c the class's
 * α (1 without) and s_i the sample weight:
 *
 * <pre>
 *   ℓ_i = −Σ_c κ_ic · (1 − p_ic)^γ · log p_ic,    κ_ic = s_i · α_c · q'_ic
 * </pre>
 *
 * with κ formed as {@link CategoricalCrossEntropy#coefficients} forms it (without class
 * weights) times α_c, and weightSum = Σ s_i over the counted samples. A sample whose
 * label is the ignore index has loss 0 and gradient 0.
 * <p>
 * <b>Logits</b> z: log p = log_softmax(z) by the cross-entropy's max-shifted log-sum-exp,
 * and 1 − p_c = −expm1(log p_c), which keeps its precision where p_c is close to 1. With
 * the effective coefficients m_c = κ_c·[ f_c + γ(1 − p_c)^(γ−1)·p_c·(−log p_c) ], f_c =
 * (1 − p_c)^γ, the gradient is ∂ℓ/∂z_j = p_j·Σ_c m_c − m_j (the cross-entropy's with κ
 * replaced by m).
 * <p>
 * <b>Log-probabilities</b> x: log p = x, 1 − p_c = −expm1(x_c) (taken as 0 for a value
 * above 0 that the row's ±1e-6 tolerance lets through), and ∂ℓ/∂x_j = −m_j.
 * <p>
 * <b>Probabilities</b> x: p = x, or x / Σx with the row division (renormalize or
 * {@code keras}); log p is the {@link Compat} preset's ({@link ProbabilityRule}), while
 * (1 − p_c) takes the unclipped p, except under {@code keras}, which takes it from the
 * clipped p as Keras does. With g_j = −κ_j·f_j/p_j (0 where the log is flat: clipped, or
 * clamped at −100) + κ_j·γ(1 − p_j)^(γ−1)·log p_j (0 under {@code keras} where p_j is
 * clipped), ∂ℓ/∂x_j = g_j, or with the row division (g_j − Σ_c g_c p_c) / Σx.
 * <p>
 * Where 1 − p_c = 0 the γ-term is 0, its limit, for every γ ≥ 0 ({@link FocalFactor}).
 * With γ = 0 and no α, f = 1, m = κ, and the operations reduce to
 * {@link CategoricalCrossEntropy}'s: the results equal the cross-entropy's bit for bit,
 * under every preset.
 */
final class CategoricalFocal {

	private CategoricalFocal() {
	}

	/**
	 * Scores a batch in one pass over each row, adding ℓ_i and W_i = s_i to the request's
	 * sums in sample order. {@code gradients} receives the gradient of the sum; the
	 * mean's is (1/weightSum)·that ({@link CategoricalCrossEntropy#scale}).
	 * @param alphas α_c per class, or {@code null} for none
	 * @return the samples that count
	 */
	static long evaluate(InputType type, double[] x, int samples, int classes, long[] labels, boolean hasIgnoreIndex,
			long ignoreIndex, double[] targets, double[] sampleWeights, double labelSmoothing, boolean divideRows,
			ProbabilityRule rule, double gamma, double[] alphas, double[] losses, double[] weights, double[] gradients,
			NeumaierSum sum, NeumaierSum weightSum) {
		double[] coef = new double[classes];
		double[] scratch = new double[classes];
		double[] effective = new double[classes];
		double keep = 1 - labelSmoothing;
		double smooth = labelSmoothing / classes;
		long counted = 0;
		for (int i = 0; i < samples; i++) {
			int base = i * classes;
			double s = (sampleWeights != null) ? sampleWeights[i] : 1.0;
			double share = CategoricalCrossEntropy.coefficients(i, classes, labels, hasIgnoreIndex, ignoreIndex,
					targets, s, null, keep, smooth, coef);
			if (share < 0) {
				CategoricalCrossEntropy.ignore(i, classes, losses, weights, gradients);
				continue;
			}
			if (alphas != null) {
				for (int c = 0; c < classes; c++) {
					coef[c] *= alphas[c];
				}
			}
			double loss = 0;
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
					double effectiveSum = 0;
					for (int c = 0; c < classes; c++) {
						double k = coef[c];
						double m = 0;
						if (k != 0) {
							double nl = logZ - (x[base + c] - max);
							double t = -Math.expm1(-nl);
							double f = FocalFactor.pow(t, gamma);
							double kf = k * f;
							loss += kf * nl;
							m = kf;
							if (gamma != 0) {
								m += k * FocalFactor.slopeTimes(gamma, t, f, (scratch[c] / sumExp) * nl);
							}
						}
						effective[c] = m;
						effectiveSum += m;
					}
					if (gradients != null) {
						double softmaxScale = effectiveSum / sumExp;
						for (int c = 0; c < classes; c++) {
							gradients[base + c] = softmaxScale * scratch[c] - effective[c] + 0.0;
						}
					}
				}
				case LOG_PROBABILITIES -> {
					for (int c = 0; c < classes; c++) {
						double k = coef[c];
						double m = 0;
						if (k != 0) {
							double logP = x[base + c];
							double t = Math.max(-Math.expm1(logP), 0.0);
							double f = FocalFactor.pow(t, gamma);
							double kf = k * f;
							loss -= kf * logP;
							m = kf;
							if (gamma != 0) {
								m += k * FocalFactor.slopeTimes(gamma, t, f, Math.exp(logP) * -logP);
							}
						}
						if (gradients != null) {
							gradients[base + c] = 0.0 - m;
						}
					}
				}
				case PROBABILITIES -> {
					double rowSum = 1;
					if (divideRows) {
						rowSum = 0;
						for (int c = 0; c < classes; c++) {
							rowSum += x[base + c];
						}
					}
					double dot = 0;
					for (int c = 0; c < classes; c++) {
						double p = divideRows ? x[base + c] / rowSum : x[base + c];
						double k = coef[c];
						double g = 0;
						if (k != 0) {
							boolean flat = rule.flat(p);
							double log = rule.log(p);
							double t = 1 - (rule.clippedComplement ? rule.clip(p) : p);
							double f = FocalFactor.pow(t, gamma);
							double kf = k * f;
							loss -= kf * log;
							g = flat ? 0 : -kf / p;
							if (gamma != 0 && !(flat && rule.clippedComplement)) {
								g += k * FocalFactor.slopeTimes(gamma, t, f, log);
							}
						}
						if (divideRows) {
							scratch[c] = g;
							dot += g * p;
						}
						else if (gradients != null) {
							gradients[base + c] = g + 0.0;
						}
					}
					if (divideRows && gradients != null) {
						CategoricalCrossEntropy.divideRow(gradients, base, classes, scratch, dot, rowSum);
					}
				}
			}
			CategoricalCrossEntropy.record(i, loss, share, losses, weights, sum, weightSum);
			counted++;
		}
		return counted;
	}

}
