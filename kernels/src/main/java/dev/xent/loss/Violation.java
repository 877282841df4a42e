package dev.xent.loss;

/**
 * One offending value.
 *
 * @param pointer JSON Pointer (RFC 6901) into the request as if it had been sent as JSON
 * @param detail one sentence
 * @param line the 1-based physical line of a JSON Lines body, or 0 when there is none
 */
public record Violation(String pointer, String detail, long line) {

	public Violation(String pointer, String detail) {
		this(pointer, detail, 0);
	}

}
