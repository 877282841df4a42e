package dev.xent.codec.json;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

import dev.xent.loss.json.ShortestDouble;
import dev.xent.codec.PerSampleStore;
import dev.xent.loss.Aggregates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.core.io.NumberOutput;
import tools.jackson.core.json.JsonFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * {@link ShortestDouble} writes exactly what Jackson's fast double writer writes
 * (Schubfach, the shortest decimal that reads back as the same double), and
 * {@link ScoreResponseConverter}, which writes its bytes directly, writes exactly what
 * Jackson's generator would, larger than its 16 KB buffer included.
 */
class ShortestDoubleTests {

	@ParameterizedTest
	@ValueSource(doubles = { 0.0, -0.0, 1.0, -3.0, 0.1, 0.001, 9.999999999999999e-4, 1e-5, 2.0e-3, 100.0, 1234567.0,
			9999999.0, 1e7, 12345678.0, 1e22, 1e23, 123456789012345678.0, 0.10536051565782628, -0.37037037037037035,
			Double.MIN_VALUE, 2 * Double.MIN_VALUE, 3 * Double.MIN_VALUE, Double.MIN_NORMAL, Double.MAX_VALUE,
			-Double.MAX_VALUE, 2.2250738585072009e-308, 5.0e-324, 4.35e-322, 1.0 / 3, 2.0 / 3, Math.PI, Math.E,
			9999999.999999998, 9.999999999999998e-4, -2.2250738585072014e-308, 0.6931471805599453, 2.3025850929940455,
			1.0e-7, 30.0, -3.2e-5, 1.2345678901234567e-7, 1e-3, 1e-4, 10.0, 1e6, 1e16, 1e17, 9007199254740991.0,
			9007199254740992.0, 4503599627370496.5, 0.30000000000000004, 1.7976931348623157e308, 4.9e-324 })
	void edgeCasesReadAsJacksonWritesThem(double value) {
		assertSameAsJackson(value);
	}

	@Test
	void millionsOfDoublesOfEveryKindReadAsJacksonWritesThem() {
		SplittableRandom random = new SplittableRandom(20240601);
		for (int i = 0; i < 3_000_000; i++) {
			double value = switch (i % 6) {
				case 0 -> Double.longBitsToDouble(random.nextLong());
				case 1 -> random.nextDouble();
				case 2 -> (random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(-30, 30));
				case 3 -> random.nextInt(-100_000, 100_000) / 1000.0;
				case 4 -> (float) random.nextDouble();
				default -> Double.longBitsToDouble(random.nextLong(0, 1L << 53));
			};
			if (Double.isFinite(value)) {
				assertSameAsJackson(value);
			}
		}
	}

	/**
	 * Every power of two and of ten, d·10^e for each digit d, and their neighbours, both
	 * signs: each exponent and so each way of placing the point, and the shortest
	 * decimals of 1 digit next to those of 16 and 17.
	 */
	@Test
	void powersAndTheirNeighboursReadAsJacksonWritesThem() {
		for (int e = -1074; e <= 1023; e++) {
			assertSameAsJacksonWithNeighbours(Math.scalb(1.0, e));
		}
		for (int e = -324; e <= 308; e++) {
			for (int d = 1; d <= 9; d++) {
				assertSameAsJacksonWithNeighbours(Double.parseDouble(d + "e" + e));
			}
		}
	}

	/**
	 * Decimals of 1 to 17 significant digits at every exponent of the plain format and
	 * around it, the trailing zeroes counted in each half of the digits.
	 */
	@Test
	void eachCountOfDigitsAtEachPlaceOfThePointReadsAsJacksonWritesIt() {
		SplittableRandom random = new SplittableRandom(17);
		for (int digits = 1; digits <= 17; digits++) {
			for (int e = -6; e <= 10; e++) {
				for (int i = 0; i < 200; i++) {
					long f = random.nextLong((long) Math.pow(10, digits - 1), (long) Math.pow(10, digits));
					assertSameAsJacksonWithNeighbours(Double.parseDouble(f + "e" + (e - digits)));
				}
			}
		}
	}

	/** Small integers, whose digits are written as they are. */
	@Test
	void integersReadAsJacksonWritesThem() {
		for (int i = -100_000; i <= 100_000; i++) {
			assertSameAsJackson(i);
		}
		SplittableRandom random = new SplittableRandom(53);
		for (int i = 0; i < 100_000; i++) {
			assertSameAsJackson(random.nextLong(1L << 53));
		}
	}

	/** What a response holds: losses and gradients, some divided by N. */
	@Test
	void lossesAndGradientsReadAsJacksonWritesThem() {
		SplittableRandom random = new SplittableRandom(1_000_000);
		for (int i = 0; i < 250_000; i++) {
			double p = (float) random.nextDouble();
			double gradient = p - (i & 1);
			assertSameAsJackson(-Math.log(p));
			assertSameAsJackson(gradient);
			assertSameAsJackson(gradient / 1_000_000);
			assertSameAsJackson(-Math.log1p(-random.nextDouble(1e-9, 1e-3)));
		}
	}

