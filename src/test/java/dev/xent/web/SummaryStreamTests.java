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

/**
 * Summaries over real HTTP: the same samples as a JSON document (options and groups in
 * the document) and as JSON Lines (options as query parameters, {@code group} members,
 * more samples than one batch holds) give the same summaries to the last bit, on every
 * endpoint; the query parameter's errors are problem details with their pointers.
 */
// A context of its own: a shared RANDOM_PORT context that the test framework pauses
// and resumes refuses connections afterwards (TomcatConfiguration.ConnectionDrain closes
// the server socket on stop).
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "summaries.test.context=stream")
class SummaryStreamTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String NDJSON = "application/x-ndjson";

	/**
	 * More samples than one JSON Lines batch holds (8192), so every sum crosses batches.
	 */
	private static final int SAMPLES = 20_000;

	private static final String SUMMARIES = "stderr,accuracy,calibration,worst,groups";

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@LocalServerPort
	private int port;

	private HttpResponse<String> post(String path, String contentType, String body) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.timeout(Duration.ofSeconds(60))
			.header("Content-Type", contentType)
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static JsonNode ok(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return JSON.readTree(response.body());
	}

	private static JsonNode problem(HttpResponse<String> response, int status) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		return JSON.readTree(response.body());
	}

	private static String number(SplittableRandom random, double min, double max) {
		return Float.toString((float) random.nextDouble(min, max)).replace("E", "e");
	}

	/** The same samples as JSON Lines and as the columns of a JSON document. */
	private static final class Samples {

		final StringBuilder lines = new StringBuilder();

		final StringBuilder predictions = new StringBuilder();

		final StringBuilder labels = new StringBuilder();

		final StringBuilder weights = new StringBuilder();

		final StringBuilder groups = new StringBuilder();

		void add(int i, String prediction, String label, String weight, String group) {
			this.lines.append("{\"prediction\":")
				.append(prediction)
				.append(",\"label\":")
				.append(label)
				.append(",\"sampleWeight\":")
				.append(weight)
				.append(",\"group\":")
				.append(group)
				.append("}\n");
			String comma = (i > 0) ? "," : "";
			this.predictions.append(comma).append(prediction);
			this.labels.append(comma).append(label);
			this.weights.append(comma).append(weight);
			this.groups.append(comma).append(group);
		}

		String document(String options) {
			return "{" + options + "\"summaries\":[\"" + SUMMARIES.replace(",", "\",\"") + "\"],\"predictions\":["
					+ this.predictions + "],\"labels\":[" + this.labels + "],\"sampleWeights\":[" + this.weights
					+ "],\"groups\":[" + this.groups + "],\"includeLosses\":false,\"includeGradients\":false}";
		}

	}

	private void assertSameSummaries(String endpoint, Samples samples, String options, String query) throws Exception {
		JsonNode document = ok(post("/v1/" + endpoint, "application/json", samples.document(options)));
		JsonNode streamed = ok(
				post("/v1/" + endpoint + "?summaries=" + SUMMARIES + query, NDJSON, samples.lines.toString()));
		assertThat(streamed.get("count").asLong()).isEqualTo(document.get("count").asLong());
		assertThat(streamed.get("mean").toString()).isEqualTo(document.get("mean").toString());
		JsonNode summaries = streamed.get("summaries");
		assertThat(summaries.propertyNames()).containsExactly("stderr", "accuracy", "calibration", "worst", "groups");
		// the text of every number, so equal to the bit (ShortestDouble round-trips)
		assertThat(summaries.toString()).isEqualTo(document.get("summaries").toString());
		assertThat(summaries.get("groups").size()).isGreaterThan(1);
		assertThat(summaries.get("worst").size()).isEqualTo(10);
		assertThat(summaries.at("/stderr/n").asLong()).isEqualTo(document.get("count").asLong());
	}

	@Test
	void binaryStreamAndDocumentGiveTheSameSummaries() throws Exception {
		SplittableRandom random = new SplittableRandom(21);
		Samples samples = new Samples();
		for (int i = 0; i < SAMPLES; i++) {
			samples.add(i, number(random, -6, 6), random.nextBoolean() ? "1" : "0", number(random, 0, 3),
					"\"" + "abc".charAt(random.nextInt(3)) + "\"");
		}
		assertSameSummaries("cross-entropy/binary", samples, "\"inputType\":\"logits\",\"calibrationBins\":20,",
				"&inputType=logits&calibrationBins=20");
	}

	@Test
	void multilabelStreamAndDocumentGiveTheSameSummaries() throws Exception {
		SplittableRandom random = new SplittableRandom(22);
		Samples samples = new Samples();
		for (int i = 0; i < SAMPLES; i++) {
			samples.add(i, "[" + number(random, 0, 1) + "," + number(random, 0, 1) + "]",
					"[" + random.nextInt(2) + "," + random.nextInt(2) + "]", number(random, 0, 2),
					Integer.toString(random.nextInt(7) - 3));
		}
		assertSameSummaries("cross-entropy/multilabel", samples, "\"labelSmoothing\":0.1,\"worstK\":10,",
				"&labelSmoothing=0.1&worstK=10");
	}

	@Test
	void categoricalStreamAndDocumentGiveTheSameSummaries() throws Exception {
		SplittableRandom random = new SplittableRandom(23);
		Samples samples = new Samples();
		for (int i = 0; i < SAMPLES; i++) {
			String row = "[" + number(random, -4, 4) + "," + number(random, -4, 4) + "," + number(random, -4, 4) + ","
					+ number(random, -4, 4) + "," + number(random, -4, 4) + "," + number(random, -4, 4) + "]";
			String label = (i % 53 == 0) ? "-100" : Integer.toString(random.nextInt(6));
			samples.add(i, row, label, number(random, 0, 2), "\"slice " + random.nextInt(5) + "\"");
		}
		assertSameSummaries("cross-entropy/categorical", samples,
				"\"inputType\":\"logits\",\"ignoreIndex\":-100,\"classWeights\":[1,2,1,1,0.5,1],\"topK\":3,"
						+ "\"indexOffset\":1000000,",
				"&inputType=logits&ignoreIndex=-100&classWeights=1,2,1,1,0.5,1&topK=3&indexOffset=1000000");
	}

	@Test
	void queryParameterErrorsAreProblemsWithPointers() throws Exception {
		String lines = "{\"prediction\":0.5,\"label\":1}\n{\"prediction\":0.2,\"label\":0}\n";
		JsonNode unknown = problem(post("/v1/cross-entropy/binary?summaries=stderr,ece", NDJSON, lines), 422);
		assertThat(unknown.at("/errors/0/pointer").asString()).isEqualTo("/summaries/1");
		JsonNode empty = problem(post("/v1/cross-entropy/binary?summaries=stderr,,worst", NDJSON, lines), 400);
		assertThat(empty.at("/errors/0/pointer").asString()).isEqualTo("/summaries/1");
		JsonNode noGroups = problem(post("/v1/cross-entropy/binary?summaries=groups", NDJSON, lines), 422);
		assertThat(noGroups.at("/errors/0/pointer").asString()).isEqualTo("/groups");
		JsonNode bins = problem(
				post("/v1/cross-entropy/binary?summaries=calibration&calibrationBins=1001", NDJSON, lines), 422);
		assertThat(bins.at("/errors/0/pointer").asString()).isEqualTo("/calibrationBins");
		JsonNode orphan = problem(post("/v1/cross-entropy/binary?worstK=3", NDJSON, lines), 422);
		assertThat(orphan.at("/errors/0/pointer").asString()).isEqualTo("/worstK");
		JsonNode column = problem(post("/v1/cross-entropy/binary?groups=a,b", NDJSON, lines), 400);
		assertThat(column.at("/errors/0/pointer").asString()).isEqualTo("/groups");
	}

}
