package dev.xent.web;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

/**
 * The OpenAPI document states what the service enforces: every body format and answer,
 * the query parameters of streamed bodies, every error status with an example, exact
 * bounds and numeric defaults. (It is also written to target/api-docs.json.)
 */
@SpringBootTest
@AutoConfigureMockMvc
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenApiDocumentTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final List<String> ENDPOINTS = List.of("cross-entropy/binary", "cross-entropy/multilabel",
			"cross-entropy/categorical", "focal/binary", "focal/multilabel", "focal/categorical");

	@Autowired
	private MockMvc mvc;

	private JsonNode doc;

	@BeforeAll
	void load() throws Exception {
		String body = this.mvc.perform(get("/v3/api-docs")).andReturn().getResponse().getContentAsString();
		Files.createDirectories(Path.of("target"));
		Files.writeString(Path.of("target/api-docs.json"), body);
		this.doc = JSON.readTree(body);
	}

	private JsonNode operation(String endpoint) {
		return this.doc.at("/paths/~1v1~1" + endpoint.replace("/", "~1") + "/post");
	}

	@Test
	void everyBodyFormatAndAnswerIsDescribed() {
		for (String endpoint : ENDPOINTS) {
			JsonNode op = operation(endpoint);
			assertThat(op.at("/requestBody/content").propertyNames()).as(endpoint)
				.contains("application/json", "application/vnd.apache.arrow.stream", "application/x-ndjson",
						"application/jsonl");
			assertThat(op.at("/responses/200/content").propertyNames()).as(endpoint)
				.contains("application/json", "application/vnd.apache.arrow.stream");
			assertThat(op.get("parameters")).as(endpoint).isNotNull();
			List<String> parameters = op.get("parameters").valueStream().map((p) -> p.get("name").asString()).toList();
			assertThat(parameters).as(endpoint)
				.contains("inputType", "reduction", "includeGradients")
				.doesNotContain("predictions", "labels", "sampleWeights");
		}
	}

	@Test
	void everyErrorStatusIsAProblemWithAnExample() {
		for (String endpoint : ENDPOINTS) {
			JsonNode responses = operation(endpoint).get("responses");
			for (String status : List.of("400", "404", "405", "406", "408", "413", "415", "422", "503")) {
				JsonNode problem = responses.at("/" + status + "/content/application~1problem+json");
				assertThat(problem.isMissingNode()).as(endpoint + " " + status).isFalse();
				assertThat(problem.get("examples")).as(endpoint + " " + status + " examples").isNotNull();
				JsonNode example = problem.get("examples").valueStream().findFirst().orElseThrow().get("value");
				assertThat(example.get("type").asString()).as(endpoint + " " + status).startsWith("urn:xent:problem:");
				assertThat(example.get("status").asInt()).isEqualTo(Integer.parseInt(status));
			}
		}
		JsonNode problem = this.doc.at("/components/schemas/Problem/properties");
		assertThat(problem.at("/instance/format").asString()).isEqualTo("uri-reference");
	}

	@Test
	void boundsAndDefaultsAreExact() {
		JsonNode schemas = this.doc.at("/components/schemas");
		JsonNode binary = schemas.at("/BinaryRequest/properties");
		assertThat(binary.at("/posWeight/exclusiveMinimum").asDouble()).isEqualTo(0);
		assertThat(binary.at("/posWeight/default").isNumber()).isTrue();
		assertThat(binary.at("/epsilon/exclusiveMaximum").asDouble()).isEqualTo(0.5);
		assertThat(binary.at("/epsilon/minimum").asDouble()).isEqualTo(0);
		assertThat(binary.at("/epsilon/default").isNumber()).isTrue();
		assertThat(binary.at("/epsilon/default").asDouble()).isEqualTo(2.220446049250313e-16);
		assertThat(binary.at("/labelSmoothing/exclusiveMaximum").asDouble()).isEqualTo(1);
		assertThat(binary.at("/predictions/minItems").asInt()).isEqualTo(1);
		assertThat(binary.at("/labels/items/minimum").asDouble()).isEqualTo(0);
		assertThat(binary.at("/labels/items/maximum").asDouble()).isEqualTo(1);
		JsonNode multilabel = schemas.at("/MultilabelRequest/properties");
		assertThat(multilabel.at("/predictions/minItems").asInt()).isEqualTo(1);
		assertThat(multilabel.at("/predictions/items/minItems").asInt()).as("K ≥ 1").isEqualTo(1);
		JsonNode categorical = schemas.at("/CategoricalRequest/properties");
		assertThat(categorical.at("/predictions/items/minItems").asInt()).as("C ≥ 2").isEqualTo(2);
		assertThat(categorical.at("/labels/items/type").asString()).isEqualTo("integer");
		assertThat(categorical.at("/labelSmoothing/maximum").asDouble()).isEqualTo(1);
		assertThat(categorical.at("/labelSmoothing/default").isNumber()).isTrue();
		assertThat(categorical.at("/sampleWeights/items/minimum").asDouble()).isEqualTo(0);
	}

	@Test
	void everyRequestHasThePresetsWithTheirDefault() {
		for (String request : List.of("BinaryRequest", "MultilabelRequest", "CategoricalRequest", "FocalBinaryRequest",
				"FocalMultilabelRequest", "FocalCategoricalRequest")) {
			JsonNode schema = this.doc.at("/components/schemas/" + request);
			JsonNode compat = schema.at("/properties/compat");
			assertThat(compat.get("enum").valueStream().map(JsonNode::asString)).as(request)
				.containsExactly("sklearn", "keras", "torch");
			assertThat(compat.get("default").asString()).as(request).isEqualTo("sklearn");
			assertThat(schema.get("additionalProperties").asBoolean(true)).as(request).isFalse();
		}
	}

	@Test
	void focalBoundsAndRefusedFieldsAreExact() {
		JsonNode schemas = this.doc.at("/components/schemas");
		for (String request : List.of("FocalBinaryRequest", "FocalMultilabelRequest", "FocalCategoricalRequest")) {
			JsonNode p = schemas.at("/" + request + "/properties");
			assertThat(p.at("/gamma/minimum").asDouble()).as(request).isEqualTo(0);
			assertThat(p.at("/gamma/default").isNumber()).as(request).isTrue();
			assertThat(p.at("/gamma/default").asDouble()).as(request).isEqualTo(2);
			assertThat(p.at("/gamma/description").asString()).as(request).contains("γ");
		}
		for (String request : List.of("FocalBinaryRequest", "FocalMultilabelRequest")) {
			JsonNode p = schemas.at("/" + request + "/properties");
			assertThat(p.at("/alpha/minimum").asDouble()).as(request).isEqualTo(0);
			assertThat(p.at("/alpha/maximum").asDouble()).as(request).isEqualTo(1);
			assertThat(p.at("/alpha/default").isMissingNode()).as("no α by default").isTrue();
			assertThat(p.at("/posWeight/not").isObject()).as(request + " refuses posWeight").isTrue();
		}
		JsonNode categorical = schemas.at("/FocalCategoricalRequest/properties");
		assertThat(categorical.at("/alpha/oneOf/0/minimum").asDouble()).isEqualTo(0);
		assertThat(categorical.at("/alpha/oneOf/0/maximum").isMissingNode()).isTrue();
		assertThat(categorical.at("/alpha/oneOf/1/items/minimum").asDouble()).isEqualTo(0);
		assertThat(categorical.at("/alpha/oneOf/1/minItems").asInt()).as("C ≥ 2").isEqualTo(2);
		assertThat(categorical.at("/classWeights/not").isObject()).isTrue();
		assertThat(schemas.at("/FocalMultilabelRequest/properties/classWeights/not").isObject()).isTrue();
		assertThat(schemas.at("/FocalCategoricalRequest/oneOf").size()).as("labels or targets").isEqualTo(2);
	}

	@Test
	void focalOperationsAreTaggedWithExamplesAndQueryParameters() {
		for (String endpoint : List.of("focal/binary", "focal/multilabel", "focal/categorical")) {
			JsonNode op = operation(endpoint);
			assertThat(op.get("tags").valueStream().map(JsonNode::asString)).as(endpoint).containsExactly("focal");
			assertThat(op.at("/requestBody/content/application~1json/examples").size()).as(endpoint)
				.isGreaterThanOrEqualTo(2);
			List<String> parameters = op.get("parameters").valueStream().map((p) -> p.get("name").asString()).toList();
			assertThat(parameters).as(endpoint).contains("gamma", "alpha", "compat", "epsilon");
			assertThat(op.at("/responses/422/content/application~1problem+json/examples").toString())
				.contains("/v1/focal/");
		}
		assertThat(operation("focal/categorical").at("/requestBody/content/application~1json/examples")
			.valueStream()
			.map((e) -> e.get("value"))
			.filter((v) -> v.has("gamma") && v.path("alpha").isArray())).as("an example with γ and α per class")
			.isNotEmpty();
		for (String endpoint : List.of("cross-entropy/binary", "cross-entropy/multilabel",
				"cross-entropy/categorical")) {
			assertThat(operation(endpoint).get("tags").valueStream().map(JsonNode::asString)).as(endpoint)
				.containsExactly("cross-entropy");
			List<String> parameters = operation(endpoint).get("parameters")
				.valueStream()
				.map((p) -> p.get("name").asString())
				.toList();
			assertThat(parameters).as(endpoint).contains("compat").doesNotContain("gamma", "alpha");
		}
	}

}
