package dev.xent.web;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The focal endpoints and the {@code compat} presets over HTTP: the documented examples,
 * every refused option and value as a 422 with its pointer (a wrong JSON type as a 400),
 * and JSON Lines bodies with options in the query string giving the JSON document's
 * numbers bit for bit.
 */
@WebMvcTest({ ScoringController.class, FocalController.class })
@WebSliceImports
class FocalControllerTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String NDJSON = "application/x-ndjson";

	@Autowired
	private MockMvc mvc;

	ResultActions post(String endpoint, String body) throws Exception {
		return this.mvc.perform(
				MockMvcRequestBuilders.post("/v1/" + endpoint).contentType(MediaType.APPLICATION_JSON).content(body));
	}

	ResultActions problem(ResultActions result, int status) throws Exception {
		return result.andExpect(status().is(status))
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.status").value(status))
			.andExpect(jsonPath("$.detail").isString())
			.andExpect(content().string(not(containsString("Exception"))));
	}

	void invalid(String endpoint, String body, String... pointers) throws Exception {
		ResultActions result = problem(post(endpoint, body), 422)
			.andExpect(jsonPath("$.type").value("urn:xent:problem:invalid-values"));
		for (int i = 0; i < pointers.length; i++) {
			result.andExpect(jsonPath("$.errors[" + i + "].pointer").value(pointers[i]))
				.andExpect(jsonPath("$.errors[" + i + "].detail").isString());
		}
		result.andExpect(jsonPath("$.errors.length()").value(pointers.length));
	}

	void malformed(String endpoint, String body, String pointer) throws Exception {
		problem(post(endpoint, body), 400).andExpect(jsonPath("$.type").value("urn:xent:problem:malformed-request"))
			.andExpect(jsonPath("$.errors[0].pointer").value(pointer));
	}

	@Nested
	class DocumentedExamples {

		@ParameterizedTest
		@ValueSource(strings = { "binary", "multilabel", "categorical" })
		void firstExampleReturnsTheDocumentedResponse(String endpoint) throws Exception {
			String request = switch (endpoint) {
				case "binary" -> ApiDocs.FOCAL_BINARY_EXAMPLE_1;
				case "multilabel" -> ApiDocs.FOCAL_MULTILABEL_EXAMPLE_1;
				default -> ApiDocs.FOCAL_CATEGORICAL_EXAMPLE_1;
			};
			String documented = switch (endpoint) {
				case "binary" -> ApiDocs.FOCAL_BINARY_RESPONSE;
				case "multilabel" -> ApiDocs.FOCAL_MULTILABEL_RESPONSE;
				default -> ApiDocs.FOCAL_CATEGORICAL_RESPONSE;
			};
			String body = post("focal/" + endpoint, request).andExpect(status().isOk())
				.andExpect(content().contentType(MediaType.APPLICATION_JSON))
				.andReturn()
				.getResponse()
				.getContentAsString();
			JsonNode actual = JSON.readTree(body);
			JsonNode expected = JSON.readTree(documented);
			assertThat(actual.propertyNames()).containsExactlyElementsOf(expected.propertyNames());
			assertThat(actual.get("count").asInt()).isEqualTo(expected.get("count").asInt());
			for (String field : new String[] { "weightSum", "sum", "mean", "losses", "gradients" }) {
				Tolerance.assertClose(field, expected.get(field), actual.get(field));
			}
		}

		@ParameterizedTest
		@ValueSource(strings = { "binary", "multilabel", "categorical" })
		void secondExampleIsAccepted(String endpoint) throws Exception {
			String request = switch (endpoint) {
				case "binary" -> ApiDocs.FOCAL_BINARY_EXAMPLE_2;
				case "multilabel" -> ApiDocs.FOCAL_MULTILABEL_EXAMPLE_2;
				default -> ApiDocs.FOCAL_CATEGORICAL_EXAMPLE_2;
			};
			post("focal/" + endpoint, request).andExpect(status().isOk()).andExpect(jsonPath("$.sum").isNumber());
		}

		@Test
		void theBadRequestExampleIsWhatTheServiceAnswers() throws Exception {
			JsonNode documented = JSON.readTree(ApiDocs.FOCAL_BAD_REQUEST_EXAMPLE);
			String body = post("focal/binary", "{\"predictions\":[0.5],\"labels\":[1],\"gamma\":\"2\"}")
				.andExpect(status().isBadRequest())
				.andReturn()
				.getResponse()
				.getContentAsString();
			JsonNode actual = JSON.readTree(body);
			assertThat(actual.get("detail")).isEqualTo(documented.get("detail"));
			assertThat(actual.get("errors")).isEqualTo(documented.get("errors"));
		}

		@Test
		void theUnprocessableExampleIsWhatTheServiceAnswers() throws Exception {
			JsonNode documented = JSON.readTree(ApiDocs.FOCAL_UNPROCESSABLE_EXAMPLE);
			String body = post("focal/categorical",
					"{\"predictions\":[[0.5,0.5]],\"labels\":[0],\"classWeights\":[1,2],\"gamma\":-1}")
				.andExpect(status().isUnprocessableContent())
				.andReturn()
				.getResponse()
				.getContentAsString();
			assertThat(JSON.readTree(body).get("errors")).isEqualTo(documented.get("errors"));
		}

	}

	@Nested
	class Answers {

		@Test
		void gammaZeroWithoutAlphaIsTheCrossEntropyAsText() throws Exception {
			for (String compat : new String[] { "", ",\"compat\":\"sklearn\"", ",\"compat\":\"keras\"",
					",\"compat\":\"torch\"" }) {
				String fields = "\"predictions\":[[0.7,0.2,0.1],[0,1,0],[1e-300,0.5,0.5]],\"labels\":[0,0,2],"
						+ "\"labelSmoothing\":0.1" + compat;
				assertThat(text(post("focal/categorical", "{" + fields + ",\"gamma\":0}")))
					.isEqualTo(text(post("cross-entropy/categorical", "{" + fields + "}")));
				String binary = "\"predictions\":[0,1,1e-300,0.5,0.9999999999999999],\"labels\":[1,0,1,0.3,1]" + compat;
				assertThat(text(post("focal/binary", "{" + binary + ",\"gamma\":0}")))
					.isEqualTo(text(post("cross-entropy/binary", "{" + binary + "}")));
			}
		}

		@ParameterizedTest
		@CsvSource({ "cross-entropy/binary, '\"predictions\":[0,0.3,1],\"labels\":[1,0,0]'",
				"cross-entropy/multilabel, '\"predictions\":[[0,0.3],[1,0.5]],\"labels\":[[1,0],[0,1]]'",
				"cross-entropy/categorical, '\"predictions\":[[1,0],[0.3,0.7]],\"labels\":[1,0]'",
				"focal/binary, '\"predictions\":[0,0.3,1],\"labels\":[1,0,0]'",
				"focal/multilabel, '\"predictions\":[[0,0.3],[1,0.5]],\"labels\":[[1,0],[0,1]]'",
				"focal/categorical, '\"predictions\":[[1,0],[0.3,0.7]],\"labels\":[1,0]'" })
		void sklearnIsTheDefaultAsText(String endpoint, String fields) throws Exception {
			assertThat(text(post(endpoint, "{" + fields + ",\"compat\":\"sklearn\"}")))
				.isEqualTo(text(post(endpoint, "{" + fields + "}")));
		}

		@Test
		void kerasTakesCategoricalRowsThatDoNotSumToOne() throws Exception {
			post("cross-entropy/categorical",
					"{\"predictions\":[[2,1,1],[0.2,0.2,0.2]],\"labels\":[0,1],\"compat\":\"keras\"}")
				.andExpect(status().isOk())
				.andExpect(jsonPath("$.losses[0]").value(Math.log(2)));
			invalid("cross-entropy/categorical", "{\"predictions\":[[2,1,1]],\"labels\":[0],\"compat\":\"torch\"}",
					"/predictions/0/0");
			invalid("focal/categorical", "{\"predictions\":[[0,0,0]],\"labels\":[0],\"compat\":\"keras\"}",
					"/predictions/0");
		}

		@Test
		void torchOnProbabilitiesClampsTheLog() throws Exception {
			post("cross-entropy/binary", "{\"predictions\":[0],\"labels\":[1],\"compat\":\"torch\"}")
				.andExpect(status().isOk())
				.andExpect(jsonPath("$.sum").value(100.0))
				.andExpect(jsonPath("$.gradients[0]").value(-1 / 9.999999960041972e-13));
		}

	}

	@Nested
	class InvalidValues {

		@Test
		void gammaBelowZero() throws Exception {
			invalid("focal/binary", "{\"predictions\":[0.5],\"labels\":[1],\"gamma\":-0.5}", "/gamma");
			invalid("focal/multilabel", "{\"predictions\":[[0.5]],\"labels\":[[1]],\"gamma\":-1e-300}", "/gamma");
			invalid("focal/categorical", "{\"predictions\":[[0.5,0.5]],\"labels\":[1],\"gamma\":-2}", "/gamma");
			invalid("focal/binary", "{\"predictions\":[0.5],\"labels\":[1],\"gamma\":1e999}", "/gamma");
		}

		@Test
		void alphaOutsideItsRange() throws Exception {
			invalid("focal/binary", "{\"predictions\":[0.5],\"labels\":[1],\"alpha\":1.5}", "/alpha");
			invalid("focal/multilabel", "{\"predictions\":[[0.5]],\"labels\":[[1]],\"alpha\":-0.25}", "/alpha");
			invalid("focal/categorical", "{\"predictions\":[[0.5,0.5]],\"labels\":[1],\"alpha\":-1}", "/alpha");
			invalid("focal/categorical", "{\"predictions\":[[0.5,0.5]],\"labels\":[1],\"alpha\":[1,-1]}", "/alpha/1");
		}

		@Test
		void alphaPerClassOfTheWrongLength() throws Exception {
			invalid("focal/categorical", "{\"predictions\":[[0.2,0.3,0.5]],\"labels\":[1],\"alpha\":[0.25,0.75]}",
					"/alpha");
			invalid("focal/categorical", "{\"predictions\":[[0.2,0.3,0.5]],\"labels\":[1],\"alpha\":[0.25,0.75,1,1]}",
					"/alpha");
		}

		@Test
		void crossEntropyWeightsDoNotApplyToFocalLosses() throws Exception {
			invalid("focal/binary", "{\"predictions\":[0.5],\"labels\":[1],\"posWeight\":2}", "/posWeight");
			invalid("focal/multilabel",
					"{\"predictions\":[[0.5,0.5]],\"labels\":[[1,0]],\"posWeight\":[2,1],\"classWeights\":[1,1]}",
					"/posWeight", "/classWeights");
			invalid("focal/categorical", "{\"predictions\":[[0.5,0.5]],\"labels\":[1],\"classWeights\":[1,2]}",
					"/classWeights");
		}

		@ParameterizedTest
		@CsvSource({ "cross-entropy/binary, '\"predictions\":[0.5],\"labels\":[1]'",
				"cross-entropy/multilabel, '\"predictions\":[[0.5]],\"labels\":[[1]]'",
				"cross-entropy/categorical, '\"predictions\":[[0.5,0.5]],\"labels\":[1]'",
				"focal/binary, '\"predictions\":[0.5],\"labels\":[1]'",
				"focal/multilabel, '\"predictions\":[[0.5]],\"labels\":[[1]]'",
				"focal/categorical, '\"predictions\":[[0.5,0.5]],\"labels\":[1]'" })
		void presetOptions(String endpoint, String fields) throws Exception {
			for (String compat : new String[] { "sklearn", "keras", "torch" }) {
				invalid(endpoint, "{" + fields + ",\"compat\":\"" + compat + "\",\"epsilon\":1e-7}", "/epsilon");
			}
			invalid(endpoint, "{" + fields + ",\"compat\":\"tensorflow\"}", "/compat");
			invalid(endpoint, "{" + fields + ",\"compat\":\"Keras\"}", "/compat");
			malformed(endpoint, "{" + fields + ",\"compat\":1}", "/compat");
			malformed(endpoint, "{" + fields + ",\"compat\":null}", "/compat");
		}

		@Test
		void torchRefusesPosWeightOnProbabilities() throws Exception {
			invalid("cross-entropy/binary",
					"{\"predictions\":[0.5],\"labels\":[1],\"compat\":\"torch\",\"posWeight\":2}", "/posWeight");
			invalid("cross-entropy/multilabel",
					"{\"predictions\":[[0.5]],\"labels\":[[1]],\"compat\":\"torch\",\"posWeight\":[2]}", "/posWeight");
			post("cross-entropy/binary",
					"{\"inputType\":\"logits\",\"predictions\":[0.5],\"labels\":[1],\"compat\":\"torch\",\"posWeight\":2}")
				.andExpect(status().isOk());
		}

		@Test
		void kerasRefusesRenormalize() throws Exception {
			for (String endpoint : new String[] { "cross-entropy/categorical", "focal/categorical" }) {
				invalid(endpoint,
						"{\"predictions\":[[0.5,0.5]],\"labels\":[1],\"compat\":\"keras\",\"renormalize\":true}",
						"/renormalize");
				invalid(endpoint,
						"{\"predictions\":[[0.5,0.5]],\"labels\":[1],\"compat\":\"keras\",\"renormalize\":false}",
						"/renormalize");
			}
		}

		@Test
		void perplexityIsACrossEntropySummary() throws Exception {
			invalid("focal/binary", "{\"predictions\":[0.5],\"labels\":[1],\"summaries\":[\"perplexity\"]}",
					"/summaries/0");
		}

		@Test
		void wrongJsonTypesAre400() throws Exception {
			malformed("focal/binary", "{\"predictions\":[0.5],\"labels\":[1],\"gamma\":\"2\"}", "/gamma");
			malformed("focal/binary", "{\"predictions\":[0.5],\"labels\":[1],\"alpha\":[0.25]}", "/alpha");
			malformed("focal/binary", "{\"predictions\":[0.5],\"labels\":[1],\"gamma\":null}", "/gamma");
			malformed("focal/categorical", "{\"predictions\":[[0.5,0.5]],\"labels\":[1],\"alpha\":\"0.25\"}", "/alpha");
			malformed("focal/categorical", "{\"predictions\":[[0.5,0.5]],\"labels\":[1],\"alpha\":[[1,2]]}",
					"/alpha/0");
		}

	}

	@Nested
	class JsonLines {

		/** More samples than one JSON Lines batch holds (8192), so sums cross batches. */
		private static final int SAMPLES = 10_000;

		private JsonNode lines(String path, String body) throws Exception {
			String answer = text(FocalControllerTests.this.mvc
				.perform(MockMvcRequestBuilders.post(path).contentType(NDJSON).content(body))
				.andExpect(status().isOk()));
			return JSON.readTree(answer);
		}

		private JsonNode document(String path, String body) throws Exception {
			return JSON.readTree(text(FocalControllerTests.this.mvc
				.perform(MockMvcRequestBuilders.post(path).contentType(MediaType.APPLICATION_JSON).content(body))
				.andExpect(status().isOk())));
		}

		private void assertSameAggregates(JsonNode lines, JsonNode document) {
			assertThat(lines.get("count").asLong()).isEqualTo(document.get("count").asLong());
			for (String field : new String[] { "weightSum", "sum", "mean" }) {
				assertThat(Double.doubleToRawLongBits(lines.get(field).asDouble())).as(field)
					.isEqualTo(Double.doubleToRawLongBits(document.get(field).asDouble()));
			}
			assertThat(lines.has("losses")).isFalse();
		}

		@Test
		void binary() throws Exception {
			SplittableRandom random = new SplittableRandom(3);
			StringBuilder lines = new StringBuilder();
			StringBuilder predictions = new StringBuilder();
			StringBuilder labels = new StringBuilder();
			StringBuilder weights = new StringBuilder();
			for (int i = 0; i < SAMPLES; i++) {
				double p = (i % 97 == 0) ? (i % 2) : random.nextDouble();
				int y = random.nextInt(2);
				String w = (i > 9000 && random.nextBoolean()) ? Double.toString(random.nextDouble(0, 3)) : null;
				lines.append("{\"prediction\":").append(p).append(",\"label\":").append(y);
				if (w != null) {
					lines.append(",\"sampleWeight\":").append(w);
				}
				lines.append("}\n");
				String comma = (i > 0) ? "," : "";
				predictions.append(comma).append(p);
				labels.append(comma).append(y);
				weights.append(comma).append((w != null) ? w : "1");
			}
			JsonNode document = document("/v1/focal/binary",
					"{\"gamma\":0.5,\"alpha\":0.25,\"compat\":\"torch\",\"reduction\":\"sum\",\"predictions\":["
							+ predictions + "],\"labels\":[" + labels + "],\"sampleWeights\":[" + weights + "]}");
			JsonNode streamed = lines("/v1/focal/binary?gamma=0.5&alpha=0.25&compat=torch&reduction=sum",
					lines.toString());
			assertThat(streamed.get("count").asLong()).isEqualTo(SAMPLES);
			assertSameAggregates(streamed, document);
		}

		@Test
		void multilabel() throws Exception {
			SplittableRandom random = new SplittableRandom(4);
			StringBuilder lines = new StringBuilder();
			StringBuilder predictions = new StringBuilder();
			StringBuilder labels = new StringBuilder();
			for (int i = 0; i < SAMPLES; i++) {
				String z = "[" + random.nextDouble(-8, 8) + "," + random.nextDouble(-60, 60) + "]";
				String y = "[" + random.nextInt(2) + "," + random.nextDouble() + "]";
				lines.append("{\"prediction\":").append(z).append(",\"label\":").append(y).append("}\n");
				String comma = (i > 0) ? "," : "";
				predictions.append(comma).append(z);
				labels.append(comma).append(y);
			}
			JsonNode document = document("/v1/focal/multilabel",
					"{\"inputType\":\"logits\",\"gamma\":3,\"labelSmoothing\":0.1,\"predictions\":[" + predictions
							+ "],\"labels\":[" + labels + "]}");
			JsonNode streamed = lines("/v1/focal/multilabel?inputType=logits&gamma=3&labelSmoothing=0.1",
					lines.toString());
			assertSameAggregates(streamed, document);
		}

		@Test
		void categorical() throws Exception {
			SplittableRandom random = new SplittableRandom(5);
			StringBuilder lines = new StringBuilder();
			StringBuilder predictions = new StringBuilder();
			StringBuilder labels = new StringBuilder();
			for (int i = 0; i < SAMPLES; i++) {
				double a = random.nextDouble(0, 3);
				double b = random.nextDouble(0, 3);
				double c = (i % 50 == 0) ? 0 : random.nextDouble(0, 3);
				String row = "[" + a + "," + b + "," + c + "]";
				int y = (i % 13 == 0) ? -1 : random.nextInt(3);
				lines.append("{\"prediction\":").append(row).append(",\"label\":").append(y).append("}\n");
				String comma = (i > 0) ? "," : "";
				predictions.append(comma).append(row);
				labels.append(comma).append(y);
			}
			JsonNode document = document("/v1/focal/categorical",
					"{\"compat\":\"keras\",\"gamma\":2,\"alpha\":[0.25,1,0.5],\"ignoreIndex\":-1,\"predictions\":["
							+ predictions + "],\"labels\":[" + labels + "]}");
			JsonNode streamed = lines("/v1/focal/categorical?compat=keras&gamma=2&alpha=0.25,1,0.5&ignoreIndex=-1",
					lines.toString());
			assertSameAggregates(streamed, document);
		}

		@Test
		void optionsInTheQueryAreCheckedAsInTheDocument() throws Exception {
			String line = "{\"prediction\":0.5,\"label\":1}\n";
			problem(FocalControllerTests.this.mvc
				.perform(MockMvcRequestBuilders.post("/v1/focal/binary?gamma=-1&posWeight=2&compat=jax")
					.contentType(NDJSON)
					.content(line)), 422)
				.andExpect(jsonPath("$.errors[0].pointer").value("/posWeight"))
				.andExpect(jsonPath("$.errors[1].pointer").value("/compat"))
				.andExpect(jsonPath("$.errors[2].pointer").value("/gamma"));
			problem(FocalControllerTests.this.mvc.perform(
					MockMvcRequestBuilders.post("/v1/focal/binary?gamma=two").contentType(NDJSON).content(line)), 400)
				.andExpect(jsonPath("$.errors[0].pointer").value("/gamma"));
			problem(FocalControllerTests.this.mvc
				.perform(MockMvcRequestBuilders.post("/v1/focal/categorical?alpha=1,2,3&compat=keras&epsilon=0.1")
					.contentType(NDJSON)
					.content("{\"prediction\":[0.5,0.5],\"label\":1}\n")), 422)
				.andExpect(jsonPath("$.errors[0].pointer").value("/epsilon"))
				.andExpect(jsonPath("$.errors.length()").value(1));
			// the length of α per class is known once the first row is in
			problem(FocalControllerTests.this.mvc
				.perform(MockMvcRequestBuilders.post("/v1/focal/categorical?alpha=1,2,3&compat=keras")
					.contentType(NDJSON)
					.content("{\"prediction\":[0.5,0.5],\"label\":1}\n")), 422)
				.andExpect(jsonPath("$.errors[0].pointer").value("/alpha"));
		}

	}

	private static String text(ResultActions result) throws Exception {
		return result.andReturn().getResponse().getContentAsString();
	}

}
