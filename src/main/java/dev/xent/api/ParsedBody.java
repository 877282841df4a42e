package dev.xent.api;

import dev.xent.loss.Violations;

/**
 * The fields of one request body as read, by name; an absent (or {@code null}) field is
 * {@code null}. Values that are well-formed JSON but already known to break the contract
 * (a ragged row, an integer beyond 64 bits) are in {@link #violations()}.
 */
final class ParsedBody {

	private final RequestFields fields;

	private final Object[] values;

	private final Violations violations;

	ParsedBody(RequestFields fields, Object[] values, Violations violations) {
		this.fields = fields;
		this.values = values;
		this.violations = violations;
	}

	Violations violations() {
		return this.violations;
	}

	boolean has(String name) {
		return get(name) != null;
	}

	String string(String name) {
		return (String) get(name);
	}

	Double number(String name) {
		return (Double) get(name);
	}

	Long integer(String name) {
		return (Long) get(name);
	}

	Boolean bool(String name) {
		return (Boolean) get(name);
	}

	double[] vector(String name) {
		return (double[]) get(name);
	}

	long[] integers(String name) {
		return (long[]) get(name);
	}

	ParsedMatrix matrix(String name) {
		return (ParsedMatrix) get(name);
	}

	Object get(String name) {
		int i = this.fields.indexOf(name);
		if (i < 0) {
			throw new IllegalArgumentException("no field " + name);
		}
		return this.values[i];
	}

}
