package dev.xent.codec.jsonl;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import dev.xent.codec.BodyLimitExceededException;
import dev.xent.codec.ColumnLayout;
import dev.xent.codec.ColumnLayout.Shape;
import dev.xent.codec.MalformedRequestException;
import dev.xent.codec.PayloadTooLargeException;
import dev.xent.codec.SampleSource;
import dev.xent.codec.json.JsonLineInput;
import dev.xent.codec.json.JsonRequestReader;
import dev.xent.loss.GroupKeys;
import dev.xent.loss.InvalidBatchException;
import dev.xent.loss.SampleBatch;
import dev.xent.loss.Violation;

/**
 * A JSON Lines body ({@code application/x-ndjson}, {@code application/jsonl}, UTF-8) as
 * sample batches: one sample per line, an object {@code {"prediction": …, "label": …}}
 * with, as the endpoint's {@link ColumnLayout} allows, {@code target} (categorical,
 * instead of {@code label}), {@code sampleWeight} and {@code group}, in any order.
 * <ul>
 * <li>{@code prediction}: a number (binary) or an array of numbers (multilabel,
 * categorical); {@code label}: a number (binary), an array of numbers (multilabel) or an
 * integer class index (categorical); {@code target}: an array of numbers;
 * {@code sampleWeight}: a number; {@code group}: a string or an integer, keyed by its
 * decimal form (at most {@value GroupKeys#MAX_KEY_BYTES} UTF-8 bytes).</li>
 * <li>Blank lines (empty or whitespace only) are skipped, but counted: errors name the
 * physical line. Lines end with LF or CRLF; the last line needs no line break.</li>
 * <li>A line is parsed by the JSON document's tokenizer ({@link JsonLineInput}), so a
 * number reads to the same double in both formats.</li>
 * </ul>
 * <b>Which lines may differ.</b> Rows of a multilabel or categorical request all have the
 * width of the first sample's prediction (422 at {@code /predictions/i} otherwise, found
 * here, so a batch is always rectangular); label and target rows have that width too. A
 * categorical stream gives labels on every line or targets on every line, as its first
 * sample does (422 at the first line that differs). A {@code sampleWeight} may be left
 * out of some lines: those samples weigh 1, as if the member were there with 1 (a batch
 * whose lines have none hands on no weights, which the kernels read as all 1, to the same
 * bits). A {@code group} is all or nothing: once one sample has a group and another has
 * none, the one without is a 422 at {@code /groups/i}.
 * <p>
 * <b>Errors</b> name the 1-based physical line, and their pointers address the request as
 * if it had been sent as a JSON document: sample i's missing label is {@code /labels/i},
 * its prediction's value j {@code /predictions/i/j} (samples are counted across batches;
 * blank lines are not samples). A line that is not one JSON object, a value of the wrong
 * type, {@code null} anywhere, an unknown or repeated member is a
 * {@link MalformedRequestException} (400); a missing member, both or neither of
 * {@code label} and {@code target}, a ragged row, an integer beyond 64 bits or an
 * oversized group key is an {@link InvalidBatchException} (422); a line longer than
 * {@link Limits#maxLineBytes()} is a {@link dev.xent.loss.LimitExceededException} (413),
 * found while the line is read. The first error ends the reading.
 * <p>
 * <b>Memory</b>: a batch holds {@link Limits#batchRows()} samples, or fewer when rows are
 * wide, so that no column of a batch holds more than {@value #MAX_BATCH_VALUES} values (8
 * MiB); its arrays are reused from batch to batch. A line is never buffered whole: the
 * tokenizer keeps one buffer and the token it is scanning. Nothing is allocated per
 * number, and nothing per line but the key of a group that is neither short ASCII nor an
 * integer.
 */
public final class JsonLinesSampleSource implements SampleSource {

	/**
	 * Limits checked while reading.
	 *
	 * @param maxLineBytes longest line (413)
	 * @param maxColumns widest row (413)
	 * @param maxNumberLength most digits in a number literal (400)
	 * @param maxStringLength longest string or member name (400)
	 * @param batchRows samples per batch handed on
	 */
	public record Limits(int maxLineBytes, int maxColumns, int maxNumberLength, int maxStringLength, int batchRows) {
	}

	/** Most values one column of a batch holds: wide rows make shorter batches. */
	static final int MAX_BATCH_VALUES = 1 << 20;

	private static final int PREDICTION = 0;

	private static final int LABEL = 1;

