package dev.xent.codec.json;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

import dev.xent.codec.MalformedRequestException;
import dev.xent.web.BinaryRequest;
import dev.xent.web.CategoricalRequest;
import dev.xent.web.FocalBinaryRequest;
import dev.xent.web.FocalCategoricalRequest;
import dev.xent.web.FocalMultilabelRequest;
import dev.xent.web.MultilabelRequest;
import dev.xent.codec.PayloadTooLargeException;
import dev.xent.codec.BodyLimitExceededException;
import dev.xent.fuzz.FuzzBodies;
import dev.xent.loss.Violation;
import dev.xent.loss.options.ParsedBody;
import dev.xent.loss.options.RequestFields;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link JsonRequestReader} and {@link JsonInput}: the hand-written reader must accept
 * exactly what the Jackson-based reader it replaced accepted, read the same values to the
 * bit, and reject the rest. {@link JacksonRequestReader} (that reader, kept here as the
 * oracle) reads the fuzzer's bodies alongside it, whole and fed in random small pieces so
 * that every token crosses a refill somewhere.
 */
class JsonRequestReaderTests {

	private static final int CASES = Integer.getInteger("xent.reader.cases", 6000);

	private static final JsonRequestReader.Limits LIMITS = new JsonRequestReader.Limits(20_000, 50, 100, 1000);

	private static final JsonRequestReader READER = new JsonRequestReader(LIMITS);

	private static final JacksonRequestReader ORACLE = new JacksonRequestReader(JsonFactory.builder()
		.streamReadConstraints(StreamReadConstraints.builder()
			.maxNumberLength(100)
			.maxStringLength(1000)
			.maxNameLength(1000)
			.maxNestingDepth(16)
			.build())
		.enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
		.build(), new JacksonRequestReader.Limits(20_000, 50));

	private static final RequestFields[] FIELDS = { RequestFields.of(BinaryRequest.class),
			RequestFields.of(MultilabelRequest.class), RequestFields.of(CategoricalRequest.class),
			RequestFields.of(FocalBinaryRequest.class), RequestFields.of(FocalMultilabelRequest.class),
			RequestFields.of(FocalCategoricalRequest.class) };

	private static final RequestFields BINARY = FIELDS[0];

	@Test
	void agreesWithJacksonOnTheFuzzersBodies() {
		int[] outcomes = new int[3];
		List<String> disagreements = new ArrayList<>();
		for (int endpoint = 0; endpoint < FuzzBodies.endpoints(); endpoint++) {
			for (int i = 0; i < CASES; i++) {
				long seed = 7919L * i + endpoint;
				byte[] body = FuzzBodies.body(endpoint, seed);
				RequestFields fields = FIELDS[endpoint];
				Outcome expected = Outcome.of(() -> ORACLE.read(new ByteArrayInputStream(body), fields), fields);
				Outcome whole = Outcome.of(() -> READER.read(new ByteArrayInputStream(body), fields), fields);
				Outcome pieces = Outcome.of(() -> READER.read(new Trickle(body, seed), fields), fields);
				outcomes[expected.kind]++;
				for (Outcome actual : List.of(whole, pieces)) {
					String difference = expected.difference(actual);
					if (difference != null && disagreements.size() < 10) {
						disagreements.add("endpoint " + endpoint + " seed " + seed + ": " + difference + "\n  body: "
								+ excerpt(body));
					}
				}
			}
		}
		assertThat(disagreements).isEmpty();
		// the fuzzer reaches every outcome
		assertThat(outcomes[Outcome.READ]).isGreaterThan(CASES);
		assertThat(outcomes[Outcome.MALFORMED]).isGreaterThan(CASES / 2);
		assertThat(outcomes[Outcome.TOO_LARGE]).isPositive();
	}

	@ParameterizedTest
	@ValueSource(strings = { "0", "-0", "0.0", "-0.0", "1", "-1", "0.5", "0.73519003", "1e5", "1E+2", "1e-2", "2.5E-3",
			"0e0", "-0e-5", "123456789012345678", "1234567890123456789", "12345678901234567890123", "9007199254740993",
			"9007199254740993.0", "0.1", "0.30000000000000004", "1e22", "1e23", "9e22", "4.9e-324",
			"2.4703282292062327e-324", "2.4703282292062328e-324", "2.2250738585072011e-308", "1.7976931348623157e308",
			"1.7976931348623159e308", "1e309", "-1e999", "1e-400", "0.000000000000000000000000000001",
			"0.1234567890123456789012", "123.456e-2", "100000000000000000000e-20", "3.0000000000000000000000001",
			"8.98846567431158e307", "0.999999999999999999999999", "4503599627370496.5", "4503599627370497.5" })
	void readsANumberAsDoubleParseDoubleDoes(String literal) {
		for (String body : List.of("{\"epsilon\":" + literal + "}", "{\"epsilon\":" + literal + " }",
				"{\"epsilon\":\n" + literal + "\n}")) {
			double expected = literal.matches("-?\\d+") && literal.length() <= 18 ? (double) Long.parseLong(literal)
					: Double.parseDouble(literal);
			assertThat(Double.doubleToRawLongBits(read(body).number("epsilon"))).as(body)
				.isEqualTo(Double.doubleToRawLongBits(expected));
		}
	}

