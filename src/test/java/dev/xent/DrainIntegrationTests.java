package dev.xent;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An error found early in a body that the client keeps sending: the rest is read and
 * discarded before the answer (so a client that sends first and reads after sees it, and
 * the connection stays usable), up to the drain limit (1 MB here), beyond which the
 * answer closes the connection.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "xent.limits.drain-limit=4MB")
class DrainIntegrationTests {

	@LocalServerPort
	private int port;

	private static byte[] bodyWithAnEarlyError(int size) {
		StringBuilder body = new StringBuilder("{\"label_smoothing\":0.1,\"predictions\":[");
		while (body.length() < size - 40) {
			body.append("0.5,");
		}
		body.append("0.5],\"labels\":[1]}");
		return body.toString().getBytes(StandardCharsets.US_ASCII);
	}

	private static String head(int length) {
		return "POST /v1/cross-entropy/binary HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
				+ "Content-Length: " + length + "\r\n\r\n";
	}

	@Test
	void theRestOfTheBodyIsDrainedBeforeTheAnswer() throws Exception {
		// 3 MB: far more than the socket buffers hold, so the send would stall unless the
		// service reads the body to its end.
		byte[] body = bodyWithAnEarlyError(3 * 1024 * 1024);
		try (RawHttp client = new RawHttp(this.port, 10_000)) {
			client.send(head(body.length));
			// The whole body goes out before anything is read back, as HTTP clients do.
			client.send(body);
			RawHttp.Response response = client.readResponse();
			assertThat(response.status()).isEqualTo(400);
			assertThat(response.body()).contains("label_smoothing").contains("labelSmoothing");
		}
	}

	@Test
	void beyondTheDrainLimitTheAnswerClosesTheConnection() throws Exception {
		byte[] body = bodyWithAnEarlyError(12 * 1024 * 1024);
		try (RawHttp client = new RawHttp(this.port, 10_000)) {
			client.send(head(body.length));
			client.send(java.util.Arrays.copyOf(body, 5 * 1024 * 1024));
			RawHttp.Response response = client.readResponse();
			assertThat(response.status()).isEqualTo(400);
			assertThat(response.headers().get("connection")).isEqualTo("close");
		}
	}

}
