package dev.xent.loss.json;

import java.io.IOException;
import java.io.OutputStream;

import dev.xent.loss.SummaryReport;

/**
 * A buffered ASCII writer of JSON numbers and punctuation: each double in its shortest
 * form ({@link ShortestDouble}), arrays written as many numbers at a time as surely fit
 * in the buffer. Not thread-safe; one per response.
 */
public final class JsonOutput {

	/**
	 * Buffer size for a large response: large enough that a write to the stream is cheap.
	 */
	public static final int MAX_SIZE = 16 * 1024;

	private final OutputStream out;

	private final byte[] buffer;

	private int length;

	/** Whether the array being written has no element yet. */
	private boolean empty;

	/**
	 * @param size the buffer: the whole of a small response, whatever its numbers
	 */
	public JsonOutput(OutputStream out, int size) {
		this.out = out;
		this.buffer = new byte[size];
	}

	public JsonOutput ascii(String text) throws IOException {
		if (this.length + text.length() > this.buffer.length) {
			drain();
		}
		for (int i = 0; i < text.length(); i++) {
			this.buffer[this.length++] = (byte) text.charAt(i); // ASCII only
		}
		return this;
	}

	public JsonOutput number(double value) throws IOException {
		if (this.length + ShortestDouble.MAX_CHARS > this.buffer.length) {
			drain();
		}
		this.length = ShortestDouble.format(value, this.buffer, this.length);
		return this;
	}

	/** A number, or {@code null}. */
	public JsonOutput nullable(Double value) throws IOException {
		return (value != null) ? number(value) : ascii("null");
	}

	/** {@code [lower, upper]}, or {@code null}. */
	public JsonOutput interval(SummaryReport.Interval interval) throws IOException {
		if (interval == null) {
			return ascii("null");
		}
		return ascii("[").number(interval.lower()).ascii(",").number(interval.upper()).ascii("]");
	}

	/**
	 * A JSON string in ASCII: quote, backslash and control characters escaped, and every
	 * non-ASCII character as a JSON escape of its UTF-16 code units.
	 */
	public JsonOutput string(String text) throws IOException {
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
	 * time as surely fit in the buffer, each with its '[' or ',' before it, so that the
	 * loop has no check of the room but its own bound.
	 */
	public void array(double[] values, int offset, int length) throws IOException {
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

	public void open() throws IOException {
		ascii("[");
		this.empty = true;
	}

	public void close() throws IOException {
		ascii("]");
	}

	/** The ',' before an element of the open array, but its first. */
	public void separator() throws IOException {
		if (!this.empty) {
			ascii(",");
		}
		this.empty = false;
	}

	/** Elements of the open array. */
	public void elements(double[] values, int offset, int length) throws IOException {
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

	public void flush() throws IOException {
		drain();
		this.out.flush();
	}

}
