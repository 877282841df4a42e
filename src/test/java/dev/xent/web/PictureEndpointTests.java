package dev.xent.web;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import dev.xent.loss.LossHistogram;
import dev.xent.plot.SvgPicture;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.head;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * {@code plot} with {@code Accept: image/svg+xml} (or image/png) on every scoring
 * endpoint: each picture holds what the JSON answer of the same request reports (the
 * losses histogram its per-sample losses, the reliability diagram its calibration bins
 * and ECE, the slice plot its groups), whether or not the summaries are asked for; every
 * refusal is a problem with its pointer, never an image. And the loss curves: their
 * headers, their options and refusals, the OpenAPI examples of those refusals.
 */
@WebMvcTest(controllers = { ScoringController.class, FocalController.class, CurvesController.class })
@WebSliceImports
class PictureEndpointTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String SVG = "image/svg+xml";

	private static final String BINARY = "\"predictions\":[0.9,0.2,0.6],\"labels\":[1,0,0]";

	@Autowired
	private MockMvc mvc;

	private MvcResult send(String path, String body, String accept) throws Exception {
		MockHttpServletRequestBuilder request = post(path).contentType(MediaType.APPLICATION_JSON).content(body);
		if (accept != null) {
			request.header("Accept", accept);
		}
		return this.mvc.perform(request).andReturn();
	}

	private SvgPicture picture(String path, String body) throws Exception {
		MvcResult result = send(path, body, SVG);
		assertThat(result.getResponse().getStatus()).as(result.getResponse().getContentAsString()).isEqualTo(200);
		assertThat(result.getResponse().getContentType()).isEqualTo(SVG);
		assertThat(result.getResponse().getHeader("Content-Security-Policy")).isEqualTo(PictureResponse.SVG_POLICY);
		return SvgPicture.parse(result.getResponse().getContentAsByteArray());
	}

	private JsonNode answer(String path, String body) throws Exception {
		MvcResult result = send(path, body, MediaType.APPLICATION_JSON_VALUE);
		assertThat(result.getResponse().getStatus()).as(result.getResponse().getContentAsString()).isEqualTo(200);
		return JSON.readTree(result.getResponse().getContentAsString());
	}

	/**
	 * The problem's pointers, after checking its status and that it is problem details.
	 */
	private List<String> refused(int status, String path, String body, String accept) throws Exception {
		MvcResult result = send(path, body, accept);
		String text = result.getResponse().getContentAsString();
		assertThat(result.getResponse().getStatus()).as(text).isEqualTo(status);
		assertThat(result.getResponse().getContentType()).isEqualTo("application/problem+json");
		List<String> pointers = new ArrayList<>();
		JSON.readTree(text).path("errors").forEach((e) -> pointers.add(e.get("pointer").asString()));
		return pointers;
	}

	@Test
	void everyEndpointsPicturesHoldWhatItsJsonAnswerReports() throws Exception {
		for (Endpoint endpoint : Endpoint.values()) {
			PictureSamples samples = new PictureSamples(endpoint, 400, 10 + endpoint.ordinal());
			String path = "/v1/" + endpoint.path();
			JsonNode answer = answer(path, samples.json("\"summaries\":[\"calibration\",\"groups\"]"));

			// losses: the histogram of the answer's per-sample losses, ignored samples
			// left out
			SvgPicture losses = picture(path, samples.json("\"plot\":\"losses\""));
			long[] expected = new long[LossHistogram.BINS];
			for (int i = 0; i < samples.n; i++) {
				if (samples.classes == null || samples.classes[i] != -100) {
					expected[LossHistogram.bin(answer.get("losses").get(i).asDouble())]++;
				}
			}
			long total = 0;
			for (SvgPicture.Item item : losses.items()) {
				int bin = item.data().get("bin").asInt();
				assertThat(item.data().get("count").asLong()).as(endpoint + " bin " + bin).isEqualTo(expected[bin]);
				total += item.data().get("count").asLong();
			}
			assertThat(losses.items()).hasSize(LossHistogram.BINS);
			assertThat(total).as(endpoint + ": every counted sample").isEqualTo(answer.get("count").asLong());
			assertThat(losses.texts()).as(endpoint.path())
				.anySatisfy((t) -> assertThat(t).contains(endpoint.path(), "N = " + answer.get("count").asLong()));

			// reliability: the calibration summary's bins, its ECE in the title
			SvgPicture reliability = picture(path, samples.json("\"plot\":\"reliability\""));
			JsonNode calibration = answer.at("/summaries/calibration");
			double ece = Double.parseDouble(reliability.title().replace("Reliability diagram · ECE ", ""));
			assertThat(ece).as(endpoint.path())
				.isCloseTo(calibration.get("ece").asDouble(), within(5e-4 * calibration.get("ece").asDouble()));
			List<SvgPicture.Item> observed = reliability.items("observed in the bin");
			List<JsonNode> bins = calibration.get("bins")
				.valueStream()
				.filter((b) -> b.get("weight").asDouble() > 0)
				.toList();
			assertThat(observed).hasSameSizeAs(bins);
			for (int b = 0; b < bins.size(); b++) {
				JsonNode bin = bins.get(b);
				JsonNode data = observed.get(b).data();
				assertThat(data.get("lower").asDouble()).isEqualTo(bin.get("lower").asDouble());
				assertThat(data.get("weight").asDouble()).isEqualTo(bin.get("weight").asDouble());
				assertThat(data.get("accuracy").asDouble())
					.isEqualTo(bin.get("sumAccuracy").asDouble() / bin.get("weight").asDouble());
				assertThat(data.get("confidence").asDouble())
					.isEqualTo(bin.get("sumConfidence").asDouble() / bin.get("weight").asDouble());
			}

			// groups: each group's count, mean and interval
			SvgPicture slices = picture(path, samples.json("\"plot\":\"groups\""));
			List<SvgPicture.Item> items = slices.items("mean loss with its 95% interval");
			List<Map.Entry<String, JsonNode>> groups = answer.at("/summaries/groups").properties().stream().toList();
			assertThat(items).hasSameSizeAs(groups);
			for (int g = 0; g < groups.size(); g++) {
				JsonNode data = items.get(g).data();
				JsonNode group = groups.get(g).getValue();
				assertThat(data.get("group").asString()).isEqualTo(groups.get(g).getKey());
				assertThat(data.get("count").asLong()).isEqualTo(group.get("count").asLong());
				assertThat(data.get("mean").asDouble()).isEqualTo(group.get("mean").asDouble());
				assertThat(data.get("lower").asDouble()).isEqualTo(group.at("/ci95/0").asDouble());
				assertThat(data.get("upper").asDouble()).isEqualTo(group.at("/ci95/1").asDouble());
			}
		}
	}

	@Test
	void summariesMayComeWithAPictureAndAPlotsOwnOptionsWithoutTheirSummary() throws Exception {
		SvgPicture picture = picture("/v1/cross-entropy/binary",
				"{" + BINARY + ",\"summaries\":[\"stderr\",\"worst\"],\"plot\":\"reliability\",\"calibrationBins\":4,"
						+ "\"includeLosses\":false,\"includeGradients\":false}");
		assertThat(picture.texts()).anySatisfy((t) -> assertThat(t).contains("4 bins"));
		assertThat(picture.title()).isEqualTo("Reliability diagram · ECE 0.3");
		SvgPicture groups = picture("/v1/focal/binary", "{" + BINARY + ",\"groups\":[7,7,-1],\"plot\":\"groups\"}");
		assertThat(groups.items()).extracting((i) -> i.data().get("group").asString()).containsExactly("7", "-1");
	}

	@Test
	void aPngIsThePictureAt600By400() throws Exception {
		for (String accept : new String[] { "image/png", "image/png, image/svg+xml;q=0.5" }) {
			MvcResult result = send("/v1/cross-entropy/categorical",
					"{\"predictions\":[[0.7,0.2,0.1],[0.1,0.3,0.6]],\"labels\":[0,2],\"plot\":\"reliability\"}",
					accept);
			assertThat(result.getResponse().getStatus()).isEqualTo(200);
			assertThat(result.getResponse().getContentType()).isEqualTo("image/png");
			BufferedImage png = ImageIO.read(new ByteArrayInputStream(result.getResponse().getContentAsByteArray()));
			assertThat(png.getWidth()).isEqualTo(600);
			assertThat(png.getHeight()).isEqualTo(400);
		}
		MvcResult any = send("/v1/cross-entropy/binary", "{" + BINARY + ",\"plot\":\"losses\"}", "image/*");
		assertThat(any.getResponse().getContentType()).as("image/* is SVG").isEqualTo(SVG);
	}

	@Test
	void aPlotIsRefusedWithItsPointerNeverDrawnBroken() throws Exception {
		String path = "/v1/cross-entropy/binary";
		assertThat(refused(422, path, "{" + BINARY + ",\"plot\":\"pie\"}", SVG)).containsExactly("/plot");
		assertThat(refused(422, path, "{" + BINARY + "}", SVG)).as("a picture without plot").containsExactly("/plot");
		assertThat(refused(422, path, "{" + BINARY + "}", "image/png")).containsExactly("/plot");
		assertThat(refused(422, path, "{" + BINARY + ",\"plot\":\"losses\"}", "application/json"))
			.containsExactly("/plot");
		assertThat(refused(422, path, "{" + BINARY + ",\"plot\":\"losses\"}", null)).containsExactly("/plot");
		assertThat(refused(422, path, "{" + BINARY + ",\"plot\":\"losses\"}", ScoringController.ARROW))
			.containsExactly("/plot");
		assertThat(refused(422, path, "{" + BINARY + ",\"plot\":\"groups\"}", SVG)).containsExactly("/groups");
		assertThat(refused(422, path, "{" + BINARY + ",\"plot\":\"losses\",\"calibrationBins\":5}", SVG))
			.containsExactly("/calibrationBins");
		assertThat(refused(422, path, "{" + BINARY + ",\"plot\":\"reliability\",\"calibrationBins\":1}", SVG))
			.containsExactly("/calibrationBins");
		assertThat(refused(422, path, "{" + BINARY + ",\"plot\":\"losses\",\"includeLosses\":true}", SVG))
			.containsExactly("/includeLosses");
		assertThat(refused(422, path, "{" + BINARY + ",\"plot\":\"losses\",\"includeGradients\":true}", SVG))
			.containsExactly("/includeGradients");
		assertThat(refused(400, path, "{" + BINARY + ",\"plot\":1}", SVG)).containsExactly("/plot");
		assertThat(refused(400, path, "{" + BINARY + ",\"plot\":[\"losses\"]}", SVG)).containsExactly("/plot");
		assertThat(refused(422, "/v1/focal/binary",
				"{" + BINARY + ",\"plot\":\"losses\",\"summaries\":[\"perplexity\"]}", SVG))
			.containsExactly("/summaries/0");
		assertThat(refused(422, path, "{\"predictions\":[1.5,0.2],\"labels\":[1,0],\"plot\":\"losses\"}", SVG))
			.as("bad samples with a picture asked for")
			.containsExactly("/predictions/0");
		assertThat(refused(406, path, "{" + BINARY + ",\"plot\":\"losses\"}", "image/webp")).isEmpty();
		MvcResult fine = send(path, "{" + BINARY + ",\"plot\":\"losses\",\"includeLosses\":false}", SVG);
		assertThat(fine.getResponse().getStatus()).isEqualTo(200);
	}

	@Test
	void theCurvesAreCacheableSvgThatRunsNothing() throws Exception {
		for (String path : new String[] { "/v1/curves/binary.svg", "/v1/curves/focal.svg",
				"/v1/curves/binary.svg?posWeight=2&labelSmoothing=0.1&epsilon=0.01",
				"/v1/curves/focal.svg?gamma=0,1,3" }) {
			MvcResult result = this.mvc.perform(get(path)).andReturn();
			assertThat(result.getResponse().getStatus()).as(path).isEqualTo(200);
			assertThat(result.getResponse().getContentType()).isEqualTo(SVG);
			assertThat(result.getResponse().getHeader("Cache-Control")).isEqualTo("public, max-age=86400");
			assertThat(result.getResponse().getHeader("Content-Security-Policy"))
				.isEqualTo("default-src 'none'; style-src 'unsafe-inline'");
			assertThat(result.getResponse().getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
			SvgPicture picture = SvgPicture.parse(result.getResponse().getContentAsByteArray());
			assertThat(picture.items()).isNotEmpty();
			assertThat(picture.has("script")).isFalse();
		}
		assertThat(SvgPicture
			.parse(this.mvc.perform(get("/v1/curves/focal.svg?gamma=0,1,3"))
				.andReturn()
				.getResponse()
				.getContentAsByteArray())
			.items()).extracting(SvgPicture.Item::series).containsExactly("γ = 0 (cross-entropy)", "γ = 1", "γ = 3");
		MvcResult head = this.mvc.perform(head("/v1/curves/binary.svg")).andReturn();
		assertThat(head.getResponse().getStatus()).isEqualTo(200);
		assertThat(head.getResponse().getContentType()).isEqualTo(SVG);
	}

	private JsonNode curveProblem(String path, int status) throws Exception {
		MvcResult result = this.mvc.perform(get(path).header("Accept", SVG)).andReturn();
		String text = result.getResponse().getContentAsString();
		assertThat(result.getResponse().getStatus()).as(path + ": " + text).isEqualTo(status);
		assertThat(result.getResponse().getContentType()).isEqualTo("application/problem+json");
		return JSON.readTree(text);
	}

	@Test
	void curveOptionsOutOfRangeOrUnknownAreProblemsWithTheirPointers() throws Exception {
		assertThat(curveProblem("/v1/curves/binary.svg?posWeight=0", 422).at("/errors/0/pointer").asString())
			.isEqualTo("/posWeight");
		assertThat(curveProblem("/v1/curves/binary.svg?posWeight=1001", 422).at("/errors/0/pointer").asString())
			.isEqualTo("/posWeight");
		assertThat(curveProblem("/v1/curves/binary.svg?labelSmoothing=1", 422).at("/errors/0/pointer").asString())
			.isEqualTo("/labelSmoothing");
		assertThat(curveProblem("/v1/curves/binary.svg?epsilon=0.5", 422).at("/errors/0/pointer").asString())
			.isEqualTo("/epsilon");
		assertThat(curveProblem("/v1/curves/binary.svg?epsilon=1e999", 422).at("/errors/0/pointer").asString())
			.isEqualTo("/epsilon");
		assertThat(curveProblem("/v1/curves/focal.svg?gamma=0,60", 422).at("/errors/0/pointer").asString())
			.isEqualTo("/gamma/1");
		assertThat(curveProblem("/v1/curves/focal.svg?gamma=1,1", 422).at("/errors/0/pointer").asString())
			.isEqualTo("/gamma/1");
		assertThat(curveProblem("/v1/curves/focal.svg?gamma=0,1,2,3,4,5,6,7,8", 422).at("/errors/0/pointer").asString())
			.isEqualTo("/gamma");
		assertThat(curveProblem("/v1/curves/focal.svg?gamma=1,,2", 400).at("/errors/0/pointer").asString())
			.isEqualTo("/gamma/1");
		assertThat(curveProblem("/v1/curves/focal.svg?gamma=two", 400).at("/errors/0/pointer").asString())
			.isEqualTo("/gamma/0");
		assertThat(
				curveProblem("/v1/curves/binary.svg?posWeight=1&posWeight=2", 400).at("/errors/0/pointer").asString())
			.isEqualTo("/posWeight");
		assertThat(curveProblem("/v1/curves/focal.svg?alpha=0.25", 400).at("/errors/0/pointer").asString())
			.isEqualTo("/alpha");
		MvcResult json = this.mvc.perform(get("/v1/curves/binary.svg").header("Accept", "application/json"))
			.andReturn();
		assertThat(json.getResponse().getStatus()).isEqualTo(406);
		assertThat(json.getResponse().getContentType()).isEqualTo("application/problem+json");
	}

	@Test
	void theCurvesDocumentedRefusalsAreTheServicesOwn() throws Exception {
		assertThat(curveProblem("/v1/curves/binary.svg?pos_weight=2", 400))
			.isEqualTo(JSON.readTree(ApiDocs.CURVE_BAD_REQUEST_EXAMPLE));
		assertThat(curveProblem("/v1/curves/focal.svg?gamma=2,-1", 422))
			.isEqualTo(JSON.readTree(ApiDocs.CURVE_UNPROCESSABLE_EXAMPLE));
	}

}
