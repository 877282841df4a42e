package dev.xent.web;

import dev.xent.codec.BodyLimitExceededException;
import dev.xent.codec.BodyReadTimeoutException;

import java.io.IOException;
import java.time.Duration;
import java.util.function.LongSupplier;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Enforces the body-size limit while the body is read. A declared {@code Content-Length}
 * over the limit is refused before a byte is read; a chunked body fails the moment it
 * crosses the limit. Either way the request ends in a 413 (raised as
 * {@link PayloadTooLargeException} and answered by the problem-details advice) and the
 * connection is closed rather than drained.
 * <p>
 * It also puts a deadline on the whole body: Tomcat bounds each read by
 * {@code server.tomcat.connection-timeout} (then answers 408 itself) but not the sum of
 * them, so a client sending a byte now and then could hold a thread for as long as it
 * likes. Once the first read has started, every further read checks the clock, and past
 * the deadline the stream fails with {@link BodyReadTimeoutException}, answered with 408
 * (the connection is then closed, not drained). A thread is thus held by one body for at
 * most the deadline plus one connection timeout.
 * <p>
 * Last, it records the size of every scoring request for the metrics.
 */
public final class RequestBodyLimitFilter extends OncePerRequestFilter {

	private final long maxBytes;

	private final Duration readTimeout;

	private final ScoringMetrics metrics;

	private final LongSupplier nanoTime;

	public RequestBodyLimitFilter(long maxBytes, Duration readTimeout, ScoringMetrics metrics) {
		this(maxBytes, readTimeout, metrics, System::nanoTime);
	}

	RequestBodyLimitFilter(long maxBytes, Duration readTimeout, ScoringMetrics metrics, LongSupplier nanoTime) {
		this.maxBytes = maxBytes;
		this.readTimeout = readTimeout;
		this.metrics = metrics;
		this.nanoTime = nanoTime;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !request.getRequestURI().contains("/v1/");
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		long declared = request.getContentLengthLong();
		LimitedRequest limited = new LimitedRequest(request, this.maxBytes,
				new Deadline(this.readTimeout, this.nanoTime));
		if (declared > this.maxBytes) {
			limited.refuse();
		}
		try {
			chain.doFilter(limited, response);
		}
		finally {
			this.metrics.requestBytes((declared >= 0) ? declared : limited.bytesRead());
		}
	}

	private static final class LimitedRequest extends HttpServletRequestWrapper {

		private final long maxBytes;

		private final Deadline deadline;

		private LimitedStream stream;

		private boolean refused;

		LimitedRequest(HttpServletRequest request, long maxBytes, Deadline deadline) {
			super(request);
			this.maxBytes = maxBytes;
			this.deadline = deadline;
		}

		void refuse() {
			this.refused = true;
		}

		long bytesRead() {
			return (this.stream != null) ? this.stream.count : 0;
		}

		@Override
		public ServletInputStream getInputStream() throws IOException {
			if (this.stream == null) {
				this.stream = new LimitedStream(super.getInputStream(), this.maxBytes, this.refused, this.deadline);
			}
			return this.stream;
		}

		@Override
		public java.io.BufferedReader getReader() {
			throw new IllegalStateException("scoring requests are read as bytes");
		}

	}

	private static final class LimitedStream extends ServletInputStream {

		private final ServletInputStream in;

		private final long maxBytes;

		private final boolean refused;

		private final Deadline deadline;

		private long count;

		LimitedStream(ServletInputStream in, long maxBytes, boolean refused, Deadline deadline) {
			this.in = in;
			this.maxBytes = maxBytes;
			this.refused = refused;
			this.deadline = deadline;
		}

		@Override
		public int read() throws IOException {
			check(0);
			this.deadline.check();
			int b = this.in.read();
			if (b >= 0) {
				check(1);
			}
			return b;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			check(0);
			this.deadline.check();
			int n = this.in.read(buffer, offset, length);
			if (n > 0) {
				check(n);
			}
			return n;
		}

		private void check(int added) throws BodyLimitExceededException {
			this.count += added;
			if (this.refused || this.count > this.maxBytes) {
				throw new BodyLimitExceededException(this.maxBytes);
			}
		}

		@Override
		public boolean isFinished() {
			return this.in.isFinished();
		}

		@Override
		public boolean isReady() {
			return this.in.isReady();
		}

		@Override
		public void setReadListener(ReadListener listener) {
			this.in.setReadListener(listener);
		}

	}

	/** The time one body may take, counted from its first read. */
	private static final class Deadline {

		private final Duration timeout;

		private final LongSupplier nanoTime;

		private long start;

		private boolean started;

		Deadline(Duration timeout, LongSupplier nanoTime) {
			this.timeout = timeout;
			this.nanoTime = nanoTime;
		}

		/**
		 * Starts the clock on the first call; on later ones, fails once the time is up.
		 */
		void check() throws BodyReadTimeoutException {
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

}