	private static final int TARGET = 2;

	private static final int SAMPLE_WEIGHT = 3;

	private static final int GROUP = 4;

	/** The members, by number. */
	private static final String[] MEMBERS = { "prediction", "label", "target", "sampleWeight", "group" };

	/** The JSON document's field of each member, for pointers. */
	private static final String[] FIELDS = { "predictions", "labels", "targets", "sampleWeights", "groups" };

	private final InputStream body;

	private final ColumnLayout layout;

	private final Limits limits;

	private final GroupKeys groupKeys;

	/** The names this endpoint's lines take, as bytes, and the member of each. */
	private final byte[][] names;

	private final int[] memberOf;

	private JsonLineInput input;

	private boolean done;

	/** Samples handed on in earlier batches: the first row of the next batch. */
	private long samples;

	/** Values per prediction row; -1 until the first sample has fixed it. */
	private int width;

	/** Rows the next batch may hold. */
	private int rowsPerBatch;

	/** Categorical: whether the stream gives targets (its first sample does). */
	private boolean targetMode;

	/** Whether the stream's samples have groups (its first sample does). */
	private boolean groupMode;

	/**
	 * The groups' type, set by the first: {@code '"'} for strings, {@code '0'} for
	 * integers, 0 before the first group. A mix is a 400, as in a JSON body.
	 */
	private int groupType;

	/** The line of the stream's first sample. */
	private long firstLine;

	private double[] predictions;

	private double[] labels;

	private long[] classes;

	private double[] targets;

	private double[] weights;

	private int[] groupIds;

	private long[] lines;

	/** Whether a sample of the batch being read has a sample weight. */
	private boolean batchWeighted;

	/** Values in the row {@link #readRow} read last. */
	private int rowLength;

	/** Where a row's values beyond those stored are counted. */
	private final double[] discard = new double[64];

	/** A group key as bytes, and the ids of the keys met so far by their bytes. */
	private final byte[] key = new byte[GroupKeys.MAX_KEY_BYTES];

	private final GroupTable groupTable = new GroupTable();

	/**
	 * @param groups interns the {@code group} members' keys
	 */
	public JsonLinesSampleSource(InputStream in, ColumnLayout layout, Limits limits, GroupKeys groups) {
		this.body = in;
		this.layout = layout;
		this.limits = limits;
		this.groupKeys = groups;
		List<byte[]> names = new ArrayList<>();
		List<Integer> members = new ArrayList<>();
		for (int member = 0; member < MEMBERS.length; member++) {
			if (member != TARGET || layout.targets()) {
				names.add(MEMBERS[member].getBytes(StandardCharsets.US_ASCII));
				members.add(member);
			}
		}
		this.names = names.toArray(byte[][]::new);
		this.memberOf = members.stream().mapToInt(Integer::intValue).toArray();
		this.width = (layout.predictions() == Shape.VECTOR) ? 1 : -1;
		this.rowsPerBatch = Math.max(1, limits.batchRows());
	}

