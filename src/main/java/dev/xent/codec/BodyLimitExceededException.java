package dev.xent.codec;

import java.io.IOException;

/**
 * Thrown by the request body stream as soon as more bytes arrive than the limit allows,
 * so a body is never read, let alone buffered, past the limit.
 */
public class BodyLimitExceededException extends IOException {

	/** A limit with its own message (its name and value in it). */
	public BodyLimitExceededException(String message) {
		super(message);
	}

	public BodyLimitExceededException(long limit) {
		super("The request body is larger than " + limit
				+ " bytes, the configured limit (xent.limits.max-body-bytes).");
	}

}
