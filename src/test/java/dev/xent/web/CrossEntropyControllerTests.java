package dev.xent.web;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The HTTP shape of the three scoring endpoints and every error status of the contract,
 * with its problem details and JSON Pointers.
 */
@WebMvcTest(ScoringController.class)
@WebSliceImports
class CrossEntropyControllerTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Autowired
	private MockMvc mvc;

	ResultActions post(String endpoint, String body) throws Exception {
		return this.mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders
			.post("/v1/cross-entropy/" + endpoint)
			.contentType(MediaType.APPLICATION_JSON)
			.content(body));
	}

	ResultActions problem(String endpoint, String body, int status) throws Exception {
		return post(endpoint, body).andExpect(status().is(status))
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.status").value(status))
			.andExpect(jsonPath("$.title").isString())
			.andExpect(jsonPath("$.detail").isString())
			.andExpect(content().string(not(containsString("Exception"))))
			.andExpect(content().string(not(containsString("at dev.xent"))));
	}

	ResultActions invalid(String endpoint, String body, String pointer) throws Exception {
		return problem(endpoint, body, 422).andExpect(jsonPath("$.type").value("urn:xent:problem:invalid-values"))
			.andExpect(jsonPath("$.errors[0].pointer").value(pointer))
			.andExpect(jsonPath("$.errors[0].detail").isString());
	}

	ResultActions malformed(String endpoint, String body, String pointer) throws Exception {
		ResultActions result = problem(endpoint, body, 400)
			.andExpect(jsonPath("$.type").value("urn:xent:problem:malformed-request"));
		if (pointer != null) {
			result.andExpect(jsonPath("$.errors[0].pointer").value(pointer));
		}
		return result;
	}

	@Nested
	class DocumentedExamples {

		@ParameterizedTest
		@CsvSource({ "binary", "multilabel", "categorical" })
		void firstExampleReturnsTheDocumentedResponse(String endpoint) throws Exception {
			String request = switch (endpoint) {
				case "binary" -> ApiDocs.BINARY_EXAMPLE_1;
				case "multilabel" -> ApiDocs.MULTILABEL_EXAMPLE_1;
				default -> ApiDocs.CATEGORICAL_EXAMPLE_1;
			};
			String documented = switch (endpoint) {
				case "binary" -> ApiDocs.BINARY_RESPONSE;
				case "multilabel" -> ApiDocs.MULTILABEL_RESPONSE;
				default -> ApiDocs.CATEGORICAL_RESPONSE;
			};
			String body = post(endpoint, request).andExpect(status().isOk())
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
		@CsvSource({ "binary", "multilabel", "categorical" })
		void secondExampleIsAccepted(String endpoint) throws Exception {
			String request = switch (endpoint) {
				case "binary" -> ApiDocs.BINARY_EXAMPLE_2;
				case "multilabel" -> ApiDocs.MULTILABEL_EXAMPLE_2;
				default -> ApiDocs.CATEGORICAL_EXAMPLE_2;
			};
			post(endpoint, request).andExpect(status().isOk()).andExpect(jsonPath("$.sum").isNumber());
		}

	}

	@Nested
	class ResponseShape {

		@Test
		void binaryGradientsAreAVector() throws Exception {
			post("binary", "{\"predictions\":[0.5,0.25],\"labels\":[1,0]}").andExpect(status().isOk())
				.andExpect(jsonPath("$.count").value(2))
				.andExpect(jsonPath("$.weightSum").value(2.0))
				.andExpect(jsonPath("$.losses", hasSize(2)))
				.andExpect(jsonPath("$.gradients", hasSize(2)))
				.andExpect(jsonPath("$.gradients[0]").isNumber());
		}

		@Test
		void multilabelAndCategoricalGradientsHaveThePredictionsShape() throws Exception {
			post("multilabel", "{\"predictions\":[[0.5,0.2,0.1],[0.3,0.3,0.3]],\"labels\":[[1,0,0],[0,1,1]]}")
				.andExpect(status().isOk())
				.andExpect(jsonPath("$.gradients", hasSize(2)))
				.andExpect(jsonPath("$.gradients[1]", hasSize(3)));
			post("categorical", "{\"inputType\":\"logits\",\"predictions\":[[1,2],[3,4],[5,6]],\"labels\":[0,1,1]}")
				.andExpect(status().isOk())
				.andExpect(jsonPath("$.losses", hasSize(3)))
				.andExpect(jsonPath("$.gradients", hasSize(3)))
				.andExpect(jsonPath("$.gradients[2]", hasSize(2)));
		}

		@Test
		void includeFlagsLeaveTheArraysOut() throws Exception {
			post("binary", "{\"predictions\":[0.5],\"labels\":[1],\"includeLosses\":false,\"includeGradients\":false}")
				.andExpect(status().isOk())
				.andExpect(jsonPath("$.losses").doesNotExist())
				.andExpect(jsonPath("$.gradients").doesNotExist())
				.andExpect(jsonPath("$.sum").value(Math.log(2)));
		}

		@Test
		void meanIsNullAndMeanGradientsAreZeroWhenWeightSumIsZero() throws Exception {
			post("binary", "{\"predictions\":[0.5,0.25],\"labels\":[1,0],\"sampleWeights\":[0,0]}")
				.andExpect(status().isOk())
				.andExpect(jsonPath("$.weightSum").value(0.0))
				.andExpect(jsonPath("$.mean").value(org.hamcrest.Matchers.nullValue()))
				.andExpect(content().string(containsString("\"mean\":null")))
				.andExpect(jsonPath("$.gradients[0]").value(0.0))
				.andExpect(jsonPath("$.gradients[1]").value(0.0));
		}

		@Test
		void reductionChoosesTheDifferentiatedLoss() throws Exception {
			String base = "\"predictions\":[0.5,0.25],\"labels\":[1,0]";
			post("binary", "{" + base + ",\"reduction\":\"sum\"}").andExpect(jsonPath("$.gradients[0]").value(-2.0));
			post("binary", "{" + base + ",\"reduction\":\"none\"}").andExpect(jsonPath("$.gradients[0]").value(-2.0));
			post("binary", "{" + base + ",\"reduction\":\"mean\"}").andExpect(jsonPath("$.gradients[0]").value(-1.0));
			post("binary", "{" + base + "}").andExpect(jsonPath("$.gradients[0]").value(-1.0));
		}

		@Test
		void ignoredSamplesCountForNothing() throws Exception {
			post("categorical",
					"{\"inputType\":\"logits\",\"predictions\":[[0,0],[5,1]],\"labels\":[0,-100],\"ignoreIndex\":-100}")
				.andExpect(status().isOk())
				.andExpect(jsonPath("$.count").value(1))
				.andExpect(jsonPath("$.weightSum").value(1.0))
				.andExpect(jsonPath("$.losses[1]").value(0.0))
				.andExpect(jsonPath("$.gradients[1][0]").value(0.0))
				.andExpect(jsonPath("$.gradients[1][1]").value(0.0));
		}

		@Test
		void nullIsNeverAValue() throws Exception {
			post("binary", "{\"predictions\":[0.5],\"labels\":[1],\"sampleWeights\":null}")
				.andExpect(status().isBadRequest())
				.andExpect(jsonPath("$.errors[0].pointer").value("/sampleWeights"));
			post("binary", "{\"predictions\":[0.5],\"labels\":[1],\"epsilon\":null}")
				.andExpect(status().isBadRequest());
		}

	}

	@Nested
	class MalformedRequests {

		@Test
		void notJson() throws Exception {
			malformed("binary", "{\"predictions\": [0.5,", null)
				.andExpect(jsonPath("$.detail").value(containsString("not valid JSON")));
			malformed("binary", "{\"predictions\":[0.5],\"labels\":[1],}", null);
			malformed("binary", "{\"predictions\":[NaN],\"labels\":[1]}", null);
		}

		@Test
		void emptyBody() throws Exception {
			problem("binary", "", 400);
		}

		@Test
		void notAnObject() throws Exception {
			malformed("binary", "[0.5]", "");
		}

		@Test
		void trailingContent() throws Exception {
			malformed("binary", "{\"predictions\":[0.5],\"labels\":[1]} {}", null);
		}

		@Test
		void unknownFieldWithSuggestion() throws Exception {
			malformed("binary", "{\"predictions\":[0.5],\"labels\":[1],\"label_smoothing\":0.1}", "/label_smoothing")
				.andExpect(jsonPath("$.detail").value(containsString("labelSmoothing")));
		}

		@Test
		void fieldOfAnotherEndpointIsUnknown() throws Exception {
			malformed("binary", "{\"predictions\":[0.5],\"labels\":[1],\"classWeights\":[1]}", "/classWeights");
		}

		@Test
		void duplicateKey() throws Exception {
			malformed("binary", "{\"predictions\":[0.5],\"labels\":[1],\"labels\":[0]}", "/labels");
		}

		@Test
		void stringWhereANumberBelongs() throws Exception {
			malformed("binary", "{\"predictions\":[0.5,\"0.5\"],\"labels\":[1,0]}", "/predictions/1");
			malformed("binary", "{\"predictions\":[0.5],\"labels\":[1],\"posWeight\":\"2\"}", "/posWeight");
		}

		@Test
		void fractionWhereAnIntegerBelongs() throws Exception {
			malformed("categorical", "{\"predictions\":[[0.5,0.5],[0.5,0.5]],\"labels\":[0,1.5]}", "/labels/1");
			malformed("categorical", "{\"predictions\":[[0.5,0.5]],\"labels\":[1.0]}", "/labels/0");
			malformed("categorical", "{\"predictions\":[[0.5,0.5]],\"labels\":[1],\"ignoreIndex\":-1.5}",
					"/ignoreIndex");
		}

		@Test
		void wrongJsonTypes() throws Exception {
			malformed("binary", "{\"predictions\":0.5,\"labels\":[1]}", "/predictions");
			malformed("binary", "{\"predictions\":[[0.5]],\"labels\":[1]}", "/predictions/0");
			malformed("binary", "{\"predictions\":[null],\"labels\":[1]}", "/predictions/0");
			malformed("binary", "{\"predictions\":[0.5],\"labels\":[1],\"includeLosses\":1}", "/includeLosses");
			malformed("binary", "{\"predictions\":[0.5],\"labels\":[true]}", "/labels/0");
			malformed("binary", "{\"predictions\":[0.5],\"labels\":[1],\"inputType\":3}", "/inputType");
			malformed("multilabel", "{\"predictions\":[0.5],\"labels\":[[1]]}", "/predictions/0");
			malformed("categorical", "{\"predictions\":[[0.5,0.5],{}],\"labels\":[0,1]}", "/predictions/1");
		}

	}

	@Nested
	class InvalidValues {

		@Test
		void shapesThatDisagree() throws Exception {
			// The first offending row: the first one missing, one too many, or of another
			// width.
			invalid("binary", "{\"predictions\":[0.5,0.5],\"labels\":[1]}", "/labels/1");
			invalid("multilabel", "{\"predictions\":[[0.5,0.5]],\"labels\":[[1,0,1]]}", "/labels/0");
			invalid("categorical", "{\"predictions\":[[0.5,0.5]],\"targets\":[[1,0],[0,1]]}", "/targets/1");
			invalid("binary", "{\"predictions\":[0.5,0.5],\"labels\":[1,0],\"sampleWeights\":[1]}", "/sampleWeights/1");
		}

		@Test
		void raggedRow() throws Exception {
			invalid("categorical", "{\"predictions\":[[0.5,0.5],[0.2,0.3,0.5]],\"labels\":[0,1]}", "/predictions/1")
				.andExpect(jsonPath("$.errors", hasSize(1)));
			invalid("multilabel", "{\"predictions\":[[0.5],[0.2]],\"labels\":[[1],[0,1]]}", "/labels/1");
		}

		@Test
		void probabilityOutsideZeroOne() throws Exception {
			invalid("binary", "{\"predictions\":[0.5,-0.1],\"labels\":[1,0]}", "/predictions/1");
			invalid("multilabel", "{\"predictions\":[[0.5,1.5]],\"labels\":[[1,0]]}", "/predictions/0/1");
		}

		@Test
		void rowThatDoesNotSumToOne() throws Exception {
			invalid("categorical", "{\"predictions\":[[0.5,0.5],[0.5,0.6]],\"labels\":[0,1]}", "/predictions/1");
			invalid("categorical", "{\"inputType\":\"log-probabilities\",\"predictions\":[[-0.1,-0.1]],\"labels\":[0]}",
					"/predictions/0");
			invalid("categorical", "{\"predictions\":[[0.5,0.5]],\"targets\":[[0.5,0.6]]}", "/targets/0");
		}

		@Test
		void labelOutOfRange() throws Exception {
			invalid("categorical", "{\"predictions\":[[0.5,0.5],[0.5,0.5]],\"labels\":[0,2]}", "/labels/1");
			invalid("categorical", "{\"predictions\":[[0.5,0.5]],\"labels\":[-1]}", "/labels/0");
			invalid("categorical", "{\"predictions\":[[0.5,0.5]],\"labels\":[99999999999999999999999]}", "/labels/0");
			invalid("binary", "{\"predictions\":[0.5],\"labels\":[2]}", "/labels/0");
		}

		@Test
		void negativeWeight() throws Exception {
			invalid("binary", "{\"predictions\":[0.5],\"labels\":[1],\"sampleWeights\":[-1]}", "/sampleWeights/0");
			invalid("categorical", "{\"predictions\":[[0.5,0.5]],\"labels\":[1],\"classWeights\":[1,-2]}",
					"/classWeights/1");
			invalid("binary", "{\"predictions\":[0.5],\"labels\":[1],\"posWeight\":0}", "/posWeight");
			invalid("multilabel", "{\"predictions\":[[0.5,0.5]],\"labels\":[[1,0]],\"posWeight\":[1,-1]}",
					"/posWeight/1");
		}

		@Test
		void classWeightLengthMustMatch() throws Exception {
			invalid("categorical", "{\"predictions\":[[0.5,0.5]],\"labels\":[1],\"classWeights\":[1,1,1]}",
					"/classWeights");
			invalid("multilabel", "{\"predictions\":[[0.5,0.5]],\"labels\":[[1,0]],\"posWeight\":[1,1,1]}",
					"/posWeight");
		}

		@Test
		void nonFiniteNumber() throws Exception {
			invalid("binary", "{\"inputType\":\"logits\",\"predictions\":[1e999],\"labels\":[1]}", "/predictions/0");
			invalid("binary", "{\"predictions\":[0.5],\"labels\":[1],\"sampleWeights\":[-1e400]}", "/sampleWeights/0");
		}

		@Test
		void emptyBatch() throws Exception {
			invalid("binary", "{\"predictions\":[],\"labels\":[]}", "/predictions");
			invalid("categorical", "{\"predictions\":[],\"labels\":[]}", "/predictions");
			invalid("binary", "{\"labels\":[1]}", "/predictions");
			invalid("categorical", "{\"predictions\":[[1]],\"labels\":[0]}", "/predictions/0");
		}

		@Test
		void labelsAndTargetsBothOrNeither() throws Exception {
			invalid("categorical", "{\"predictions\":[[0.5,0.5]],\"labels\":[1],\"targets\":[[0,1]]}", "/targets");
			invalid("categorical", "{\"predictions\":[[0.5,0.5]]}", "/labels");
		}

		@Test
		void optionsThatDoNotApply() throws Exception {
			invalid("binary", "{\"inputType\":\"logits\",\"predictions\":[0.5],\"labels\":[1],\"epsilon\":1e-7}",
					"/epsilon");
			invalid("categorical",
					"{\"inputType\":\"logits\",\"predictions\":[[1,2]],\"labels\":[1],\"renormalize\":true}",
					"/renormalize");
			invalid("categorical", "{\"predictions\":[[0.5,0.5]],\"targets\":[[0,1]],\"ignoreIndex\":-100}",
					"/ignoreIndex");
			invalid("binary", "{\"inputType\":\"log-probabilities\",\"predictions\":[-0.5],\"labels\":[1]}",
					"/inputType");
		}

		@Test
		void valuesOutsideTheirRange() throws Exception {
			invalid("binary", "{\"predictions\":[0.5],\"labels\":[1],\"labelSmoothing\":1}", "/labelSmoothing");
			invalid("binary", "{\"predictions\":[0.5],\"labels\":[1],\"epsilon\":0.5}", "/epsilon");
			invalid("binary", "{\"predictions\":[0.5],\"labels\":[1],\"reduction\":\"avg\"}", "/reduction");
			invalid("binary", "{\"predictions\":[0.5],\"labels\":[1],\"inputType\":\"logit\"}", "/inputType");
		}

		@Test
		void infiniteLossIsRefusedNotAnswered() throws Exception {
			invalid("binary", "{\"predictions\":[0.5,0],\"labels\":[1,1],\"epsilon\":0}", "/predictions/1");
		}

		@Test
		void firstOffendingValuesFirstAtMostOneHundred() throws Exception {
			StringBuilder predictions = new StringBuilder();
			StringBuilder labels = new StringBuilder();
			for (int i = 0; i < 150; i++) {
				predictions.append((i == 0) ? "" : ",").append(i % 2 == 0 ? "0.5" : "7");
				labels.append((i == 0) ? "" : ",").append("1");
			}
			invalid("binary", "{\"predictions\":[" + predictions + "],\"labels\":[" + labels + "]}", "/predictions/1")
				.andExpect(jsonPath("$.errors", hasSize(75)))
				.andExpect(jsonPath("$.errors[1].pointer").value("/predictions/3"));
			String many = "{\"predictions\":[" + predictions.toString().replace("0.5", "9") + "],\"labels\":[" + labels
					+ "]}";
			invalid("binary", many, "/predictions/0").andExpect(jsonPath("$.errors", hasSize(100)))
				.andExpect(jsonPath("$.errors[99].pointer").value("/predictions/99"));
		}

	}

	@Nested
	class HttpErrors {

		@Test
		void unknownPathIs404() throws Exception {
			mvc.perform(get("/v1/cross-entropy/nope"))
				.andExpect(status().isNotFound())
				.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
				.andExpect(jsonPath("$.status").value(404));
		}

		@Test
		void wrongMethodIs405() throws Exception {
			mvc.perform(get("/v1/cross-entropy/binary"))
				.andExpect(status().isMethodNotAllowed())
				.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
				.andExpect(jsonPath("$.status").value(405));
		}

		@Test
		void unacceptableIs406() throws Exception {
			mvc.perform(
					org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post("/v1/cross-entropy/binary")
						.contentType(MediaType.APPLICATION_JSON)
						.accept(MediaType.TEXT_PLAIN)
						.content("{\"predictions\":[0.5],\"labels\":[1]}"))
				.andExpect(status().isNotAcceptable());
		}

		@Test
		void notJsonIs415() throws Exception {
			mvc.perform(
					org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post("/v1/cross-entropy/binary")
						.contentType(MediaType.TEXT_PLAIN)
						.content("predictions=0.5"))
				.andExpect(status().isUnsupportedMediaType())
				.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
				.andExpect(jsonPath("$.status").value(415));
		}

	}

}
