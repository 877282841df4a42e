package dev.xent;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the service gives away, over real HTTP: only the probes, info and metrics of the
 * actuator; no server name or version in any header or error body, Tomcat's own errors
 * included; and no error that echoes a large input back.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SecurityIntegrationTests {

	/** What an error body must never contain: product names, versions, Java internals. */
	private static final List<String> LEAKS = List.of("Tomcat", "tomcat", "Spring", "spring", "Apache", "Jackson",
			"jackson", "Exception", "java.", "jakarta.", "dev.xent", "11.0.", "4.1.", "\tat ", "StreamRead", "Feature",
			"`");

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@LocalServerPort
	private int port;

	@ParameterizedTest
	@ValueSource(strings = { "/actuator", "/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness",
			"/actuator/info", "/actuator/prometheus" })
	void exposesTheProbesInfoAndMetrics(String path) throws Exception {
		HttpResponse<String> response = get(path);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Server")).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "env", "beans", "heapdump", "threaddump", "configprops", "loggers", "metrics", "shutdown",
			"mappings", "conditions", "scheduledtasks", "caches", "httpexchanges", "sbom", "startup", "logfile",
			"auditevents", "sessions", "quartz", "integrationgraph", "env/PATH" })
	void hidesEveryOtherActuatorEndpoint(String endpoint) throws Exception {
		for (HttpResponse<String> response : List.of(get("/actuator/" + endpoint),
				send(HttpRequest.newBuilder(uri("/actuator/" + endpoint))
					.header("Content-Type", "application/json")
					.POST(HttpRequest.BodyPublishers.ofString("{}"))))) {
			assertThat(response.statusCode()).as(response.request().method() + " " + endpoint).isEqualTo(404);
			assertProblemWithoutLeaks(response.headers().firstValue("Content-Type").orElse(""), response.body());
			assertThat(response.headers().firstValue("Server")).isEmpty();
		}
		assertThat(get("/actuator").body()).doesNotContain("/actuator/" + endpoint + "\"");
	}

	@Test
	void namesNoServerInHeadersOrErrorBodies() throws Exception {
		List<HttpResponse<String>> responses = List.of(get("/v1/cross-entropy/binary"), get("/nowhere"),
				post("{\"predictions\":[0.5],\"labels\":[1]}"), post("{"), post("{\"predictions\":[2],\"labels\":[1]}"),
				send(HttpRequest.newBuilder(uri("/v1/cross-entropy/binary"))
					.header("Content-Type", "text/plain")
					.POST(HttpRequest.BodyPublishers.ofString("x"))));
		for (HttpResponse<String> response : responses) {
			assertThat(response.headers().firstValue("Server")).isEmpty();
			assertThat(response.headers().firstValue("X-Powered-By")).isEmpty();
			if (response.statusCode() >= 400) {
				assertProblemWithoutLeaks(response.headers().firstValue("Content-Type").orElse(""), response.body());
			}
		}
		assertThat(responses).extracting(HttpResponse::statusCode).containsExactly(405, 404, 200, 400, 422, 415);
	}

	@ParameterizedTest
	@ValueSource(strings = { "GET /a b c HTTP/1.1", "GARBAGE\u0001 / HTTP/1.1", "GET /%zz HTTP/1.1",
			"GET /../../etc/passwd HTTP/1.1", "GET /?q=\u007f HTTP/1.1", "GET / HTTP/1.1\r\nBad Header" })
	void answersAMalformedRequestWithoutNamingTheServer(String head) throws Exception {
		try (RawHttp client = new RawHttp(this.port, 5_000)) {
			RawHttp.Response response = client.send(head + "\r\nHost: 127.0.0.1\r\n\r\n").readResponse();
			assertThat(response.status()).as(response.raw()).isEqualTo(400);
			assertThat(response.headers()).doesNotContainKey("server");
			assertProblemWithoutLeaks(response.headers().getOrDefault("content-type", ""), response.body());
			assertThat(response.raw()).doesNotContain("Tomcat", "<html");
		}
	}

	@Test
	void answersAnUnsupportedHttpVersionWithoutNamingTheServer() throws Exception {
		try (RawHttp client = new RawHttp(this.port, 5_000)) {
			RawHttp.Response response = client.send("GET / HTTP/9.9\r\nHost: 127.0.0.1\r\n\r\n").readResponse();
			assertThat(response.status()).as(response.raw()).isEqualTo(505);
			assertThat(response.headers()).doesNotContainKey("server");
			assertProblemWithoutLeaks(response.headers().getOrDefault("content-type", ""), response.body());
		}
	}

	@Test
	void doesNotEchoALargeUnknownFieldName() throws Exception {
		for (String name : List.of("x".repeat(10_000), "y".repeat(900))) {
			HttpResponse<String> response = post("{\"" + name + "\":1,\"predictions\":[0.5],\"labels\":[1]}");
			assertThat(response.statusCode()).isEqualTo(400);
			assertSmallAndNoEcho(response.body(), name);
		}
	}

	@Test
	void doesNotEchoALargeStringValue() throws Exception {
		for (String value : List.of("v".repeat(10_000), "w".repeat(900))) {
			String string = "\"" + value + "\"";
			for (String body : List.of("{\"inputType\":" + string + ",\"predictions\":[0.5],\"labels\":[1]}",
					"{\"reduction\":" + string + ",\"predictions\":[0.5],\"labels\":[1]}",
					"{\"predictions\":" + string + ",\"labels\":[1]}", "{\"predictions\":[" + string + "]}",
					"{\"predictions\":[0.5],\"labels\":[1],\"posWeight\":" + string + "}")) {
				HttpResponse<String> response = post(body);
				assertThat(response.statusCode()).as(body.substring(0, 20)).isIn(400, 422);
				assertSmallAndNoEcho(response.body(), value);
			}
		}
	}

	@Test
	void doesNotEchoALargeNumberOrDeepNesting() throws Exception {
		String number = "1".repeat(10_000);
		assertSmallAndNoEcho(post("{\"predictions\":[" + number + "],\"labels\":[1]}").body(), number);
		String nested = "[".repeat(5_000);
		assertSmallAndNoEcho(post("{\"predictions\":" + nested).body(), nested);
	}

	@Test
	void optionsListsTheMethodsAndSendsNoEmptyHeader() throws Exception {
		try (RawHttp client = new RawHttp(this.port, 5_000)) {
			RawHttp.Response response = client
				.send("OPTIONS /v1/cross-entropy/binary HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n\r\n")
				.readResponse();
			assertThat(response.status()).isEqualTo(200);
			assertThat(response.headers().get("allow")).contains("POST");
			assertThat(response.headers()).as("headers with an empty value").allSatisfy((name, value) -> {
				assertThat(value).as(name).isNotBlank();
			});
		}
	}

	private static void assertSmallAndNoEcho(String body, String input) {
		assertThat(body.length()).isLessThan(2048);
		assertThat(body).doesNotContain(input.substring(0, 100));
		assertThat(LEAKS).noneMatch(body::contains);
	}

	private static void assertProblemWithoutLeaks(String contentType, String body) {
		assertThat(contentType).startsWith("application/problem+json");
		assertThat(body).contains("\"status\":", "\"title\":");
		assertThat(LEAKS).as(body).noneMatch(body::contains);
	}

	private HttpResponse<String> get(String path) throws Exception {
		return send(HttpRequest.newBuilder(uri(path)));
	}

	private HttpResponse<String> post(String json) throws Exception {
		return send(HttpRequest.newBuilder(uri("/v1/cross-entropy/binary"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json)));
	}

	private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
		return this.http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

}