	@Test
	void refusesWhatJsonCannotHold() {
		byte[] into = new byte[ShortestDouble.MAX_CHARS];
		assertThatIllegalArgumentException().isThrownBy(() -> ShortestDouble.format(Double.NaN, into, 0));
		assertThatIllegalArgumentException().isThrownBy(() -> ShortestDouble.format(Double.POSITIVE_INFINITY, into, 0));
		assertThatIllegalArgumentException().isThrownBy(() -> ShortestDouble.format(Double.NEGATIVE_INFINITY, into, 0));
	}

	@Test
	void responsesAreWhatJacksonsGeneratorWrites() throws IOException {
		JsonFactory factory = JsonFactory.builder().enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER).build();
		SplittableRandom random = new SplittableRandom(3);
		double[] losses = new double[1000];
		double[] gradients = new double[3000];
		for (int i = 0; i < gradients.length; i++) {
			gradients[i] = (random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(-12, 3));
			losses[i / 3] = random.nextDouble() * 10;
		}
		LossResult vector = new LossResult(1000, 1000.0, 1.5, 0.0015, losses, losses, 1000, 0);
		LossResult matrix = new LossResult(1000, 1000.0, 1.5, null, losses, gradients, 1000, 3);
		LossResult aggregates = new LossResult(7, 0.0, 0.0, null, null, null, 7, 0);
		LossResult oneColumn = new LossResult(2, 2.5, 1e-300, 4e-301, null, new double[] { -0.0, 1e300 }, 2, 1);
		LossResult empty = new LossResult(0, 0.0, 0.0, null, new double[0], new double[0], 0, 0);
		LossResult emptyRows = new LossResult(0, 0.0, 0.0, null, new double[0], new double[0], 0, 3);
		double[] negative = new double[20_000];
		for (int i = 0; i < negative.length; i++) {
			negative[i] = -Double.MIN_NORMAL * (1 + random.nextDouble());
		}
		LossResult longest = new LossResult(20_000, 1.0, -1.0, -1.0, negative, negative, 20_000, 0);
		for (LossResult result : new LossResult[] { vector, matrix, aggregates, oneColumn, empty, emptyRows,
				longest }) {
			ByteArrayOutputStream written = new ByteArrayOutputStream();
			write(result, written);
			assertThat(written.toString(StandardCharsets.UTF_8)).isEqualTo(withJacksonsWriter(factory, result));
		}
	}

	/** What the tests write: the aggregates and the per-sample arrays of a response. */
	record LossResult(long count, double weightSum, double sum, Double mean, double[] losses, double[] gradients,
			int samples, int columns) {
	}

	/** Writes a response through the per-sample store, as the service does. */
	private static void write(LossResult r, ByteArrayOutputStream out) throws IOException {
		int width = Math.max(1, r.columns());
		boolean perSample = r.losses() != null || r.gradients() != null;
		try (PerSampleStore store = perSample ? new PerSampleStore(r.gradients() != null, Long.MAX_VALUE, null)
				: null) {
			if (store != null && r.samples() > 0) {
				double[] losses = (r.losses() != null) ? r.losses() : new double[r.samples()];
				store.append(r.samples(), width, losses, new double[r.samples()], r.gradients());
			}
			Aggregates a = new Aggregates(r.count(), r.weightSum(), r.sum(), r.mean(), r.samples(), width,
					r.columns() == 0);
			JsonResponseWriter.write(a, store, r.losses() != null, r.gradients() != null,
					(weights, raw, rows, w, scaled) -> System.arraycopy(raw, 0, scaled, 0, rows * w), out);
		}
	}

	private void assertSameAsJacksonWithNeighbours(double value) {
		for (double v : new double[] { value, Math.nextDown(value), Math.nextUp(value) }) {
			if (Double.isFinite(v)) {
				assertSameAsJackson(v);
				assertSameAsJackson(-v);
			}
		}
	}

	/**
	 * The number as Jackson writes it, and nothing written outside the room that
	 * {@link ShortestDouble#MAX_CHARS} asks for.
	 */
	private void assertSameAsJackson(double value) {
		byte[] into = new byte[ShortestDouble.MAX_CHARS + 2];
		into[0] = '[';
		into[ShortestDouble.MAX_CHARS + 1] = ']';
		int end = ShortestDouble.format(value, into, 1);
		assertThat(new String(into, 1, end - 1, StandardCharsets.US_ASCII))
			.as("bits %x", Double.doubleToRawLongBits(value))
			.isEqualTo(NumberOutput.toString(value, true));
		assertThat(into[0]).isEqualTo((byte) '[');
		assertThat(into[ShortestDouble.MAX_CHARS + 1]).isEqualTo((byte) ']');
	}

	private static String withJacksonsWriter(JsonFactory factory, LossResult result) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (JsonGenerator json = factory.createGenerator(ObjectWriteContext.empty(), out)) {
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
			if (result.losses() != null) {
				json.writeName("losses");
				json.writeArray(result.losses(), 0, result.losses().length);
			}
			if (result.gradients() != null) {
				json.writeName("gradients");
				if (result.columns() == 0) {
					json.writeArray(result.gradients(), 0, result.gradients().length);
				}
				else {
					json.writeStartArray();
					for (int offset = 0; offset < result.gradients().length; offset += result.columns()) {
						json.writeArray(result.gradients(), offset, result.columns());
					}
					json.writeEndArray();
				}
			}
			json.writeEndObject();
		}
		return out.toString(StandardCharsets.UTF_8);
	}

}
