package dev.xent.codec;

import dev.xent.loss.LimitExceededException;

/**
 * The body or the batch is larger than the configured limits. Answered with 413.
 */
public class PayloadTooLargeException extends LimitExceededException {

	public PayloadTooLargeException(String detail) {
		super(detail);
	}

}
