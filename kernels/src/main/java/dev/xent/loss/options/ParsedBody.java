package dev.xent.loss.options;

import dev.xent.loss.Violations;

/**
 * The fields of one request as read (a JSON body's fields, or a streamed body's query
 * parameters), by name; an absent (or {@code null}) field is {@code null}. Values that
 * are well-formed JSON but already known to break the contract (a ragged row, an integer
 * beyond 64 bits) are in {@link #violations()}.
 */
public final class ParsedBody {

	private final RequestFields fields;

	private final Object[] values;

	private final Violations violations;

	public ParsedBody(RequestFields fields, Object[] values, Violations violations) {
		this.fields = fields;
		this.values = values;
		this.violations = violations;
	}

	public Violations violations() {
		return this.violations;
	}

	public boolean has(String name) {
		return get(name) != null;
	}

	public String string(String name) {
		return (String) get(name);
	}

	public Double number(String name) {
		return (Double) get(name);
	}

	public Long integer(String name) {
		return (Long) get(name);
	}

	public Boolean bool(String name) {
		return (Boolean) get(name);
	}

	public double[] vector(String name) {
		return (double[]) get(name);
	}

	public long[] integers(String name) {
		return (long[]) get(name);
	}

	public String[] strings(String name) {
		return (String[]) get(name);
	}

	/** Group ids, one per sample, from the request's {@link dev.xent.loss.GroupKeys}. */
	public int[] groups(String name) {
		return (int[]) get(name);
	}

	/**
	 * The value of a field this request type may not have: {@code null} when it is not
	 * given or not one of the type's fields (options that only some endpoints take).
	 */
	public Object optional(String name) {
		return (this.fields.indexOf(name) >= 0) ? get(name) : null;
	}

	public Object get(String name) {
		int i = this.fields.indexOf(name);
		if (i < 0) {
			throw new IllegalArgumentException("no field " + name);
		}
		return this.values[i];
	}

}
