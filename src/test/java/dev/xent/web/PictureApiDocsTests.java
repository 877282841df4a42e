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
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

/**
 * The OpenAPI document describes the pictures: the {@code plot} option (field and query
 * parameter, with its three names), the SVG and PNG answers of every scoring operation,
 * the 406 that names them, and the two curves with their query parameters' exact bounds
 * and defaults and every refusal with an example.
 */
@SpringBootTest
@AutoConfigureMockMvc
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PictureApiDocsTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final List<String> ENDPOINTS = List.of("cross-entropy/binary", "cross-entropy/multilabel",
			"cross-entropy/categorical", "focal/binary", "focal/multilabel", "focal/categorical");

	@Autowired
	private MockMvc mvc;

	private JsonNode doc;

	@BeforeAll
	void load() throws Exception {
		this.doc = JSON.readTree(this.mvc.perform(get("/v3/api-docs")).andReturn().getResponse().getContentAsString());
	}

	private JsonNode path(String path) {
		return this.doc.at("/paths/" + path.replace("~", "~0").replace("/", "~1"));
	}

	private static JsonNode parameter(JsonNode operation, String name) {
		return operation.get("parameters")
			.valueStream()
			.filter((p) -> p.get("name").asString().equals(name))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no parameter " + name));
	}

	@Test
	void everyScoringOperationTakesPlotAndAnswersWithPictures() {
		for (String endpoint : ENDPOINTS) {
			JsonNode post = path("/v1/" + endpoint).get("post");
			JsonNode ok = post.at("/responses/200/content");
			assertThat(ok.propertyNames()).as(endpoint)
				.contains("application/json", "application/vnd.apache.arrow.stream", "image/svg+xml", "image/png");
			assertThat(ok.at("/image~1svg+xml/schema/description").asString()).contains("losses", "reliability",
					"groups", "ECE", "422");
			JsonNode plot = parameter(post, "plot");
			assertThat(plot.get("in").asString()).isEqualTo("query");
			assertThat(plot.at("/schema/enum").valueStream().map(JsonNode::asString)).containsExactly("losses",
					"reliability", "groups");
			assertThat(post.at("/responses/406/description").asString()).contains("image/svg+xml", "image/png");
		}
		for (String request : List.of("BinaryRequest", "MultilabelRequest", "CategoricalRequest", "FocalBinaryRequest",
				"FocalMultilabelRequest", "FocalCategoricalRequest")) {
			JsonNode plot = this.doc.at("/components/schemas/" + request + "/properties/plot");
			assertThat(plot.get("enum").valueStream().map(JsonNode::asString)).as(request)
				.containsExactly("losses", "reliability", "groups");
			assertThat(plot.get("description").asString()).contains("Accept: image/svg+xml", "1e-6", "1e3");
			assertThat(this.doc.at("/components/schemas/" + request + "/properties/calibrationBins/description")
				.asString()).contains("reliability plot");
		}
	}

	@Test
	void theCurvesHaveTheirParametersBoundsAndRefusals() {
		JsonNode binary = path("/v1/curves/binary.svg").get("get");
		assertThat(binary.get("tags").valueStream().map(JsonNode::asString)).containsExactly("pictures");
		assertThat(binary.at("/responses/200/content").propertyNames()).containsExactly("image/svg+xml");
		JsonNode posWeight = parameter(binary, "posWeight").get("schema");
		assertThat(posWeight.get("exclusiveMinimum").asDouble()).isZero();
		assertThat(posWeight.get("maximum").asDouble()).isEqualTo(1000);
		assertThat(posWeight.get("default").asDouble()).isEqualTo(1);
		JsonNode smoothing = parameter(binary, "labelSmoothing").get("schema");
		assertThat(smoothing.get("minimum").asDouble()).isZero();
		assertThat(smoothing.get("exclusiveMaximum").asDouble()).isEqualTo(1);
		JsonNode epsilon = parameter(binary, "epsilon").get("schema");
		assertThat(epsilon.get("exclusiveMaximum").asDouble()).isEqualTo(0.5);
		assertThat(epsilon.get("default").asDouble()).isEqualTo(2.220446049250313e-16);
		JsonNode focal = path("/v1/curves/focal.svg").get("get");
		JsonNode gamma = parameter(focal, "gamma");
		assertThat(gamma.get("style").asString()).isEqualTo("form");
		assertThat(gamma.get("explode").asBoolean()).isFalse();
		assertThat(gamma.at("/schema/items/minimum").asDouble()).isZero();
		assertThat(gamma.at("/schema/items/maximum").asDouble()).isEqualTo(50);
		assertThat(gamma.at("/schema/maxItems").asInt()).isEqualTo(8);
		assertThat(gamma.at("/schema/uniqueItems").asBoolean()).isTrue();
		assertThat(gamma.at("/schema/default").valueStream().map(JsonNode::asDouble)).containsExactly(0.0, 0.5, 1.0,
				2.0, 5.0);
		for (JsonNode operation : List.of(binary, focal)) {
			for (String status : List.of("400", "404", "405", "406", "422")) {
				JsonNode problem = operation.at("/responses/" + status + "/content/application~1problem+json");
				assertThat(problem.isMissingNode()).as(status).isFalse();
				JsonNode example = problem.get("examples").valueStream().findFirst().orElseThrow().get("value");
				assertThat(example.get("status").asInt()).isEqualTo(Integer.parseInt(status));
				assertThat(example.get("type").asString()).startsWith("urn:xent:problem:");
			}
		}
	}

}
