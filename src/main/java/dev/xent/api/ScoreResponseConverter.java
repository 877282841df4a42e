package dev.xent.api;

import java.io.IOException;
import java.io.OutputStream;

import dev.xent.loss.LossResult;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.TokenStreamFactory;

import org.springframework.http.HttpInputMessage;
import org.springframework.http.HttpOutputMessage;
import org.springframework.http.MediaType;
import org.springframework.http.converter.AbstractHttpMessageConverter;

/**
 * Writes a {@link LossResult} as the contract's response object, streaming the arrays straight
 * to the response with Jackson's generator: {@code gradients} as a vector or as N rows,
 * {@code mean} as {@code null} when weightSum is 0, and the arrays only when requested.
 */
final class ScoreResponseConverter extends AbstractHttpMessageConverter<LossResult> {

	private final TokenStreamFactory factory;

	ScoreResponseConverter(TokenStreamFactory factory) {
		super(MediaType.APPLICATION_JSON);
		this.factory = factory;
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

	void write(LossResult result, OutputStream out) {
		try (JsonGenerator json = this.factory.createGenerator(ObjectWriteContext.empty(), out)) {
			json.writeStartObject();
			json.writeNumberProperty("count", result.count());
			json.writeNumberProperty("weightSum", result.weightSum());
			json.writeNumberProperty("sum", result.sum());
			if (result.mean() != null) {
				json.writeNumberProperty("mean", result.mean());
			}
			else {
				json.writeNullProperty("mean");
			}
			ShortestDouble digits = new ShortestDouble();
			if (result.losses() != null) {
				json.writeName("losses");
				writeArray(json, digits, result.losses(), 0, result.losses().length);
			}
			double[] gradients = result.gradients();
			if (gradients != null) {
				json.writeName("gradients");
				int columns = result.columns();
				if (columns == 0) {
					writeArray(json, digits, gradients, 0, gradients.length);
				}
				else {
					json.writeStartArray();
					for (int offset = 0; offset < gradients.length; offset += columns) {
						writeArray(json, digits, gradients, offset, columns);
					}
					json.writeEndArray();
				}
			}
			json.writeEndObject();
		}
	}

	/**
	 * What {@code json.writeArray(values, offset, length)} writes, character for character,
	 * without the String that Jackson makes for every double.
	 */
	private static void writeArray(JsonGenerator json, ShortestDouble digits, double[] values, int offset,
			int length) {
		json.writeStartArray(values, length);
		for (int i = offset, end = offset + length; i < end; i++) {
			json.writeNumber(digits.chars(), 0, digits.format(values[i]));
		}
		json.writeEndArray();
	}

}
