package dev.xent.web;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;

import dev.xent.loss.InputType;
import dev.xent.loss.LossBatch;
import dev.xent.loss.LossResult;
import dev.xent.loss.Scorer;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.core.json.JsonFactory;

/**
 * The request bodies the benchmarks send, and the service's request path without HTTP: the
 * reader, the shared options, the batch factory, the scorer and the response writer, built as
 * {@link ApiConfiguration} builds them with the default limits of {@code xent.limits.*}.
 */
final class BenchRequests {

	/** {@code xent.limits.*} defaults (application.yml / XentProperties). */
	static final JsonFactory FACTORY = JsonFactory.builder()
		.streamReadConstraints(StreamReadConstraints.builder()
			.maxNumberLength(100)
			.maxStringLength(1000)
			.maxNameLength(1000)
			.maxNestingDepth(16)
			.build())
		.enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
		.enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
		.build();

	static final JsonRequestReader READER = new JsonRequestReader(new JsonRequestReader.Limits(5_000_000, 10_000, 100, 1000));

	static final ScoreResponseConverter WRITER = new ScoreResponseConverter();

	static final RequestFields BINARY = RequestFields.of(BinaryRequest.class);

	static final RequestFields CATEGORICAL = RequestFields.of(CategoricalRequest.class);

	private BenchRequests() {
	}

	/**
	 * N binary probabilities printed as a float32 model emits them (shortest float repr,
	 * "0.73519003"), labels 0/1 drawn with that probability: about 13 bytes a sample.
	 */
	static byte[] binary(int samples, boolean includeArrays, long seed) {
		return binary(samples, includeArrays, seed, false);
	}

	/**
	 * As {@link #binary(int, boolean, long)}, or with {@code float64} the probabilities as a
	 * float64 model prints them (17 significant digits, "0.7351900312345678"): about 21
	 * bytes a sample.
	 */
	static byte[] binary(int samples, boolean includeArrays, long seed, boolean float64) {
		SplittableRandom random = new SplittableRandom(seed);
		double[] p = new double[samples];
		for (int i = 0; i < samples; i++) {
			p[i] = float64 ? random.nextDouble() : (float) random.nextDouble();
		}
		StringBuilder json = new StringBuilder(samples * 22 + 100).append("{\"predictions\":[");
		for (int i = 0; i < samples; i++) {
			json.append((i > 0) ? "," : "").append(float64 ? Double.toString(p[i]) : Float.toString((float) p[i]));
		}
		json.append("],\"labels\":[");
		for (int i = 0; i < samples; i++) {
			json.append((i > 0) ? "," : "").append((random.nextDouble() < p[i]) ? '1' : '0');
		}
		json.append("]");
		if (!includeArrays) {
			json.append(",\"includeLosses\":false,\"includeGradients\":false");
		}
		return json.append("}").toString().getBytes(StandardCharsets.UTF_8);
	}

	/** N × C float32 logits (normal, σ = 3) and class-index labels. */
	static byte[] categoricalLogits(int samples, int classes, long seed) {
		SplittableRandom random = new SplittableRandom(seed);
		StringBuilder json = new StringBuilder(samples * classes * 12 + 100)
			.append("{\"inputType\":\"logits\",\"predictions\":[");
		for (int i = 0; i < samples; i++) {
			json.append((i > 0) ? ",[" : "[");
			for (int c = 0; c < classes; c++) {
				json.append((c > 0) ? "," : "").append((float) (3 * gaussian(random)));
			}
			json.append(']');
		}
		json.append("],\"labels\":[");
		for (int i = 0; i < samples; i++) {
			json.append((i > 0) ? "," : "").append(random.nextInt(classes));
		}
		return json.append("]}").toString().getBytes(StandardCharsets.UTF_8);
	}

	static double gaussian(SplittableRandom random) {
		double u = random.nextDouble();
		double v = random.nextDouble();
		return Math.sqrt(-2 * Math.log1p(-u)) * Math.cos(2 * Math.PI * v);
	}

	/**
	 * The baseline: what Jackson alone needs to stream-parse the bytes, with the service's
	 * factory settings: nextToken, and getDoubleValue for every number.
	 */
	static double rawParse(byte[] body) {
		double sum = 0;
		try (JsonParser parser = FACTORY.createParser(ObjectReadContext.empty(), new ByteArrayInputStream(body))) {
			JsonToken token;
			while ((token = parser.nextToken()) != null) {
				if (token == JsonToken.VALUE_NUMBER_FLOAT || token == JsonToken.VALUE_NUMBER_INT) {
					sum += parser.getDoubleValue();
				}
			}
		}
		return sum;
	}

	/** The service's path for one request: read, check, score, write. */
	static LossResult serve(byte[] body, RequestFields fields, OutputStream out) {
		ParsedBody parsed = READER.read(new ByteArrayInputStream(body), fields);
		return scoreAndWrite(parsed, fields, out);
	}

	/** Everything after the parse: options, checked batch, scoring, response writing. */
	static LossResult scoreAndWrite(ParsedBody parsed, RequestFields fields, OutputStream out) {
		boolean binary = fields == BINARY;
		List<InputType> inputTypes = binary ? BinaryRequest.INPUT_TYPES : CategoricalRequest.INPUT_TYPES;
		RequestOptions options = RequestOptions.of(parsed, inputTypes);
		LossBatch batch = binary ? BinaryRequest.toBatch(parsed, options) : CategoricalRequest.toBatch(parsed, options);
		LossResult result = Scorer.score(batch, options.reduction(), options.includeLosses(),
				options.includeGradients());
		try {
			WRITER.write(result, out);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return result;
	}

	/** Counts the bytes written, so a benchmark can check the response is really produced. */
	static final class CountingOutputStream extends OutputStream {

		long count;

		@Override
		public void write(int b) {
			this.count++;
		}

		@Override
		public void write(byte[] b, int off, int len) {
			this.count += len;
		}

	}

}
