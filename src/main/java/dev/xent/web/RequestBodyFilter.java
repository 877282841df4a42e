package dev.xent.web;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

import dev.xent.codec.BodyLimitExceededException;
import dev.xent.codec.BodyReadTimeoutException;
import dev.xent.error.ProblemResponses;
import dev.xent.error.ProblemTypes;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The door of the scoring endpoints: what can be decided from the headers is decided
 * before a byte of the body is read, and the body is then read through the limits of its
 * format.
 * <p>
 * <b>Headers.</b> A body without {@code Content-Type}, JSON or JSON Lines in a charset
 * other than UTF-8, or a {@code Content-Encoding} other than gzip and deflate is a 415
 * (with {@code Accept-Encoding} naming the codings that are); a JSON document whose
 * declared {@code Content-Length} is over the document limit is a 413.
 * <p>
 * <b>Body.</b> gzip and deflate (zlib, RFC 1950) bodies are decompressed here, and every
 * size limit applies to the decompressed bytes, so a decompression bomb stops at the
 * limit (413). A JSON document is bounded in size ({@code xent.limits.max-body-bytes})
 * and in time: once its first read has started, past
 * {@code xent.limits.body-read-timeout} the stream fails with 408 (Tomcat bounds each
 * single read by {@code server.tomcat.connection-timeout}, not their sum). An Arrow or
 * JSON Lines body has no total size unless {@code xent.limits.max-stream-bytes} sets one,
 * and no deadline: instead it must keep a minimum rate
 * ({@code xent.limits.min-stream-rate} averaged over
 * {@code xent.limits.stream-rate-window}), or fail with 408.
 * <p>
 * Last, it records the size of every scoring request for the metrics.
 */
public final class RequestBodyFilter extends OncePerRequestFilter {

	/**
	 * @param maxDocumentBytes largest JSON document (decompressed)
	 * @param documentTimeout longest time a JSON document may take to arrive
	 * @param maxStreamBytes largest Arrow or JSON Lines body (decompressed), or 0 for no
	 * limit
	 * @param minStreamRate bytes per second a streamed body must keep, averaged over the
	 * window (0: no minimum)
	 * @param rateWindow the window of the rate
	 * @param drainLimit most bytes of an unread body read and discarded before an error
	 * is answered; beyond it the answer closes the connection
	 */
	public record Policy(long maxDocumentBytes, Duration documentTimeout, long maxStreamBytes, long minStreamRate,
			Duration rateWindow, long drainLimit) {
	}

	static final String ACCEPTED_ENCODINGS = "gzip, deflate";

	private final Policy policy;

	private final ScoringMetrics metrics;

	private final LongSupplier nanoTime;

	public RequestBodyFilter(Policy policy, ScoringMetrics metrics) {
		this(policy, metrics, System::nanoTime);
	}

