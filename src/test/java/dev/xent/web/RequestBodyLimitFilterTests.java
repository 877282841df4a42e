package dev.xent.web;

import dev.xent.codec.BodyLimitExceededException;
import dev.xent.codec.BodyReadTimeoutException;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The body stream's two limits, size and time, with a clock the test moves by hand.
 */
class RequestBodyLimitFilterTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private final AtomicLong now = new AtomicLong(1_000_000_000L);

	private final RequestBodyLimitFilter filter = new RequestBodyLimitFilter(100, TIMEOUT,
			new ScoringMetrics(new SimpleMeterRegistry()), this.now::get);

	/**
	 * Reads the body in 4-byte pieces, moving the clock on by {@code step} before each.
	 */
	private int readAll(byte[] body, Duration step) throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/v1/cross-entropy/binary");
		request.setContent(body);
		int[] read = new int[1];
		MockFilterChain chain = new MockFilterChain(new HttpServlet() {
			@Override
			protected void service(HttpServletRequest req, HttpServletResponse res) throws IOException {
				InputStream in = req.getInputStream();
				byte[] buffer = new byte[4];
				int n;
				do {
					RequestBodyLimitFilterTests.this.now.addAndGet(step.toNanos());
					n = in.read(buffer, 0, buffer.length);
					read[0] += Math.max(n, 0);
				}
				while (n >= 0);
			}
		});
		this.filter.doFilter(request, new MockHttpServletResponse(), chain);
		return read[0];
	}

	@Test
	void readsABodyThatArrivesInTime() throws Exception {
		// 40 bytes in 11 reads of 0.9 s each: 9.9 s from the first read to the last.
		assertThat(readAll(new byte[40], Duration.ofMillis(900))).isEqualTo(40);
	}

	@Test
	void failsOnceTheBodyHasTakenLongerThanTheDeadline() {
		// 40 bytes in reads of 1.1 s: the 11th read starts 11 s after the first.
		assertThatExceptionOfType(BodyReadTimeoutException.class)
			.isThrownBy(() -> readAll(new byte[40], Duration.ofMillis(1100)))
			.withMessageContaining("10 s")
			.withMessageContaining("xent.limits.body-read-timeout");
	}

	@Test
	void countsFromTheFirstReadNotFromTheRequest() throws Exception {
		// The clock is far along before the body is first read (a slow filter, a queue):
		// that is not the body's time.
		this.now.addAndGet(TimeUnit.HOURS.toNanos(1));
		assertThat(readAll(new byte[8], Duration.ofSeconds(4))).isEqualTo(8);
	}

	@Test
	void failsAtTheSizeLimitEvenWhenFast() {
		assertThatExceptionOfType(BodyLimitExceededException.class)
			.isThrownBy(() -> readAll(new byte[101], Duration.ZERO))
			.withMessageContaining("max-body-bytes");
	}

}
