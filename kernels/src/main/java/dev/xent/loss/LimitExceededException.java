package dev.xent.loss;

/**
 * A request went over one of the service's size limits (413). The message names the limit
 * and its value, and says what the client can do.
 */
public class LimitExceededException extends RuntimeException {

	public LimitExceededException(String message) {
		super(message, null, false, false);
	}

}
