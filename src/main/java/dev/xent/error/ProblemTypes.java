package dev.xent.error;

import java.net.URI;

/**
 * The stable {@code type} URIs of the service's problems.
 */
public final class ProblemTypes {

	public static final URI MALFORMED_REQUEST = URI.create("urn:xent:problem:malformed-request");

	public static final URI INVALID_VALUES = URI.create("urn:xent:problem:invalid-values");

	public static final URI PAYLOAD_TOO_LARGE = URI.create("urn:xent:problem:payload-too-large");

	public static final URI REQUEST_TIMEOUT = URI.create("urn:xent:problem:request-timeout");

	public static final URI UNSUPPORTED_MEDIA_TYPE = URI.create("urn:xent:problem:unsupported-media-type");

	public static final URI FORBIDDEN = URI.create("urn:xent:problem:forbidden");

	public static final URI NOT_FOUND = URI.create("urn:xent:problem:not-found");

	public static final URI METHOD_NOT_ALLOWED = URI.create("urn:xent:problem:method-not-allowed");

	public static final URI NOT_ACCEPTABLE = URI.create("urn:xent:problem:not-acceptable");

	public static final URI BUSY = URI.create("urn:xent:problem:busy");

	public static final URI INTERNAL = URI.create("urn:xent:problem:internal-error");

	private ProblemTypes() {
	}

	/**
	 * The type of a problem that only says what HTTP says (Spring's own 404, 405, 406,
	 * 415, and the servlet container's), by status; {@code null} for none of those.
	 */
	public static URI forStatus(int status) {
		return switch (status) {
			case 400 -> MALFORMED_REQUEST;
			case 403 -> FORBIDDEN;
			case 404 -> NOT_FOUND;
			case 405 -> METHOD_NOT_ALLOWED;
			case 406 -> NOT_ACCEPTABLE;
			case 408 -> REQUEST_TIMEOUT;
			case 413 -> PAYLOAD_TOO_LARGE;
			case 415 -> UNSUPPORTED_MEDIA_TYPE;
			case 422 -> INVALID_VALUES;
			case 503 -> BUSY;
			default -> (status >= 500) ? INTERNAL : null;
		};
	}

}
