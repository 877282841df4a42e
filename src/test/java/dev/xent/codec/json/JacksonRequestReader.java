package dev.xent.codec.json;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import dev.xent.codec.MalformedRequestException;
import dev.xent.codec.PayloadTooLargeException;
import dev.xent.codec.BodyLimitExceededException;
import dev.xent.loss.GroupKeys;
import dev.xent.loss.Violations;
import dev.xent.loss.options.FieldKind;
import dev.xent.loss.options.ParsedBody;
import dev.xent.loss.options.RequestFields;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.TokenStreamFactory;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.JacksonIOException;
import tools.jackson.core.exc.StreamConstraintsException;

/**
 * The test oracle of {@link JsonRequestReader}: the service's reader as it was before
 * {@link JsonInput} replaced Jackson's parser on the request path, kept as it was (its
 * messages and pointers included) so that {@code JsonRequestReaderTests} can require the
 * two to agree. Its likeness to {@link JsonRequestReader} is the point; do not share code
 * between them.
 * <p>
 * Reads a request body with Jackson's streaming parser straight into primitive arrays,
 * enforcing the contract's JSON shape as it goes: the body is one object; every field is
 * known, appears once and has its JSON type; numbers are never coerced (a string, a
 * boolean or a fractional number where an integer belongs is an error). A {@code null}
 * field value means the field is absent.
 * <p>
 * Structural errors throw {@link MalformedRequestException} (400) with a JSON Pointer;
 * going over {@link Limits} throws {@link PayloadTooLargeException} (413) at once, before
 * more of the body is read.
 */
final class JacksonRequestReader {

	/**
	 * Batch limits checked while reading.
	 *
	 * @param maxNumbers most numbers in one request, over all arrays
	 * @param maxColumns widest row of a 2-D array (classes or labels per sample)
	 */
	record Limits(long maxNumbers, int maxColumns) {
	}

	private final TokenStreamFactory factory;

	private final Limits limits;

	JacksonRequestReader(TokenStreamFactory factory, Limits limits) {
		this.factory = factory;
		this.limits = limits;
	}

	ParsedBody read(InputStream body, RequestFields fields) {
		try (JsonParser parser = this.factory.createParser(ObjectReadContext.empty(), body)) {
			return new Reading(parser, fields, this.limits).read();
		}
		catch (StreamConstraintsException ex) {
			throw new MalformedRequestException(null, "The body exceeds a parser limit: " + brief(ex) + ".");
		}
		catch (JacksonIOException ex) {
			IOException cause = ex.getCause();
			if (cause instanceof BodyLimitExceededException tooLarge) {
				throw new PayloadTooLargeException(tooLarge.getMessage());
			}
			throw new UncheckedIOException(cause);
		}
		catch (JacksonException ex) {
			throw new MalformedRequestException(null, "The body is not valid JSON: " + brief(ex) + where(ex) + ".");
		}
	}

	/**
	 * Jackson's own message, without location or source, and never long enough to echo
	 * the input back.
	 */
	private static String brief(JacksonException ex) {
		String message = ex.getOriginalMessage();
		if (message == null) {
			return "unreadable input";
		}
		int from = message.indexOf(" (from `");
		if (from > 0) {
			message = message.substring(0, from);
		}
		// Jackson's hints name its own classes and settings ("1000, from
		// `StreamReadConstraints...`",
		// "enable `JsonReadFeature...` to allow") and its input source ("(for Array
		// starting at
		// [Source: REDACTED (`StreamReadFeature...` disabled); ..."): nothing a client
		// can use.
		int source = message.indexOf("[Source:");
		if (source >= 0) {
			int open = message.lastIndexOf(" (", source);
			message = message.substring(0, (open >= 0) ? open : source);
		}
		message = message.replaceAll(" \\((consider enabling|not recognized as one since) .*", "")
			.replaceAll(", from `[^`]*`", "")
			.replaceAll(": enable `[^`]*` to allow", "")
			.replace('`', '\'');
		message = message.replaceAll("[\\r\\n]+", " ").strip();
		if (message.endsWith(".")) {
			message = message.substring(0, message.length() - 1);
		}
		return (message.length() > 160) ? message.substring(0, 157) + "..." : message;
	}

