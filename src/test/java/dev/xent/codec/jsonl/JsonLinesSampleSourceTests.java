package dev.xent.codec.jsonl;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import dev.xent.codec.BodyLimitExceededException;
import dev.xent.codec.ColumnLayout;
import dev.xent.codec.ColumnLayout.Shape;
import dev.xent.codec.MalformedRequestException;
import dev.xent.codec.PayloadTooLargeException;
import dev.xent.codec.json.JsonDocument;
import dev.xent.codec.json.JsonRequestReader;
import dev.xent.loss.GroupKeys;
import dev.xent.loss.InvalidBatchException;
import dev.xent.loss.LimitExceededException;
import dev.xent.loss.SampleBatch;
import dev.xent.loss.Violation;
import dev.xent.web.BinaryRequest;
import dev.xent.web.MultilabelRequest;
import dev.xent.loss.options.RequestFields;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * {@link JsonLinesSampleSource}: values, batches, line numbers and pointers, every error
 * with its status, pointer and line, the line limit, and numbers read to the bit as the
 * JSON document reader reads them.
 */
class JsonLinesSampleSourceTests {

	private static final ColumnLayout BINARY = new ColumnLayout(Shape.VECTOR, Shape.VECTOR, false);

	private static final ColumnLayout MULTILABEL = new ColumnLayout(Shape.MATRIX, Shape.MATRIX, false);

	private static final ColumnLayout CATEGORICAL = new ColumnLayout(Shape.MATRIX, Shape.CLASS_INDEX, true);

	private static final int MAX_COLUMNS = 50;

	private static JsonLinesSampleSource.Limits limits(int batchRows) {
		return new JsonLinesSampleSource.Limits(1 << 20, MAX_COLUMNS, 100, 1000, batchRows);
	}

