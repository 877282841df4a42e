package dev.xent.loss;

/**
 * Receives the per-sample results of each batch, in request order, while the request is
 * read: the store behind per-sample output (JSON arrays, Arrow columns). Gradients arrive
 * raw, before the reduction's scale, which is known only once the last sample has been
 * read; {@link Loss#scaleGradients} finishes them when they are written.
 */
public interface PerSampleSink {

	/** Whether the raw gradients are wanted (else {@code raw} is {@code null}). */
	boolean keepsGradients();

	/**
	 * @param rows samples in the batch
	 * @param width gradient values per sample
	 * @param losses ℓ_i, weights applied
	 * @param weights W_i, each sample's share of weightSum
	 * @param raw raw gradients, {@code rows × width}, or {@code null}
	 * @return whether the sink keeps these arrays as they are (the caller then uses new
	 * ones for the next batch), rather than copying their values
	 */
	boolean append(int rows, int width, double[] losses, double[] weights, double[] raw);

}
