package dev.xent.codec;

import java.io.IOException;
import java.time.Duration;

/**
 * Thrown by the request body stream when a body has been arriving for longer than the
 * configured deadline ({@code xent.limits.body-read-timeout}). Answered with 408.
 */
public class BodyReadTimeoutException extends IOException {

	public BodyReadTimeoutException(Duration timeout) {
		super("The request body did not arrive within " + describe(timeout)
				+ ", the configured limit (xent.limits.body-read-timeout).");
	}

	/** A streamed body that fell below the minimum rate. */
	public BodyReadTimeoutException(String message) {
		super(message);
	}

	private static String describe(Duration timeout) {
		long millis = timeout.toMillis();
		return (millis % 1000 == 0) ? (millis / 1000) + " s" : millis + " ms";
	}

}