	private static String where(JacksonException ex) {
		TokenStreamLocation location = ex.getLocation();
		if (location == null || location.getLineNr() < 0) {
			return "";
		}
		return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
	}

	/** One pass over one body. */
	private static final class Reading {

		private final JsonParser parser;

		private final RequestFields fields;

		private final Limits limits;

		private final Object[] values;

		private final Violations violations = new Violations();

		private final GroupKeys groups = new GroupKeys(Integer.MAX_VALUE);

		private long numbers;

		/**
		 * N, once the first array with one entry per sample has been read: sizes later
		 * arrays exactly.
		 */
		private int samples = -1;

		Reading(JsonParser parser, RequestFields fields, Limits limits) {
			this.parser = parser;
			this.fields = fields;
			this.limits = limits;
			this.values = new Object[fields.size()];
		}

		ParsedBody read() {
			JsonToken token = this.parser.nextToken();
			if (token == null) {
				throw new MalformedRequestException(null, "The body is empty; send a JSON object.");
			}
			if (token != JsonToken.START_OBJECT) {
				throw new MalformedRequestException("", "The body must be a JSON object, not " + describe(token) + ".");
			}
			boolean[] seen = new boolean[this.fields.size()];
			while ((token = this.parser.nextToken()) != JsonToken.END_OBJECT) {
				String name = this.parser.currentName();
				int field = this.fields.indexOf(name);
				String pointer = "/" + escape(name);
				if (field < 0) {
					String suggestion = this.fields.suggestionFor(name);
					throw new MalformedRequestException(pointer,
							"Unknown field \"" + clip(name) + "\""
									+ ((suggestion != null) ? "; did you mean \"" + suggestion + "\"?"
											: "; accepted fields are " + String.join(", ", this.fields.names()) + "."));
				}
				if (seen[field]) {
					throw new MalformedRequestException(pointer, "Duplicate field \"" + name + "\".");
				}
				seen[field] = true;
				this.parser.nextToken();
				this.values[field] = readValue(this.fields.kind(field), name, pointer);
			}
			if (this.parser.nextToken() != null) {
				throw new MalformedRequestException(null, "Unexpected content after the JSON object.");
			}
			return new ParsedBody(this.fields, this.values, this.violations);
		}

		private Object readValue(FieldKind kind, String name, String pointer) {
			JsonToken token = this.parser.currentToken();
			if (token == JsonToken.VALUE_NULL) {
				throw new MalformedRequestException(pointer,
						"null is not a value of any field; leave an optional field out instead.");
			}
			return switch (kind) {
				case STRING -> {
					expect(token == JsonToken.VALUE_STRING, pointer, "a string", token);
					yield this.parser.getString();
				}
				case NUMBER -> {
					expectNumber(token, pointer);
					yield this.parser.getDoubleValue();
				}
				case INTEGER -> readInteger(token, pointer);
				case BOOLEAN -> {
					expect(token == JsonToken.VALUE_TRUE || token == JsonToken.VALUE_FALSE, pointer, "true or false",
							token);
					yield token == JsonToken.VALUE_TRUE;
				}
				case VECTOR -> readVector(token, pointer);
				case INTEGER_VECTOR -> readIntegers(token, pointer);
				case MATRIX -> readMatrix(token, pointer);
				case NUMBER_OR_VECTOR -> {
					if (token == JsonToken.START_ARRAY) {
						yield readVector(token, pointer);
					}
					expect(token.isNumeric(), pointer, "a number or an array of numbers", token);
					yield this.parser.getDoubleValue();
				}
				case STRINGS -> readStrings(token, pointer);
				case GROUPS -> readGroups(token, pointer);
			};
		}

