package dev.xent.loss.options;

/**
 * The JSON shapes a request field can take, and the Java value the reader produces for
 * each.
 */
public enum FieldKind {

	/** A JSON string: {@link String}. */
	STRING,

	/** A JSON number: {@link Double}. */
	NUMBER,

	/** A JSON integer (no fraction, no exponent): {@link Long}. */
	INTEGER,

	/** {@code true} or {@code false}: {@link Boolean}. */
	BOOLEAN,

	/** An array of numbers: {@code double[]}. */
	VECTOR,

	/** An array of integers: {@code long[]}. */
	INTEGER_VECTOR,

	/** An array of equally long arrays of numbers: the service's parsed matrix. */
	MATRIX,

	/** A number ({@link Double}) or an array of numbers ({@code double[]}). */
	NUMBER_OR_VECTOR,

	/** An array of strings: {@code String[]}. */
	STRINGS,

	/**
	 * An array of group keys, all strings or all integers (an integer keyed by its
	 * decimal form): {@code int[]}, each key's id in the request's
	 * {@link dev.xent.loss.GroupKeys}.
	 */
	GROUPS

}
