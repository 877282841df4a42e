package dev.xent.config;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The service's own settings, {@code xent.*}; each can be set by an environment variable
 * ({@code XENT_LIMITS_MAX_BODY_BYTES=32MB}).
 *
 * @param limits what one request may hold
 * @param spool where per-sample output waits when it does not fit in memory
 * @param arrow the off-heap memory of Arrow bodies and answers
 * @param memory the heap that scoring requests reserve before their bodies are read
 * @param forwarded which callers' Forwarded / X-Forwarded-* headers are honoured
 * @param cors which other origins' pages may call the API from a browser
 * @see XentPropertiesValidator the bounds on these values, checked when they are bound
 */
@ConfigurationProperties("xent")
public record XentProperties(@DefaultValue Limits limits, @DefaultValue Spool spool, @DefaultValue Arrow arrow,
		@DefaultValue Memory memory, @DefaultValue Forwarded forwarded, @DefaultValue Cors cors) {

	/**
	 * What one request may hold, and how long its body may take to arrive. Going over a
	 * size is a 413 (over one of the reader's limits, number or string length, a 400);
	 * taking longer than {@code bodyReadTimeout} is a 408.
	 *
	 * @param maxBodyBytes largest request body, counted while it is read, chunked or not
	 * @param maxNumbers most numbers in one request, over all its arrays
	 * @param maxClasses widest row: classes (categorical) or labels per sample
	 * (multi-label)
	 * @param maxNumberLength most digits in a number literal (its sign, point and
	 * exponent marks not counted)
	 * @param maxStringLength longest string value or field name, in characters
	 * @param bodyReadTimeout longest time from the first byte of a body read to its last;
	 * a body that takes longer is answered with 408. Tomcat bounds each single read (the
	 * wait for the next bytes) by {@code server.tomcat.connection-timeout}, but has no
	 * deadline for a whole body, so a client trickling a byte at a time could otherwise
	 * hold a thread for hours.
	 * @param maxSamples most samples in one request, any body format
	 * @param maxBatchBytes largest Arrow record batch (and dictionary): every length a
	 * stream declares is checked against it before anything is allocated
	 * @param maxLineBytes longest JSON line
	 * @param maxGroups most distinct groups in one request
	 * @param maxStreamBytes largest Arrow or JSON Lines body, decompressed; 0 (the
	 * default) for no limit: a stream is bounded per batch and per line, not as a whole
	 * @param minStreamRate bytes per second an Arrow or JSON Lines body must keep on
	 * average over {@code streamRateWindow} (408 below it; 0 for no minimum): a stream
	 * has no whole-body deadline, so this keeps a stalled upload from holding a thread
	 * @param streamRateWindow the window of that average
	 * @param drainLimit when an error is found before a body ends, most bytes of the rest
	 * read and discarded before the answer (clients send first and read after); beyond it
	 * the answer closes the connection
	 */
	public record Limits(@DefaultValue("64MB") DataSize maxBodyBytes, @DefaultValue("5000000") long maxNumbers,
			@DefaultValue("10000") int maxClasses, @DefaultValue("100") int maxNumberLength,
			@DefaultValue("1000") int maxStringLength, @DefaultValue("60s") Duration bodyReadTimeout,
			@DefaultValue("1000000000") long maxSamples, @DefaultValue("64MB") DataSize maxBatchBytes,
			@DefaultValue("1MB") DataSize maxLineBytes, @DefaultValue("10000") int maxGroups,
			@DefaultValue("0") DataSize maxStreamBytes, @DefaultValue("1MB") DataSize minStreamRate,
			@DefaultValue("30s") Duration streamRateWindow, @DefaultValue("1GB") DataSize drainLimit) {
	}

	/**
	 * The spool: per-sample output (Arrow answers) beyond a request's memory share waits
	 * in files here until it is sent, then the files are removed.
	 *
	 * @param dir the directory (default {@code xent-spool} in {@code java.io.tmpdir});
	 * give it a disk-backed volume at least as large as the budget
	 * @param budget the bytes all requests' spool files may take together (never more
	 * than the directory's free space at start)
	 * @param memoryPerRequest per-sample output a request keeps in memory before it
	 * spools
	 */
	public record Spool(java.nio.file.Path dir, @DefaultValue("1GB") DataSize budget,
			@DefaultValue("16MB") DataSize memoryPerRequest) {

		public Spool {
			// Not a @DefaultValue: placeholders there are not resolved (it made a
			// directory
			// named "${java.io.tmpdir}" in the working directory).
			if (dir == null) {
				dir = java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "xent-spool");
			}
		}

	}

	/**
	 * Arrow's buffers live off the heap, in one bounded allocator.
	 *
	 * @param maxMemory the bytes all requests' Arrow buffers may take together
	 */
	public record Arrow(@DefaultValue("512MB") DataSize maxMemory) {
	}

	/**
	 * Proxies whose {@code Forwarded} and {@code X-Forwarded-*} headers are honoured;
	 * from any other caller they are removed.
	 *
	 * @param trustedProxies CIDR blocks or addresses; by default loopback and the private
	 * ranges, where a gateway in the same network stands
	 */
	public record Forwarded(@DefaultValue( {
			"127.0.0.0/8", "::1/128", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16",
			"fc00::/7" }) java.util.List<String> trustedProxies){
	}

	/**
	 * Cross-origin calls from browsers: a notebook or dashboard served from another
	 * origin may call the scoring endpoints and the curves when its origin is listed. Off
	 * by default (an empty list): browsers then keep other origins' pages from reading
	 * the answers. Preflights list only the methods each path has (POST for the scoring
	 * endpoints, GET and HEAD for the curves); no credentials.
	 *
	 * @param allowedOrigins origins ({@code https://dash.example.com}), patterns
	 * ({@code https://*.example.com}, {@code http://localhost:[*]}) or {@code *} for any
	 * @param maxAge how long a browser may keep a preflight's answer
	 */
	public record Cors(@DefaultValue java.util.List<String> allowedOrigins, @DefaultValue("30m") Duration maxAge) {
	}

	/**
	 * The heap share of the memory budget: every scoring request reserves its worst case
	 * from it before its body is read (413 when a request cannot fit it at all, 503 with
	 * Retry-After when it cannot fit now). The off-heap share is {@code arrow.maxMemory}.
	 *
	 * @param heapFraction the fraction of the JVM's maximum heap that requests may
	 * reserve together; the rest is the service's own
	 * @param jsonFactor heap bytes a JSON document may take per byte of its body (its
	 * numbers as doubles, the reader's blocks, and the per-sample output)
	 */
	public record Memory(@DefaultValue("0.6") double heapFraction, @DefaultValue("4") int jsonFactor) {
	}

}
