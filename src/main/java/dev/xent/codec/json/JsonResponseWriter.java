package dev.xent.codec.json;

import java.io.IOException;
import java.io.OutputStream;

import dev.xent.codec.PerSampleStore;
import dev.xent.loss.Aggregates;
import dev.xent.loss.Summaries;
import dev.xent.loss.SummaryReport;

/**
 * Writes the contract's JSON response: the aggregates, the {@code summaries} when asked
 * (one member per summary, in the request's order), and the per-sample arrays when asked
 * ({@code gradients} as a vector or as N rows, {@code mean} as {@code null} when
 * weightSum is 0; any ratio without a denominator as {@code null}). The object holds
 * nothing but numbers under fixed names, so it is written as bytes directly, in the
 * characters Jackson's generator would produce (compact, each double in its shortest
 * form, {@link ShortestDouble}), straight from the per-sample store to the stream.
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
		return aggregates(a, null);
	}

	/**
	 * The aggregates and summaries as a JSON object, e.g. for Arrow's schema metadata.
	 * @param summaries the request's summaries, or {@code null}
	 */
	public static String aggregates(Aggregates a, SummaryReport summaries) {
		java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(128);
		try {
			Output json = new Output(bytes, 256);
			writeAggregates(json, a);
			writeSummaries(json, summaries);
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
		int size = (int) Math.min(Output.MAX_SIZE, 128 + numbers * (ShortestDouble.MAX_CHARS + 3));
		Output json = new Output(out, size);
		writeAggregates(json, a);
		writeSummaries(json, summaries);
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

	private static void writeSummaries(Output json, SummaryReport s) throws IOException {
		if (s == null) {
			return;
		}
		json.ascii(",\"summaries\":{");
		String comma = "";
		for (Summaries.Kind kind : s.kinds()) {
			json.ascii(comma).ascii("\"").ascii(kind.wireName()).ascii("\":");
			comma = ",";
			switch (kind) {
				case STDERR -> writeStderr(json, s.stderr());
				case ACCURACY -> writeAccuracy(json, s.accuracy());
				case CALIBRATION -> writeCalibration(json, s.calibration());
				case WORST -> {
					json.ascii("[");
					String separator = "";
					for (SummaryReport.Worst w : s.worst()) {
						json.ascii(separator).ascii("{\"index\":").ascii(Long.toString(w.index()));
						json.ascii(",\"loss\":").number(w.loss()).ascii("}");
						separator = ",";
					}
					json.ascii("]");
				}
				case GROUPS -> {
					json.ascii("{");
					String separator = "";
					for (var entry : s.groups().entrySet()) {
						json.ascii(separator).string(entry.getKey()).ascii(":");
						writeGroup(json, entry.getValue());
						separator = ",";
					}
					json.ascii("}");
				}
				case DIVERGENCE -> {
					json.ascii("{\"entropy\":").nullable(s.divergence().entropy());
					json.ascii(",\"kl\":").nullable(s.divergence().kl()).ascii("}");
				}
				case PERPLEXITY -> {
					json.ascii("{\"perplexity\":").nullable(s.perplexity().perplexity());
					json.ascii(",\"bitsPerSample\":").nullable(s.perplexity().bitsPerSample()).ascii("}");
				}
			}
		}
		json.ascii("}");
	}

	private static void writeStderr(Output json, SummaryReport.Stderr s) throws IOException {
		json.ascii("{\"n\":").ascii(Long.toString(s.n()));
		json.ascii(",\"mean\":").nullable(s.mean());
		json.ascii(",\"stderr\":").nullable(s.stderr());
		json.ascii(",\"ci95\":").interval(s.ci95());
		json.ascii(",\"m2\":").number(s.m2());
		json.ascii(",\"cross\":").number(s.cross());
		json.ascii(",\"weightSquares\":").number(s.weightSquares()).ascii("}");
	}

	private static void writeGroup(Output json, SummaryReport.Group g) throws IOException {
		json.ascii("{\"count\":").ascii(Long.toString(g.count()));
		json.ascii(",\"weightSum\":").number(g.weightSum());
		json.ascii(",\"sum\":").number(g.sum());
		json.ascii(",\"mean\":").nullable(g.mean());
		json.ascii(",\"m2\":").number(g.m2());
		json.ascii(",\"cross\":").number(g.cross());
		json.ascii(",\"weightSquares\":").number(g.weightSquares());
		json.ascii(",\"stderr\":").nullable(g.stderr());
		json.ascii(",\"ci95\":").interval(g.ci95());
		if (g.accuracy() != null) {
			json.ascii(",\"accuracy\":");
			writeAccuracy(json, g.accuracy());
		}
		json.ascii("}");
	}

	private static void writeAccuracy(Output json, SummaryReport.Accuracy a) throws IOException {
		json.ascii("{");
		writeRatio(json, a.correct(), a.weight(), a.accuracy());
		if (a.exactMatch() != null) {
			json.ascii(",\"exactMatch\":{");
			writeRatio(json, a.exactMatch().correct(), a.exactMatch().weight(), a.exactMatch().accuracy());
			json.ascii("}");
		}
		if (a.topK() != null) {
			json.ascii(",\"topK\":{\"k\":").ascii(Integer.toString(a.topK().k())).ascii(",");
			writeRatio(json, a.topK().correct(), a.topK().weight(), a.topK().accuracy());
			json.ascii("}");
		}
		json.ascii("}");
	}

	/** The members of a ratio, inside its object. */
	private static void writeRatio(Output json, double correct, double weight, Double accuracy) throws IOException {
		json.ascii("\"correct\":").number(correct);
		json.ascii(",\"weight\":").number(weight);
		json.ascii(",\"accuracy\":").nullable(accuracy);
	}

	private static void writeCalibration(Output json, SummaryReport.Calibration c) throws IOException {
		json.ascii("{\"bins\":[");
		String separator = "";
		for (SummaryReport.Bin b : c.bins()) {
			json.ascii(separator).ascii("{\"lower\":").number(b.lower());
			json.ascii(",\"upper\":").number(b.upper());
			json.ascii(",\"weight\":").number(b.weight());
			json.ascii(",\"sumConfidence\":").number(b.sumConfidence());
			json.ascii(",\"sumAccuracy\":").number(b.sumAccuracy()).ascii("}");
			separator = ",";
		}
		json.ascii("],\"ece\":").nullable(c.ece());
		json.ascii(",\"mce\":").nullable(c.mce());
		json.ascii(",\"brier\":").nullable(c.brier());
		json.ascii(",\"brierSum\":").number(c.brierSum()).ascii("}");
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

		/** A number, or {@code null}. */
		Output nullable(Double value) throws IOException {
			return (value != null) ? number(value) : ascii("null");
		}

		/** {@code [lower, upper]}, or {@code null}. */
		Output interval(SummaryReport.Interval interval) throws IOException {
			if (interval == null) {
				return ascii("null");
			}
			return ascii("[").number(interval.lower()).ascii(",").number(interval.upper()).ascii("]");
		}

		/**
		 * A JSON string in ASCII: quote, backslash and control characters escaped, and
		 * every non-ASCII character as a JSON escape of its UTF-16 code units.
		 */
		Output string(String text) throws IOException {
			ascii("\"");
			for (int i = 0; i < text.length(); i++) {
				char c = text.charAt(i);
				if (c == '"' || c == '\\') {
					ascii((c == '"') ? "\\\"" : "\\\\");
				}
				else if (c < 0x20 || c > 0x7E) {
					ascii(String.format("\\u%04x", (int) c));
				}
				else {
					if (this.length == this.buffer.length) {
						drain();
					}
					this.buffer[this.length++] = (byte) c;
				}
			}
			return ascii("\"");
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
