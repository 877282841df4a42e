package dev.xent.loss.options;

/**
 * An option that is not what the contract describes: an unknown or repeated parameter, a
 * value of the wrong type or syntax. The service answers it with 400; the Spark
 * integration refuses the job with its message.
 */
public class MalformedOptionsException extends RuntimeException {

	private final String pointer;

	public MalformedOptionsException(String pointer, String detail) {
		super(detail, null, false, false);
		this.pointer = pointer;
	}

	/** JSON Pointer to the offending option. */
	public String pointer() {
		return this.pointer;
	}

}