	@Test
	void readsRandomDoublesAndFloatsExactly() {
		SplittableRandom random = new SplittableRandom(5);
		StringBuilder json = new StringBuilder("{\"predictions\":[");
		double[] expected = new double[200_000];
		for (int i = 0; i < expected.length; i++) {
			String literal = switch (i % 4) {
				case 0 -> Double.toString(Double.longBitsToDouble(random.nextLong() & 0x7FEF_FFFF_FFFF_FFFFL));
				case 1 -> Float.toString((float) random.nextDouble());
				case 2 -> Double.toString(random.nextDouble() * Math.pow(10, random.nextInt(-30, 30)));
				default ->
					String.format(java.util.Locale.ROOT, "%." + random.nextInt(1, 25) + "f", random.nextDouble() - 0.5);
			};
			expected[i] = Double.parseDouble(literal);
			json.append((i > 0) ? "," : "").append(literal);
		}
		byte[] body = json.append("]}").toString().getBytes(StandardCharsets.UTF_8);
		JsonRequestReader reader = new JsonRequestReader(new JsonRequestReader.Limits(5_000_000, 50, 100, 1000));
		assertThat(reader.read(new ByteArrayInputStream(body), BINARY).vector("predictions")).isEqualTo(expected);
		assertThat(reader.read(new Trickle(body, 3), BINARY).vector("predictions")).isEqualTo(expected);
	}

