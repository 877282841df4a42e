package dev.xent.api;

import java.io.IOException;

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
 * It also records the size of every scoring request for the metrics.
 */
public final class RequestBodyLimitFilter extends OncePerRequestFilter {

	private final long maxBytes;

	private final ScoringMetrics metrics;

	public RequestBodyLimitFilter(long maxBytes, ScoringMetrics metrics) {
		this.maxBytes = maxBytes;
		this.metrics = metrics;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !request.getRequestURI().contains("/v1/");
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		long declared = request.getContentLengthLong();
		LimitedRequest limited = new LimitedRequest(request, this.maxBytes);
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

		private LimitedStream stream;

		private boolean refused;

		LimitedRequest(HttpServletRequest request, long maxBytes) {
			super(request);
			this.maxBytes = maxBytes;
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
				this.stream = new LimitedStream(super.getInputStream(), this.maxBytes, this.refused);
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

		private long count;

		LimitedStream(ServletInputStream in, long maxBytes, boolean refused) {
			this.in = in;
			this.maxBytes = maxBytes;
			this.refused = refused;
		}

		@Override
		public int read() throws IOException {
			check(0);
			int b = this.in.read();
			if (b >= 0) {
				check(1);
			}
			return b;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			check(0);
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

}