	/**
	 * The next batch of up to {@link Limits#batchRows()} samples, or {@code null} at the
	 * end of the body (at once for a body without samples).
	 * @throws UncheckedIOException when the body cannot be read (a timeout among them)
	 */
	@Override
	public SampleBatch next() {
		try {
			return read();
		}
		catch (BodyLimitExceededException ex) {
			throw new PayloadTooLargeException(ex.getMessage());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private SampleBatch read() throws IOException {
		if (this.done) {
			return null;
		}
		if (this.input == null) {
			this.input = JsonLineInput.open(this.body, this.limits.maxNumberLength(), this.limits.maxStringLength(),
					this.limits.maxLineBytes());
			this.lines = new long[this.rowsPerBatch];
		}
		this.batchWeighted = false;
		int rows = 0;
		while (rows < this.rowsPerBatch) {
			int c = this.input.nextLine();
			if (c < 0) {
				this.done = true;
				break;
			}
			readSample(rows, c);
			rows++;
		}
		if (rows == 0) {
			return null;
		}
		long first = this.samples;
		this.samples += rows;
		boolean categorical = this.layout.labels() == Shape.CLASS_INDEX;
		boolean matrix = this.layout.labels() == Shape.MATRIX;
		double[] labelValues = categorical ? null : this.labels;
		long[] classValues = (categorical && !this.targetMode) ? this.classes : null;
		double[] targetValues = (categorical && this.targetMode) ? this.targets : null;
		return new SampleBatch(first, rows, this.width, this.predictions, labelValues,
				matrix ? this.width : (categorical ? 0 : 1), classValues, targetValues,
				this.targetMode ? this.width : 0, this.batchWeighted ? this.weights : null,
				this.groupMode ? this.groupIds : null, this.lines);
	}

	/** Reads one line's sample into row {@code r} of the batch. */
	private void readSample(int r, int c) throws IOException {
		JsonLineInput in = this.input;
		long line = in.line();
		long sample = this.samples + r;
		if (c != '{') {
			throw new MalformedRequestException(null,
					"Line " + line + " must be a JSON object (one sample), not " + in.describeValue() + ".", line);
		}
		in.skip();
		boolean first = sample == 0;
		int offset = first ? 0 : r * this.width;
		int predictionLength = -1;
		int labelLength = -1;
		int targetLength = -1;
		int seen = 0;
		c = in.peek();
		if (c == '}') {
			in.skip();
		}
		else {
			for (;;) {
				if (c != '"') {
					throw in.unexpected(c, "a member name in double quotes");
				}
				int k = in.readName(this.names);
				if (k < 0) {
					throw unknownMember(in.unmatchedName(), line);
				}
				int member = this.memberOf[k];
				if ((seen & (1 << member)) != 0) {
					throw new MalformedRequestException(pointer(member, sample),
							"Duplicate member \"" + MEMBERS[member] + "\".", line);
				}
				seen |= 1 << member;
				in.expect(':', "':' after the member name");
				switch (member) {
					case PREDICTION -> {
						if (this.layout.predictions() == Shape.VECTOR) {
							this.predictions = rows(this.predictions, 1);
							readNumber(this.predictions, r, member, sample, line);
						}
						else {
							this.predictions = readRow(rows(this.predictions, this.width), offset, member, sample,
									line);
							predictionLength = this.rowLength;
						}
					}
					case LABEL -> {
						switch (this.layout.labels()) {
							case VECTOR -> {
								this.labels = rows(this.labels, 1);
								readNumber(this.labels, r, member, sample, line);
							}
							case MATRIX -> {
								this.labels = readRow(rows(this.labels, this.width), offset, member, sample, line);
								labelLength = this.rowLength;
							}
							case CLASS_INDEX -> readClass(r, sample, line);
						}
					}
					case TARGET -> {
						this.targets = readRow(rows(this.targets, this.width), offset, member, sample, line);
						targetLength = this.rowLength;
					}
					case SAMPLE_WEIGHT -> {
						this.weights = rows(this.weights, 1);
						readNumber(this.weights, r, member, sample, line);
					}
					default -> readGroup(r, sample, line);
				}
				in.checkLine();
				c = in.peek();
				if (c == '}') {
					in.skip();
					break;
				}
				if (c != ',') {
					throw in.unexpected(c, "',' or '}'");
				}
				in.skip();
				c = in.peek();
			}
		}
		in.endLine();
		this.lines[r] = line;
		checkMembers(seen, sample, line);
		if (first) {
			start(seen, predictionLength, labelLength, targetLength, line);
		}
		else {
			checkRows(predictionLength, labelLength, targetLength, sample, line);
		}
		if ((seen & (1 << SAMPLE_WEIGHT)) != 0) {
			if (!this.batchWeighted) {
				Arrays.fill(this.weights, 0, r, 1.0);
				this.batchWeighted = true;
			}
		}
		else if (this.batchWeighted) {
			this.weights[r] = 1.0;
		}
	}

	/** The members a line must have, and those it must not have together. */
	private void checkMembers(int seen, long sample, long line) {
		if ((seen & (1 << PREDICTION)) == 0) {
			throw invalid(FIELDS[PREDICTION], sample, "is required: every line needs a \"prediction\".", line);
		}
		boolean label = (seen & (1 << LABEL)) != 0;
		boolean target = (seen & (1 << TARGET)) != 0;
		if (!this.layout.targets()) {
			if (!label) {
				throw invalid(FIELDS[LABEL], sample, "is required: every line needs a \"label\".", line);
			}
		}
		else if (label && target) {
			throw invalid(FIELDS[TARGET], sample, "give \"label\" or \"target\", not both.", line);
		}
		else if (!label && !target) {
			throw invalid(FIELDS[LABEL], sample,
					"is required: give \"label\" (a class index) or \"target\" (a distribution).", line);
		}
		else if (sample > 0 && target != this.targetMode) {
			String given = target ? "target" : "label";
			String expected = target ? "label" : "target";
			throw invalid(FIELDS[target ? TARGET : LABEL], sample,
					"the stream gives a \"" + expected + "\" on every line, as its first sample (line " + this.firstLine
							+ ") does; this line gives a \"" + given + "\" instead.",
					line);
		}
		boolean group = (seen & (1 << GROUP)) != 0;
		if (sample == 0) {
			this.groupMode = group;
			this.firstLine = line;
			this.targetMode = target;
		}
		else if (group != this.groupMode) {
			if (group) {
				throw invalid(FIELDS[GROUP], 0, "is missing: sample " + sample + " (line " + line
						+ ") has a \"group\", so every sample needs one.", this.firstLine);
			}
			throw invalid(FIELDS[GROUP], sample,
					"is missing: sample 0 (line " + this.firstLine + ") has a \"group\", so every sample needs one.",
					line);
		}
	}

	/**
	 * The first sample fixes the width of every row: its prediction's, which its label or
	 * target row must share.
	 */
	private void start(int seen, int predictionLength, int labelLength, int targetLength, long line) {
		if (this.layout.predictions() == Shape.VECTOR) {
			return;
		}
		if (predictionLength == 0) {
			throw invalid(FIELDS[PREDICTION], 0, "must hold at least one value.", line);
		}
		checkWidth(LABEL, labelLength, predictionLength, 0, line);
		checkWidth(TARGET, targetLength, predictionLength, 0, line);
		this.width = predictionLength;
		this.rowsPerBatch = Math.max(1, Math.min(this.rowsPerBatch, MAX_BATCH_VALUES / this.width));
		int values = this.rowsPerBatch * this.width;
		this.predictions = Arrays.copyOf(this.predictions, values);
		if (this.labels != null) {
			this.labels = Arrays.copyOf(this.labels, values);
		}
		if (this.targets != null) {
			this.targets = Arrays.copyOf(this.targets, values);
		}
	}

	/** A later sample's rows must have the first sample's width. */
	private void checkRows(int predictionLength, int labelLength, int targetLength, long sample, long line) {
		if (predictionLength >= 0 && predictionLength != this.width) {
			throw invalid(FIELDS[PREDICTION], sample, "has " + predictionLength + " values, but row 0 has " + this.width
					+ "; every row must have the same length.", line);
		}
		checkWidth(LABEL, labelLength, this.width, sample, line);
		checkWidth(TARGET, targetLength, this.width, sample, line);
	}

	private static void checkWidth(int member, int length, int width, long sample, long line) {
		if (length >= 0 && length != width) {
			throw invalid(FIELDS[member], sample,
					"must have " + width + " values like its predictions row, but has " + length + ".", line);
		}
	}

	/**
	 * An array for row {@code r}'s values: before the first sample has fixed the width
	 * ({@code width} -1), one that {@link #readRow} grows; after, one of the batch's
	 * rows.
	 */
	private double[] rows(double[] array, int width) {
		int size = (width < 0) ? 16 : this.rowsPerBatch * width;
		return (array != null && array.length >= size) ? array
				: (array == null) ? new double[size] : Arrays.copyOf(array, size);
	}

	/** A member that holds one number, read into {@code into[r]}. */
	private void readNumber(double[] into, int r, int member, long sample, long line) throws IOException {
		JsonLineInput in = this.input;
		if (!JsonLineInput.startsNumber(in.peek())) {
			throw wrongType(pointer(member, sample), "a number", line);
		}
		if (in.readNumbers(into, r, r + 1) == r) {
			into[r] = in.readDouble();
		}
	}

	/**
	 * A member that holds an array of numbers, read into {@code into} from {@code at}:
	 * {@link #width} values at most once it is known (more are counted, not stored), else
	 * up to {@link Limits#maxColumns()}, growing the array. Sets {@link #rowLength}.
	 * @return the array, grown if need be
	 */
	private double[] readRow(double[] into, int at, int member, long sample, long line) throws IOException {
		JsonLineInput in = this.input;
		if (in.peek() != '[') {
			throw wrongType(pointer(member, sample), "an array of numbers", line);
		}
		int most = (this.width >= 0) ? this.width : this.limits.maxColumns();
		int n = 0;
		if (in.openArray()) {
			do {
				if (!JsonLineInput.startsNumber(in.peek())) {
					throw wrongType(pointer(member, sample, n), "a number", line);
				}
				if (n == most) {
					n += countRest(n, member, sample, line);
					break;
				}
				if (at + n == into.length) {
					into = Arrays.copyOf(into, Math.min(at + most, 2 * into.length));
				}
				int end = in.readNumbers(into, at + n, Math.min(into.length, at + most));
				if (end == at + n) {
					into[end++] = in.readDouble();
				}
				n = end - at;
				in.checkLine();
			}
			while (in.nextInArray());
		}
		this.rowLength = n;
		return into;
	}

	/**
	 * The rest of a row longer than it may be, from its value {@code n} to its closing
	 * bracket: counted for the message, not stored.
	 */
	private int countRest(int n, int member, long sample, long line) throws IOException {
		JsonLineInput in = this.input;
		int count = 0;
		do {
			if (!JsonLineInput.startsNumber(in.peek())) {
				throw wrongType(pointer(member, sample, n + count), "a number", line);
			}
			int end = in.readNumbers(this.discard, 0, this.discard.length);
			if (end == 0) {
				in.readDouble();
				end = 1;
			}
			count += end;
			if ((long) n + count > this.limits.maxColumns()) {
				throw new PayloadTooLargeException("Row " + pointer(member, sample) + " (line " + line
						+ ") has more than " + this.limits.maxColumns()
						+ " values, the configured limit (xent.limits.max-classes).");
			}
			in.checkLine();
		}
		while (in.nextInArray());
		return count;
	}

	/** A categorical label: an integer class index. */
	private void readClass(int r, long sample, long line) throws IOException {
		JsonLineInput in = this.input;
		if (!JsonLineInput.startsNumber(in.peek())) {
			throw wrongType(pointer(LABEL, sample), "an integer (a class index)", line);
		}
		if (this.classes == null) {
			this.classes = new long[this.rowsPerBatch];
		}
		int kind = in.readInteger();
		if (kind == JsonLineInput.NOT_INTEGER) {
			throw new MalformedRequestException(pointer(LABEL, sample),
					"Must be an integer (a class index), but is the number " + in.lastNumberText() + ".", line);
		}
		if (kind == JsonLineInput.BIG_INTEGER) {
			throw invalid(FIELDS[LABEL], sample,
					"must be an integer within 64 bits, but is " + in.lastNumberText() + ".", line);
		}
		this.classes[r] = in.integer();
	}

	/**
	 * A group: a string, or an integer keyed by its decimal form. Keys met before are
	 * found by their bytes, without a string per line.
	 */
	private void readGroup(int r, long sample, long line) throws IOException {
		JsonLineInput in = this.input;
		int c = in.peek();
		if (this.groupIds == null) {
			this.groupIds = new int[this.rowsPerBatch];
		}
		int type = (c == '"') ? '"' : JsonLineInput.startsNumber(c) ? '0' : 0;
		if (this.groupType == 0) {
			this.groupType = type;
		}
		else if (type != 0 && type != this.groupType) {
			String first = (this.groupType == '"') ? "a string" : "an integer";
			throw new MalformedRequestException(pointer(GROUP, sample),
					"Must be " + first + " like the first sample's group (line " + this.firstLine
							+ "): the groups are all strings or all integers, not a mix.",
					line);
		}
		int length;
		if (c == '"') {
			length = in.readAsciiString(this.key);
			if (length < 0) {
				String text = in.readString();
				if (!GroupKeys.fits(text)) {
					throw invalid(FIELDS[GROUP], sample,
							"must be at most " + GroupKeys.MAX_KEY_BYTES + " bytes in UTF-8, but is longer.", line);
				}
				this.groupIds[r] = this.groupKeys.id(text);
				return;
			}
		}
		else if (JsonLineInput.startsNumber(c)) {
			int kind = in.readInteger();
			if (kind == JsonLineInput.NOT_INTEGER) {
				throw new MalformedRequestException(pointer(GROUP, sample),
						"Must be a string or an integer, but is the number " + in.lastNumberText() + ".", line);
			}
			if (kind == JsonLineInput.BIG_INTEGER) {
				throw invalid(FIELDS[GROUP], sample,
						"must be a string or an integer within 64 bits, but is " + in.lastNumberText() + ".", line);
			}
			length = decimal(in.integer(), this.key);
		}
		else {
			throw wrongType(pointer(GROUP, sample), "a string or an integer", line);
		}
		this.groupIds[r] = this.groupTable.id(this.key, length, this.groupKeys);
	}

	/** Writes the decimal form of {@code value} into {@code into}; returns its length. */
	static int decimal(long value, byte[] into) {
		if (value == Long.MIN_VALUE) {
			byte[] text = Long.toString(value).getBytes(StandardCharsets.US_ASCII);
			System.arraycopy(text, 0, into, 0, text.length);
			return text.length;
		}
		long v = Math.abs(value);
		int digits = 1;
		for (long t = v; t >= 10; t /= 10) {
			digits++;
		}
		int length = digits + ((value < 0) ? 1 : 0);
		int i = length;
		do {
			into[--i] = (byte) ('0' + (int) (v % 10));
			v /= 10;
		}
		while (v != 0);
		if (value < 0) {
			into[0] = '-';
		}
		return length;
	}

	private MalformedRequestException unknownMember(String name, long line) {
		String suggestion = null;
		for (byte[] accepted : this.names) {
			String candidate = new String(accepted, StandardCharsets.US_ASCII);
			if (loose(candidate).equals(loose(name))) {
				suggestion = candidate;
			}
		}
		List<String> accepted = new ArrayList<>();
		for (byte[] n : this.names) {
			accepted.add(new String(n, StandardCharsets.US_ASCII));
		}
		return new MalformedRequestException(
				"/" + JsonRequestReader.escape(
						name),
				"Unknown member \"" + JsonRequestReader.clip(name) + "\""
						+ ((suggestion != null) ? "; did you mean \"" + suggestion + "\"?"
								: "; a line of this endpoint takes " + String.join(", ", accepted) + "."),
				line);
	}

	/** A name as a typo of it still reads: no case, no separators, no plural. */
	private static String loose(String name) {
		String loose = name.replace("_", "").replace("-", "").toLowerCase(Locale.ROOT);
		return (loose.endsWith("s") && loose.length() > 1) ? loose.substring(0, loose.length() - 1) : loose;
	}

	/** The value at the next byte is not what the member holds. */
	private MalformedRequestException wrongType(String pointer, String expected, long line) throws IOException {
		return new MalformedRequestException(pointer,
				"Must be " + expected + ", not " + this.input.describeValue() + ".", line);
	}

	private static InvalidBatchException invalid(String field, long sample, String detail, long line) {
		return new InvalidBatchException(List.of(new Violation("/" + field + "/" + sample, detail, line)));
	}

	private static String pointer(int member, long sample) {
		return "/" + FIELDS[member] + "/" + sample;
	}

	private static String pointer(int member, long sample, int column) {
		return "/" + FIELDS[member] + "/" + sample + "/" + column;
	}

	/**
	 * Group ids by the bytes of their keys, so a key met before costs a lookup and no
	 * allocation: open addressing, grown at half full; as many entries as the request has
	 * groups, which {@link GroupKeys} bounds.
	 */
	private static final class GroupTable {

		private byte[][] keys = new byte[64][];

		private int[] ids = new int[64];

		private int size;

		int id(byte[] key, int length, GroupKeys groups) {
			int mask = this.keys.length - 1;
			int slot = hash(key, length) & mask;
			for (byte[] k; (k = this.keys[slot]) != null; slot = (slot + 1) & mask) {
				if (k.length == length && Arrays.equals(k, 0, length, key, 0, length)) {
					return this.ids[slot];
				}
			}
			int id = groups.id(new String(key, 0, length, StandardCharsets.ISO_8859_1));
			this.keys[slot] = Arrays.copyOf(key, length);
			this.ids[slot] = id;
			if (++this.size * 2 > this.keys.length) {
				grow();
			}
			return id;
		}

		private void grow() {
			byte[][] oldKeys = this.keys;
			int[] oldIds = this.ids;
			this.keys = new byte[2 * oldKeys.length][];
			this.ids = new int[2 * oldKeys.length];
			int mask = this.keys.length - 1;
			for (int i = 0; i < oldKeys.length; i++) {
				byte[] k = oldKeys[i];
				if (k != null) {
					int slot = hash(k, k.length) & mask;
					while (this.keys[slot] != null) {
						slot = (slot + 1) & mask;
					}
					this.keys[slot] = k;
					this.ids[slot] = oldIds[i];
				}
			}
		}

		private static int hash(byte[] key, int length) {
			int h = 1;
			for (int i = 0; i < length; i++) {
				h = 31 * h + key[i];
			}
			return h ^ (h >>> 16);
		}

	}

}
