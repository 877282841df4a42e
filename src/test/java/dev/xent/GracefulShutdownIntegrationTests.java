package dev.xent;

import java.net.ConnectException;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Shutdown while requests are under way: new connections are refused, the request in
 * progress completes, and a request that arrives on a connection already open is answered
 * too (Tomcat alone, once paused, would close that connection without an answer).
 */
class GracefulShutdownIntegrationTests {

	private static final String SMALL = "{\"predictions\":[0.5],\"labels\":[1]}";

	@Test
	void answersEveryRequestOnOpenConnectionsAndRefusesNewOnes() throws Exception {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(XentApplication.class)
			.properties("server.port=0", "server.address=127.0.0.1", "spring.main.banner-mode=off")
			.run();
		int port = ((WebServerApplicationContext) context).getWebServer().getPort();
		try (RawHttp slow = new RawHttp(port, 10_000); RawHttp idle = new RawHttp(port, 10_000)) {
			// A request in progress: its body is half sent.
			String body = "{\"predictions\":[0.5,0.25],\"labels\":[1,0]}";
			slow.send(post(body.length()) + body.substring(0, 20));
			// A keep-alive connection, idle after its first request.
			RawHttp.Response first = idle.send(post(SMALL.length()) + SMALL).readResponse();
			assertThat(first.status()).isEqualTo(200);
			assertThat(first.closed()).isFalse();

			CompletableFuture<Void> closing = CompletableFuture.runAsync(context::close);
			long start = System.nanoTime();
			while (accepts(port) && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(10)) {
				Thread.sleep(20);
			}
			assertThat(accepts(port)).as("new connections refused").isFalse();

			RawHttp.Response second = idle.send(post(SMALL.length()) + SMALL).readResponse();
			assertThat(second.status()).as(second.raw()).isEqualTo(200);
			assertThat(second.headers().get("connection")).isEqualTo("close");

			RawHttp.Response inProgress = slow.send(body.substring(20)).readResponse();
			assertThat(inProgress.status()).as(inProgress.raw()).isEqualTo(200);
			assertThat(inProgress.body()).contains("\"count\":2");

			closing.get(20, TimeUnit.SECONDS);
			assertThat(context.isActive()).isFalse();
		}
		finally {
			context.close();
		}
	}

	private static String post(int length) {
		return "POST /v1/cross-entropy/binary HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
				+ "Content-Length: " + length + "\r\n\r\n";
	}

	private static boolean accepts(int port) throws Exception {
		try (Socket socket = new Socket("127.0.0.1", port)) {
			return true;
		}
		catch (ConnectException ex) {
			return false;
		}
	}

}
