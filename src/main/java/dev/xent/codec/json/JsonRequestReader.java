package dev.xent.codec.json;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;

import dev.xent.codec.BodyLimitExceededException;
import dev.xent.codec.MalformedRequestException;
import dev.xent.codec.PayloadTooLargeException;
import dev.xent.loss.GroupKeys;
import dev.xent.loss.Violations;
import dev.xent.loss.options.FieldKind;
import dev.xent.loss.options.ParsedBody;
import dev.xent.loss.options.RequestFields;

/**
 * Reads a request body straight into primitive arrays ({@link JsonInput}: one buffer, no
 * tree, no boxing, no object per number), enforcing the contract's JSON shape as it goes:
 * the body is one object; every field is known, appears once and has its JSON type;
 * numbers are never coerced (a string, a boolean or a fractional number where an integer
 * belongs is an error). {@code null} is never a value: an optional field is left out.
 * <p>
 * Structural errors throw {@link MalformedRequestException} (400) with a JSON Pointer;
 * going over {@link Limits} throws {@link PayloadTooLargeException} (413) at once, before
 * more of the body is read.
 */
public final class JsonRequestReader {

	/**
	 * Limits checked while reading.
	 *
	 * @param maxNumbers most numbers in one request, over all arrays (413)
	 * @param maxColumns widest row of a 2-D array, classes or labels per sample (413)
	 * @param maxNumberLength most digits in a number literal (400)
	 * @param maxStringLength longest string or field name, in characters (400)
	 */
	public record Limits(long maxNumbers, int maxColumns, int maxNumberLength, int maxStringLength) {
	}

	/**
	 * Most items of an array of strings (an option list such as {@code summaries}, never
	 * a column): beyond it the list is a 422 and the rest is read without being kept.
	 */
	static final int MAX_STRINGS = 1000;

	private final Limits limits;

	public JsonRequestReader(Limits limits) {
		this.limits = limits;
	}

	public ParsedBody read(InputStream body, RequestFields fields) {
		return read(body, fields, new GroupKeys(Integer.MAX_VALUE));
	}

