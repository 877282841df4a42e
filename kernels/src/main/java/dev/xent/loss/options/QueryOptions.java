package dev.xent.loss.options;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import dev.xent.loss.Violations;

/**
 * Reads the options of a streamed body (Arrow, JSON Lines) from the query string: each
 * request field other than the columns, with the same name, meaning and checks. Numbers
 * follow the JSON number grammar (RFC 8259), integers are integer literals, vectors and
 * lists of names are comma-separated with no empty item; an unknown, repeated or
 * malformed parameter is a {@link MalformedOptionsException} (the service's 400) with the
 * parameter's pointer. Values that parse but break the contract (an integer beyond 64
 * bits) are left in the result's violations for the endpoint's checks to report with its
 * own.
 * <p>
 * The service reads the options of Arrow and JSON Lines bodies with this class, and the
 * Spark integration its options, so that both accept and refuse the same parameters with
 * the same messages.
 */
public final class QueryOptions {

	/** Every column name a body may hold: these are never options. */
	public static final List<String> COLUMNS = List.of("predictions", "labels", "targets", "sampleWeights", "groups");

	private static final Pattern NUMBER = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");

	private static final Pattern INTEGER = Pattern.compile("-?(0|[1-9][0-9]*)");

	private QueryOptions() {
	}

	/**
	 * @param query the raw query string, or {@code null}
	 * @param fields the request's fields, columns included (they are refused here)
	 * @param maxLength the longest value accepted (the reader's string limit)
	 * @throws MalformedOptionsException for an unknown, repeated or malformed parameter
	 */
	public static ParsedBody parse(String query, RequestFields fields, int maxLength) {
		Object[] values = new Object[fields.size()];
		Violations violations = new Violations();
		if (query == null || query.isEmpty()) {
			return new ParsedBody(fields, values, violations);
		}
		for (String pair : query.split("&", -1)) {
			if (pair.isEmpty()) {
				continue;
			}
			int eq = pair.indexOf('=');
			String name = decode((eq < 0) ? pair : pair.substring(0, eq), "/");
			String pointer = "/" + escape(name);
			String value = (eq < 0) ? "" : decode(pair.substring(eq + 1), pointer);
			int field = fields.indexOf(name);
			if (COLUMNS.contains(name) && field >= 0) {
				throw new MalformedOptionsException(pointer,
						"\"" + name + "\" is a column: send it in the body, not as a query parameter.");
			}
			if (field < 0) {
				String suggestion = fields.suggestionFor(name);
				List<String> options = new ArrayList<>(fields.names());
				options.removeAll(COLUMNS);
				throw new MalformedOptionsException(pointer,
						"Unknown query parameter \"" + clip(name) + "\""
								+ ((suggestion != null && !COLUMNS.contains(suggestion))
										? "; did you mean \"" + suggestion + "\"?"
										: "; accepted parameters are " + String.join(", ", options) + "."));
			}
			if (values[field] != null) {
				throw new MalformedOptionsException(pointer, "Repeated query parameter \"" + name + "\".");
			}
			if (value.length() > maxLength) {
				throw new MalformedOptionsException(pointer,
						"The value is longer than " + maxLength + " characters (xent.limits.max-string-length).");
			}
			values[field] = value(fields.kind(field), value, pointer, violations);
		}
		return new ParsedBody(fields, values, violations);
	}

	private static Object value(FieldKind kind, String text, String pointer, Violations violations) {
		return switch (kind) {
			case STRING -> text;
			case NUMBER -> number(text, pointer);
			case INTEGER -> integer(text, pointer, violations);
			case BOOLEAN -> {
				if (!text.equals("true") && !text.equals("false")) {
					throw new MalformedOptionsException(pointer, "Must be true or false, not \"" + clip(text) + "\".");
				}
				yield Boolean.valueOf(text);
			}
			case VECTOR -> vector(text, pointer);
			case NUMBER_OR_VECTOR -> (text.indexOf(',') >= 0) ? vector(text, pointer) : number(text, pointer);
			case STRINGS -> strings(text, pointer);
			case INTEGER_VECTOR, MATRIX, GROUPS -> throw new MalformedOptionsException(pointer,
					"This field is a column: send it in the body, not as a query parameter.");
		};
	}

	private static double number(String text, String pointer) {
		if (!NUMBER.matcher(text).matches()) {
			throw new MalformedOptionsException(pointer,
					"Must be a number (JSON number syntax), not \"" + clip(text) + "\".");
		}
		return Double.parseDouble(text);
	}

	private static long integer(String text, String pointer, Violations violations) {
		if (!INTEGER.matcher(text).matches()) {
			throw new MalformedOptionsException(pointer, "Must be an integer, not \"" + clip(text) + "\".");
		}
		try {
			return Long.parseLong(text);
		}
		catch (NumberFormatException ex) {
			violations.add(pointer, "must be an integer within 64 bits, but is " + clip(text) + ".");
			return Long.MIN_VALUE;
		}
	}

	private static double[] vector(String text, String pointer) {
		String[] items = text.split(",", -1);
		double[] values = new double[items.length];
		for (int i = 0; i < items.length; i++) {
			if (items[i].isEmpty()) {
				throw new MalformedOptionsException(pointer + "/" + i,
						"Must be a comma-separated list of numbers with no empty item.");
			}
			values[i] = number(items[i], pointer + "/" + i);
		}
		return values;
	}

	private static String[] strings(String text, String pointer) {
		String[] items = text.split(",", -1);
		for (int i = 0; i < items.length; i++) {
			if (items[i].isEmpty()) {
				throw new MalformedOptionsException(pointer + "/" + i,
						"Must be a comma-separated list of names with no empty item.");
			}
		}
		return items;
	}

	/** A name as one JSON Pointer token, clipped. */
	static String escape(String name) {
		return clip(name).replace("~", "~0").replace("/", "~1");
	}

	/** Never echo more than a few dozen characters of the input back. */
	public static String clip(String text) {
		return (text.length() > 64) ? text.substring(0, 61) + "..." : text;
	}

	private static String decode(String text, String pointer) {
		try {
			return URLDecoder.decode(text, StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			throw new MalformedOptionsException(pointer, "The query string is not validly percent-encoded.");
		}
	}

}
