package dev.xent.web;

import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * The OpenAPI document describes the summaries: the request options with their exact
 * bounds and defaults, a schema for every summary in the response, and examples whose
 * documented responses are what the service answers.
 */
@SpringBootTest
@AutoConfigureMockMvc
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SummaryApiDocsTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Autowired
	private MockMvc mvc;

	private JsonNode doc;

	@BeforeAll
	void load() throws Exception {
		this.doc = JSON.readTree(this.mvc.perform(get("/v3/api-docs")).andReturn().getResponse().getContentAsString());
	}

	@Test
	void theOptionsHaveTheirExactBoundsAndDefaults() {
		for (String request : List.of("BinaryRequest", "MultilabelRequest", "CategoricalRequest", "FocalBinaryRequest",
				"FocalMultilabelRequest", "FocalCategoricalRequest")) {
			JsonNode p = this.doc.at("/components/schemas/" + request + "/properties");
			assertThat(p.at("/summaries/type").asString()).as(request).isEqualTo("array");
			assertThat(p.at("/summaries/uniqueItems").asBoolean()).isTrue();
			List<String> names = new java.util.ArrayList<>(
					List.of("stderr", "accuracy", "calibration", "worst", "groups", "divergence"));
			if (!request.startsWith("Focal")) {
				names.add("perplexity");
			}
			assertThat(p.at("/summaries/items/enum").valueStream().map(JsonNode::asString).toList()).as(request)
				.containsExactlyElementsOf(names);
			assertThat(p.at("/calibrationBins/type").asString()).isEqualTo("integer");
			assertThat(p.at("/calibrationBins/minimum").asLong()).isEqualTo(2);
			assertThat(p.at("/calibrationBins/maximum").asLong()).isEqualTo(1000);
			assertThat(p.at("/calibrationBins/default").asLong()).isEqualTo(15);
			assertThat(p.at("/worstK/minimum").asLong()).isEqualTo(1);
			assertThat(p.at("/worstK/maximum").asLong()).isEqualTo(1000);
			assertThat(p.at("/worstK/default").asLong()).isEqualTo(10);
			assertThat(p.at("/indexOffset/minimum").asLong()).isEqualTo(0);
			assertThat(p.at("/indexOffset/maximum").asLong()).isEqualTo((1L << 53) - 1);
			assertThat(p.at("/groups/oneOf/0/items/type").asString()).isEqualTo("string");
			assertThat(p.at("/groups/oneOf/1/items/type").asString()).isEqualTo("integer");
			assertThat(p.has("topK")).isEqualTo(request.endsWith("CategoricalRequest"));
		}
		JsonNode topK = this.doc.at("/components/schemas/CategoricalRequest/properties/topK");
		assertThat(topK.at("/minimum").asLong()).isEqualTo(1);
		assertThat(topK.at("/default").asLong()).isEqualTo(5);
		JsonNode parameters = this.doc.at("/paths/~1v1~1cross-entropy~1binary/post/parameters");
		assertThat(parameters.valueStream().map((q) -> q.get("name").asString()).toList())
			.contains("summaries", "calibrationBins", "worstK", "indexOffset")
			.doesNotContain("groups");
	}

	@Test
	void everySummaryHasASchema() {
		JsonNode schemas = this.doc.at("/components/schemas");
		assertThat(schemas.at("/ScoreResponse/properties/summaries/$ref").asString())
			.isEqualTo("#/components/schemas/Summaries");
		JsonNode summaries = schemas.at("/Summaries/properties");
		assertThat(summaries.propertyNames()).containsExactlyInAnyOrder("stderr", "accuracy", "calibration", "worst",
				"groups", "divergence", "perplexity");
		assertThat(schemas.at("/StderrSummary/properties").propertyNames()).containsExactlyInAnyOrder("n", "mean",
				"stderr", "ci95", "m2", "cross", "weightSquares");
		assertThat(schemas.at("/AccuracySummary/properties").propertyNames()).containsExactlyInAnyOrder("correct",
				"weight", "accuracy", "exactMatch", "topK");
		assertThat(schemas.at("/CalibrationSummary/properties").propertyNames()).containsExactlyInAnyOrder("bins",
				"ece", "mce", "brier", "brierSum");
		assertThat(schemas.at("/CalibrationBin/properties").propertyNames()).containsExactlyInAnyOrder("lower", "upper",
				"weight", "sumConfidence", "sumAccuracy");
		assertThat(schemas.at("/WorstSample/properties").propertyNames()).containsExactlyInAnyOrder("index", "loss");
		assertThat(schemas.at("/GroupSummary/properties").propertyNames()).containsExactlyInAnyOrder("count",
				"weightSum", "sum", "mean", "m2", "cross", "weightSquares", "stderr", "ci95", "accuracy");
		assertThat(schemas.at("/DivergenceSummary/properties").propertyNames()).containsExactlyInAnyOrder("entropy",
				"kl");
		assertThat(schemas.at("/PerplexitySummary/properties").propertyNames()).containsExactlyInAnyOrder("perplexity",
				"bitsPerSample");
		assertThat(summaries.at("/groups/additionalProperties/$ref").asString())
			.isEqualTo("#/components/schemas/GroupSummary");
		assertThat(schemas.at("/StderrSummary/properties/stderr/type").valueStream().map(JsonNode::asString).toList())
			.containsExactlyInAnyOrder("number", "null");
		for (String schema : List.of("StderrSummary", "GroupSummary")) {
			assertThat(
					schemas.at("/" + schema + "/properties/ci95/type").valueStream().map(JsonNode::asString).toList())
				.as(schema)
				.containsExactlyInAnyOrder("array", "null");
		}
	}

	@Test
	void theDocumentedSummaryExamplesAreWhatTheServiceAnswers() throws Exception {
		check("binary", ApiDocs.BINARY_EXAMPLE_3, ApiDocs.BINARY_SUMMARIES_RESPONSE);
		check("categorical", ApiDocs.CATEGORICAL_EXAMPLE_3, ApiDocs.CATEGORICAL_SUMMARIES_RESPONSE);
		JsonNode examples = this.doc
			.at("/paths/~1v1~1cross-entropy~1binary/post/responses/200/content/application~1json/examples");
		assertThat(examples.findValues("value").stream().anyMatch((v) -> v.has("summaries"))).isTrue();
	}

	private void check(String endpoint, String request, String documented) throws Exception {
		String body = this.mvc
			.perform(post("/v1/cross-entropy/" + endpoint).contentType(MediaType.APPLICATION_JSON).content(request))
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertClose("", JSON.readTree(documented), JSON.readTree(body));
	}

	private static void assertClose(String path, JsonNode expected, JsonNode actual) {
		assertThat(actual).as(path).isNotNull();
		if (expected.isObject()) {
			assertThat(actual.propertyNames()).as(path).containsExactlyElementsOf(expected.propertyNames());
			expected.propertyNames()
				.forEach((name) -> assertClose(path + "/" + name, expected.get(name), actual.get(name)));
		}
		else if (expected.isArray()) {
			assertThat(actual.size()).as(path).isEqualTo(expected.size());
			for (int i = 0; i < expected.size(); i++) {
				assertClose(path + "/" + i, expected.get(i), actual.get(i));
			}
		}
		else if (path.endsWith("/cross")) {
			assertThat(Math.abs(actual.asDouble())).as(path).isLessThan(1e-14);
		}
		else {
			Tolerance.assertClose(path, expected.asDouble(), actual.asDouble());
		}
	}

}
