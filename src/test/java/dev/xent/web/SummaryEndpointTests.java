package dev.xent.web;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
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
 * The {@code summaries} option and the {@code groups} field in JSON documents: where the
 * summaries go in the answer, and every refusal the contract lists, each a problem with
 * its pointer. The group limit is 3 here.
 */
@WebMvcTest(controllers = ScoringController.class, properties = "xent.limits.max-groups=3")
@WebSliceImports
class SummaryEndpointTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String BINARY = "\"predictions\":[0.9,0.2,0.6],\"labels\":[1,0,0]";

	private static final String CATEGORICAL = "\"predictions\":[[0.7,0.2,0.1],[0.1,0.3,0.6]],\"labels\":[0,2]";

	@Autowired
	private MockMvc mvc;

	private MvcResult send(String endpoint, String body) throws Exception {
		return this.mvc
			.perform(post("/v1/cross-entropy/" + endpoint).contentType(MediaType.APPLICATION_JSON).content(body))
			.andReturn();
	}

	private JsonNode ok(String endpoint, String body) throws Exception {
		MvcResult result = send(endpoint, body);
		String text = result.getResponse().getContentAsString();
		assertThat(result.getResponse().getStatus()).as(text).isEqualTo(200);
		return JSON.readTree(text);
	}

	/** The problem's pointers, after checking its status. */
	private List<String> refused(int status, String endpoint, String body) throws Exception {
		MvcResult result = send(endpoint, body);
		String text = result.getResponse().getContentAsString();
		assertThat(result.getResponse().getStatus()).as(text).isEqualTo(status);
		assertThat(result.getResponse().getContentType()).isEqualTo("application/problem+json");
		List<String> pointers = new ArrayList<>();
		JSON.readTree(text).path("errors").forEach((e) -> pointers.add(e.get("pointer").asString()));
		return pointers;
	}

	@Test
	void summariesFollowTheAggregatesOneMemberPerNameInTheRequestsOrder() throws Exception {
		MvcResult result = send("binary", "{" + BINARY + ",\"summaries\":[\"worst\",\"perplexity\",\"stderr\"]}");
		String text = result.getResponse().getContentAsString();
		assertThat(text).startsWith("{\"count\":3,\"weightSum\":3.0,\"sum\":");
		assertThat(text.indexOf("\"summaries\":")).isGreaterThan(text.indexOf("\"mean\":"))
			.isLessThan(text.indexOf("\"losses\":"));
		JsonNode summaries = JSON.readTree(text).get("summaries");
		assertThat(summaries.propertyNames()).containsExactly("worst", "perplexity", "stderr");
		assertThat(summaries.at("/worst/0/index").asLong()).isEqualTo(2);
		assertThat(summaries.at("/stderr/ci95").size()).isEqualTo(2);
	}

	@Test
	void noSummariesNoMemberAndAnEmptyListAnEmptyObject() throws Exception {
		assertThat(ok("binary", "{" + BINARY + "}").has("summaries")).isFalse();
		assertThat(ok("binary", "{" + BINARY + ",\"groups\":[1,2,1]}").has("summaries")).isFalse();
		assertThat(ok("binary", "{" + BINARY + ",\"summaries\":[]}").get("summaries").isEmpty()).isTrue();
	}

	@Test
	void groupKeysAreEscapedStringsAndIntegersTheirDecimalForm() throws Exception {
		JsonNode quoted = ok("binary",
				"{" + BINARY + ",\"summaries\":[\"groups\"],\"groups\":[\"a\\\"b\\\\\",\"é ☃\",\"a\\\"b\\\\\"]}");
		assertThat(quoted.get("summaries").get("groups").propertyNames()).containsExactly("a\"b\\", "é ☃");
		assertThat(quoted.at("/summaries/groups/a\"b\\/count").asLong()).isEqualTo(2);
		JsonNode integers = ok("binary", "{" + BINARY + ",\"summaries\":[\"groups\"],\"groups\":[-0,7,-12]}");
		assertThat(integers.get("summaries").get("groups").propertyNames()).containsExactly("0", "7", "-12");
	}

	@Test
	void theSummariesOptionHasItsJsonType() throws Exception {
		assertThat(refused(400, "binary", "{" + BINARY + ",\"summaries\":\"stderr\"}")).containsExactly("/summaries");
		assertThat(refused(400, "binary", "{" + BINARY + ",\"summaries\":[\"stderr\",1]}"))
			.containsExactly("/summaries/1");
		assertThat(refused(400, "binary", "{" + BINARY + ",\"summaries\":[null]}")).containsExactly("/summaries/0");
		assertThat(refused(400, "binary", "{" + BINARY + ",\"summaries\":null}")).containsExactly("/summaries");
	}

	@Test
	void unknownAndRepeatedNamesAre422() throws Exception {
		assertThat(refused(422, "binary", "{" + BINARY + ",\"summaries\":[\"stderr\",\"auc\",\"stderr\"]}"))
			.containsExactly("/summaries/1", "/summaries/2");
		String many = "\"stderr\",".repeat(1000) + "\"stderr\"";
		assertThat(refused(422, "binary", "{" + BINARY + ",\"summaries\":[" + many + "]}")).contains("/summaries/1000");
	}

	@Test
	void optionsWithoutTheirSummaryAndOutOfBoundsAre422() throws Exception {
		assertThat(refused(422, "categorical",
				"{" + CATEGORICAL + ",\"topK\":1,\"calibrationBins\":5,\"worstK\":2,\"indexOffset\":10}"))
			.containsExactly("/topK", "/calibrationBins", "/worstK", "/indexOffset");
		assertThat(refused(422, "categorical",
				"{" + CATEGORICAL
						+ ",\"summaries\":[\"accuracy\",\"calibration\",\"worst\"],\"topK\":0,\"calibrationBins\":1,"
						+ "\"worstK\":1001,\"indexOffset\":-1}"))
			.containsExactly("/topK", "/calibrationBins", "/worstK", "/indexOffset");
		assertThat(refused(422, "binary", "{" + BINARY + ",\"summaries\":[\"calibration\"],\"calibrationBins\":1001}"))
			.containsExactly("/calibrationBins");
		assertThat(refused(422, "categorical", "{" + CATEGORICAL + ",\"summaries\":[\"accuracy\"],\"topK\":3}"))
			.containsExactly("/topK");
		assertThat(ok("categorical", "{" + CATEGORICAL + ",\"summaries\":[\"accuracy\"],\"topK\":2}")
			.at("/summaries/accuracy/topK/k")
			.asInt()).isEqualTo(2);
		assertThat(refused(400, "binary", "{" + BINARY + ",\"summaries\":[\"accuracy\"],\"topK\":1}"))
			.containsExactly("/topK");
		assertThat(refused(400, "binary", "{" + BINARY + ",\"summaries\":[\"worst\"],\"worstK\":2.5}"))
			.containsExactly("/worstK");
	}

	@Test
	void theGroupsSummaryNeedsGroupsOfTheRightLengthAndOneKind() throws Exception {
		assertThat(refused(422, "binary", "{" + BINARY + ",\"summaries\":[\"groups\"]}")).containsExactly("/groups");
		assertThat(refused(422, "binary", "{" + BINARY + ",\"summaries\":[\"groups\"],\"groups\":[\"a\",\"b\"]}"))
			.containsExactly("/groups/2");
		assertThat(refused(422, "binary", "{" + BINARY + ",\"groups\":[1,2,1,2]}")).containsExactly("/groups/3");
		assertThat(refused(400, "binary", "{" + BINARY + ",\"summaries\":[\"groups\"],\"groups\":[\"a\",1,\"b\"]}"))
			.containsExactly("/groups/1");
		assertThat(refused(400, "binary", "{" + BINARY + ",\"summaries\":[\"groups\"],\"groups\":[1,\"a\",2]}"))
			.containsExactly("/groups/1");
		assertThat(refused(400, "binary", "{" + BINARY + ",\"groups\":[1.5,1,2]}")).containsExactly("/groups/0");
		assertThat(refused(400, "binary", "{" + BINARY + ",\"groups\":[true,1,2]}")).containsExactly("/groups/0");
		assertThat(refused(400, "binary", "{" + BINARY + ",\"groups\":[[1],1,2]}")).containsExactly("/groups/0");
		assertThat(refused(400, "binary", "{" + BINARY + ",\"groups\":\"a\"}")).containsExactly("/groups");
		String longKey = "\"" + "é".repeat(129) + "\"";
		assertThat(refused(422, "binary", "{" + BINARY + ",\"groups\":[\"a\"," + longKey + ",\"b\"]}"))
			.containsExactly("/groups/1");
		assertThat(refused(422, "binary", "{" + BINARY + ",\"groups\":[1,2,123456789012345678901234567890]}"))
			.containsExactly("/groups/2");
	}

	@Test
	void tooManyDistinctGroupsAre413WithTheLimit() throws Exception {
		MvcResult result = send("categorical",
				"{\"predictions\":[[0.5,0.5],[0.5,0.5],[0.5,0.5],[0.5,0.5]],\"labels\":[0,1,0,1],"
						+ "\"summaries\":[\"groups\"],\"groups\":[\"a\",\"b\",\"c\",\"d\"]}");
		assertThat(result.getResponse().getStatus()).isEqualTo(413);
		assertThat(JSON.readTree(result.getResponse().getContentAsString()).get("detail").asString())
			.contains("3 distinct groups")
			.contains("xent.limits.max-groups");
		assertThat(ok("categorical",
				"{\"predictions\":[[0.5,0.5],[0.5,0.5],[0.5,0.5],[0.5,0.5]],\"labels\":[0,1,0,1],"
						+ "\"summaries\":[\"groups\"],\"groups\":[\"a\",\"b\",\"c\",\"a\"]}")
			.at("/summaries/groups")
			.size()).isEqualTo(3);
	}

	@Test
	void divergenceRefusesClassAndPositiveWeights() throws Exception {
		assertThat(refused(422, "binary", "{" + BINARY + ",\"summaries\":[\"divergence\"],\"posWeight\":2}"))
			.containsExactly("/posWeight");
		assertThat(refused(422, "multilabel",
				"{\"predictions\":[[0.5,0.2]],\"labels\":[[1,0]],"
						+ "\"summaries\":[\"divergence\"],\"classWeights\":[1,2],\"posWeight\":[1,1]}"))
			.containsExactlyInAnyOrder("/posWeight", "/classWeights");
		assertThat(refused(422, "categorical",
				"{" + CATEGORICAL + ",\"summaries\":[\"divergence\"],\"classWeights\":[1,2,1]}"))
			.containsExactly("/classWeights");
		assertThat(ok("categorical", "{" + CATEGORICAL + ",\"summaries\":[\"stderr\"],\"classWeights\":[1,2,1]}")
			.at("/summaries/stderr/n")
			.asLong()).isEqualTo(2);
	}

	@Test
	void perplexityAppliesToTheCrossEntropyEndpoints() throws Exception {
		JsonNode answer = ok("categorical", "{" + CATEGORICAL + ",\"summaries\":[\"perplexity\"]}");
		assertThat(answer.at("/summaries/perplexity/perplexity").asDouble())
			.isCloseTo(Math.exp(answer.get("mean").asDouble()), org.assertj.core.data.Offset.offset(1e-15));
	}

}