		private String[] readStrings(JsonToken token, String pointer) {
			expect(token == JsonToken.START_ARRAY, pointer, "an array of strings", token);
			java.util.List<String> values = new java.util.ArrayList<>();
			int i = 0;
			while ((token = this.parser.nextToken()) != JsonToken.END_ARRAY) {
				expect(token == JsonToken.VALUE_STRING, pointer + "/" + i, "a string", token);
				if (i < JsonRequestReader.MAX_STRINGS) {
					values.add(this.parser.getString());
				}
				else if (i == JsonRequestReader.MAX_STRINGS) {
					this.violations.add(pointer + "/" + i, "is one item too many: the list takes at most "
							+ JsonRequestReader.MAX_STRINGS + " items.");
				}
				i++;
			}
			return values.toArray(String[]::new);
		}

		private int[] readGroups(JsonToken token, String pointer) {
			expect(token == JsonToken.START_ARRAY, pointer, "an array of strings or of integers (one group per sample)",
					token);
			int[] ids = new int[16];
			int i = 0;
			JsonToken first = null;
			while ((token = this.parser.nextToken()) != JsonToken.END_ARRAY) {
				boolean string = token == JsonToken.VALUE_STRING;
				if (!string && !token.isNumeric()) {
					throw wrongType(pointer + "/" + i, "a string or an integer", token);
				}
				if (first == null) {
					first = token;
				}
				else if (string != (first == JsonToken.VALUE_STRING)) {
					throw new MalformedRequestException(pointer + "/" + i,
							"Must be " + ((first == JsonToken.VALUE_STRING) ? "a string" : "an integer") + " like "
									+ pointer + "/0: the groups are all strings or all integers, not " + describe(token)
									+ ".");
				}
				if (i == ids.length) {
					ids = java.util.Arrays.copyOf(ids, 2 * ids.length);
				}
				ids[i] = string ? stringGroup(pointer, i) : integerGroup(token, pointer, i);
				i++;
			}
			sawSamples(i);
			return java.util.Arrays.copyOf(ids, i);
		}

		private int stringGroup(String pointer, int i) {
			String key = this.parser.getString();
			if (!GroupKeys.fits(key)) {
				this.violations.add(pointer + "/" + i,
						"must be at most " + GroupKeys.MAX_KEY_BYTES + " bytes in UTF-8, but is longer.");
				return -1;
			}
			return this.groups.id(key);
		}

		private int integerGroup(JsonToken token, String pointer, int i) {
			countNumber();
			if (token == JsonToken.VALUE_NUMBER_FLOAT) {
				throw new MalformedRequestException(pointer + "/" + i,
						"Must be a string or an integer, but is the number " + clip(this.parser.getText()) + ".");
			}
			JsonParser.NumberType type = this.parser.getNumberType();
			if (type == JsonParser.NumberType.INT || type == JsonParser.NumberType.LONG) {
				return this.groups.id(Long.toString(this.parser.getLongValue()));
			}
			this.violations.add(pointer + "/" + i,
					"must be a string or an integer within 64 bits, but is " + clip(this.parser.getText()) + ".");
			return -1;
		}

		private double[] readVector(JsonToken token, String pointer) {
			expect(token == JsonToken.START_ARRAY, pointer, "an array of numbers", token);
			DoubleAccumulator values = new DoubleAccumulator(this.samples);
			int i = 0;
			while ((token = this.parser.nextToken()) != JsonToken.END_ARRAY) {
				if (!token.isNumeric()) {
					throw wrongType(pointer + "/" + i, "a number", token);
				}
				countNumber();
				values.add(this.parser.getDoubleValue());
				i++;
			}
			sawSamples(i);
			return values.toArray();
		}

		private long[] readIntegers(JsonToken token, String pointer) {
			expect(token == JsonToken.START_ARRAY, pointer, "an array of integers", token);
			long[] values = new long[(this.samples > 0) ? this.samples : 1024];
			int i = 0;
			while ((token = this.parser.nextToken()) != JsonToken.END_ARRAY) {
				if (i == values.length) {
					values = java.util.Arrays.copyOf(values, values.length + (values.length >> 1) + 16);
				}
				countNumber();
				values[i] = readInteger(token, pointer, i);
				i++;
			}
			sawSamples(i);
			return (i == values.length) ? values : java.util.Arrays.copyOf(values, i);
		}

