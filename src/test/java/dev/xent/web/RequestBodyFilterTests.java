package dev.xent.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipException;

import dev.xent.codec.BodyLimitExceededException;
import dev.xent.codec.BodyReadTimeoutException;
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
 * The request-body filter: its decisions on headers (415, 413 before reading), the
 * decompression of gzip and deflate bodies, and the limits of each format (a JSON
 * document's size and deadline, a stream's optional size and minimum rate), with a clock
 * the test moves by hand.
 */
class RequestBodyFilterTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static final String JSON = "application/json";

	private static final String ARROW = "application/vnd.apache.arrow.stream";

	private final AtomicLong now = new AtomicLong(1_000_000_000L);

	/**
	 * Documents up to 100 bytes in 10 s; streams up to 1000 bytes at 10 bytes/s over 5 s.
	 */
	private final RequestBodyFilter filter = new RequestBodyFilter(
			new RequestBodyFilter.Policy(100, TIMEOUT, 1000, 10, Duration.ofSeconds(5), 10_000),
			new ScoringMetrics(new SimpleMeterRegistry()), this.now::get);

	private MockHttpServletResponse response;

	/** Whether requests declare their Content-Length (else they are sent chunked). */
	private boolean declareLength;

	/**
	 * Reads the body in 4-byte pieces, moving the clock on by {@code step} before each;
	 * returns the bytes read, or -1 when the filter answered without reading.
	 */
	private int readAll(String type, String encoding, byte[] body, Duration step) throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/v1/cross-entropy/binary") {
			@Override
			public long getContentLengthLong() {
				return RequestBodyFilterTests.this.declareLength ? super.getContentLengthLong() : -1;
			}
		};
		request.setContent(body);
		if (type != null) {
			request.setContentType(type);
		}
		if (encoding != null) {
			request.addHeader("Content-Encoding", encoding);
		}
		int[] read = { -1 };
		MockFilterChain chain = new MockFilterChain(new HttpServlet() {
			@Override
			protected void service(HttpServletRequest req, HttpServletResponse res) throws IOException {
				InputStream in = req.getInputStream();
				read[0] = 0;
				byte[] buffer = new byte[4];
				int n;
				do {
					RequestBodyFilterTests.this.now.addAndGet(step.toNanos());
					n = in.read(buffer, 0, buffer.length);
					read[0] += Math.max(n, 0);
				}
				while (n >= 0);
			}
		});
		this.response = new MockHttpServletResponse();
		this.filter.doFilter(request, this.response, chain);
		return read[0];
	}

	private int readAll(byte[] body, Duration step) throws Exception {
		return readAll(JSON, null, body, step);
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

	@Test
	void refusesADeclaredDocumentOverTheLimitBeforeReading() throws Exception {
		this.declareLength = true;
		assertThat(readAll(JSON, null, new byte[101], Duration.ZERO)).isEqualTo(-1);
		assertThat(this.response.getStatus()).isEqualTo(413);
		assertThat(this.response.getContentType()).isEqualTo("application/problem+json");
		assertThat(this.response.getContentAsString()).contains("max-body-bytes");
	}

	@Test
	void aStreamIsNotBoundByTheDocumentLimitNorItsDeadline() throws Exception {
		// 400 bytes at 4 bytes per 0.1 s (40 bytes/s, above the minimum): 10 s in all.
		assertThat(readAll(ARROW, null, new byte[400], Duration.ofMillis(100))).isEqualTo(400);
		assertThatExceptionOfType(BodyLimitExceededException.class)
			.isThrownBy(() -> readAll(ARROW, null, new byte[1001], Duration.ZERO))
			.withMessageContaining("max-stream-bytes");
	}

	@Test
	void aStreamBelowTheMinimumRateTimesOut() {
		// 4 bytes per second is below 10 bytes/s: the check after the 5 s window fails.
		assertThatExceptionOfType(BodyReadTimeoutException.class)
			.isThrownBy(() -> readAll(ARROW, null, new byte[100], Duration.ofSeconds(1)))
			.withMessageContaining("min-stream-rate");
	}

	@Test
	void refusesABodyWithoutContentTypeOrInAnotherCharset() throws Exception {
		assertThat(readAll(null, null, new byte[4], Duration.ZERO)).isEqualTo(-1);
		assertThat(this.response.getStatus()).isEqualTo(415);
		assertThat(this.response.getContentAsString()).contains("no Content-Type");
		assertThat(readAll("application/json; charset=ISO-8859-1", null, new byte[4], Duration.ZERO)).isEqualTo(-1);
		assertThat(this.response.getStatus()).isEqualTo(415);
		assertThat(this.response.getContentAsString()).contains("UTF-8");
		assertThat(readAll("application/x-ndjson; charset=utf-16", null, new byte[4], Duration.ZERO)).isEqualTo(-1);
		assertThat(this.response.getStatus()).isEqualTo(415);
		assertThat(readAll("application/json; charset=utf-8", null, new byte[4], Duration.ZERO)).isEqualTo(4);
	}

	@Test
	void refusesAnUnsupportedCodingNamingTheSupportedOnes() throws Exception {
		assertThat(readAll(JSON, "br", new byte[4], Duration.ZERO)).isEqualTo(-1);
		assertThat(this.response.getStatus()).isEqualTo(415);
		assertThat(this.response.getHeader("Accept-Encoding")).isEqualTo("gzip, deflate");
	}

	@Test
	void decompressesGzipAndDeflateBodies() throws Exception {
		byte[] plain = "0123456789".repeat(5).getBytes();
		assertThat(readAll(JSON, "gzip", gzip(plain), Duration.ZERO)).isEqualTo(50);
		assertThat(readAll(JSON, "deflate", deflate(plain), Duration.ZERO)).isEqualTo(50);
	}

	@Test
	void limitsApplyToTheDecompressedBytes() throws Exception {
		byte[] bomb = gzip(new byte[100_000]);
		assertThat(bomb.length).isLessThan(200);
		assertThatExceptionOfType(BodyLimitExceededException.class)
			.isThrownBy(() -> readAll(JSON, "gzip", bomb, Duration.ZERO));
		assertThatExceptionOfType(BodyLimitExceededException.class)
			.isThrownBy(() -> readAll(ARROW, "gzip", bomb, Duration.ZERO));
	}

	@Test
	void aCorruptOrRawDeflateBodyFailsItsRead() throws Exception {
		byte[] corrupt = gzip("0123456789".getBytes());
		corrupt[12] ^= 0x55;
		assertThatExceptionOfType(IOException.class).isThrownBy(() -> readAll(JSON, "gzip", corrupt, Duration.ZERO));
		java.util.zip.Deflater raw = new java.util.zip.Deflater(6, true);
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (DeflaterOutputStream out = new DeflaterOutputStream(bytes, raw)) {
			out.write("0123456789".getBytes());
		}
		assertThatExceptionOfType(ZipException.class)
			.isThrownBy(() -> readAll(JSON, "deflate", bytes.toByteArray(), Duration.ZERO));
	}

	static byte[] gzip(byte[] plain) throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
			out.write(plain);
		}
		return bytes.toByteArray();
	}

	static byte[] deflate(byte[] plain) throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (DeflaterOutputStream out = new DeflaterOutputStream(bytes)) {
			out.write(plain);
		}
		return bytes.toByteArray();
	}

}
