package dev.xent.codec.json;

import java.io.IOException;
import java.io.OutputStream;

import dev.xent.codec.PerSampleStore;
import dev.xent.loss.Aggregates;
import dev.xent.loss.SummaryReport;
import dev.xent.loss.json.JsonOutput;
import dev.xent.loss.json.ResultJson;
import dev.xent.loss.json.ShortestDouble;

/**
 * Writes the contract's JSON response: the aggregates, the {@code summaries} when asked
 * (one member per summary, in the request's order), and the per-sample arrays when asked
 * ({@code gradients} as a vector or as N rows, {@code mean} as {@code null} when
 * weightSum is 0; any ratio without a denominator as {@code null}). The object holds
 * nothing but numbers under fixed names, so it is written as bytes directly, in the
 * characters Jackson's generator would produce (compact, each double in its shortest
 * form, {@link ShortestDouble}), straight from the per-sample store to the stream; the
 * aggregates and summaries are the library's {@link ResultJson}.
 */
public final class JsonResponseWriter {

	/** Finishes a chunk of raw gradients (the loss's scale for the reduction). */
	@FunctionalInterface
	public interface GradientScaler {

		void scale(double[] weights, double[] raw, int rows, int width, double[] out);

	}

	private JsonResponseWriter() {
	}

	/**
	 * Writes the response object.
	 * @param store the per-sample results, or {@code null} for aggregates only
	 * @param scaler finishes the raw gradients
	 */
	public static void write(Aggregates a, PerSampleStore store, boolean losses, boolean gradients,
			GradientScaler scaler, OutputStream out) throws IOException {
		write(a, null, store, losses, gradients, scaler, out);
	}

	/**
	 * Writes the response object.
	 * @param summaries the request's summaries, or {@code null}
	 * @param store the per-sample results, or {@code null} for aggregates only
	 * @param scaler finishes the raw gradients
	 */
	public static void write(Aggregates a, SummaryReport summaries, PerSampleStore store, boolean losses,
			boolean gradients, GradientScaler scaler, OutputStream out) throws IOException {
		long numbers = 4L + ((store != null && losses) ? store.rows() : 0)
				+ ((store != null && gradients) ? store.rows() * store.width() : 0);
		int size = (int) Math.min(JsonOutput.MAX_SIZE, 128 + numbers * (ShortestDouble.MAX_CHARS + 3));
		JsonOutput json = new JsonOutput(out, size);
		ResultJson.writeHead(json, a, summaries);
		if (store != null && losses) {
			json.ascii(",\"losses\":");
			json.open();
			store.forEach((rows, width, l, w, raw) -> json.elements(l, 0, rows));
			json.close();
		}
		if (store != null && gradients) {
			json.ascii(",\"gradients\":");
			json.open();
			double[][] scaled = { new double[0] };
			store.forEach((rows, width, l, w, raw) -> {
				if (scaled[0].length < rows * width) {
					scaled[0] = new double[rows * width];
				}
				scaler.scale(w, raw, rows, width, scaled[0]);
				if (a.vector()) {
					json.elements(scaled[0], 0, rows);
				}
				else {
					for (int offset = 0; offset < rows * width; offset += width) {
						json.separator();
						json.array(scaled[0], offset, width);
					}
				}
			});
			json.close();
		}
		json.ascii("}").flush();
	}

}
