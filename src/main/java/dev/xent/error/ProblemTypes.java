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

	public static final URI BUSY = URI.create("urn:xent:problem:busy");

	public static final URI INTERNAL = URI.create("urn:xent:problem:internal-error");

	private ProblemTypes() {
	}

}
