package dev.xent.api;

/**
 * The body or the batch is larger than the configured limits. Answered with 413.
 */
public class PayloadTooLargeException extends RuntimeException {

	public PayloadTooLargeException(String detail) {
		super(detail, null, false, false);
	}

}
