package dev.xent;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Clients that send a body too slowly, stop sending, or go away half-way, over raw
 * sockets: each gets its thread back within the configured time (2 s here for both the
 * wait for the next bytes and the whole body), and none leaves more than a log line.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "server.tomcat.connection-timeout=2s", "xent.limits.body-read-timeout=2s" })
@ExtendWith(OutputCaptureExtension.class)
class SlowClientIntegrationTests {

	private static final String HEAD = "POST /v1/cross-entropy/binary HTTP/1.1\r\nHost: 127.0.0.1\r\n"
			+ "Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n";

	@LocalServerPort
	private int port;

	@Test
	void aTricklingBodyIsAnswered408AtTheDeadline() throws Exception {
		try (RawHttp client = new RawHttp(this.port, 10_000)) {
			client.send(HEAD + "{\"predictions\":[");
			long start = System.nanoTime();
			// Two bytes every 100 ms: never quiet long enough for the 2 s read timeout,
			// but never done.
			while (!client.answered() && elapsed(start) < 10) {
				client.send("0,");
				Thread.sleep(100);
			}
			double seconds = elapsed(start);
			RawHttp.Response response = client.readResponse();
			assertThat(response.status()).as(response.raw()).isEqualTo(408);
			assertThat(response.headers().get("content-type")).startsWith("application/problem+json");
			assertThat(response.body()).contains("urn:xent:problem:request-timeout", "xent.limits.body-read-timeout");
			assertThat(seconds).isBetween(1.8, 5.0);
			// Closed, not drained: the rest of the body is not waited for.
			assertThat(response.closed() || client.closedByServer()).isTrue();
		}
		assertServiceStillAnswers();
	}

	@Test
	void aStalledBodyIsAnswered408AfterTheReadTimeout() throws Exception {
		try (RawHttp client = new RawHttp(this.port, 10_000)) {
			client.send(HEAD + "{\"predictions\":[0.5,");
			long start = System.nanoTime();
			RawHttp.Response response = client.readResponse();
			double seconds = elapsed(start);
			assertThat(response.status()).as(response.raw()).isEqualTo(408);
			assertThat(response.headers().get("content-type")).startsWith("application/problem+json");
			assertThat(response.body()).doesNotContain("Tomcat", "Exception");
			assertThat(seconds).isBetween(1.8, 5.0);
			assertThat(response.closed() || client.closedByServer()).isTrue();
		}
		assertServiceStillAnswers();
	}

	@Test
	void aStalledBodyBeforeItsFirstByteIsAnswered408Too() throws Exception {
		try (RawHttp client = new RawHttp(this.port, 10_000)) {
			client.send(HEAD);
			long start = System.nanoTime();
			RawHttp.Response response = client.readResponse();
			assertThat(response.status()).as(response.raw()).isEqualTo(408);
			assertThat(elapsed(start)).isBetween(1.8, 5.0);
		}
	}

	@Test
	void aClientLeavingMidBodyLeavesOnlyALogLine(CapturedOutput output) throws Exception {
		try (RawHttp client = new RawHttp(this.port, 10_000)) {
			client.send(HEAD + "{\"predictions\":[" + "0.5,".repeat(1000));
			Thread.sleep(200);
		}
		long start = System.nanoTime();
		while (!output.getAll().contains("Request body could not be read") && elapsed(start) < 10) {
			Thread.sleep(50);
		}
		assertThat(output.getAll()).contains("Request body could not be read (/v1/cross-entropy/binary)")
			.doesNotContain(" ERROR ")
			.doesNotContainPattern("\\n\\s+at [a-z]");
		// The request is recorded once Tomcat is done with it: wait for it, then look for
		// any 5xx.
		String metrics = get("/actuator/prometheus").body();
		while (!metrics.contains("exception=\"EOFException\"") && elapsed(start) < 10) {
			Thread.sleep(50);
			metrics = get("/actuator/prometheus").body();
		}
		assertThat(metrics).containsPattern("http_server_requests_seconds_count\\{[^}]*status=\"400\"")
			.doesNotContainPattern("http_server_requests_seconds_count\\{[^}]*status=\"5");
		assertServiceStillAnswers();
	}

	private static double elapsed(long start) {
		return (System.nanoTime() - start) / 1e9;
	}

	private HttpResponse<String> get(String path) throws Exception {
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
		return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.timeout(Duration.ofSeconds(10))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private void assertServiceStillAnswers() throws Exception {
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
		HttpResponse<String> response = http
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/v1/cross-entropy/binary"))
				.timeout(Duration.ofSeconds(10))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString("{\"predictions\":[0.5],\"labels\":[1]}"))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
	}

}