	RequestBodyFilter(Policy policy, ScoringMetrics metrics, LongSupplier nanoTime) {
		this.policy = policy;
		this.metrics = metrics;
		this.nanoTime = nanoTime;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !request.getRequestURI().contains("/v1/") || !"POST".equals(request.getMethod());
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String contentType = request.getContentType();
		if (contentType == null || contentType.isBlank()) {
			unsupported(request, response, "The request has no Content-Type; send application/json, "
					+ "application/vnd.apache.arrow.stream, application/x-ndjson or application/jsonl.");
			return;
		}
		MediaType type;
		try {
			type = MediaType.parseMediaType(contentType);
		}
		catch (InvalidMediaTypeException ex) {
			unsupported(request, response, "The Content-Type is not a valid media type.");
			return;
		}
		ScoringService.Format format = ScoringService.formatOf(type);
		if (format == null) {
			// Not a body the scoring endpoints take: Spring MVC answers 415 with the
			// accepted types.
			chain.doFilter(request, response);
			return;
		}
		if (format != ScoringService.Format.ARROW && !utf8(type)) {
			unsupported(request, response, "JSON and JSON Lines bodies must be UTF-8, not "
					+ type.getParameter("charset") + "; send them as UTF-8 (or leave the charset out).");
			return;
		}
		String coding = coding(request.getHeader(HttpHeaders.CONTENT_ENCODING));
		if (coding == null) {
			response.setHeader(HttpHeaders.ACCEPT_ENCODING, ACCEPTED_ENCODINGS);
			unsupported(request, response, "The Content-Encoding is not supported; send the body as is, or "
					+ "compressed with gzip or deflate (zlib).");
			return;
		}
		boolean document = format == ScoringService.Format.JSON;
		long declared = request.getContentLengthLong();
		if (document && declared > this.policy.maxDocumentBytes()) {
			this.metrics.requestBytes(declared);
			drainBeforeAnswer(request, response, request.getInputStream(), declared);
			ProblemResponses.write(response, HttpStatus.CONTENT_TOO_LARGE, ProblemTypes.PAYLOAD_TOO_LARGE,
					"Payload too large", new BodyLimitExceededException(this.policy.maxDocumentBytes()).getMessage(),
					request.getRequestURI());
			return;
		}
		Clock clock = document ? new Deadline(this.policy.documentTimeout(), this.nanoTime)
				: new MinimumRate(this.policy.minStreamRate(), this.policy.rateWindow(), this.nanoTime);
		long limit = document ? this.policy.maxDocumentBytes()
				: ((this.policy.maxStreamBytes() > 0) ? this.policy.maxStreamBytes() : Long.MAX_VALUE);
		BodyRequest body = new BodyRequest(request, coding, clock, limit, document);
		try {
			chain.doFilter(body, new DrainingResponse(response, body, declared));
		}
		finally {
			this.metrics.requestBytes((declared >= 0) ? declared : body.wireBytes());
		}
	}

	/**
	 * Drains the rest of an unread body just before an error answer is written (whoever
	 * writes it: the problem-details advice, Spring MVC, the error page), while nothing
	 * of the answer has been sent and its headers can still change.
	 */
	private final class DrainingResponse extends HttpServletResponseWrapper {

		private final BodyRequest body;

		private final long declared;

		private boolean checked;

		DrainingResponse(HttpServletResponse response, BodyRequest body, long declared) {
			super(response);
			this.body = body;
			this.declared = declared;
		}

		private void beforeAnswer() throws IOException {
			if (this.checked) {
				return;
			}
			this.checked = true;
			int status = getStatus();
			if (status >= 400 && status != HttpStatus.REQUEST_TIMEOUT.value() && !this.body.ended()) {
				drainBeforeAnswer(this.body, (HttpServletResponse) getResponse(), this.body.wire(), this.declared);
			}
		}

		@Override
		public ServletOutputStream getOutputStream() throws IOException {
			beforeAnswer();
			return super.getOutputStream();
		}

		@Override
		public java.io.PrintWriter getWriter() throws IOException {
			beforeAnswer();
			return super.getWriter();
		}

		@Override
		public void flushBuffer() throws IOException {
			beforeAnswer();
			super.flushBuffer();
		}

		@Override
		public void sendError(int status) throws IOException {
			setStatus(status);
			beforeAnswer();
			super.sendError(status);
		}

		@Override
		public void sendError(int status, String message) throws IOException {
			setStatus(status);
			beforeAnswer();
			super.sendError(status, message);
		}

	}

	/**
	 * An error was found before the body ended: the rest of the body is read and
	 * discarded unparsed (up to the drain limit, within the body's time rule), so that
	 * the client, which sends its whole body before it reads, can read the answer. A body
	 * that cannot be drained (larger than the limit, too slow, or never to come because
	 * the client waits for {@code 100 Continue}) gets {@code Connection: close}.
	 */
	private void drainBeforeAnswer(HttpServletRequest request, HttpServletResponse response, InputStream wire,
			long declared) {
		boolean waitsForContinue = "100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT))
				&& !((wire instanceof WireStream w) && w.count > 0);
		boolean drained = false;
		if (!waitsForContinue && !response.isCommitted() && declared <= this.policy.drainLimit()) {
			drained = drain(wire, this.policy.drainLimit());
		}
		if (!drained && !response.isCommitted()) {
			response.setHeader(HttpHeaders.CONNECTION, "close");
		}
	}

