package dev.xent.api;

import java.io.IOException;
import java.io.OutputStream;

import dev.xent.loss.LossResult;

import org.springframework.http.HttpInputMessage;
import org.springframework.http.HttpOutputMessage;
import org.springframework.http.MediaType;
import org.springframework.http.converter.AbstractHttpMessageConverter;

/**
 * Writes a {@link LossResult} as the contract's response object, streaming the arrays
 * straight to the response: {@code gradients} as a vector or as N rows, {@code mean} as
 * {@code null} when weightSum is 0, and the arrays only when requested.
 */
final class ScoreResponseConverter extends AbstractHttpMessageConverter<LossResult> {

	ScoreResponseConverter() {
		super(MediaType.APPLICATION_JSON);
	}

	@Override
	protected boolean supports(Class<?> clazz) {
		return LossResult.class.equals(clazz);
	}

	@Override
	public boolean canRead(Class<?> clazz, MediaType mediaType) {
		return false;
	}

	@Override
	protected LossResult readInternal(Class<? extends LossResult> clazz, HttpInputMessage inputMessage) {
		throw new UnsupportedOperationException("a response is never read");
	}

	@Override
	protected void writeInternal(LossResult result, HttpOutputMessage output) throws IOException {
		write(result, output.getBody());
	}

	/**
	 * Writes the response object. It holds nothing but numbers under fixed names, so it
	 * is written as bytes directly, in the characters Jackson's generator would produce
	 * (compact, and each double in its shortest form, {@link ShortestDouble}), without
	 * the String that Jackson makes for every double.
	 */
	void write(LossResult result, OutputStream out) throws IOException {
		long numbers = 4L + ((result.losses() != null) ? result.losses().length : 0)
				+ ((result.gradients() != null) ? result.gradients().length : 0);
		int size = (int) Math.min(Output.MAX_SIZE, 128 + numbers * (ShortestDouble.MAX_CHARS + 3));
		Output json = new Output(out, size);
		json.ascii("{\"count\":").ascii(Integer.toString(result.count()));
		json.ascii(",\"weightSum\":").number(result.weightSum());
		json.ascii(",\"sum\":").number(result.sum());
		json.ascii(",\"mean\":");
		if (result.mean() != null) {
			json.number(result.mean());
		}
		else {
			json.ascii("null");
		}
		if (result.losses() != null) {
			json.ascii(",\"losses\":").array(result.losses(), 0, result.losses().length);
		}
		double[] gradients = result.gradients();
		if (gradients != null) {
			json.ascii(",\"gradients\":");
			int columns = result.columns();
			if (columns == 0) {
				json.array(gradients, 0, gradients.length);
			}
			else {
				json.ascii("[");
				for (int offset = 0; offset < gradients.length; offset += columns) {
					if (offset > 0) {
						json.ascii(",");
					}
					json.array(gradients, offset, columns);
				}
				json.ascii("]");
			}
		}
		json.ascii("}").flush();
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
