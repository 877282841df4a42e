package dev.xent.codec;

/**
 * The body is not what the contract describes: not JSON (or Arrow, or JSON Lines) at all,
 * a value of the wrong type, an unknown or repeated field. Answered with 400.
 */
public class MalformedRequestException extends RuntimeException {

	private final String pointer;

	private final long line;

	public MalformedRequestException(String pointer, String detail) {
		this(pointer, detail, 0);
	}

	/**
	 * @param line the 1-based physical line of a JSON Lines body, or 0
	 */
	public MalformedRequestException(String pointer, String detail, long line) {
		super(detail, null, false, false);
		this.pointer = pointer;
		this.line = line;
	}

	/** The 1-based physical line of a JSON Lines body, or 0. */
	public long line() {
		return this.line;
	}

	/**
	 * JSON Pointer to the offending value, or {@code null} when the body as a whole is at
	 * fault.
	 */
	public String pointer() {
		return this.pointer;
	}

}