	/** Reads and discards up to {@code limit} bytes; whether the body ended. */
	private static boolean drain(InputStream in, long limit) {
		byte[] scratch = new byte[64 * 1024];
		long total = 0;
		try {
			int n;
			while ((n = in.read(scratch, 0, (int) Math.min(scratch.length, limit + 1 - total))) >= 0) {
				total += n;
				if (total > limit) {
					return false;
				}
			}
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static boolean utf8(MediaType type) {
		Charset charset;
		try {
			charset = type.getCharset();
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
		return charset == null || StandardCharsets.UTF_8.equals(charset);
	}

	/** "identity", "gzip" or "deflate"; {@code null} for any other coding. */
	private static String coding(String header) {
		if (header == null || header.isBlank()) {
			return "identity";
		}
		String coding = header.trim().toLowerCase(Locale.ROOT);
		return switch (coding) {
			case "identity" -> "identity";
			case "gzip", "x-gzip" -> "gzip";
			case "deflate" -> "deflate";
			default -> null;
		};
	}

	private void unsupported(HttpServletRequest request, HttpServletResponse response, String detail)
			throws IOException {
		drainBeforeAnswer(request, response,
				new WireStream(request.getInputStream(), new Deadline(this.policy.documentTimeout(), this.nanoTime)),
				request.getContentLengthLong());
		ProblemResponses.write(response, HttpStatus.UNSUPPORTED_MEDIA_TYPE, ProblemTypes.UNSUPPORTED_MEDIA_TYPE,
				"Unsupported media type", detail, request.getRequestURI());
	}

	/** The request with its body read through decompression, limit and clock. */
	private static final class BodyRequest extends HttpServletRequestWrapper {

		private final String coding;

		private final Clock clock;

		private final long limit;

		private final boolean document;

		private WireStream wire;

		private ServletInputStream stream;

		BodyRequest(HttpServletRequest request, String coding, Clock clock, long limit, boolean document) {
			super(request);
			this.coding = coding;
			this.clock = clock;
			this.limit = limit;
			this.document = document;
		}

		long wireBytes() {
			return (this.wire != null) ? this.wire.count : 0;
		}

		/** The bytes as they arrive, for draining (opened if the body was never read). */
		WireStream wire() throws IOException {
			if (this.wire == null) {
				this.wire = new WireStream(super.getInputStream(), this.clock);
			}
			return this.wire;
		}

		/** Whether the whole body has been read. */
		boolean ended() {
			return this.stream instanceof LimitedStream limited && limited.isFinished();
		}

		@Override
		public ServletInputStream getInputStream() throws IOException {
			if (this.stream == null) {
				wire();
				InputStream decoded = switch (this.coding) {
					case "gzip" -> new LazyStream(() -> new GZIPInputStream(this.wire, 64 * 1024));
					case "deflate" -> new InflaterInputStream(this.wire, new Inflater(), 64 * 1024);
					default -> this.wire;
				};
				this.stream = new LimitedStream(decoded, this.limit, this.document, this.wire);
			}
			return this.stream;
		}

		@Override
		public long getContentLengthLong() {
			return "identity".equals(this.coding) ? super.getContentLengthLong() : -1;
		}

		@Override
		public int getContentLength() {
			return "identity".equals(this.coding) ? super.getContentLength() : -1;
		}

		@Override
		public String getHeader(String name) {
			if (HttpHeaders.CONTENT_LENGTH.equalsIgnoreCase(name) && !"identity".equals(this.coding)) {
				return null;
			}
			return super.getHeader(name);
		}

		@Override
		public java.io.BufferedReader getReader() {
			throw new IllegalStateException("scoring requests are read as bytes");
		}

	}

	/** The bytes as they arrive, counted and timed. */
	private static final class WireStream extends InputStream {

		private final ServletInputStream in;

		private final Clock clock;

		private long count;

		WireStream(ServletInputStream in, Clock clock) {
			this.in = in;
			this.clock = clock;
		}

		@Override
		public int read() throws IOException {
			this.clock.check(this.count);
			int b = this.in.read();
			if (b >= 0) {
				this.count++;
			}
			return b;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			this.clock.check(this.count);
			int n = this.in.read(buffer, offset, length);
			if (n > 0) {
				this.count += n;
			}
			return n;
		}

	}

	/**
	 * Opens its stream on the first read: a {@link GZIPInputStream} reads the gzip header
	 * when it is made, which must happen inside the request's body read (where its errors
	 * are answered), not in the filter.
	 */
	private static final class LazyStream extends InputStream {

		private final IoSupplier supplier;

		private InputStream in;

		LazyStream(IoSupplier supplier) {
			this.supplier = supplier;
		}

		private InputStream in() throws IOException {
			if (this.in == null) {
				this.in = this.supplier.get();
			}
			return this.in;
		}

		@Override
		public int read() throws IOException {
			return in().read();
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			return in().read(buffer, offset, length);
		}

	}

	@FunctionalInterface
	private interface IoSupplier {

		InputStream get() throws IOException;

	}

	/** The decompressed body, held to its size limit. */
	private static final class LimitedStream extends ServletInputStream {

		private final InputStream in;

		private final long limit;

		private final boolean document;

		private final WireStream wire;

		private long count;

		private boolean finished;

		LimitedStream(InputStream in, long limit, boolean document, WireStream wire) {
			this.in = in;
			this.limit = limit;
			this.document = document;
			this.wire = wire;
		}

		@Override
		public int read() throws IOException {
			byte[] one = new byte[1];
			int n = read(one, 0, 1);
			return (n < 0) ? -1 : (one[0] & 0xff);
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			int n = this.in.read(buffer, offset, length);
			if (n < 0) {
				this.finished = true;
				return n;
			}
			this.count += n;
			if (this.count > this.limit) {
				throw this.document ? new BodyLimitExceededException(this.limit)
						: new BodyLimitExceededException("The request body is larger than " + this.limit
								+ " bytes, the configured limit (xent.limits.max-stream-bytes).");
			}
			return n;
		}

		@Override
		public boolean isFinished() {
			return this.finished;
		}

		@Override
		public boolean isReady() {
			return true;
		}

		@Override
		public void setReadListener(ReadListener listener) {
			throw new IllegalStateException("scoring requests are read blocking");
		}

	}

	/** The time rule of a body, checked before every read. */
	private interface Clock {

		void check(long bytesSoFar) throws BodyReadTimeoutException;

	}

	/** A JSON document's time, counted from its first read. */
	private static final class Deadline implements Clock {

		private final Duration timeout;

		private final LongSupplier nanoTime;

		private long start;

		private boolean started;

		Deadline(Duration timeout, LongSupplier nanoTime) {
			this.timeout = timeout;
			this.nanoTime = nanoTime;
		}

		@Override
		public void check(long bytesSoFar) throws BodyReadTimeoutException {
			long now = this.nanoTime.getAsLong();
			if (!this.started) {
				this.started = true;
				this.start = now;
			}
			else if (now - this.start > this.timeout.toNanos()) {
				throw new BodyReadTimeoutException(this.timeout);
			}
		}

	}

	/**
	 * A streamed body's rate: over each window (from the first read on), at least the
	 * minimum rate on average.
	 */
	private static final class MinimumRate implements Clock {

		private final long bytesPerSecond;

		private final long windowNanos;

		private final LongSupplier nanoTime;

		private long windowStart;

		private long windowBytes;

		private boolean started;

		MinimumRate(long bytesPerSecond, Duration window, LongSupplier nanoTime) {
			this.bytesPerSecond = bytesPerSecond;
			this.windowNanos = window.toNanos();
			this.nanoTime = nanoTime;
		}

		@Override
		public void check(long bytesSoFar) throws BodyReadTimeoutException {
			if (this.bytesPerSecond <= 0) {
				return;
			}
			long now = this.nanoTime.getAsLong();
			if (!this.started) {
				this.started = true;
				this.windowStart = now;
				this.windowBytes = bytesSoFar;
				return;
			}
			long elapsed = now - this.windowStart;
			if (elapsed < this.windowNanos) {
				return;
			}
			double rate = (bytesSoFar - this.windowBytes) * 1e9 / elapsed;
			if (rate < this.bytesPerSecond) {
				throw new BodyReadTimeoutException(String.format(Locale.ROOT,
						"The request body arrived at %.0f bytes/s over the last %d s, below the configured minimum of "
								+ "%d bytes/s (xent.limits.min-stream-rate).",
						rate, elapsed / 1_000_000_000L, this.bytesPerSecond));
			}
			this.windowStart = now;
			this.windowBytes = bytesSoFar;
		}

	}

}
