package dev.xent;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Memory admission and {@code Expect: 100-continue}, over raw sockets, with a heap budget
 * of about 1.6 MB (a tiny fraction of the test JVM's heap): a JSON document reserves four
 * times its declared length before a byte of it is read.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "xent.memory.heap-fraction=0.0000004", "xent.memory.json-factor=4" })
class AdmissionIntegrationTests {

	private static final String BODY = "{\"predictions\":[0.9,0.2],\"labels\":[1,0]}";

	@LocalServerPort
	private int port;

	private static long budget() {
		return (long) (Runtime.getRuntime().maxMemory() * 0.0000004);
	}

	private static String head(long length, boolean expectContinue) {
		return "POST /v1/cross-entropy/binary HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
				+ (expectContinue ? "Expect: 100-continue\r\n" : "") + "Content-Length: " + length + "\r\n\r\n";
	}

	@Test
	void aSmallRequestIsAdmitted() throws Exception {
		try (RawHttp client = new RawHttp(this.port, 10_000)) {
			RawHttp.Response response = client.send(head(BODY.length(), false) + BODY).readResponse();
			assertThat(response.status()).isEqualTo(200);
		}
	}

	@Test
	void aRequestThatCannotFitAnEmptyBudgetIs413BeforeContinue() throws Exception {
		long length = budget();
		try (RawHttp client = new RawHttp(this.port, 10_000)) {
			RawHttp.Response response = client.send(head(length, true)).readResponse();
			assertThat(response.status()).as("the final answer, not 100 Continue").isEqualTo(413);
			assertThat(response.headers().get("content-type")).isEqualTo("application/problem+json");
			assertThat(response.body()).contains("needs more memory").contains("xent.memory");
		}
	}

	@Test
	void aRequestThatCannotFitNowIs503WithRetryAfter() throws Exception {
		// The first request reserves 4 × 60% of the budget and then sends nothing: its
		// reservation is held while the server waits for its body.
		long holding = budget() * 6 / 10 / 4;
		try (RawHttp first = new RawHttp(this.port, 10_000); RawHttp second = new RawHttp(this.port, 10_000)) {
			first.send(head(holding, false) + "{\"predictions\":[");
			TimeUnit.MILLISECONDS.sleep(300);
			RawHttp.Response busy = second.send(head(holding, true)).readResponse();
			assertThat(busy.status()).isEqualTo(503);
			assertThat(busy.headers().get("retry-after")).isEqualTo("1");
			assertThat(busy.body()).contains("try again");
		}
		// Both connections are gone: the reservation is given back.
		TimeUnit.MILLISECONDS.sleep(300);
		try (RawHttp client = new RawHttp(this.port, 10_000)) {
			assertThat(client.send(head(BODY.length(), false) + BODY).readResponse().status()).isEqualTo(200);
		}
	}

	@Test
	void anAdmittedRequestWithExpectContinueGetsItsContinue() throws Exception {
		// An interim response has no length: it is read until the read times out.
		try (RawHttp client = new RawHttp(this.port, 1500)) {
			client.send(head(BODY.length(), true));
			RawHttp.Response interim = client.readResponse();
			assertThat(interim.status()).isEqualTo(100);
		}
	}

}
