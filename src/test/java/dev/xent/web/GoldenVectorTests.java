package dev.xent.web;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * Posts every golden case produced by {@code src/test/python/generate_golden.py} (PyTorch
 * and scikit-learn, cross-checked at 50 digits) and compares the response at relative
 * 1e-12.
 */
@WebMvcTest(ScoringController.class)
@WebSliceImports
class GoldenVectorTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Autowired
	private MockMvc mvc;

	static Stream<Arguments> cases() throws IOException {
		List<Arguments> cases = new ArrayList<>();
		for (String endpoint : List.of("binary", "multilabel", "categorical")) {
			try (InputStream in = GoldenVectorTests.class.getResourceAsStream("/golden/" + endpoint + ".json")) {
				JsonNode file = JSON.readTree(in);
				for (JsonNode c : file.get("cases")) {
					cases.add(Arguments.of(endpoint + "/" + c.get("name").asString(), endpoint, c));
				}
			}
		}
		assertThat(cases).hasSizeGreaterThan(100);
		return cases.stream();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("cases")
	void matchesReference(String name, String endpoint, JsonNode golden) throws Exception {
		JsonNode request = golden.get("request");
		MvcResult result = this.mvc
			.perform(post("/v1/cross-entropy/" + endpoint).contentType(MediaType.APPLICATION_JSON)
				.content(JSON.writeValueAsString(request)))
			.andReturn();
		String body = result.getResponse().getContentAsString();
		assertThat(result.getResponse().getStatus()).as(body).isEqualTo(200);
		JsonNode actual = JSON.readTree(body);
		JsonNode expected = golden.get("expected");
		assertThat(actual.get("count").asInt()).isEqualTo(expected.get("count").asInt());
		Tolerance.assertClose("weightSum", expected.get("weightSum"), actual.get("weightSum"));
		Tolerance.assertClose("sum", expected.get("sum"), actual.get("sum"));
		if (expected.get("mean").isNull()) {
			assertThat(actual.get("mean").isNull()).as("mean").isTrue();
		}
		else {
			Tolerance.assertClose("mean", expected.get("mean"), actual.get("mean"));
		}
		if (request.path("includeLosses").asBoolean(true)) {
			Tolerance.assertClose("losses", expected.get("losses"), actual.get("losses"));
		}
		else {
			assertThat(actual.has("losses")).isFalse();
		}
		if (request.path("includeGradients").asBoolean(true)) {
			Tolerance.assertClose("gradients", expected.get("gradients"), actual.get("gradients"));
		}
		else {
			assertThat(actual.has("gradients")).isFalse();
		}
	}

}