	/**
	 * @param groups interns the keys of a {@link FieldKind#GROUPS} field as they are read
	 * (413 past its limit of distinct groups)
	 */
	public ParsedBody read(InputStream body, RequestFields fields, GroupKeys groups) {
		try {
			JsonInput input = JsonInput.open(body, this.limits.maxNumberLength(), this.limits.maxStringLength());
			return new Reading(input, fields, this.limits, groups).read();
		}
		catch (BodyLimitExceededException ex) {
			throw new PayloadTooLargeException(ex.getMessage());
		}
		catch (CharacterCodingException ex) {
			throw new MalformedRequestException(null,
					"The body is not valid JSON: it is neither UTF-8 nor well-formed UTF-16 or UTF-32.");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** One pass over one body. */
	private static final class Reading {

		private final JsonInput input;

		private final RequestFields fields;

		private final Limits limits;

		private final GroupKeys groups;

		private final Object[] values;

		private final Violations violations = new Violations();

		private long numbers;

		/**
		 * N, once the first array with one entry per sample has been read: sizes later
		 * arrays exactly.
		 */
		private int samples = -1;

		Reading(JsonInput input, RequestFields fields, Limits limits, GroupKeys groups) {
			this.input = input;
			this.fields = fields;
			this.limits = limits;
			this.groups = groups;
			this.values = new Object[fields.size()];
		}

		ParsedBody read() throws IOException {
			JsonInput in = this.input;
			int c = in.peek();
			if (c < 0) {
				throw new MalformedRequestException(null, "The body is empty; send a JSON object.");
			}
			if (c != '{') {
				throw new MalformedRequestException("",
						"The body must be a JSON object, not " + in.describeValue() + ".");
			}
			in.skip();
			boolean[] seen = new boolean[this.fields.size()];
			c = in.peek();
			if (c == '}') {
				in.skip();
			}
			else {
				for (;;) {
					if (c != '"') {
						throw in.unexpected(c, "a field name in double quotes");
					}
					String name = in.readString();
					in.expect(':', "':' after the field name");
					int field = this.fields.indexOf(name);
					String pointer = "/" + escape(name);
					if (field < 0) {
						String suggestion = this.fields.suggestionFor(name);
						throw new MalformedRequestException(pointer,
								"Unknown field \"" + clip(name) + "\"" + ((suggestion != null)
										? "; did you mean \"" + suggestion + "\"?"
										: "; accepted fields are " + String.join(", ", this.fields.names()) + "."));
					}
					if (seen[field]) {
						throw new MalformedRequestException(pointer, "Duplicate field \"" + name + "\".");
					}
					seen[field] = true;
					this.values[field] = readValue(this.fields.kind(field), pointer);
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
			c = in.peek();
			if (c >= 0) {
				throw new MalformedRequestException(null, "Unexpected content after the JSON object.");
			}
			return new ParsedBody(this.fields, this.values, this.violations);
		}

		private Object readValue(FieldKind kind, String pointer) throws IOException {
			JsonInput in = this.input;
			int c = in.peek();
			if (c == 'n') {
				in.readLiteral();
				throw new MalformedRequestException(pointer,
						"null is not a value of any field; leave an optional field out instead.");
			}
			return switch (kind) {
				case STRING -> {
					expect(c == '"', pointer, "a string");
					yield in.readString();
				}
				case NUMBER -> {
					expect(JsonInput.startsNumber(c), pointer, "a number");
					yield in.readDouble();
				}
				case INTEGER -> readInteger(pointer);
				case BOOLEAN -> {
					expect(c == 't' || c == 'f', pointer, "true or false");
					yield in.readLiteral() == 't';
				}
				case VECTOR -> readVector(pointer);
				case INTEGER_VECTOR -> readIntegers(pointer);
				case MATRIX -> readMatrix(pointer);
				case NUMBER_OR_VECTOR -> {
					if (c == '[') {
						yield readVector(pointer);
					}
					expect(JsonInput.startsNumber(c), pointer, "a number or an array of numbers");
					yield in.readDouble();
				}
				case STRINGS -> readStrings(pointer);
				case GROUPS -> readGroups(pointer);
			};
		}

		private String[] readStrings(String pointer) throws IOException {
			JsonInput in = this.input;
			expect(in.peek() == '[', pointer, "an array of strings");
			java.util.List<String> values = new java.util.ArrayList<>();
			if (in.openArray()) {
				int i = 0;
				do {
					if (in.peek() != '"') {
						throw wrongType(pointer + "/" + i, "a string");
					}
					String value = in.readString();
					if (i < MAX_STRINGS) {
						values.add(value);
					}
					else if (i == MAX_STRINGS) {
						this.violations.add(pointer + "/" + i,
								"is one item too many: the list takes at most " + MAX_STRINGS + " items.");
					}
					i++;
				}
				while (in.nextInArray());
			}
			return values.toArray(String[]::new);
		}

		/**
		 * Group keys, all strings or all integers (the first decides), each interned as
		 * it is read: an array of ids, and nothing per sample beyond them.
		 */
		private int[] readGroups(String pointer) throws IOException {
			JsonInput in = this.input;
			expect(in.peek() == '[', pointer, "an array of strings or of integers (one group per sample)");
			int[] ids = new int[(this.samples > 0) ? this.samples : 1024];
			int i = 0;
			int first = 0;
			if (in.openArray()) {
				do {
					int c = in.peek();
					boolean string = c == '"';
					if (!string && !JsonInput.startsNumber(c)) {
						throw wrongType(pointer + "/" + i, "a string or an integer");
					}
					if (first == 0) {
						first = c;
					}
					else if (string != (first == '"')) {
						throw new MalformedRequestException(pointer + "/" + i,
								"Must be " + ((first == '"') ? "a string" : "an integer") + " like " + pointer
										+ "/0: the groups are all strings or all integers, not " + in.describeValue()
										+ ".");
					}
					if (i == ids.length) {
						ids = java.util.Arrays.copyOf(ids, ids.length + (ids.length >> 1) + 16);
					}
					ids[i] = string ? stringGroup(pointer, i) : integerGroup(pointer, i);
					i++;
				}
				while (in.nextInArray());
			}
			sawSamples(i);
			return (i == ids.length) ? ids : java.util.Arrays.copyOf(ids, i);
		}

		private int stringGroup(String pointer, int i) throws IOException {
			String key = this.input.readString();
			if (!GroupKeys.fits(key)) {
				this.violations.add(pointer + "/" + i,
						"must be at most " + GroupKeys.MAX_KEY_BYTES + " bytes in UTF-8, but is longer.");
				return -1;
			}
			return this.groups.id(key);
		}

		private int integerGroup(String pointer, int i) throws IOException {
			countNumbers(1);
			int kind = this.input.readInteger();
			if (kind == JsonInput.INTEGER) {
				return this.groups.id(Long.toString(this.input.integer()));
			}
			String text = this.input.lastNumberText();
			if (kind == JsonInput.NOT_INTEGER) {
				throw new MalformedRequestException(pointer + "/" + i,
						"Must be a string or an integer, but is the number " + text + ".");
			}
			this.violations.add(pointer + "/" + i,
					"must be a string or an integer within 64 bits, but is " + text + ".");
			return -1;
		}

		private double[] readVector(String pointer) throws IOException {
			JsonInput in = this.input;
			expect(in.peek() == '[', pointer, "an array of numbers");
			DoubleAccumulator values = new DoubleAccumulator(this.samples);
			if (in.openArray()) {
				do {
					if (!JsonInput.startsNumber(in.peek())) {
						throw wrongType(pointer + "/" + values.size(), "a number");
					}
					int before = values.size();
					values.read(in, room());
					countNumbers(values.size() - before);
				}
				while (in.nextInArray());
			}
			sawSamples(values.size());
			return values.toArray();
		}

		private long[] readIntegers(String pointer) throws IOException {
			JsonInput in = this.input;
			expect(in.peek() == '[', pointer, "an array of integers");
			long[] values = new long[(this.samples > 0) ? this.samples : 1024];
			int i = 0;
			if (in.openArray()) {
				do {
					if (!JsonInput.startsNumber(in.peek())) {
						throw wrongType(pointer + "/" + i, "an integer");
					}
					if (i == values.length) {
						values = java.util.Arrays.copyOf(values, values.length + (values.length >> 1) + 16);
					}
					countNumbers(1);
					int kind = in.readInteger();
					values[i] = (kind == JsonInput.INTEGER) ? in.integer() : notAnInteger(kind, pointer, i);
					i++;
				}
				while (in.nextInArray());
			}
			sawSamples(i);
			return (i == values.length) ? values : java.util.Arrays.copyOf(values, i);
		}

		/** A field that holds one integer. */
		private long readInteger(String pointer) throws IOException {
			JsonInput in = this.input;
			expect(JsonInput.startsNumber(in.peek()), pointer, "an integer");
			int kind = in.readInteger();
			return (kind == JsonInput.INTEGER) ? in.integer() : notAnInteger(kind, pointer, -1);
		}

		/**
		 * The number just read is no integer, or none within 64 bits: a 400 or a
		 * violation. Its pointer is built only now, for an array element.
		 */
		private long notAnInteger(int kind, String pointer, int index) {
			String at = (index < 0) ? pointer : pointer + "/" + index;
			String text = this.input.lastNumberText();
			if (kind == JsonInput.NOT_INTEGER) {
				throw new MalformedRequestException(at, "Must be an integer, but is the number " + text + ".");
			}
			this.violations.add(at, "must be an integer within 64 bits, but is " + text + ".");
			return Long.MIN_VALUE;
		}

		private ParsedMatrix readMatrix(String pointer) throws IOException {
			JsonInput in = this.input;
			expect(in.peek() == '[', pointer, "an array of arrays of numbers");
			DoubleAccumulator values = new DoubleAccumulator(0);
			int columns = -1;
			int row = 0;
			int maxColumns = this.limits.maxColumns();
			// Row and element pointers are built only for an error: a string per row
			// would
			// be an allocation per sample.
			if (in.openArray()) {
				do {
					if (in.peek() != '[') {
						throw wrongType(pointer + "/" + row, "an array of numbers (one row)");
					}
					int column = 0;
					if (in.openArray()) {
						do {
							if (!JsonInput.startsNumber(in.peek())) {
								throw wrongType(pointer + "/" + row + "/" + column, "a number");
							}
							int before = values.size();
							values.read(in, Math.min(room(), maxColumns + 1L - column));
							countNumbers(values.size() - before);
							column += values.size() - before;
							if (column > maxColumns) {
								throw new PayloadTooLargeException("Row " + pointer + "/" + row + " has more than "
										+ maxColumns + " values, the configured limit (xent.limits.max-classes).");
							}
						}
						while (in.nextInArray());
					}
					if (columns < 0) {
						columns = column;
						if (this.samples > 0) {
							values.expect((long) this.samples * columns);
						}
					}
					else if (column != columns) {
						this.violations.add(pointer + "/" + row, "has " + column + " values, but row 0 has " + columns
								+ "; every row must have the same length.");
					}
					row++;
				}
				while (in.nextInArray());
			}
			sawSamples(row);
			if (!this.violations.isEmpty()) {
				return new ParsedMatrix(new double[0], row, Math.max(columns, 0));
			}
			return new ParsedMatrix(values.toArray(), row, Math.max(columns, 0));
		}

		private void sawSamples(int count) {
			if (this.samples < 0 && count > 0) {
				this.samples = count;
			}
		}

		/** Numbers the request may still hold, plus one: reading that many is a 413. */
		private long room() {
			return this.limits.maxNumbers() + 1 - this.numbers;
		}

		private void countNumbers(int count) {
			this.numbers += count;
			if (this.numbers > this.limits.maxNumbers()) {
				throw new PayloadTooLargeException("The request holds more than " + this.limits.maxNumbers()
						+ " numbers, the configured limit (xent.limits.max-numbers); split the batch into shards.");
			}
		}

		private void expect(boolean ok, String pointer, String expected) throws IOException {
			if (!ok) {
				throw wrongType(pointer, expected);
			}
		}

		/** The value at the next byte is not what the field holds. */
		private MalformedRequestException wrongType(String pointer, String expected) throws IOException {
			return new MalformedRequestException(pointer,
					"Must be " + expected + ", not " + this.input.describeValue() + ".");
		}

	}

	/** RFC 6901 escaping of one reference token. */
	public static String escape(String name) {
		String clipped = clip(name);
		return clipped.replace("~", "~0").replace("/", "~1");
	}

	/** Never echo more than a few dozen characters of the input back. */
	public static String clip(String text) {
		return (text.length() > 64) ? text.substring(0, 61) + "..." : text;
	}

}
