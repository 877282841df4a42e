package dev.xent.web;

/**
 * The service cannot take this request now, but could later: its memory or spool is taken
 * by other requests. Answered with 503 and {@code Retry-After}.
 */
public class ServiceBusyException extends RuntimeException {

	public ServiceBusyException(String message) {
		super(message, null, false, false);
	}

}
