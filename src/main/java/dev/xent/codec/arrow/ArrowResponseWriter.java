package dev.xent.codec.arrow;

import java.io.IOException;
import java.io.OutputStream;

import dev.xent.codec.PerSampleStore;
import dev.xent.codec.json.JsonResponseWriter.GradientScaler;
import org.apache.arrow.memory.BufferAllocator;

/**
 * Writes per-sample results as an Arrow IPC stream (work in progress).
 */
public final class ArrowResponseWriter {

	private ArrowResponseWriter() {
	}

	/**
	 * @param metadata the JSON document of aggregates (and summaries), stored in the
	 * schema's metadata under {@code xent}
	 * @param vector whether the gradient column is a plain float64 column (else a
	 * FixedSizeList of the store's width)
	 */
	public static void write(String metadata, PerSampleStore store, boolean vector, boolean gradients,
			GradientScaler scaler, BufferAllocator allocator, OutputStream out) throws IOException {
		throw new UnsupportedOperationException("Arrow output is not written yet");
	}

}
