package dev.xent.loss;

/**
 * One endpoint's loss with its options checked: the kernel that {@link Scoring} runs on
 * every batch of a request. Implementations know the formula and its checks, and nothing
 * of the format the samples arrived in.
 */
public interface Loss {

	/** Whether predictions and gradients are vectors (one value per sample). */
	boolean vector();

	/**
	 * Checks, once, the options that depend on the first batch: the row width, and which
	 * label columns the request carries.
	 */
	void start(SampleBatch first, Violations violations);

	/** Checks every value of a batch, with pointers that count rows across batches. */
	void check(SampleBatch batch, Violations violations);

	/**
	 * Scores a checked batch in one pass, adding to the request's compensated sums in
	 * sample order.
	 * @param losses receives ℓ_i, or {@code null}
	 * @param weights receives W_i, or {@code null}
	 * @param raw receives the raw gradients ({@link #scaleGradients}), or {@code null}
	 * @return the samples that count (all but the ignored ones)
	 */
	long evaluate(SampleBatch batch, double[] losses, double[] weights, double[] raw, NeumaierSum lossSum,
			NeumaierSum weightSum);

	/**
	 * {@link #check} and, if the batch has no violation, {@link #evaluate}: by default
	 * one after the other. A loss may do both in one pass where the pass can tell, at no
	 * cost to the kernel, that every value is valid; where it cannot, it checks the batch
	 * with {@link #check}, so the same violations are reported, and leaves the sums as
	 * they were.
	 * @return the samples that count, or −1 when the batch has violations (in
	 * {@code violations})
	 */
	default long checkAndEvaluate(SampleBatch batch, Violations violations, double[] losses, double[] weights,
			double[] raw, NeumaierSum lossSum, NeumaierSum weightSum) {
		check(batch, violations);
		if (!violations.isEmpty()) {
			return -1;
		}
		return evaluate(batch, losses, weights, raw, lossSum, weightSum);
	}

	/**
	 * Finishes raw gradients: {@code out[j]} is the gradient of the loss chosen by the
	 * reduction, {@code scale} being 1/weightSum for the mean (0 when weightSum is 0) and
	 * 1 for the sum. The same operations, in the same order, whichever format and batch
	 * split the samples came in.
	 */
	void scaleGradients(double scale, double[] weights, double[] raw, int rows, int width, double[] out);

	/**
	 * The binary exponent of a bound on one sample's gradients before the reduction's
	 * scale (|gradient| &lt; 2^(exponent + 3)), from its W_i and its largest |raw| value:
	 * {@link Scoring} keeps the largest, so that a gradient that would overflow is
	 * refused before the answer starts. Exponents ({@link Math#getExponent}) add where
	 * values would overflow or underflow.
	 */
	int gradientExponent(double weight, double maxRaw);

	/**
	 * The cross-entropy of the same inputs and options, γ and α left out: the losses the
	 * divergence summary takes on every endpoint, so that a focal endpoint's divergence
	 * has the bits of its cross-entropy endpoint's. A cross-entropy is its own.
	 */
	default Loss crossEntropy() {
		return this;
	}

}
