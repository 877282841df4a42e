package dev.xent.loss.options;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The fields one request type accepts, in the order the contract lists them. Anything
 * else in a body is an unknown field and is rejected, with a suggestion when it looks
 * like a typo.
 */
public final class RequestFields {

	private final List<String> names;

	private final FieldKind[] kinds;

	private final Map<String, Integer> index = new HashMap<>();

	private final Map<String, String> looseNames = new HashMap<>();

	private RequestFields(Map<String, FieldKind> fields) {
		this.names = List.copyOf(fields.keySet());
		this.kinds = fields.values().toArray(FieldKind[]::new);
		for (int i = 0; i < this.names.size(); i++) {
			this.index.put(this.names.get(i), i);
			this.looseNames.put(loose(this.names.get(i)), this.names.get(i));
		}
	}

	public static Builder builder() {
		return new Builder();
	}

	/**
	 * The fields of a request record, in declaration order: the record that documents a
	 * request in the OpenAPI document is also what the reader accepts, so the two cannot
	 * drift. Java types map to JSON shapes: {@code String}, {@code Double}, {@code Long},
	 * {@code Boolean}, {@code double[]}, {@code long[]}, {@code double[][]},
	 * {@code Object} for "a number or an array of numbers", {@code String[]}, and
	 * {@code Object[]} for "an array of group keys, strings or integers".
	 */
	public static RequestFields of(Class<? extends Record> type) {
		Builder builder = builder();
		for (java.lang.reflect.RecordComponent component : type.getRecordComponents()) {
			builder.add(component.getName(), kindOf(component.getType()));
		}
		return builder.build();
	}

	private static FieldKind kindOf(Class<?> type) {
		if (type == String.class) {
			return FieldKind.STRING;
		}
		if (type == Double.class) {
			return FieldKind.NUMBER;
		}
		if (type == Long.class) {
			return FieldKind.INTEGER;
		}
		if (type == Boolean.class) {
			return FieldKind.BOOLEAN;
		}
		if (type == double[].class) {
			return FieldKind.VECTOR;
		}
		if (type == long[].class) {
			return FieldKind.INTEGER_VECTOR;
		}
		if (type == double[][].class) {
			return FieldKind.MATRIX;
		}
		if (type == Object.class) {
			return FieldKind.NUMBER_OR_VECTOR;
		}
		if (type == String[].class) {
			return FieldKind.STRINGS;
		}
		if (type == Object[].class) {
			return FieldKind.GROUPS;
		}
		throw new IllegalArgumentException("no JSON shape for a request field of type " + type.getName());
	}

	public int size() {
		return this.names.size();
	}

	public String name(int i) {
		return this.names.get(i);
	}

	public FieldKind kind(int i) {
		return this.kinds[i];
	}

	/** The field's position, or -1 for an unknown name. */
	public int indexOf(String name) {
		Integer i = this.index.get(name);
		return (i != null) ? i : -1;
	}

	/**
	 * The accepted field a misspelt name most likely meant ({@code label_smoothing} →
	 * {@code labelSmoothing}).
	 */
	public String suggestionFor(String name) {
		return this.looseNames.get(loose(name));
	}

	public List<String> names() {
		return this.names;
	}

	private static String loose(String name) {
		return name.replace("_", "").replace("-", "").toLowerCase(Locale.ROOT);
	}

	public static final class Builder {

		private final Map<String, FieldKind> fields = new LinkedHashMap<>();

		public Builder add(String name, FieldKind kind) {
			this.fields.put(name, kind);
			return this;
		}

		public RequestFields build() {
			return new RequestFields(this.fields);
		}

	}

}