	private static InputStream utf8(String body) {
		return new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8));
	}

	private static Read read(String body, ColumnLayout layout, int batchRows) {
		return read(utf8(body), layout, limits(batchRows), new GroupKeys(100));
	}

	private static Read read(String body, ColumnLayout layout) {
		return read(body, layout, 8192);
	}

	private static Read read(InputStream body, ColumnLayout layout, JsonLinesSampleSource.Limits limits,
			GroupKeys groups) {
		JsonLinesSampleSource source = new JsonLinesSampleSource(body, layout, limits, groups);
		Read read = new Read(groups);
		for (SampleBatch batch = source.next(); batch != null; batch = source.next()) {
			read.add(batch);
		}
		assertThat(source.next()).as("after the end").isNull();
		return read;
	}

	private static MalformedRequestException malformed(String body, ColumnLayout layout) {
		Throwable failure = catchThrowable(() -> read(body, layout, 3));
		assertThat(failure).isInstanceOf(MalformedRequestException.class);
		return (MalformedRequestException) failure;
	}

	private static Violation invalid(String body, ColumnLayout layout) {
		Throwable failure = catchThrowable(() -> read(body, layout, 3));
		assertThat(failure).isInstanceOf(InvalidBatchException.class);
		List<Violation> violations = ((InvalidBatchException) failure).violations();
		assertThat(violations).hasSize(1);
		return violations.get(0);
	}

	// values and batches

	@Test
	void readsBinarySamples() {
		Read read = read("{\"prediction\":0.25,\"label\":1}\n{\"label\":0,\"prediction\":0.75}\n", BINARY);
		assertThat(read.predictions).containsExactly(0.25, 0.75);
		assertThat(read.labels).containsExactly(1.0, 0.0);
		assertThat(read.lines).containsExactly(1L, 2L);
		SampleBatch batch = read.batches.get(0);
		assertThat(batch.width()).isEqualTo(1);
		assertThat(batch.labelWidth()).isEqualTo(1);
		assertThat(batch.classes()).isNull();
		assertThat(batch.targets()).isNull();
		assertThat(batch.sampleWeights()).isNull();
		assertThat(batch.groups()).isNull();
	}

	@Test
	void readsMultilabelRowsWithTheFirstSamplesWidth() {
		Read read = read("""
				{"prediction": [0.1, 0.2, 0.3], "label": [0, 1, 1], "sampleWeight": 2}
				{"label": [1, 0, 0], "prediction": [-1, 0, 1e2]}
				""", MULTILABEL);
		assertThat(read.width).isEqualTo(3);
		assertThat(read.predictions).containsExactly(0.1, 0.2, 0.3, -1.0, 0.0, 100.0);
		assertThat(read.labels).containsExactly(0.0, 1.0, 1.0, 1.0, 0.0, 0.0);
		assertThat(read.weights).containsExactly(2.0, 1.0);
		assertThat(read.batches.get(0).labelWidth()).isEqualTo(3);
	}

	@Test
	void readsCategoricalLabelsAndTargets() {
		Read labels = read("{\"prediction\":[0.2,0.8],\"label\":1}\n{\"prediction\":[0.6,0.4],\"label\":-100}",
				CATEGORICAL);
		assertThat(labels.classes).containsExactly(1L, -100L);
		assertThat(labels.batches.get(0).labels()).isNull();
		assertThat(labels.batches.get(0).targets()).isNull();
		Read targets = read("{\"target\":[0,1],\"prediction\":[0.2,0.8]}\n{\"prediction\":[0.6,0.4],\"target\":[1,0]}",
				CATEGORICAL);
		assertThat(targets.targets).containsExactly(0.0, 1.0, 1.0, 0.0);
		assertThat(targets.batches.get(0).classes()).isNull();
		assertThat(targets.batches.get(0).targetWidth()).isEqualTo(2);
	}

	@Test
	void handsOnBatchesOfBatchRowsCountingRowsAcrossThemAndReusingArrays() {
		StringBuilder body = new StringBuilder();
		for (int i = 0; i < 7; i++) {
			body.append("{\"prediction\":[").append(i).append(",1],\"label\":[0,1]}\n");
		}
		JsonLinesSampleSource source = new JsonLinesSampleSource(utf8(body.toString()), MULTILABEL, limits(3),
				new GroupKeys(10));
		SampleBatch first = source.next();
		assertThat(first.firstRow()).isZero();
		assertThat(first.rows()).isEqualTo(3);
		assertThat(first.lines()).startsWith(1L, 2L, 3L);
		double[] predictions = first.predictions();
		long[] lines = first.lines();
		SampleBatch second = source.next();
		assertThat(second.firstRow()).isEqualTo(3);
		assertThat(second.rows()).isEqualTo(3);
		assertThat(second.predictions()).isSameAs(predictions);
		assertThat(second.lines()).isSameAs(lines);
		assertThat(Arrays.copyOf(second.predictions(), 6)).containsExactly(3, 1, 4, 1, 5, 1);
		assertThat(second.lines()).startsWith(4L, 5L, 6L);
		SampleBatch third = source.next();
		assertThat(third.firstRow()).isEqualTo(6);
		assertThat(third.rows()).isEqualTo(1);
		assertThat(third.line(0)).isEqualTo(7);
		assertThat(source.next()).isNull();
	}

	@Test
	void anEmptyBodyOrOneOfBlankLinesHasNoBatch() {
		for (String body : List.of("", "\n", " \t\r\n\n   ", "\r\n\r\n")) {
			JsonLinesSampleSource source = new JsonLinesSampleSource(utf8(body), BINARY, limits(3), new GroupKeys(10));
			assertThat(source.next()).as("\"%s\"", body).isNull();
		}
	}

	@Test
	void countsBlankLinesCrlfAndALastLineWithoutBreak() {
		String body = "\n  \r\n{\"prediction\":0.5,\"label\":1}\r\n\t\n\r\n{\"prediction\":0.25,\"label\":0}  \r\n\n"
				+ "{\"prediction\":0.125,\"label\":1}";
		Read read = read(body, BINARY, 2);
		assertThat(read.predictions).containsExactly(0.5, 0.25, 0.125);
		assertThat(read.lines).containsExactly(3L, 6L, 8L);
		assertThat(read.firstRows).containsExactly(0L, 2L);
	}

	@Test
	void skipsAUtf8ByteOrderMark() {
		Read read = read("\uFEFF{\"prediction\":0.5,\"label\":1}\n", BINARY);
		assertThat(read.predictions).containsExactly(0.5);
	}

	@Test
	void readsTheSameInPiecesAsWhole() {
		StringBuilder body = new StringBuilder();
		SplittableRandom random = new SplittableRandom(11);
		for (int i = 0; i < 300; i++) {
			body.append((i % 7 == 0) ? "\r\n" : "")
				.append("{\"prediction\": [")
				.append(random.nextDouble())
				.append(", ")
				.append((float) random.nextDouble())
				.append("], \"group\": \"g")
				.append(i % 5)
				.append("\", \"label\": [1, ")
				.append(random.nextDouble())
				.append("]}")
				.append((i % 3 == 0) ? "\r\n" : "\n");
		}
		byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
		Read whole = read(new ByteArrayInputStream(bytes), MULTILABEL, limits(16), new GroupKeys(10));
		Read pieces = read(new Trickle(bytes, 3), MULTILABEL, limits(16), new GroupKeys(10));
		assertThat(pieces.predictions).containsExactly(whole.predictions.toArray(Double[]::new));
		assertThat(pieces.labels).containsExactly(whole.labels.toArray(Double[]::new));
		assertThat(pieces.lines).containsExactly(whole.lines.toArray(Long[]::new));
		assertThat(pieces.groups).containsExactly(whole.groups.toArray(String[]::new));
		assertThat(whole.predictions).hasSize(600);
	}

	@Test
	void wideRowsMakeShorterBatches() {
		int width = 40;
		StringBuilder row = new StringBuilder("{\"prediction\":[");
		for (int j = 0; j < width; j++) {
			row.append((j > 0) ? "," : "").append(j);
		}
		row.append("],\"target\":[1").append(",0".repeat(width - 1)).append("]}\n");
		int samples = 5 + JsonLinesSampleSource.MAX_BATCH_VALUES / width;
		InputStream body = new InputStream() {

			private final byte[] line = row.toString().getBytes(StandardCharsets.US_ASCII);

			private int at;

			private int left = samples;

			@Override
			public int read() {
				if (this.left == 0) {
					return -1;
				}
				if (this.at == this.line.length) {
					this.at = 0;
					if (--this.left == 0) {
						return -1;
					}
				}
				return this.line[this.at++];
			}

		};
		JsonLinesSampleSource source = new JsonLinesSampleSource(body, CATEGORICAL,
				new JsonLinesSampleSource.Limits(1 << 20, 100, 100, 1000, 1 << 20), new GroupKeys(10));
		SampleBatch first = source.next();
		assertThat(first.rows()).isEqualTo(JsonLinesSampleSource.MAX_BATCH_VALUES / width);
		assertThat(first.predictions().length).isLessThanOrEqualTo(JsonLinesSampleSource.MAX_BATCH_VALUES);
		assertThat(first.predictions()[(first.rows() - 1) * width + 39]).isEqualTo(39);
		SampleBatch second = source.next();
		assertThat(second.firstRow()).isEqualTo(first.rows());
		assertThat(second.rows()).isEqualTo(5);
		assertThat(source.next()).isNull();
	}

	// sample weights and groups

	@Test
	void linesWithoutASampleWeightWeighOne() {
		Read read = read("""
				{"prediction":0.5,"label":1}
				{"prediction":0.5,"label":1}
				{"prediction":0.5,"label":1}
				{"prediction":0.5,"label":1,"sampleWeight":3}
				{"prediction":0.5,"label":1}
				{"prediction":0.5,"label":1,"sampleWeight":0.5}
				{"prediction":0.5,"label":1}
				""", BINARY, 3);
		assertThat(read.batches.get(0).sampleWeights()).as("a batch without weights").isNull();
		assertThat(read.weights).containsExactly(1.0, 1.0, 1.0, 3.0, 1.0, 0.5, 1.0);
	}

	@Test
	void internsGroupsStringsAndIntegersByTheirDecimalForm() {
		Read strings = read("""
				{"prediction":0.5,"label":1,"group":"a"}
				{"prediction":0.5,"label":1,"group":"7"}
				{"prediction":0.5,"label":1,"group":"\\u0061"}
				{"prediction":0.5,"label":1,"group":"été"}
				{"prediction":0.5,"label":1,"group":"a"}
				""", BINARY, 3);
		assertThat(strings.groups).containsExactly("a", "7", "a", "été", "a");
		assertThat(strings.groupIds).containsExactly(0, 1, 0, 2, 0);
		assertThat(strings.groupKeys.size()).isEqualTo(3);
		Read integers = read("""
				{"prediction":0.5,"label":1,"group":7}
				{"prediction":0.5,"label":1,"group":-12}
				{"prediction":0.5,"label":1,"group":7}
				{"prediction":0.5,"label":1,"group":-9223372036854775808}
				""", BINARY, 3);
		assertThat(integers.groups).containsExactly("7", "-12", "7", "-9223372036854775808");
		assertThat(integers.groupIds).containsExactly(0, 1, 0, 2);
	}

	@Test
	void groupsAreAllStringsOrAllIntegersAsInAJsonBody() {
		MalformedRequestException mix = malformed("""
				{"prediction":0.5,"label":1,"group":"a"}
				{"prediction":0.5,"label":1,"group":"b"}
				{"prediction":0.5,"label":1,"group":1}
				""", BINARY);
		assertThat(mix.pointer()).isEqualTo("/groups/2");
		assertThat(mix.getMessage()).contains("a string like the first sample's group (line 1)");
		assertThat(malformed("""
				{"prediction":0.5,"label":1,"group":1}
				{"prediction":0.5,"label":1,"group":"1"}
				""", BINARY).pointer()).isEqualTo("/groups/1");
	}

	@Test
	void manyGroupsAreFoundAgainByTheirBytes() {
		StringBuilder body = new StringBuilder();
		for (int i = 0; i < 2000; i++) {
			body.append("{\"prediction\":0.5,\"label\":1,\"group\":\"key-").append(i % 700).append("\"}\n");
		}
		Read read = read(utf8(body.toString()), BINARY, limits(64), new GroupKeys(1000));
		assertThat(read.groupKeys.size()).isEqualTo(700);
		for (int i = 0; i < 2000; i++) {
			assertThat(read.groups.get(i)).isEqualTo("key-" + (i % 700));
		}
	}

	@Test
	void aGroupKeyMayHave256BytesNotMore() {
		String longest = "x".repeat(GroupKeys.MAX_KEY_BYTES);
		assertThat(read("{\"prediction\":0.5,\"label\":1,\"group\":\"" + longest + "\"}", BINARY).groups)
			.containsExactly(longest);
		Violation ascii = invalid("{\"prediction\":0.5,\"label\":1,\"group\":\"x\"}\n{\"prediction\":0.5,\"label\":1,"
				+ "\"group\":\"" + longest + "y\"}", BINARY);
		assertThat(ascii.pointer()).isEqualTo("/groups/1");
		assertThat(ascii.line()).isEqualTo(2);
		assertThat(ascii.detail()).contains("256");
		Violation utf8 = invalid("{\"prediction\":0.5,\"label\":1,\"group\":\"" + "é".repeat(129) + "\"}", BINARY);
		assertThat(utf8.pointer()).isEqualTo("/groups/0");
	}

	@Test
	void groupsAreAllOrNothing() {
		Violation missingLater = invalid("""
				{"prediction":0.5,"label":1,"group":"a"}

				{"prediction":0.5,"label":1,"group":"a"}
				{"prediction":0.5,"label":1,"group":"b"}
				{"prediction":0.5,"label":1}
				""", BINARY);
		assertThat(missingLater.pointer()).isEqualTo("/groups/3");
		assertThat(missingLater.line()).isEqualTo(5);
		Violation missingFirst = invalid("""

				{"prediction":0.5,"label":1}
				{"prediction":0.5,"label":1}
				{"prediction":0.5,"label":1}
				{"prediction":0.5,"label":1,"group":"b"}
				""", BINARY);
		assertThat(missingFirst.pointer()).isEqualTo("/groups/0");
		assertThat(missingFirst.line()).isEqualTo(2);
		assertThat(missingFirst.detail()).contains("sample 3 (line 5)");
	}

	@Test
	void groupsMustBeStringsOrIntegersWithin64Bits() {
		MalformedRequestException fraction = malformed("{\"prediction\":0.5,\"label\":1,\"group\":1.5}", BINARY);
		assertThat(fraction.pointer()).isEqualTo("/groups/0");
		assertThat(fraction.getMessage()).contains("1.5");
		MalformedRequestException bool = malformed("{\"prediction\":0.5,\"label\":1,\"group\":true}", BINARY);
		assertThat(bool.getMessage()).isEqualTo("Must be a string or an integer, not a boolean.");
		Violation big = invalid("{\"prediction\":0.5,\"label\":1,\"group\":18446744073709551616}", BINARY);
		assertThat(big.pointer()).isEqualTo("/groups/0");
	}

	@Test
	void tooManyGroupsIsTheGroupLimit() {
		String body = "{\"prediction\":0.5,\"label\":1,\"group\":1}\n{\"prediction\":0.5,\"label\":1,\"group\":2}\n"
				+ "{\"prediction\":0.5,\"label\":1,\"group\":3}\n";
		assertThatExceptionOfType(LimitExceededException.class)
			.isThrownBy(() -> read(utf8(body), BINARY, limits(10), new GroupKeys(2)))
			.withMessageContaining("xent.limits.max-groups");
	}

	// errors: 400

	@Test
	void aLineMustBeOneJsonObject() {
		for (String line : List.of("[0.5, 1]", "42", "\"x\"", "null", "true")) {
			MalformedRequestException ex = malformed("{\"prediction\":0.5,\"label\":1}\n\n" + line + "\n", BINARY);
			assertThat(ex.line()).as(line).isEqualTo(3);
			assertThat(ex.pointer()).isNull();
			assertThat(ex.getMessage()).startsWith("Line 3 must be a JSON object");
		}
	}

	@Test
	void syntaxErrorsNameTheirLine() {
		MalformedRequestException twoObjects = malformed(
				"{\"prediction\":0.5,\"label\":1}\n{\"prediction\":0.5,\"label\":1} {\"prediction\":0.5}\n", BINARY);
		assertThat(twoObjects.line()).isEqualTo(2);
		assertThat(twoObjects.getMessage()).contains("end of the line").contains("line 2, column 30");
		MalformedRequestException spansLines = malformed("{\"prediction\":0.5,\n\"label\":1}\n", BINARY);
		assertThat(spansLines.line()).isEqualTo(1);
		assertThat(spansLines.getMessage()).contains("the line ends where");
		MalformedRequestException truncated = malformed("\n{\"prediction\":0.5,\"label\":1", BINARY);
		assertThat(truncated.line()).isEqualTo(2);
		assertThat(truncated.getMessage()).contains("the body ends where");
		MalformedRequestException stringAcrossLines = malformed("{\"prediction\":0.5,\"label\":1,\"group\":\"a\nb\"}",
				BINARY);
		assertThat(stringAcrossLines.getMessage()).contains("the line ends inside a string");
		MalformedRequestException trailingComma = malformed("\n\n{\"prediction\":0.5,\"label\":1,}", BINARY);
		assertThat(trailingComma.line()).isEqualTo(3);
		MalformedRequestException leadingZero = malformed("{\"prediction\":01,\"label\":1}", BINARY);
		assertThat(leadingZero.line()).isEqualTo(1);
		MalformedRequestException tooLongNumber = malformed("{\"prediction\":0." + "1".repeat(120) + ",\"label\":1}",
				BINARY);
		assertThat(tooLongNumber.line()).isEqualTo(1);
		assertThat(tooLongNumber.getMessage()).contains("xent.limits.max-number-length");
		MalformedRequestException control = malformed("\n{\"prediction\":0.5,\"label\":1,\"group\":\"a\u0001\"}",
				BINARY);
		assertThat(control.line()).isEqualTo(2);
		assertThat(control.getMessage()).contains("control character");
	}

	@Test
	void aUtf16BodyIsNotJsonLines() {
		byte[] body = "{\"prediction\":0.5,\"label\":1}".getBytes(StandardCharsets.UTF_16LE);
		Throwable failure = catchThrowable(
				() -> read(new ByteArrayInputStream(body), BINARY, limits(3), new GroupKeys(10)));
		assertThat(failure).isInstanceOf(MalformedRequestException.class);
		assertThat(((MalformedRequestException) failure).line()).isEqualTo(1);
	}

	@Test
	void unknownMembersAreRefusedWithASuggestion() {
		MalformedRequestException snake = malformed(
				"{\"prediction\":0.5,\"label\":1}\n{\"prediction\":0.5," + "\"label\":1,\"sample_weight\":2}", BINARY);
		assertThat(snake.pointer()).isEqualTo("/sample_weight");
		assertThat(snake.line()).isEqualTo(2);
		assertThat(snake.getMessage()).isEqualTo("Unknown member \"sample_weight\"; did you mean \"sampleWeight\"?");
		assertThat(malformed("{\"predictions\":[0.5],\"labels\":[1]}", BINARY).getMessage())
			.contains("did you mean \"prediction\"?");
		MalformedRequestException target = malformed("{\"prediction\":0.5,\"target\":[0,1]}", BINARY);
		assertThat(target.getMessage()).isEqualTo(
				"Unknown member \"target\"; a line of this endpoint takes prediction, label, sampleWeight, group.");
		assertThat(malformed("{\"prediction\":[0.5,0.5],\"Targets\":[0,1]}", CATEGORICAL).getMessage())
			.contains("did you mean \"target\"?");
	}

	@Test
	void namesThatStartOrEndAsAMembersAreUnknown() {
		for (String name : List.of("predictio", "predictionn", "p", "", "label\\\"", "prediction\\u0000")) {
			MalformedRequestException ex = malformed("{\"label\":1,\"" + name + "\":0.5}", BINARY);
			assertThat(ex.getMessage()).as(name).startsWith("Unknown member");
		}
	}

	@Test
	void escapedMemberNamesAreTheirNames() {
		Read read = read("{\"pr\\u0065diction\":0.5,\"label\":1}", BINARY);
		assertThat(read.predictions).containsExactly(0.5);
	}

	@Test
	void aRepeatedMemberIsRefused() {
		MalformedRequestException ex = malformed(
				"{\"prediction\":0.5,\"label\":1}\n{\"prediction\":0.5," + "\"label\":1,\"label\":0}\n", BINARY);
		assertThat(ex.pointer()).isEqualTo("/labels/1");
		assertThat(ex.line()).isEqualTo(2);
		assertThat(ex.getMessage()).isEqualTo("Duplicate member \"label\".");
	}

	@ParameterizedTest
	@ValueSource(strings = { "{\"prediction\":null,\"label\":1}|/predictions/0|a number, not null",
			"{\"prediction\":0.5,\"label\":null}|/labels/0|a number, not null",
			"{\"prediction\":0.5,\"label\":1,\"sampleWeight\":null}|/sampleWeights/0|a number, not null",
			"{\"prediction\":0.5,\"label\":1,\"group\":null}|/groups/0|a string or an integer, not null",
			"{\"prediction\":[0.5],\"label\":1}|/predictions/0|a number, not an array",
			"{\"prediction\":\"0.5\",\"label\":1}|/predictions/0|a number, not a string",
			"{\"prediction\":0.5,\"label\":true}|/labels/0|a number, not a boolean",
			"{\"prediction\":0.5,\"label\":{}}|/labels/0|a number, not an object" })
	void binaryValuesOfTheWrongTypeAreRefused(String spec) {
		String[] parts = spec.split("\\|");
		MalformedRequestException ex = malformed("\n" + parts[0], BINARY);
		assertThat(ex.pointer()).isEqualTo(parts[1]);
		assertThat(ex.line()).isEqualTo(2);
		assertThat(ex.getMessage()).isEqualTo("Must be " + parts[2] + ".");
	}

	@ParameterizedTest
	@ValueSource(strings = { "{\"prediction\":[0.5,null],\"label\":[1,0]}|/predictions/1/1|a number, not null",
			"{\"prediction\":0.5,\"label\":[1,0]}|/predictions/1|an array of numbers, not a number",
			"{\"prediction\":null,\"label\":[1,0]}|/predictions/1|an array of numbers, not null",
			"{\"prediction\":[0.5,0.5],\"label\":[1,[0]]}|/labels/1/1|a number, not an array",
			"{\"prediction\":[0.5,0.5],\"label\":1}|/labels/1|an array of numbers, not a number",
			"{\"prediction\":[0.5,0.5,0.5,\"x\"],\"label\":[1,0]}|/predictions/1/3|a number, not a string" })
	void multilabelValuesOfTheWrongTypeAreRefused(String spec) {
		String[] parts = spec.split("\\|");
		MalformedRequestException ex = malformed("{\"prediction\":[0.5,0.5],\"label\":[1,0]}\n" + parts[0], MULTILABEL);
		assertThat(ex.pointer()).isEqualTo(parts[1]);
		assertThat(ex.line()).isEqualTo(2);
		assertThat(ex.getMessage()).isEqualTo("Must be " + parts[2] + ".");
	}

	@Test
	void categoricalLabelsAreIntegers() {
		MalformedRequestException fraction = malformed("{\"prediction\":[0.5,0.5],\"label\":1.5}", CATEGORICAL);
		assertThat(fraction.pointer()).isEqualTo("/labels/0");
		assertThat(fraction.getMessage()).isEqualTo("Must be an integer (a class index), but is the number 1.5.");
		MalformedRequestException integralFraction = malformed("{\"prediction\":[0.5,0.5],\"label\":1.0}", CATEGORICAL);
		assertThat(integralFraction.getMessage()).contains("1.0");
		assertThat(malformed("{\"prediction\":[0.5,0.5],\"label\":1e0}", CATEGORICAL).pointer()).isEqualTo("/labels/0");
		assertThat(malformed("{\"prediction\":[0.5,0.5],\"label\":[1]}", CATEGORICAL).getMessage())
			.isEqualTo("Must be an integer (a class index), not an array.");
		Violation big = invalid(
				"{\"prediction\":[0.5,0.5],\"label\":1}\n{\"prediction\":[0.5,0.5],\"label\":9223372036854775808}",
				CATEGORICAL);
		assertThat(big.pointer()).isEqualTo("/labels/1");
		assertThat(big.line()).isEqualTo(2);
		assertThat(big.detail()).contains("64 bits");
		assertThat(read("{\"prediction\":[0.5,0.5],\"label\":-9223372036854775808}", CATEGORICAL).classes)
			.containsExactly(Long.MIN_VALUE);
	}

	// errors: 422

	@Test
	void aMissingPredictionOrLabelIsInvalid() {
		String first = "{\"prediction\":0.5,\"label\":1}\n";
		Violation prediction = invalid(first + "\n" + first + "{\"label\":1}\n", BINARY);
		assertThat(prediction.pointer()).isEqualTo("/predictions/2");
		assertThat(prediction.line()).isEqualTo(4);
		Violation label = invalid(first + first + first + first + "\n{\"prediction\":0.5}", BINARY);
		assertThat(label.pointer()).isEqualTo("/labels/4");
		assertThat(label.line()).isEqualTo(6);
		assertThat(invalid("{}", MULTILABEL).pointer()).isEqualTo("/predictions/0");
	}

	@Test
	void categoricalLinesGiveExactlyOneOfLabelAndTargetAndAllTheSame() {
		Violation both = invalid("{\"prediction\":[0.5,0.5],\"label\":1,\"target\":[0,1]}", CATEGORICAL);
		assertThat(both.pointer()).isEqualTo("/targets/0");
		assertThat(both.detail()).contains("not both");
		Violation neither = invalid("{\"prediction\":[0.5,0.5],\"label\":1}\n{\"prediction\":[0.5,0.5]}", CATEGORICAL);
		assertThat(neither.pointer()).isEqualTo("/labels/1");
		assertThat(neither.line()).isEqualTo(2);
		Violation targetAmongLabels = invalid("""
				{"prediction":[0.5,0.5],"label":1}
				{"prediction":[0.5,0.5],"label":0}
				{"prediction":[0.5,0.5],"label":0}

				{"prediction":[0.5,0.5],"target":[0,1]}
				""", CATEGORICAL);
		assertThat(targetAmongLabels.pointer()).isEqualTo("/targets/3");
		assertThat(targetAmongLabels.line()).isEqualTo(5);
		assertThat(targetAmongLabels.detail()).contains("\"label\" on every line").contains("(line 1)");
		Violation labelAmongTargets = invalid("""
				{"prediction":[0.5,0.5],"target":[0,1]}
				{"prediction":[0.5,0.5],"label":0}
				""", CATEGORICAL);
		assertThat(labelAmongTargets.pointer()).isEqualTo("/labels/1");
		assertThat(labelAmongTargets.line()).isEqualTo(2);
	}

	@Test
	void raggedRowsAreInvalidAtTheirRow() {
		String first = "{\"prediction\":[0.1,0.2,0.3],\"label\":[0,1,1]}\n";
		Violation shorter = invalid(first + first + first + "{\"prediction\":[0.1,0.2],\"label\":[0,1,1]}", MULTILABEL);
		assertThat(shorter.pointer()).isEqualTo("/predictions/3");
		assertThat(shorter.line()).isEqualTo(4);
		assertThat(shorter.detail()).isEqualTo("has 2 values, but row 0 has 3; every row must have the same length.");
		Violation longer = invalid(first + "{\"prediction\":[0.1,0.2,0.3,0.4,0.5],\"label\":[0,1,1]}", MULTILABEL);
		assertThat(longer.pointer()).isEqualTo("/predictions/1");
		assertThat(longer.detail()).startsWith("has 5 values");
		Violation label = invalid(first + "{\"label\":[0,1,1,1],\"prediction\":[0.1,0.2,0.3]}", MULTILABEL);
		assertThat(label.pointer()).isEqualTo("/labels/1");
		assertThat(label.detail()).isEqualTo("must have 3 values like its predictions row, but has 4.");
		Violation firstLabel = invalid("{\"label\":[0,1],\"prediction\":[0.1,0.2,0.3]}", MULTILABEL);
		assertThat(firstLabel.pointer()).isEqualTo("/labels/0");
		Violation target = invalid(
				"{\"prediction\":[0.5,0.5],\"target\":[0,1]}\n{\"prediction\":[0.5,0.5]," + "\"target\":[0,0.5,0.5]}",
				CATEGORICAL);
		assertThat(target.pointer()).isEqualTo("/targets/1");
		Violation empty = invalid("{\"prediction\":[],\"label\":[]}", MULTILABEL);
		assertThat(empty.pointer()).isEqualTo("/predictions/0");
		assertThat(empty.detail()).isEqualTo("must hold at least one value.");
	}

	@Test
	void aRowWiderThanTheColumnLimitIsTooLarge() {
		String wide = "[" + "0,".repeat(MAX_COLUMNS) + "0]";
		assertThatExceptionOfType(PayloadTooLargeException.class)
			.isThrownBy(() -> read("{\"prediction\":" + wide + ",\"label\":[0]}", MULTILABEL))
			.withMessageContaining("xent.limits.max-classes");
		assertThatExceptionOfType(PayloadTooLargeException.class)
			.isThrownBy(() -> read("{\"prediction\":[0],\"label\":[0]}\n{\"prediction\":" + wide + ",\"label\":[0]}",
					MULTILABEL))
			.withMessageContaining("xent.limits.max-classes")
			.withMessageContaining("/predictions/1");
		String widest = "[" + "0,".repeat(MAX_COLUMNS - 1) + "0]";
		assertThat(read("{\"prediction\":" + widest + ",\"label\":" + widest + "}", MULTILABEL).width)
			.isEqualTo(MAX_COLUMNS);
	}

	// the line limit

	@Test
	void aLineMayHaveTheLimitsBytesNotMore() {
		String line = "{\"prediction\":0.5,\"label\":1}";
		int limit = line.length() + 4;
		String longest = line + "    ";
		JsonLinesSampleSource.Limits limits = new JsonLinesSampleSource.Limits(limit, 10, 100, 1000, 3);
		for (String end : List.of("\n", "\r\n")) {
			for (String last : List.of(end, "")) {
				String body = longest + end + longest + last;
				assertThat(read(utf8(body), BINARY, limits, new GroupKeys(10)).predictions).hasSize(2);
				// pieces that end right after each carriage return: the line's end is
				// checked
				// after the buffer has dropped it
				Read pieces = read(new SplitAfterReturns(body), BINARY, limits, new GroupKeys(10));
				assertThat(pieces.predictions).hasSize(2);
				String tooLong = longest + end + longest + " " + last;
				for (InputStream in : List.of(utf8(tooLong), new SplitAfterReturns(tooLong))) {
					assertThatExceptionOfType(LimitExceededException.class)
						.isThrownBy(() -> read(in, BINARY, limits, new GroupKeys(10)))
						.withMessage("Line 2 is longer than " + limit
								+ " bytes, the configured limit (xent.limits.max-line-bytes); put one sample per line.");
				}
			}
		}
		assertThatExceptionOfType(LimitExceededException.class)
			.isThrownBy(() -> read(utf8("\n" + " ".repeat(limit + 1) + "\n" + line), BINARY, limits, new GroupKeys(10)))
			.withMessageStartingWith("Line 2 is longer");
		assertThatExceptionOfType(LimitExceededException.class)
			.isThrownBy(() -> read(utf8(longest + "\r\r\n"), BINARY, limits, new GroupKeys(10)))
			.withMessageStartingWith("Line 1 is longer");
	}

	@Test
	void aLineOverTheLimitFailsWhileItIsReadNotAtItsEnd() {
		int limit = 100_000;
		JsonLinesSampleSource.Limits limits = new JsonLinesSampleSource.Limits(limit, 10_000_000, 100, 1000, 3);
		for (String start : List.of("{\"prediction\":0.5,\"label\":1}\n{", "{\"prediction\":[",
				"{\"prediction\":0.5,\"label\":1}\n      ")) {
			String repeat = start.endsWith("[") ? "0.25," : " ";
			Endless body = new Endless(start, repeat);
			assertThatExceptionOfType(LimitExceededException.class)
				.isThrownBy(() -> read(body, (start.endsWith("[") ? MULTILABEL : BINARY), limits, new GroupKeys(10)))
				.withMessageContaining("xent.limits.max-line-bytes")
				.withMessageContaining(String.valueOf(limit));
			assertThat(body.read).as(start).isLessThan(limit + 2 * 64 * 1024 + 100);
		}
	}

	// the body

	@Test
	void aBodyOverTheBodyLimitIsTooLargeAndOtherReadFailuresAreUnchecked() {
		InputStream limited = new InputStream() {

			@Override
			public int read() throws IOException {
				throw new BodyLimitExceededException(1000);
			}

		};
		assertThatExceptionOfType(PayloadTooLargeException.class)
			.isThrownBy(() -> read(limited, BINARY, limits(3), new GroupKeys(10)))
			.withMessageContaining("xent.limits.max-body-bytes");
		InputStream broken = new InputStream() {

			@Override
			public int read() throws IOException {
				throw new IOException("reset");
			}

		};
		assertThatExceptionOfType(UncheckedIOException.class)
			.isThrownBy(() -> read(broken, BINARY, limits(3), new GroupKeys(10)));
	}

	// numbers

	@Test
	void readsNumbersToTheSameDoublesAsTheJsonReader() {
		List<String> numbers = new ArrayList<>(List.of("0.1", "1e-300", "123456789.123456789", "-0", "-0.0", "0",
				"1E+2", "2.2250738585072011e-308", "4.9e-324", "1.7976931348623157e308", "0.30000000000000004",
				"9007199254740993", "123456789012345678901234567890", "0.000000000000000000000000001", "1e22", "1e23",
				"-1.5e-7", "0.73519003", "3.4028235e38"));
		SplittableRandom random = new SplittableRandom(5);
		for (int i = 0; i < 2000; i++) {
			switch (i % 4) {
				case 0 -> numbers.add(Double.toString(random.nextDouble()));
				case 1 -> numbers.add(Float.toString((float) random.nextDouble(-100, 100)));
				case 2 -> numbers.add(String.format(Locale.ROOT, "%.17g",
						random.nextDouble() * Math.pow(10, random.nextInt(-30, 30))));
				default ->
					numbers.add(Double.toString(Double.longBitsToDouble(random.nextLong() & 0x7FEFFFFFFFFFFFFFL)));
			}
		}
		numbers.replaceAll((n) -> n.replace("E", "e").replace("Infinity", "1").replace("NaN", "2"));
		StringBuilder lines = new StringBuilder();
		StringBuilder rows = new StringBuilder();
		for (int i = 0; i < numbers.size(); i++) {
			String n = numbers.get(i);
			lines.append("{\"prediction\":[")
				.append(n)
				.append(",")
				.append(n)
				.append("],\"label\":[")
				.append(n)
				.append(",0],\"sampleWeight\":")
				.append(n)
				.append("}\n");
			rows.append((i > 0) ? "," : "").append("[").append(n).append(",").append(n).append("]");
		}
		String document = "{\"predictions\":[" + rows + "],\"labels\":[" + rows + "]}";
		SampleBatch expected = JsonDocument
			.read(new JsonRequestReader(new JsonRequestReader.Limits(1_000_000, 100, 100, 1000)), utf8(document),
					RequestFields.of(MultilabelRequest.class), MULTILABEL)
			.next();
		byte[] body = lines.toString().getBytes(StandardCharsets.UTF_8);
		for (InputStream in : List.of(new ByteArrayInputStream(body), new Trickle(body, 9))) {
			Read read = read(in, MULTILABEL, limits(7), new GroupKeys(10));
			assertThat(read.predictions).hasSize(2 * numbers.size());
			for (int i = 0; i < 2 * numbers.size(); i++) {
				String n = numbers.get(i / 2);
				assertThat(Double.doubleToRawLongBits(read.predictions.get(i))).as(n)
					.isEqualTo(Double.doubleToRawLongBits(expected.predictions()[i]));
			}
			for (int i = 0; i < numbers.size(); i++) {
				String n = numbers.get(i);
				assertThat(Double.doubleToRawLongBits(read.labels.get(2 * i))).as(n)
					.isEqualTo(Double.doubleToRawLongBits(expected.labels()[2 * i]));
				assertThat(Double.doubleToRawLongBits(read.weights.get(i))).as(n)
					.isEqualTo(Double.doubleToRawLongBits(expected.predictions()[2 * i]));
			}
		}
	}

	@Test
	void binaryNumbersMatchTheJsonReaderToo() {
		String[] numbers = { "0.1", "1e-300", "123456789.123456789", "0.5", "-0.0" };
		StringBuilder lines = new StringBuilder();
		for (String n : numbers) {
			lines.append("{\"label\":").append(n).append(",\"prediction\":").append(n).append("}\n");
		}
		String document = "{\"predictions\":[" + String.join(",", numbers) + "],\"labels\":["
				+ String.join(",", numbers) + "]}";
		SampleBatch expected = JsonDocument
			.read(new JsonRequestReader(new JsonRequestReader.Limits(1000, 100, 100, 1000)), utf8(document),
					RequestFields.of(BinaryRequest.class), BINARY)
			.next();
		Read read = read(lines.toString(), BINARY, 2);
		for (int i = 0; i < numbers.length; i++) {
			assertThat(Double.doubleToRawLongBits(read.predictions.get(i))).as(numbers[i])
				.isEqualTo(Double.doubleToRawLongBits(expected.predictions()[i]));
			assertThat(Double.doubleToRawLongBits(read.labels.get(i))).as(numbers[i])
				.isEqualTo(Double.doubleToRawLongBits(expected.labels()[i]));
		}
	}

	@Test
	void decimalFormsOfIntegers() {
		byte[] into = new byte[32];
		for (long value : new long[] { 0, 7, -7, 10, 1234567890123L, Long.MAX_VALUE, Long.MIN_VALUE, -10 }) {
			int length = JsonLinesSampleSource.decimal(value, into);
			assertThat(new String(into, 0, length, StandardCharsets.US_ASCII)).isEqualTo(Long.toString(value));
		}
	}

	/** Every sample of a body, copied out of its batches. */
	private static final class Read {

		final GroupKeys groupKeys;

		final List<SampleBatch> batches = new ArrayList<>();

		final List<Long> firstRows = new ArrayList<>();

		final List<Double> predictions = new ArrayList<>();

		final List<Double> labels = new ArrayList<>();

		final List<Long> classes = new ArrayList<>();

		final List<Double> targets = new ArrayList<>();

		final List<Double> weights = new ArrayList<>();

		final List<Integer> groupIds = new ArrayList<>();

		final List<String> groups = new ArrayList<>();

		final List<Long> lines = new ArrayList<>();

		int width = -1;

		Read(GroupKeys groupKeys) {
			this.groupKeys = groupKeys;
		}

		void add(SampleBatch b) {
			assertThat(b.rows()).isPositive();
			assertThat(b.firstRow()).isEqualTo(this.lines.size());
			if (this.width >= 0) {
				assertThat(b.width()).isEqualTo(this.width);
			}
			this.width = b.width();
			this.batches.add(b);
			this.firstRows.add(b.firstRow());
			int n = b.rows();
			int w = b.width();
			for (int i = 0; i < n * w; i++) {
				this.predictions.add(b.predictions()[i]);
			}
			if (b.labels() != null) {
				for (int i = 0; i < n * b.labelWidth(); i++) {
					this.labels.add(b.labels()[i]);
				}
			}
			if (b.classes() != null) {
				for (int i = 0; i < n; i++) {
					this.classes.add(b.classes()[i]);
				}
			}
			if (b.targets() != null) {
				for (int i = 0; i < n * b.targetWidth(); i++) {
					this.targets.add(b.targets()[i]);
				}
			}
			for (int i = 0; i < n; i++) {
				this.weights.add((b.sampleWeights() != null) ? b.sampleWeights()[i] : 1.0);
				this.lines.add(b.line(i));
				if (b.groups() != null) {
					this.groupIds.add(b.groups()[i]);
					this.groups.add(this.groupKeys.key(b.groups()[i]));
				}
			}
		}

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

	/** A body that arrives in pieces that end after each carriage return. */
	private static final class SplitAfterReturns extends InputStream {

		private final byte[] body;

		private int at;

		SplitAfterReturns(String body) {
			this.body = body.getBytes(StandardCharsets.UTF_8);
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
			int n = 0;
			while (n < length && this.at < this.body.length) {
				byte b = this.body[this.at++];
				into[offset + n++] = b;
				if (b == '\r') {
					break;
				}
			}
			return n;
		}

	}

	/** A start, then one piece repeated for ever: a line without end. */
	private static final class Endless extends InputStream {

		private final byte[] start;

		private final byte[] repeat;

		long read;

		Endless(String start, String repeat) {
			this.start = start.getBytes(StandardCharsets.US_ASCII);
			this.repeat = repeat.getBytes(StandardCharsets.US_ASCII);
		}

		@Override
		public int read() {
			long at = this.read++;
			return (at < this.start.length) ? this.start[(int) at]
					: this.repeat[(int) ((at - this.start.length) % this.repeat.length)];
		}

		@Override
		public int read(byte[] into, int offset, int length) {
			for (int i = 0; i < length; i++) {
				into[offset + i] = (byte) read();
			}
			return length;
		}

	}

}
