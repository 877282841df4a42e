package dev.xent.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Breaks a valid body in the ways clients do: structurally (a field dropped, repeated,
 * unknown, of the wrong type, nested too deep), in its numbers (1e999, -0, 1e-400, 30
 * digits, 1.5 for a class index), as text (truncated, a token inserted, a range cut or
 * doubled) and as bytes (flipped, UTF-16). Every mutation is named in {@link #log()}, for
 * the failure report.
 */
final class Mutator {

	private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?([eE][+-]?\\d+)?");

	private static final String[] ODD_NUMBERS = { "1e999", "-1e999", "1e-400", "-0", "-0.0", "0e0", "1E+2",
			"123456789012345678901234567890", "99999999999999999999", "-9223372036854775809", "9223372036854775807",
			"1.5", "1.0", "0.30000000000000004", "4.9e-324", "2.2250738585072014E-308", "1.7976931348623157e308",
			"1.7976931348623159e308", "1" + "0".repeat(99), "0." + "0".repeat(98) + "1", "1" + "0".repeat(120) };

	private static final String[] ODD_VALUES = { "null", "true", "false", "\"\"", "\"0.5\"", "\"logits\"", "{}", "[]",
			"[[]]", "[[],[]]", "[null]", "[true]", "[\"1\"]", "{\"a\":1}", "[[1,2],[3]]", "[1,[2]]", "[[1],2]", "[{}]",
			"\"\\u0000\"", "\"\\ud800\"", "\"\\\\\"", "\"é😀\"", "[1e999]", "[-1e999]", "[0.5,NaN]", "NaN", "Infinity",
			"-Infinity", "[1,]", "[,1]", "01", "-", "1.", ".5", "+1", "0x10", "'a'" };

	private static final String[] FIELD_NAMES = { "inputType", "predictions", "labels", "targets", "sampleWeights",
			"classWeights", "posWeight", "ignoreIndex", "labelSmoothing", "renormalize", "epsilon", "reduction",
			"includeLosses", "includeGradients", "compat", "gamma", "alpha", "plot" };

	private static final String[] UNKNOWN_NAMES = { "label_smoothing", "Predictions", "weights", "foo", "", " ",
			"pr\\u00e9dictions", "prédictions", "😀", "\\u0000", "a\\\"b", "a/b~c", "x".repeat(70), "y".repeat(2000),
			"__proto__", "$ref", "predictions ", "inputtype" };

	private static final String[] TOKENS = { ",", "]", "[", "{", "}", "\"", ":", "null", "1e999", "-", "\\", "0",
			"\"a\":1,", " ", "\n", "\u0000", "\t", "//", "/*", "\u00e9", "\ufeff" };

	private final SplittableRandom random;

	private final RequestGenerator values;

	private final List<String> log = new ArrayList<>();

	Mutator(SplittableRandom random, RequestGenerator values) {
		this.random = random;
		this.values = values;
	}

	List<String> log() {
		return this.log;
	}

	/** Applies one to three structural mutations to the fields. */
	void mutateFields(Body body) {
		int count = 1 + this.random.nextInt(3);
		for (int m = 0; m < count; m++) {
			List<Body.Field> fields = body.fields();
			int at = fields.isEmpty() ? 0 : this.random.nextInt(fields.size());
			switch (this.random.nextInt(fields.isEmpty() ? 1 : 9)) {
				case 0 -> {
					String name = this.values.oneOf(this.values.chance(0.5) ? UNKNOWN_NAMES : FIELD_NAMES);
					fields.add(this.random.nextInt(fields.size() + 1), new Body.Field(name, anyValue()));
					this.log.add("add field \"" + clip(name) + "\"");
				}
				case 1 -> this.log.add("drop field " + fields.remove(at).name());
				case 2 -> {
					Body.Field field = fields.get(at);
					fields.add(this.random.nextInt(fields.size() + 1),
							new Body.Field(field.name(), this.values.chance(0.5) ? field.json() : anyValue()));
					this.log.add("repeat field " + field.name());
				}
				case 3, 4 -> {
					Body.Field field = fields.get(at);
					String value = anyValue();
					fields.set(at, new Body.Field(field.name(), value));
					this.log.add("retype " + field.name() + " as " + clip(value));
				}
				case 5 -> {
					Body.Field field = fields.get(at);
					int depth = (int) this.values.pickLong(2L, 3L, 15L, 17L, 100L, 3000L);
					fields.set(at, new Body.Field(field.name(), "[".repeat(depth) + field.json() + "]".repeat(depth)));
					this.log.add("nest " + field.name() + " " + depth + " deep");
				}
				case 6 -> {
					Body.Field field = fields.get(at);
					fields.set(at, new Body.Field(field.name(), replaceNumber(field.json())));
				}
				case 7 -> {
					Body.Field field = fields.get(at);
					fields.set(at, new Body.Field(field.name(), dropNumber(field.json())));
				}
				default -> {
					// Another endpoint's field with a value of its own kind.
					String name = this.values.oneOf(FIELD_NAMES);
					String value = this.values.oneOf("[0,1]", "[[0.5,0.5]]", "0.1", "true", "-100", "[1,2]", "\"sum\"");
					fields.add(new Body.Field(name, value));
					this.log.add("add " + name + "=" + value);
				}
			}
		}
	}

	/** Applies one or two text or byte mutations to the serialized body. */
	byte[] mutateBytes(String json) {
		String text = json;
		int count = 1 + this.random.nextInt(2);
		for (int m = 0; m < count && !text.isEmpty(); m++) {
			int at = this.random.nextInt(text.length() + 1);
			switch (this.random.nextInt(7)) {
				case 0 -> {
					this.log.add("truncate at " + at);
					text = text.substring(0, at);
				}
				case 1 -> {
					String token = this.values.oneOf(TOKENS);
					this.log.add("insert " + printable(token) + " at " + at);
					text = text.substring(0, at) + token + text.substring(at);
				}
				case 2 -> {
					int to = Math.min(text.length(), at + 1 + this.random.nextInt(20));
					this.log.add("cut " + at + ".." + to);
					text = text.substring(0, at) + text.substring(to);
				}
				case 3 -> {
					int to = Math.min(text.length(), at + 1 + this.random.nextInt(40));
					this.log.add("double " + at + ".." + to);
					text = text.substring(0, to) + text.substring(at, to) + text.substring(to);
				}
				case 4 -> text = replaceNumber(text);
				case 5 -> {
					this.log.add(this.values.oneOf("leading", "trailing") + " junk");
					text = this.log.get(this.log.size() - 1).startsWith("leading")
							? this.values.oneOf("\ufeff", " \n", "[") + text
							: text + this.values.oneOf(" ", "\n", "x", "{}", ",", "\u0000");
				}
				default -> {
					byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
					int flips = 1 + this.random.nextInt(3);
					for (int f = 0; f < flips && bytes.length > 0; f++) {
						int i = this.random.nextInt(bytes.length);
						bytes[i] = (byte) this.random.nextInt(256);
						this.log.add("byte " + i + " := 0x" + Integer.toHexString(bytes[i] & 0xff));
					}
					return bytes;
				}
			}
		}
		if (this.values.chance(0.03)) {
			this.log.add("as UTF-16");
			return text.getBytes(this.values.chance(0.5) ? StandardCharsets.UTF_16 : StandardCharsets.UTF_16LE);
		}
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private String anyValue() {
		return switch (this.random.nextInt(4)) {
			case 0 -> this.values.oneOf(ODD_NUMBERS);
			case 1 -> "[" + this.values.oneOf(ODD_NUMBERS) + "]";
			case 2 -> "\"" + "s".repeat((int) this.values.pickLong(1L, 64L, 999L, 1001L, 10_000L)) + "\"";
			default -> this.values.oneOf(ODD_VALUES);
		};
	}

	private String replaceNumber(String json) {
		List<int[]> spans = numberSpans(json);
		if (spans.isEmpty()) {
			return json;
		}
		int[] span = spans.get(this.random.nextInt(spans.size()));
		String replacement = this.values.chance(0.7) ? this.values.oneOf(ODD_NUMBERS) : this.values.oneOf(ODD_VALUES);
		this.log.add("number at " + span[0] + " := " + clip(replacement));
		return json.substring(0, span[0]) + replacement + json.substring(span[1]);
	}

	/** Removes one number and a comma next to it: a ragged row, or one value too few. */
	private String dropNumber(String json) {
		List<int[]> spans = numberSpans(json);
		if (spans.isEmpty()) {
			return json;
		}
		int[] span = spans.get(this.random.nextInt(spans.size()));
		int from = span[0];
		int to = span[1];
		if (to < json.length() && json.charAt(to) == ',') {
			to++;
		}
		else if (from > 0 && json.charAt(from - 1) == ',') {
			from--;
		}
		this.log.add("drop number at " + span[0]);
		return json.substring(0, from) + json.substring(to);
	}

	private static List<int[]> numberSpans(String json) {
		List<int[]> spans = new ArrayList<>();
		Matcher matcher = NUMBER.matcher(json);
		while (matcher.find() && spans.size() < 10_000) {
			spans.add(new int[] { matcher.start(), matcher.end() });
		}
		return spans;
	}

	private static String clip(String text) {
		return printable((text.length() > 40) ? text.substring(0, 37) + "..." + text.length() : text);
	}

	static String printable(String text) {
		StringBuilder out = new StringBuilder(text.length());
		for (char ch : text.toCharArray()) {
			out.append((ch < 0x20 || ch == 0x7f || ch == 0xfeff) ? String.format("\\u%04x", (int) ch)
					: String.valueOf(ch));
		}
		return out.toString();
	}

}
