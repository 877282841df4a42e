package dev.xent.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * JSON Lines bodies over real HTTP: the aggregates equal, bit for bit, those of the same
 * data sent as a JSON document (across batch boundaries, with options as query
 * parameters), and errors are problem details whose entries carry the physical line.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "xent.limits.max-line-bytes=2KB")
class JsonLinesEndpointTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String NDJSON = "application/x-ndjson";

	private static final String JSONL = "application/jsonl";

	/** More samples than one JSON Lines batch holds (8192), so sums cross batches. */
	private static final int SAMPLES = 20_000;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@LocalServerPort
	private int port;

	private HttpResponse<String> post(String path, String contentType, String body) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.timeout(Duration.ofSeconds(30))
			.header("Content-Type", contentType)
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private JsonNode ok(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/json"));
		return JSON.readTree(response.body());
	}

	private JsonNode problem(HttpResponse<String> response, int status) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(response.body()).doesNotContain("Exception").doesNotContain("at dev.xent");
		JsonNode problem = JSON.readTree(response.body());
		assertThat(problem.get("status").asInt()).isEqualTo(status);
		return problem;
	}

	/** The aggregates of both answers, compared as written and as bits. */
	private static void assertSameAggregates(JsonNode lines, JsonNode document) {
		assertThat(lines.get("count").asLong()).isEqualTo(document.get("count").asLong());
		for (String field : new String[] { "weightSum", "sum", "mean" }) {
			assertThat(lines.get(field).toString()).as(field).isEqualTo(document.get(field).toString());
			assertThat(Double.doubleToRawLongBits(lines.get(field).asDouble())).as(field)
				.isEqualTo(Double.doubleToRawLongBits(document.get(field).asDouble()));
		}
		assertThat(lines.has("losses")).isFalse();
		assertThat(lines.has("gradients")).isFalse();
	}

	private static String number(SplittableRandom random, double min, double max) {
		return Float.toString((float) random.nextDouble(min, max)).replace("E", "e");
	}

	@Test
	void binaryAggregatesEqualTheJsonDocumentsBitForBit() throws Exception {
		SplittableRandom random = new SplittableRandom(1);
		StringBuilder lines = new StringBuilder();
		StringBuilder predictions = new StringBuilder();
		StringBuilder labels = new StringBuilder();
		StringBuilder weights = new StringBuilder();
		for (int i = 0; i < SAMPLES; i++) {
			String z = number(random, -8, 8);
			String y = random.nextBoolean() ? "1" : "0";
			// weights on some lines of the first and the last batch only: the batch
			// between
			// has none, and every line without one weighs 1
			String w = ((i < 5000 || i > 19_000) && random.nextInt(3) == 0) ? number(random, 0, 4) : null;
			if (i % 1000 == 7) {
				lines.append("\n");
			}
			lines.append("{\"prediction\": ").append(z).append(", \"label\": ").append(y);
			if (w != null) {
				lines.append(", \"sampleWeight\": ").append(w);
			}
			lines.append((i % 2 == 0) ? "}\n" : "}\r\n");
			String comma = (i > 0) ? "," : "";
			predictions.append(comma).append(z);
			labels.append(comma).append(y);
			weights.append(comma).append((w != null) ? w : "1");
		}
		JsonNode document = ok(post("/v1/cross-entropy/binary", "application/json",
				"{\"inputType\":\"logits\",\"reduction\":\"sum\",\"predictions\":[" + predictions + "],\"labels\":["
						+ labels + "],\"sampleWeights\":[" + weights + "]}"));
		JsonNode streamed = ok(
				post("/v1/cross-entropy/binary?inputType=logits&reduction=sum", NDJSON, lines.toString()));
		assertThat(streamed.get("count").asLong()).isEqualTo(SAMPLES);
		assertSameAggregates(streamed, document);
	}

	@Test
	void multilabelAggregatesWithClassWeightsEqualTheJsonDocumentsBitForBit() throws Exception {
		SplittableRandom random = new SplittableRandom(2);
		StringBuilder lines = new StringBuilder();
		StringBuilder predictions = new StringBuilder();
		StringBuilder labels = new StringBuilder();
		for (int i = 0; i < SAMPLES; i++) {
			String row = "[" + number(random, 0.01, 0.99) + ", " + number(random, 0.01, 0.99) + "]";
			String label = "[" + random.nextInt(2) + ", " + number(random, 0, 1) + "]";
			lines.append("{\"label\": ").append(label).append(", \"prediction\": ").append(row).append("}\n");
			String comma = (i > 0) ? "," : "";
			predictions.append(comma).append(row);
			labels.append(comma).append(label);
		}
		JsonNode document = ok(post("/v1/cross-entropy/multilabel", "application/json",
				"{\"classWeights\":[1,2],\"labelSmoothing\":0.05,\"predictions\":[" + predictions + "],\"labels\":["
						+ labels + "],\"includeLosses\":false}"));
		JsonNode streamed = ok(
				post("/v1/cross-entropy/multilabel?classWeights=1,2&labelSmoothing=0.05", JSONL, lines.toString()));
		assertSameAggregates(streamed, document);
	}

	@Test
	void categoricalAggregatesWithLabelsOrTargetsEqualTheJsonDocumentsBitForBit() throws Exception {
		SplittableRandom random = new SplittableRandom(3);
		StringBuilder labelLines = new StringBuilder();
		StringBuilder targetLines = new StringBuilder();
		StringBuilder predictions = new StringBuilder();
		StringBuilder labels = new StringBuilder();
		StringBuilder targets = new StringBuilder();
		for (int i = 0; i < SAMPLES; i++) {
			String row = "[" + number(random, -5, 5) + "," + number(random, -5, 5) + "," + number(random, -5, 5) + "]";
			int label = (i % 97 == 0) ? -100 : random.nextInt(3);
			String target = (label == -100) ? "[0.25,0.5,0.25]"
					: "[" + ((label == 0) ? 1 : 0) + "," + ((label == 1) ? 1 : 0) + "," + ((label == 2) ? 1 : 0) + "]";
			labelLines.append("{\"prediction\":").append(row).append(",\"label\":").append(label).append("}\n");
			targetLines.append("{\"prediction\":").append(row).append(",\"target\":").append(target).append("}\n");
			String comma = (i > 0) ? "," : "";
			predictions.append(comma).append(row);
			labels.append(comma).append(label);
			targets.append(comma).append(target);
		}
		JsonNode byLabel = ok(post("/v1/cross-entropy/categorical", "application/json",
				"{\"inputType\":\"logits\",\"ignoreIndex\":-100,\"classWeights\":[1,2,0.5],\"predictions\":["
						+ predictions + "],\"labels\":[" + labels + "]}"));
		JsonNode streamedByLabel = ok(post(
				"/v1/cross-entropy/categorical?inputType=logits&ignoreIndex=-100&classWeights=1,2,0.5&includeGradients=false",
				NDJSON, labelLines.toString()));
		assertSameAggregates(streamedByLabel, byLabel);
		assertThat(streamedByLabel.get("count").asLong()).isLessThan(SAMPLES);
		JsonNode byTarget = ok(post("/v1/cross-entropy/categorical", "application/json",
				"{\"inputType\":\"logits\",\"predictions\":[" + predictions + "],\"targets\":[" + targets + "]}"));
		JsonNode streamedByTarget = ok(
				post("/v1/cross-entropy/categorical?inputType=logits", JSONL, targetLines.toString()));
		assertSameAggregates(streamedByTarget, byTarget);
	}

	@Test
	void invalidValuesAreProblemsWhoseErrorsCarryTheirLine() throws Exception {
		JsonNode missing = problem(
				post("/v1/cross-entropy/binary", NDJSON,
						"{\"prediction\":0.5,\"label\":1}\n\n{\"prediction\":0.5,\"label\":0}\n{\"prediction\":0.5}\n"),
				422);
		assertThat(missing.get("type").asString()).isEqualTo("urn:xent:problem:invalid-values");
		assertThat(missing.at("/errors/0/pointer").asString()).isEqualTo("/labels/2");
		assertThat(missing.at("/errors/0/line").asLong()).isEqualTo(4);
		JsonNode outOfRange = problem(
				post("/v1/cross-entropy/categorical", NDJSON,
						"\r\n{\"prediction\":[0.5,0.5],\"label\":1}\r\n\r\n{\"prediction\":[0.5,1.5],\"label\":1}\r\n"),
				422);
		assertThat(outOfRange.at("/errors/0/pointer").asString()).isEqualTo("/predictions/1/1");
		assertThat(outOfRange.at("/errors/0/line").asLong()).isEqualTo(4);
		JsonNode ragged = problem(post("/v1/cross-entropy/multilabel", JSONL,
				"{\"prediction\":[0.5,0.5],\"label\":[1,0]}\n{\"prediction\":[0.5],\"label\":[1]}"), 422);
		assertThat(ragged.at("/errors/0/pointer").asString()).isEqualTo("/predictions/1");
		assertThat(ragged.at("/errors/0/line").asLong()).isEqualTo(2);
	}

	@Test
	void malformedLinesAreProblemsThatNameTheirLine() throws Exception {
		JsonNode unknown = problem(
				post("/v1/cross-entropy/binary", NDJSON,
						"{\"prediction\":0.5,\"label\":1}\n{\"prediction\":0.5,\"label\":1,\"sample_weight\":2}\n"),
				400);
		assertThat(unknown.get("detail").asString()).contains("did you mean \"sampleWeight\"?");
		assertThat(unknown.at("/errors/0/pointer").asString()).isEqualTo("/sample_weight");
		assertThat(unknown.at("/errors/0/line").asLong()).isEqualTo(2);
		JsonNode nullValue = problem(
				post("/v1/cross-entropy/binary", NDJSON, "\n\n{\"prediction\":0.5,\"label\":1,\"sampleWeight\":null}"),
				400);
		assertThat(nullValue.at("/errors/0/pointer").asString()).isEqualTo("/sampleWeights/0");
		assertThat(nullValue.at("/errors/0/line").asLong()).isEqualTo(3);
		JsonNode fraction = problem(
				post("/v1/cross-entropy/categorical", NDJSON, "{\"prediction\":[0.5,0.5],\"label\":1.0}"), 400);
		assertThat(fraction.at("/errors/0/pointer").asString()).isEqualTo("/labels/0");
		// not JSON: no pointer to give, so the line is the problem's own member
		JsonNode syntax = problem(post("/v1/cross-entropy/binary", NDJSON,
				"{\"prediction\":0.5,\"label\":1}\n{\"prediction\":0.5,\"label\":1,}\n"), 400);
		assertThat(syntax.get("line").asLong()).isEqualTo(2);
		assertThat(syntax.get("detail").asString()).contains("line 2");
	}

	@Test
	void aLineOverTheLineLimitIsTooLarge() throws Exception {
		String line = "{\"prediction\":0.5,\"label\":1" + " ".repeat(2048) + "}\n";
		JsonNode problem = problem(
				post("/v1/cross-entropy/binary", NDJSON, "{\"prediction\":0.5,\"label\":1}\n" + line), 413);
		assertThat(problem.get("detail").asString()).contains("Line 2")
			.contains("xent.limits.max-line-bytes")
			.contains("2048");
	}

	@Test
	void aBodyWithoutSamplesIsAnEmptyBatch() throws Exception {
		JsonNode problem = problem(post("/v1/cross-entropy/binary", NDJSON, "\n\n  \n"), 422);
		assertThat(problem.at("/errors/0/pointer").asString()).isEqualTo("/predictions");
	}

	@Test
	void unknownRepeatedOrColumnQueryParametersAreRefused() throws Exception {
		String body = "{\"prediction\":0.5,\"label\":1}\n";
		JsonNode unknown = problem(post("/v1/cross-entropy/binary?input_type=logits", NDJSON, body), 400);
		assertThat(unknown.get("detail").asString()).contains("did you mean \"inputType\"?");
		JsonNode repeated = problem(post("/v1/cross-entropy/binary?reduction=sum&reduction=mean", NDJSON, body), 400);
		assertThat(repeated.get("detail").asString()).contains("Repeated");
		problem(post("/v1/cross-entropy/binary?labels=1", NDJSON, body), 400);
		problem(post("/v1/cross-entropy/multilabel?classWeights=1,,2", JSONL, body), 400);
	}

	@Test
	void perSampleJsonOutputIsRefusedForAStreamedBody() throws Exception {
		String body = "{\"prediction\":0.5,\"label\":1}\n";
		JsonNode losses = problem(post("/v1/cross-entropy/binary?includeLosses=true", NDJSON, body), 422);
		assertThat(losses.at("/errors/0/pointer").asString()).isEqualTo("/includeLosses");
		JsonNode gradients = problem(post("/v1/cross-entropy/binary?includeGradients=true", JSONL, body), 422);
		assertThat(gradients.at("/errors/0/pointer").asString()).isEqualTo("/includeGradients");
		JsonNode off = ok(post("/v1/cross-entropy/binary?includeLosses=false&includeGradients=false", NDJSON, body));
		assertThat(off.get("mean").asDouble()).isCloseTo(-Math.log(0.5), within(1e-15));
	}

	@Test
	void aJsonLinesBodyInAnotherCharsetIsUnsupported() throws Exception {
		problem(post("/v1/cross-entropy/binary", NDJSON + ";charset=ISO-8859-1", "{\"prediction\":0.5,\"label\":1}"),
				415);
	}

	@Test
	void aJsonLinesBodyInUtf8MayNameItsCharset() throws Exception {
		JsonNode answer = ok(post("/v1/cross-entropy/binary", NDJSON + "; charset=utf-8",
				"{\"prediction\":0.25,\"label\":1,\"group\":\"été\"}"));
		assertThat(answer.get("mean").asDouble()).isCloseTo(-Math.log(0.25), within(1e-15));
		assertThat(answer.get("count").asLong()).isEqualTo(1);
	}

}