		/** An array element: its pointer is built only if it is reported. */
		private long readInteger(JsonToken token, String arrayPointer, int index) {
			if (token == JsonToken.VALUE_NUMBER_INT) {
				JsonParser.NumberType type = this.parser.getNumberType();
				if (type == JsonParser.NumberType.INT || type == JsonParser.NumberType.LONG) {
					return this.parser.getLongValue();
				}
			}
			return readInteger(token, arrayPointer + "/" + index);
		}

		private long readInteger(JsonToken token, String pointer) {
			if (token == JsonToken.VALUE_NUMBER_FLOAT) {
				throw new MalformedRequestException(pointer,
						"Must be an integer, but is the number " + clip(this.parser.getText()) + ".");
			}
			expect(token == JsonToken.VALUE_NUMBER_INT, pointer, "an integer", token);
			JsonParser.NumberType type = this.parser.getNumberType();
			if (type == JsonParser.NumberType.INT || type == JsonParser.NumberType.LONG) {
				return this.parser.getLongValue();
			}
			this.violations.add(pointer,
					"must be an integer within 64 bits, but is " + clip(this.parser.getText()) + ".");
			return Long.MIN_VALUE;
		}

		private ParsedMatrix readMatrix(JsonToken token, String pointer) {
			expect(token == JsonToken.START_ARRAY, pointer, "an array of arrays of numbers", token);
			DoubleAccumulator values = new DoubleAccumulator(0);
			int columns = -1;
			int row = 0;
			// Row and element pointers are built only for an error: a string per row
			// would be
			// an allocation per sample.
			while ((token = this.parser.nextToken()) != JsonToken.END_ARRAY) {
				if (token != JsonToken.START_ARRAY) {
					throw wrongType(pointer + "/" + row, "an array of numbers (one row)", token);
				}
				int column = 0;
				while ((token = this.parser.nextToken()) != JsonToken.END_ARRAY) {
					if (!token.isNumeric()) {
						throw wrongType(pointer + "/" + row + "/" + column, "a number", token);
					}
					countNumber();
					if (column == this.limits.maxColumns()) {
						throw new PayloadTooLargeException(
								"Row " + pointer + "/" + row + " has more than " + this.limits.maxColumns()
										+ " values, the configured limit (xent.limits.max-classes).");
					}
					values.add(this.parser.getDoubleValue());
					column++;
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

		private void countNumber() {
			if (++this.numbers > this.limits.maxNumbers()) {
				throw new PayloadTooLargeException("The request holds more than " + this.limits.maxNumbers()
						+ " numbers, the configured limit (xent.limits.max-numbers); split the batch into shards.");
			}
		}

		private void expectNumber(JsonToken token, String pointer) {
			expect(token.isNumeric(), pointer, "a number", token);
		}

		private void expect(boolean ok, String pointer, String expected, JsonToken token) {
			if (!ok) {
				throw wrongType(pointer, expected, token);
			}
		}

		private MalformedRequestException wrongType(String pointer, String expected, JsonToken token) {
			return new MalformedRequestException(pointer, "Must be " + expected + ", not " + describe(token) + ".");
		}

		private String describe(JsonToken token) {
			return JacksonRequestReader.describe(token);
		}

	}

	static String describe(JsonToken token) {
		if (token == null) {
			return "nothing";
		}
		return switch (token) {
			case START_OBJECT -> "an object";
			case START_ARRAY -> "an array";
			case VALUE_STRING -> "a string";
			case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
			case VALUE_TRUE, VALUE_FALSE -> "a boolean";
			case VALUE_NULL -> "null";
			default -> token.name().toLowerCase(java.util.Locale.ROOT);
		};
	}

	/** RFC 6901 escaping of one reference token. */
	static String escape(String name) {
		String clipped = clip(name);
		return clipped.replace("~", "~0").replace("/", "~1");
	}

	/** Never echo more than a few dozen characters of the input back. */
	static String clip(String text) {
		return (text.length() > 64) ? text.substring(0, 61) + "..." : text;
	}

}
