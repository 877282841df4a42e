package dev.xent;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole application on a random port, over real HTTP: scoring, the OpenAPI document
 * and Swagger UI, the actuator surface, and the body limit enforced while a chunked body
 * streams.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
		"xent.limits.max-body-bytes=1MB", "xent.limits.max-numbers=100000", "xent.limits.drain-limit=8MB" })
class XentApplicationIntegrationTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@LocalServerPort
	private int port;

	private HttpResponse<String> get(String path) throws Exception {
		return this.http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(20)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> post(String path, HttpRequest.BodyPublisher body) throws Exception {
		return this.http.send(HttpRequest.newBuilder(uri(path))
			.timeout(Duration.ofSeconds(20))
			.header("Content-Type", "application/json")
			.POST(body)
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

	@Test
	void scoresOverHttp() throws Exception {
		HttpResponse<String> response = post("/v1/cross-entropy/binary",
				HttpRequest.BodyPublishers.ofString("{\"predictions\":[0.9,0.2],\"labels\":[1,0]}"));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((v) -> assertThat(v).startsWith("application/json"));
		assertThat(response.headers().firstValue("Server")).isEmpty();
		JsonNode body = JSON.readTree(response.body());
		assertThat(body.get("mean").asDouble()).isCloseTo(-(Math.log(0.9) + Math.log(0.8)) / 2,
				org.assertj.core.data.Offset.offset(1e-15));
	}

	@Test
	void servesTheOpenApiDocumentWithEveryEndpointAndItsErrors() throws Exception {
		HttpResponse<String> response = get("/v3/api-docs");
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode doc = JSON.readTree(response.body());
		assertThat(doc.get("openapi").asString()).startsWith("3.1");
		assertThat(doc.at("/info/title").asString()).contains("xent");
		assertThat(doc.at("/info/description").asString()).contains("weightSum");
		for (String endpoint : List.of("binary", "multilabel", "categorical")) {
			JsonNode operation = doc.at("/paths/~1v1~1cross-entropy~1" + endpoint + "/post");
			assertThat(operation.isMissingNode()).as(endpoint).isFalse();
			assertThat(operation.at("/requestBody/content/application~1json/examples").size()).as(endpoint)
				.isGreaterThanOrEqualTo(2);
			assertThat(operation.get("responses").propertyNames()).contains("200", "400", "408", "413", "415", "422");
		}
		JsonNode schemas = doc.at("/components/schemas");
		assertThat(schemas.at("/CategoricalRequest/properties").propertyNames()).contains("labels", "targets",
				"ignoreIndex", "renormalize", "labelSmoothing", "classWeights");
		assertThat(schemas.at("/BinaryRequest/properties/epsilon/default").asDouble()).isEqualTo(Math.ulp(1.0));
		assertThat(schemas.at("/Problem/properties/errors").isMissingNode()).isFalse();
		assertThat(doc.at("/paths").propertyNames()).doesNotContain("/error");
	}

	@Test
	void takesCompressedBodiesAndCompressesAnswersWhenAsked() throws Exception {
		StringBuilder json = new StringBuilder("{\"predictions\":[");
		StringBuilder labels = new StringBuilder("],\"labels\":[");
		for (int i = 0; i < 5000; i++) {
			json.append((i > 0) ? "," : "").append(0.001 + (i % 997) / 1000.0);
			labels.append((i > 0) ? "," : "").append(i % 2);
		}
		byte[] plain = json.append(labels).append("]}").toString().getBytes(StandardCharsets.US_ASCII);
		String expected = post("/v1/cross-entropy/binary", HttpRequest.BodyPublishers.ofByteArray(plain)).body();
		for (String coding : List.of("gzip", "deflate")) {
			java.io.ByteArrayOutputStream compressed = new java.io.ByteArrayOutputStream();
			try (java.io.OutputStream out = coding.equals("gzip") ? new java.util.zip.GZIPOutputStream(compressed)
					: new java.util.zip.DeflaterOutputStream(compressed)) {
				out.write(plain);
			}
			HttpResponse<byte[]> response = this.http.send(HttpRequest.newBuilder(uri("/v1/cross-entropy/binary"))
				.header("Content-Type", "application/json")
				.header("Content-Encoding", coding)
				.header("Accept-Encoding", "gzip")
				.POST(HttpRequest.BodyPublishers.ofByteArray(compressed.toByteArray()))
				.build(), HttpResponse.BodyHandlers.ofByteArray());
			assertThat(response.statusCode()).as(coding).isEqualTo(200);
			assertThat(response.headers().firstValue("Content-Encoding")).as(coding).hasValue("gzip");
			try (java.io.InputStream in = new java.util.zip.GZIPInputStream(
					new java.io.ByteArrayInputStream(response.body()))) {
				assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).as(coding).isEqualTo(expected);
			}
		}
		HttpResponse<String> unsupported = this.http.send(HttpRequest.newBuilder(uri("/v1/cross-entropy/binary"))
			.header("Content-Type", "application/json")
			.header("Content-Encoding", "br")
			.POST(HttpRequest.BodyPublishers.ofByteArray(plain))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(unsupported.statusCode()).isEqualTo(415);
		assertThat(unsupported.headers().firstValue("Accept-Encoding")).hasValue("gzip, deflate");
	}

	@Test
	void servesSwaggerUi() throws Exception {
		HttpResponse<String> redirect = get("/swagger-ui.html");
		assertThat(redirect.statusCode()).isEqualTo(302);
		HttpResponse<String> page = get("/swagger-ui/index.html");
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("swagger-ui");
		HttpResponse<String> config = get("/v3/api-docs/swagger-config");
		assertThat(JSON.readTree(config.body()).get("url").asString()).isEqualTo("/v3/api-docs");
	}

	@Test
	void exposesOnlyHealthInfoAndPrometheus() throws Exception {
		post("/v1/cross-entropy/categorical", HttpRequest.BodyPublishers
			.ofString("{\"inputType\":\"logits\",\"predictions\":[[1,2],[3,4],[0,0]],\"labels\":[0,1,1]}"));
		assertThat(get("/actuator/health").body()).contains("\"UP\"");
		assertThat(get("/actuator/health/liveness").statusCode()).isEqualTo(200);
		assertThat(get("/actuator/health/readiness").statusCode()).isEqualTo(200);
		assertThat(JSON.readTree(get("/actuator/info").body()).at("/build/artifact").asString()).isEqualTo("xent");
		String metrics = get("/actuator/prometheus").body();
		assertThat(metrics)
			.containsPattern("xent_samples_scored_total\\{[^}]*endpoint=\"cross-entropy/categorical\"[^}]*\\} 3\\.0");
		assertThat(metrics).contains("xent_request_size_bytes_bucket");
		for (String hidden : List.of("/actuator/env", "/actuator/beans", "/actuator/heapdump", "/actuator/metrics")) {
			HttpResponse<String> response = get(hidden);
			assertThat(response.statusCode()).as(hidden).isEqualTo(404);
			assertThat(response.headers().firstValue("Content-Type")).as(hidden)
				.hasValueSatisfying((v) -> assertThat(v).contains("json"));
		}
	}

	@Test
	void refusesADeclaredBodyOverTheLimit() throws Exception {
		byte[] body = ("{\"predictions\":[" + "0.5,".repeat(300_000) + "0.5],\"labels\":[1]}")
			.getBytes(StandardCharsets.US_ASCII);
		HttpResponse<String> response = post("/v1/cross-entropy/binary", HttpRequest.BodyPublishers.ofByteArray(body));
		assertThat(response.statusCode()).isEqualTo(413);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(response.body()).contains("max-body-bytes").doesNotContain("0.5,0.5");
		assertServiceStillAnswers();
	}

	@Test
	void stopsReadingAChunkedBodyAtTheLimit() throws Exception {
		// A chunked body that would go on for 1 GiB; the limit is 1 MiB, the drain limit
		// 8
		// MiB: the rest is drained up to that, then the answer closes the connection. A
		// raw
		// socket, so that the answer is read while the body is still being sent.
		try (RawHttp client = new RawHttp(this.port, 20_000)) {
			client.send("POST /v1/cross-entropy/binary HTTP/1.1\r\nHost: 127.0.0.1\r\n"
					+ "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n");
			Thread sender = new Thread(() -> {
				byte[] chunk = ("10000\r\n" + "1,".repeat(0x8000) + "\r\n").getBytes(StandardCharsets.US_ASCII);
				try {
					client.send(("11\r\n{\"predictions\":[1\r\n").getBytes(StandardCharsets.US_ASCII));
					for (int sent = 0; sent < (1 << 14); sent++) {
						client.send(chunk);
					}
				}
				catch (java.io.IOException closedByServer) {
					// expected: the server stops reading at the limit and closes the
					// connection
				}
			});
			sender.setDaemon(true);
			sender.start();
			RawHttp.Response response = client.readResponse();
			assertThat(response.status()).as(response.raw()).isEqualTo(413);
			assertThat(response.headers().get("content-type")).isEqualTo("application/problem+json");
			assertThat(response.body()).contains("urn:xent:problem:payload-too-large");
			assertThat(response.headers().get("connection")).isEqualTo("close");
			sender.join(20_000);
			assertThat(sender.isAlive()).as("the server closed the connection instead of reading 1 GiB").isFalse();
		}
		assertServiceStillAnswers();
	}

	@Test
	void refusesTooManyNumbers() throws Exception {
		String body = "{\"predictions\":[" + "1,".repeat(100_000) + "1],\"labels\":[1]}";
		HttpResponse<String> response = post("/v1/cross-entropy/binary", HttpRequest.BodyPublishers.ofString(body));
		assertThat(response.statusCode()).isEqualTo(413);
		assertThat(response.body()).contains("max-numbers");
	}

	private void assertServiceStillAnswers() throws Exception {
		assertThat(post("/v1/cross-entropy/binary",
				HttpRequest.BodyPublishers.ofString("{\"predictions\":[0.5],\"labels\":[1]}"))
			.statusCode()).isEqualTo(200);
	}

}