	@Test
	void readsIntegersToSixtyFourBits() {
		ParsedBody body = read(
				"{\"predictions\":[[0.5]],\"labels\":[0,-0,7,123456789012345678,9223372036854775807,"
						+ "-9223372036854775808,9223372036854775808,-9223372036854775809,100000000000000000000]}",
				RequestFields.of(CategoricalRequest.class));
		assertThat(body.integers("labels")).startsWith(0, 0, 7, 123456789012345678L, Long.MAX_VALUE, Long.MIN_VALUE);
		assertThat(body.violations().list()).extracting(Violation::pointer)
			.containsExactly("/labels/6", "/labels/7", "/labels/8");
		assertThat(body.violations().list().get(0).detail())
			.isEqualTo("must be an integer within 64 bits, but is 9223372036854775808.");
		assertThatExceptionOfType(MalformedRequestException.class)
			.isThrownBy(() -> read("{\"labels\":[1,1.0]}", RequestFields.of(CategoricalRequest.class)))
			.satisfies((ex) -> assertThat(ex.pointer()).isEqualTo("/labels/1"))
			.withMessage("Must be an integer, but is the number 1.0.");
		assertThatExceptionOfType(MalformedRequestException.class)
			.isThrownBy(() -> read("{\"ignoreIndex\":1e2}", RequestFields.of(CategoricalRequest.class)))
			.satisfies((ex) -> assertThat(ex.pointer()).isEqualTo("/ignoreIndex"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "{\"epsilon\":01}", "{\"epsilon\":1.}", "{\"epsilon\":.5}", "{\"epsilon\":+1}",
			"{\"epsilon\":1e}", "{\"epsilon\":1e+}", "{\"epsilon\":-}", "{\"epsilon\":NaN}", "{\"epsilon\":Infinity}",
			"{\"epsilon\":0x10}", "{\"epsilon\":1,}", "{\"predictions\":[1,]}", "{\"predictions\":[,1]}",
			"{\"predictions\":[1 2]}", "{\"predictions\":[1-2]}", "{\"predictions\":[0.5,01]}",
			"{\"predictions\":[0.5,-]}", "{\"predictions\":[0.5,1e]}", "{\"predictions\":[0.5,1.5.5]}",
			"{\"predictions\":[0.5,2,]}", "{\"predictions\":[1}", "{\"predictions\":[1]", "{\"epsilon\" 1}",
			"{epsilon:1}", "{'epsilon':1}", "{\"inputType\":\"logits}", "{\"inputType\":\"a\tb\"}",
			"{\"inputType\":\"\\x\"}", "{\"inputType\":\"\\u12\"}", "{\"inputType\":tru}", "{\"includeLosses\":tru}",
			"{\"includeLosses\":True}", "{\"includeLosses\":nul}", "{\"epsilon\":1 /* c */}", "{\"epsilon\":1 // c\n}",
			"{\"epsilon\":\u00001}", "{\"epsilon\":1\u000b}", "{,}", "{\"epsilon\":1,,\"eps\":2}", "{" })
	void rejectsWhatIsNotJson(String body) {
		assertThatExceptionOfType(MalformedRequestException.class).isThrownBy(() -> read(body))
			.withMessageStartingWith("The body is not valid JSON: ")
			.withMessageMatching("(?s).*\\(line \\d+, column \\d+\\)\\.$");
	}

	@Test
	void rejectsContentAfterTheObject() {
		for (String body : List.of("{\"epsilon\":1}}", "{\"epsilon\":1} x", "{\"epsilon\":1}{}", "{} 1")) {
			assertThatExceptionOfType(MalformedRequestException.class).isThrownBy(() -> read(body))
				.withMessage("Unexpected content after the JSON object.");
		}
	}

	@Test
	void saysWhereTheErrorIs() {
		assertThatExceptionOfType(MalformedRequestException.class)
			.isThrownBy(() -> read("{\n  \"predictions\": [0.5,\n    0.25 0.5]\n}"))
			.withMessage("The body is not valid JSON: found '0' where ',' or ']' should be (line 3, column 10).");
		assertThatExceptionOfType(MalformedRequestException.class).isThrownBy(() -> read("{\"epsilon\":01}"))
			.withMessage("The body is not valid JSON: a number must not have a leading zero (line 1, column 13).");
	}

	@Test
	void rejectsInvalidUtf8InAString() {
		for (byte[] bad : List.of(new byte[] { (byte) 0xC3 }, new byte[] { (byte) 0xC0, (byte) 0x80 },
				new byte[] { (byte) 0xED, (byte) 0xA0, (byte) 0x80 }, new byte[] { (byte) 0xFF },
				new byte[] { (byte) 0xE2, (byte) 0x82 },
				new byte[] { (byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80 })) {
			byte[] body = concat("{\"inputType\":\"a".getBytes(StandardCharsets.UTF_8), bad,
					"\"}".getBytes(StandardCharsets.UTF_8));
			assertThatExceptionOfType(MalformedRequestException.class)
				.isThrownBy(() -> READER.read(new ByteArrayInputStream(body), BINARY))
				.withMessageContaining("not valid UTF-8");
		}
	}

	@Test
	void decodesEscapesAndUtf8InStrings() {
		assertThat(read("{\"inputType\":\"\\u006Cogits\"}").string("inputType")).isEqualTo("logits");
		assertThat(read("{\"inputType\":\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"}").string("inputType"))
			.isEqualTo("\"\\/\b\f\n\r\t");
		assertThat(read("{\"inputType\":\"é€😀\"}").string("inputType")).isEqualTo("é€😀");
		assertThat(read("{\"inputType\":\"\\ud83d\\ude00\"}").string("inputType")).isEqualTo("😀");
		assertThatExceptionOfType(MalformedRequestException.class).isThrownBy(() -> read("{\"inpu\\u0074Type\":1}"))
			.withMessage("Must be a string, not a number.");
	}

	@ParameterizedTest
	@ValueSource(strings = { "UTF-8", "UTF-16BE", "UTF-16LE", "UTF-32BE", "UTF-32LE" })
	void detectsTheEncoding(String encoding) {
		String json = "{\"predictions\":[0.25,0.5],\"labels\":[1,0],\"inputType\":\"probabilities\u00e9\"}";
		Charset charset = Charset.forName(encoding);
		byte[] plain = json.getBytes(charset);
		byte[] bom = concat("\uFEFF".getBytes(charset), plain);
		for (byte[] body : List.of(plain, bom)) {
			ParsedBody parsed = READER.read(new Trickle(body, 1), BINARY);
			assertThat(parsed.vector("predictions")).containsExactly(0.25, 0.5);
			assertThat(parsed.string("inputType")).isEqualTo("probabilities\u00e9");
		}
	}

	@Test
	void rejectsMalformedUtf16() {
		byte[] body = concat("{\"inputType\":\"".getBytes(StandardCharsets.UTF_16LE), new byte[] { 0x00, (byte) 0xD8 },
				"\"}".getBytes(StandardCharsets.UTF_16LE));
		assertThatExceptionOfType(MalformedRequestException.class)
			.isThrownBy(() -> READER.read(new ByteArrayInputStream(body), BINARY))
			.withMessageContaining("UTF-16");
	}

	@Test
	void enforcesTheLengthLimits() {
		// digits are counted, as Jackson counted them: not the sign, point or exponent
		// marks
		for (String number : List.of("1".repeat(101), "-0." + "0".repeat(100), "1." + "2".repeat(98) + "e-10")) {
			assertThatExceptionOfType(MalformedRequestException.class)
				.isThrownBy(() -> read("{\"epsilon\":" + number + "}"))
				.withMessageStartingWith("A number has more than 100 digits, the configured limit");
		}
		assertThat(read("{\"epsilon\":" + "1".repeat(100) + "}").number("epsilon")).isEqualTo(1.1111111111111111e99);
		assertThat(read("{\"epsilon\":-0." + "0".repeat(97) + "1e+0}").number("epsilon")).isEqualTo(-1e-98);
		String name = "x".repeat(1001);
		assertThatExceptionOfType(MalformedRequestException.class).isThrownBy(() -> read("{\"" + name + "\":1}"))
			.withMessageStartingWith("A string is longer than 1000 characters, the configured limit");
		assertThatExceptionOfType(MalformedRequestException.class)
			.isThrownBy(() -> read("{\"inputType\":\"" + "é".repeat(1001) + "\"}"))
			.withMessageStartingWith("A string is longer than 1000 characters");
		assertThat(read("{\"inputType\":\"" + "é".repeat(1000) + "\"}").string("inputType")).hasSize(1000);
	}

	@Test
	void readsAcrossBufferBoundaries() {
		// numbers, strings and literals that straddle the first buffer's end and later
		// ones
		for (int pad = JsonInput.FIRST_BUFFER - 40; pad < JsonInput.FIRST_BUFFER + 4; pad++) {
			String json = "{" + " ".repeat(pad) + "\"inputType\":\"logits\",\"includeLosses\":false,"
					+ "\"predictions\":[-1.25e-3,0.5,123456789.125],\"epsilon\":1e-7}";
			ParsedBody body = read(json);
			assertThat(body.string("inputType")).isEqualTo("logits");
			assertThat(body.vector("predictions")).containsExactly(-1.25e-3, 0.5, 123456789.125);
			assertThat(body.number("epsilon")).isEqualTo(1e-7);
		}
	}

	@Test
	void refusesNullAndChecksTypes() {
		assertThatExceptionOfType(MalformedRequestException.class)
			.isThrownBy(() -> read("{\"epsilon\":null,\"includeLosses\":false}"))
			.satisfies((ex) -> assertThat(ex.pointer()).isEqualTo("/epsilon"))
			.withMessageContaining("null");
		assertThat(read("{\"includeLosses\":false}").has("epsilon")).isFalse();
		assertThat(read("{\"includeLosses\":true}").bool("includeLosses")).isTrue();
		assertThatExceptionOfType(MalformedRequestException.class).isThrownBy(() -> read("{\"predictions\":{}}"))
			.satisfies((ex) -> assertThat(ex.pointer()).isEqualTo("/predictions"))
			.withMessage("Must be an array of numbers, not an object.");
		assertThatExceptionOfType(MalformedRequestException.class)
			.isThrownBy(() -> read("{\"predictions\":[0.5,\"0.5\"]}"))
			.satisfies((ex) -> assertThat(ex.pointer()).isEqualTo("/predictions/1"))
			.withMessage("Must be a number, not a string.");
		assertThatExceptionOfType(MalformedRequestException.class).isThrownBy(() -> read(" "))
			.withMessage("The body is empty; send a JSON object.");
		assertThatExceptionOfType(MalformedRequestException.class).isThrownBy(() -> read("[1]"))
			.withMessage("The body must be a JSON object, not an array.");
	}

	private static ParsedBody read(String json) {
		return read(json, BINARY);
	}

	private static ParsedBody read(String json, RequestFields fields) {
		return READER.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), fields);
	}

	private static byte[] concat(byte[]... parts) {
		int length = Arrays.stream(parts).mapToInt((p) -> p.length).sum();
		byte[] all = new byte[length];
		int at = 0;
		for (byte[] part : parts) {
			System.arraycopy(part, 0, all, at, part.length);
			at += part.length;
		}
		return all;
	}

	private static String excerpt(byte[] body) {
		String text = new String(body, StandardCharsets.UTF_8);
		return (text.length() > 300) ? text.substring(0, 300) + "..." : text;
	}

	/** A body that arrives in pieces of 1 to 9 bytes. */
	private static final class Trickle extends InputStream {

		private final byte[] body;

		private final SplittableRandom random;

		private int at;

		Trickle(byte[] body, long seed) {
			this.body = body;
			this.random = new SplittableRandom(seed);
		}

		@Override
		public int read() {
			return (this.at < this.body.length) ? this.body[this.at++] & 0xFF : -1;
		}

		@Override
		public int read(byte[] into, int offset, int length) {
			if (this.at == this.body.length) {
				return -1;
			}
			int n = Math.min(Math.min(length, this.random.nextInt(1, 10)), this.body.length - this.at);
			System.arraycopy(this.body, this.at, into, offset, n);
			this.at += n;
			return n;
		}

	}

	/** What a reader made of a body: the fields it read, or the error. */
	private static final class Outcome {

		static final int READ = 0;

		static final int MALFORMED = 1;

		static final int TOO_LARGE = 2;

		final int kind;

		final ParsedBody body;

		final RuntimeException error;

		final RequestFields fields;

		private Outcome(int kind, ParsedBody body, RuntimeException error, RequestFields fields) {
			this.kind = kind;
			this.body = body;
			this.error = error;
			this.fields = fields;
		}

		static Outcome of(java.util.function.Supplier<ParsedBody> read, RequestFields fields) {
			try {
				return new Outcome(READ, read.get(), null, fields);
			}
			catch (MalformedRequestException ex) {
				return new Outcome(MALFORMED, null, ex, fields);
			}
			catch (PayloadTooLargeException ex) {
				return new Outcome(TOO_LARGE, null, ex, fields);
			}
		}

		/** How {@code actual} differs from this, the oracle's outcome, or null. */
		String difference(Outcome actual) {
			if (actual.kind != this.kind) {
				return "expected " + describe() + " but got " + actual.describe();
			}
			if (this.kind == MALFORMED) {
				MalformedRequestException expected = (MalformedRequestException) this.error;
				MalformedRequestException got = (MalformedRequestException) actual.error;
				boolean syntax = expected.getMessage().startsWith("The body is not valid JSON")
						|| expected.getMessage().startsWith("The body exceeds a parser limit");
				if (!syntax && !(Objects.equals(expected.pointer(), got.pointer())
						&& expected.getMessage().equals(got.getMessage()))) {
					return "expected " + describe() + " but got " + actual.describe();
				}
				return null;
			}
			if (this.kind == TOO_LARGE) {
				return this.error.getMessage().equals(actual.error.getMessage()) ? null
						: "expected " + describe() + " but got " + actual.describe();
			}
			for (String name : this.fields.names()) {
				Object expected = this.body.get(name);
				Object got = actual.body.get(name);
				if (!same(expected, got)) {
					return "field " + name + ": expected " + show(expected) + " but got " + show(got);
				}
			}
			List<Violation> expected = this.body.violations().list();
			List<Violation> got = actual.body.violations().list();
			return expected.equals(got) ? null : "violations: expected " + expected + " but got " + got;
		}

		private static boolean same(Object a, Object b) {
			if (a instanceof double[] x && b instanceof double[] y) {
				return Arrays.equals(x, y);
			}
			if (a instanceof long[] x && b instanceof long[] y) {
				return Arrays.equals(x, y);
			}
			if (a instanceof int[] x && b instanceof int[] y) {
				return Arrays.equals(x, y);
			}
			if (a instanceof String[] x && b instanceof String[] y) {
				return Arrays.equals(x, y);
			}
			if (a instanceof ParsedMatrix x && b instanceof ParsedMatrix y) {
				return x.rows() == y.rows() && x.columns() == y.columns() && Arrays.equals(x.values(), y.values());
			}
			return Objects.equals(a, b);
		}

		private static String show(Object value) {
			if (value instanceof double[] x) {
				return Arrays.toString(Arrays.copyOf(x, Math.min(x.length, 20)));
			}
			if (value instanceof long[] x) {
				return Arrays.toString(Arrays.copyOf(x, Math.min(x.length, 20)));
			}
			if (value instanceof int[] x) {
				return Arrays.toString(Arrays.copyOf(x, Math.min(x.length, 20)));
			}
			if (value instanceof String[] x) {
				return Arrays.toString(x);
			}
			if (value instanceof ParsedMatrix x) {
				return x.rows() + "x" + x.columns() + Arrays.toString(Arrays.copyOf(x.values(), 20));
			}
			return String.valueOf(value);
		}

		private String describe() {
			return switch (this.kind) {
				case READ -> "a body";
				default -> this.error.getClass().getSimpleName() + "("
						+ ((this.error instanceof MalformedRequestException m) ? m.pointer() : "") + ": "
						+ this.error.getMessage() + ")";
			};
		}

	}

}
