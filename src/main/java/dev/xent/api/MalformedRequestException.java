package dev.xent.api;

/**
 * The body is not the JSON the contract describes: not JSON at all, a value of the wrong
 * type, an unknown or repeated field. Answered with 400.
 */
public class MalformedRequestException extends RuntimeException {

	private final String pointer;

	public MalformedRequestException(String pointer, String detail) {
		super(detail, null, false, false);
		this.pointer = pointer;
	}

	/**
	 * JSON Pointer to the offending value, or {@code null} when the body as a whole is at
	 * fault.
	 */
	public String pointer() {
		return this.pointer;
	}

}
