package dev.xent.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import dev.xent.XentApplication;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The readiness gate: an instance reports ready only after it has answered its own
 * warm-up requests (every endpoint and body format, through its own port), and liveness
 * does not wait for them.
 */
class WarmUpIntegrationTests {

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@Test
	void readyOnlyOnceTheWarmUpRequestsAreAnswered() throws Exception {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(XentApplication.class)
			.properties("server.port=0", "server.address=127.0.0.1", "spring.main.banner-mode=off")
			.run("--xent.warm-up.enabled=true")) {
			int port = ((WebServerApplicationContext) context).getWebServer().getPort();
			assertThat(get(port, "/actuator/health/liveness").statusCode()).isEqualTo(200);
			HttpResponse<String> readiness = get(port, "/actuator/health/readiness");
			long start = System.nanoTime();
			while (readiness.statusCode() != 200 && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(60)) {
				assertThat(readiness.statusCode()).as(readiness.body()).isEqualTo(503);
				assertThat(readiness.body()).contains("OUT_OF_SERVICE");
				Thread.sleep(20);
				readiness = get(port, "/actuator/health/readiness");
			}
			assertThat(readiness.statusCode()).as(readiness.body()).isEqualTo(200);
			WarmUp warmUp = context.getBean(WarmUp.class);
			assertThat(warmUp.isWarm()).isTrue();
			assertThat(warmUp.answered()).as("warm-up requests answered with 200")
				.isEqualTo(WarmUp.calls().size() * WarmUp.ROUNDS);
		}
	}

	@Test
	void anInstanceThatCannotAnswerNeverReportsReady() throws Exception {
		// A body limit too small for any request: the warm-up's first request is refused.
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(XentApplication.class)
			.properties("server.port=0", "server.address=127.0.0.1", "spring.main.banner-mode=off")
			.run("--xent.warm-up.enabled=true", "--xent.limits.max-body-bytes=10B")) {
			int port = ((WebServerApplicationContext) context).getWebServer().getPort();
			HttpResponse<String> readiness = get(port, "/actuator/health/readiness");
			long start = System.nanoTime();
			while (!readiness.body().contains("DOWN") && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(60)) {
				Thread.sleep(20);
				readiness = get(port, "/actuator/health/readiness");
			}
			assertThat(readiness.statusCode()).isEqualTo(503);
			assertThat(readiness.body()).contains("DOWN");
			assertThat(context.getBean(WarmUp.class).isWarm()).isFalse();
			assertThat(get(port, "/actuator/health/liveness").statusCode()).as("alive all the same").isEqualTo(200);
		}
	}

	@Test
	void notWarmingUpMeansReadyAtOnce() throws Exception {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(XentApplication.class)
			.properties("server.port=0", "server.address=127.0.0.1", "spring.main.banner-mode=off")
			.run("--xent.warm-up.enabled=false")) {
			int port = ((WebServerApplicationContext) context).getWebServer().getPort();
			assertThat(get(port, "/actuator/health/readiness").statusCode()).isEqualTo(200);
			assertThat(context.getBean(WarmUp.class).answered()).isZero();
		}
	}

	private HttpResponse<String> get(int port, String path) throws Exception {
		return this.client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

}
