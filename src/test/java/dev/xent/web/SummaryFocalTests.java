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
 * Summaries on the focal endpoints depend on the family, not on the loss: with γ = 0 and
 * no α a focal endpoint gives its cross-entropy endpoint's summaries bit for bit; with γ
 * = 2 the loss-weighted ones (stderr, worst, groups) change while accuracy and
 * calibration do not, and divergence stays the cross-entropy's. Perplexity is refused,
 * and divergence refuses α.
 */
@WebMvcTest({ ScoringController.class, FocalController.class })
@WebSliceImports
class SummaryFocalTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String SUMMARIES = "\"summaries\":[\"stderr\",\"accuracy\",\"calibration\",\"worst\","
			+ "\"groups\",\"divergence\"]";

	private static final List<String[]> CASES = List.of(
			new String[] { "binary",
					"\"predictions\":[0.9,0.2,0.65,0.4,0.0,1.0],\"labels\":[1,0,1,1,0.3,0],\"groups\":[1,1,2,2,3,3]" },
			new String[] { "multilabel",
					"\"inputType\":\"logits\",\"predictions\":[[2,-1],[0.5,0.3],[-3,4]],"
							+ "\"labels\":[[1,0],[0,0],[1,1]],\"labelSmoothing\":0.1,\"groups\":[\"a\",\"b\",\"a\"]" },
			new String[] { "categorical", "\"predictions\":[[0.7,0.2,0.1],[0.1,0.3,0.6],[0.2,0.5,0.3],[0.4,0.4,0.2]],"
					+ "\"labels\":[0,2,0,1],\"compat\":\"torch\",\"groups\":[\"x\",\"y\",\"x\",\"y\"]" });

	@Autowired
	private MockMvc mvc;

	private MvcResult send(String path, String body) throws Exception {
		return this.mvc.perform(post("/v1/" + path).contentType(MediaType.APPLICATION_JSON).content(body)).andReturn();
	}

	private JsonNode summaries(String path, String body) throws Exception {
		MvcResult result = send(path, body);
		String text = result.getResponse().getContentAsString();
		assertThat(result.getResponse().getStatus()).as(text).isEqualTo(200);
		return JSON.readTree(text).get("summaries");
	}

	@Test
	void gammaZeroGivesTheCrossEntropysSummariesBitForBit() throws Exception {
		for (String[] c : CASES) {
			JsonNode crossEntropy = summaries("cross-entropy/" + c[0], "{" + c[1] + "," + SUMMARIES + "}");
			JsonNode focal = summaries("focal/" + c[0], "{" + c[1] + "," + SUMMARIES + ",\"gamma\":0}");
			for (String name : List.of("stderr", "accuracy", "calibration", "worst", "groups")) {
				assertThat(focal.get(name).toString()).as(c[0] + " " + name)
					.isEqualTo(crossEntropy.get(name).toString());
			}
			// divergence: the cross-entropy endpoint adds the loss's own −log p_y for
			// one-hot targets, the focal one computes it: equal to rounding
			for (String member : List.of("kl", "entropy")) {
				Tolerance.assertClose(c[0] + " " + member, crossEntropy.at("/divergence/" + member),
						focal.at("/divergence/" + member));
			}
		}
	}

	@Test
	void aFocusingLossChangesOnlyTheLossWeightedSummaries() throws Exception {
		for (String[] c : CASES) {
			JsonNode crossEntropy = summaries("cross-entropy/" + c[0], "{" + c[1] + "," + SUMMARIES + "}");
			JsonNode focal = summaries("focal/" + c[0], "{" + c[1] + "," + SUMMARIES + ",\"gamma\":2}");
			assertThat(focal.get("accuracy")).isEqualTo(crossEntropy.get("accuracy"));
			assertThat(focal.get("calibration")).isEqualTo(crossEntropy.get("calibration"));
			Tolerance.assertClose(c[0] + " kl", crossEntropy.at("/divergence/kl"), focal.at("/divergence/kl"));
			assertThat(focal.at("/stderr/mean").asDouble()).isLessThan(crossEntropy.at("/stderr/mean").asDouble());
		}
	}

	@Test
	void perplexityAndDivergenceWithAlphaAreRefused() throws Exception {
		String body = "{" + CASES.get(0)[1]
				+ ",\"summaries\":[\"stderr\",\"perplexity\",\"divergence\"],\"alpha\":0.25}";
		MvcResult result = send("focal/binary", body);
		assertThat(result.getResponse().getStatus()).isEqualTo(422);
		List<String> pointers = new ArrayList<>();
		JSON.readTree(result.getResponse().getContentAsString())
			.get("errors")
			.forEach((e) -> pointers.add(e.get("pointer").asString()));
		assertThat(pointers).containsExactly("/summaries/1", "/alpha");
		MvcResult refused = send("focal/multilabel",
				"{" + CASES.get(1)[1] + ",\"summaries\":[\"divergence\"],\"classWeights\":[1,2]}");
		assertThat(refused.getResponse().getStatus()).isEqualTo(422);
		assertThat(JSON.readTree(refused.getResponse().getContentAsString()).get("errors").size())
			.as("classWeights refused once")
			.isEqualTo(1);
	}

}
