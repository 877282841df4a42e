package dev.xent.codec.json;

import java.io.IOException;
import java.io.OutputStream;

import dev.xent.codec.PerSampleStore;
import dev.xent.loss.Aggregates;

/**
 * Writes the contract's JSON response: the aggregates, and the per-sample arrays when
 * asked ({@code gradients} as a vector or as N rows, {@code mean} as {@code null} when
 * weightSum is 0). The object holds nothing but numbers under fixed names, so it is
 * written as bytes directly, in the characters Jackson's generator would produce
 * (compact, each double in its shortest form, {@link ShortestDouble}), straight from the
 * per-sample store to the stream.
 */
public final class JsonResponseWriter {

	/** Finishes a chunk of raw gradients (the loss's scale for the reduction). */
	@FunctionalInterface
	public interface GradientScaler {

		void scale(double[] weights, double[] raw, int rows, int width, double[] out);

	}

	private JsonResponseWriter() {
	}

	/** The aggregates as a JSON object, e.g. for Arrow's schema metadata. */
	public static String aggregates(Aggregates a) {
		java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(128);
		try {
			Output json = new Output(bytes, 256);
			writeAggregates(json, a);
			json.ascii("}").flush();
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		return bytes.toString(java.nio.charset.StandardCharsets.US_ASCII);
	}

	/**
	 * Writes the response object.
	 * @param store the per-sample results, or {@code null} for aggregates only
	 * @param scaler finishes the raw gradients
	 */
	public static void write(Aggregates a, PerSampleStore store, boolean losses, boolean gradients,
			GradientScaler scaler, OutputStream out) throws IOException {
		long numbers = 4L + ((store != null && losses) ? store.rows() : 0)
				+ ((store != null && gradients) ? store.rows() * store.width() : 0);
		int size = (int) Math.min(Output.MAX_SIZE, 128 + numbers * (ShortestDouble.MAX_CHARS + 3));
		Output json = new Output(out, size);
		writeAggregates(json, a);
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

	private static void writeAggregates(Output json, Aggregates a) throws IOException {
		json.ascii("{\"count\":").ascii(Long.toString(a.count()));
		json.ascii(",\"weightSum\":").number(a.weightSum());
		json.ascii(",\"sum\":").number(a.sum());
		json.ascii(",\"mean\":");
		if (a.mean() != null) {
			json.number(a.mean());
		}
		else {
			json.ascii("null");
		}
	}

	/** A buffered ASCII writer of JSON numbers and punctuation. */
	private static final class Output {

		/**
		 * Buffer size for a large response: large enough that a write to the stream is
		 * cheap.
		 */
		static final int MAX_SIZE = 16 * 1024;

		private final OutputStream out;

		private final byte[] buffer;

		private int length;

		/** Whether the array being written has no element yet. */
		private boolean empty;

		/**
		 * @param size the buffer: the whole of a small response, whatever its numbers
		 */
		Output(OutputStream out, int size) {
			this.out = out;
			this.buffer = new byte[size];
		}

		Output ascii(String text) throws IOException {
			if (this.length + text.length() > this.buffer.length) {
				drain();
			}
			for (int i = 0; i < text.length(); i++) {
				this.buffer[this.length++] = (byte) text.charAt(i); // ASCII only
			}
			return this;
		}

		Output number(double value) throws IOException {
			if (this.length + ShortestDouble.MAX_CHARS > this.buffer.length) {
				drain();
			}
			this.length = ShortestDouble.format(value, this.buffer, this.length);
			return this;
		}

		/**
		 * {@code [v, v, ...]} for {@code length} values from {@code offset}: as many at a
		 * time as surely fit in the buffer, each with its '[' or ',' before it, so that
		 * the loop has no check of the room but its own bound.
		 */
		void array(double[] values, int offset, int length) throws IOException {
			byte[] buffer = this.buffer;
			int at = this.length;
			byte separator = '[';
			int i = offset;
			int end = offset + length;
			while (i < end) {
				int fit = (buffer.length - at) / (ShortestDouble.MAX_CHARS + 1);
				if (fit == 0) {
					this.length = at;
					drain();
					at = 0;
					continue;
				}
				for (int stop = (end - i > fit) ? i + fit : end; i < stop; i++) {
					buffer[at] = separator;
					separator = ',';
					at = ShortestDouble.format(values[i], buffer, at + 1);
				}
			}
			this.length = at;
			ascii((separator == '[') ? "[]" : "]");
		}

		void open() throws IOException {
			ascii("[");
			this.empty = true;
		}

		void close() throws IOException {
			ascii("]");
		}

		/** The ',' before an element of the open array, but its first. */
		void separator() throws IOException {
			if (!this.empty) {
				ascii(",");
			}
			this.empty = false;
		}

		/** Elements of the open array. */
		void elements(double[] values, int offset, int length) throws IOException {
			byte[] buffer = this.buffer;
			int i = offset;
			int end = offset + length;
			while (i < end) {
				int at = this.length;
				int fit = (buffer.length - at) / (ShortestDouble.MAX_CHARS + 1);
				if (fit == 0) {
					drain();
					continue;
				}
				for (int stop = (end - i > fit) ? i + fit : end; i < stop; i++) {
					if (!this.empty) {
						buffer[at++] = ',';
					}
					this.empty = false;
					at = ShortestDouble.format(values[i], buffer, at);
				}
				this.length = at;
			}
		}

		private void drain() throws IOException {
			this.out.write(this.buffer, 0, this.length);
			this.length = 0;
		}

		void flush() throws IOException {
			drain();
			this.out.flush();
		}

	}

}
