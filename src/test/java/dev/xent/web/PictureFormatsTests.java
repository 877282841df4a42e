package dev.xent.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import dev.xent.plot.SvgPicture;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every plot on every scoring endpoint and every body format, over real HTTP: the same
 * samples as a JSON document, as JSON Lines and as an Arrow stream in several record
 * batches give the same picture, byte for byte (the picture is drawn from the same single
 * pass, whose sums do not depend on the format or the batches), and the refusals of a
 * streamed body's plot are the document's.
 */
// A context of its own (see SummaryArrowTests).
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "pictures.test.context=formats")
class PictureFormatsTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String ARROW = "application/vnd.apache.arrow.stream";

	private static final String SVG = "image/svg+xml";

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@LocalServerPort
	private int port;

	private HttpResponse<byte[]> post(String path, String contentType, byte[] body, String accept) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.timeout(Duration.ofSeconds(30))
			.header("Content-Type", contentType)
			.header("Accept", accept)
			.POST(HttpRequest.BodyPublishers.ofByteArray(body));
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
	}

	private static byte[] picture(HttpResponse<byte[]> response, String what) {
		assertThat(response.statusCode()).as(what + ": " + new String(response.body(), StandardCharsets.UTF_8))
			.isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).as(what).hasValue(SVG);
		return response.body();
	}

	@Test
	void everyPlotOnEveryEndpointIsTheSamePictureInEveryBodyFormat() throws Exception {
		for (Endpoint endpoint : Endpoint.values()) {
			PictureSamples samples = new PictureSamples(endpoint, 700, endpoint.ordinal());
			String path = "/v1/" + endpoint.path();
			byte[] lines = samples.jsonLines().getBytes(StandardCharsets.UTF_8);
			byte[] arrow = samples.arrow(256);
			for (String plot : new String[] { "losses", "reliability", "groups" }) {
				String what = endpoint.path() + " " + plot;
				byte[] document = picture(post(path, "application/json",
						samples.json("\"plot\":\"" + plot + "\"").getBytes(StandardCharsets.UTF_8), SVG), what);
				String query = "?" + samples.query("&plot=" + plot);
				assertThat(picture(post(path + query, "application/x-ndjson", lines, SVG), what + " JSON Lines"))
					.as(what + ": JSON Lines and the document")
					.isEqualTo(document);
				assertThat(picture(post(path + query, ARROW, arrow, SVG), what + " Arrow"))
					.as(what + ": Arrow in 3 batches and the document")
					.isEqualTo(document);
				SvgPicture parsed = SvgPicture.parse(document);
				assertThat(parsed.items()).as(what).isNotEmpty();
				assertThat(parsed.texts()).as(what).anySatisfy((t) -> assertThat(t).contains(endpoint.path()));
			}
		}
	}

	@Test
	void aStreamedBodysPlotIsRefusedAsTheDocumentsIs() throws Exception {
		PictureSamples samples = new PictureSamples(Endpoint.FOCAL_MULTILABEL, 50, 3);
		byte[] arrow = samples.arrow(20);
		String path = "/v1/focal/multilabel?";
		assertThat(pointers(post(path + samples.query("&plot=losses"), ARROW, arrow, ARROW), 422))
			.containsExactly("/plot");
		assertThat(pointers(post(path + samples.query("&plot=histogram"), ARROW, arrow, SVG), 422))
			.containsExactly("/plot");
		assertThat(pointers(post(path + samples.query(""), ARROW, arrow, SVG), 422)).containsExactly("/plot");
		assertThat(pointers(post(path + samples.query("&plot=losses&plot=groups"), ARROW, arrow, SVG), 400))
			.containsExactly("/plot");
		assertThat(pointers(post(path + samples.query("&plot=losses&calibrationBins=5"), "application/x-ndjson",
				samples.jsonLines().getBytes(StandardCharsets.UTF_8), SVG), 422))
			.containsExactly("/calibrationBins");
		byte[] withoutGroups = samples.jsonLines()
			.replaceAll(",\"group\":\"[^\\n]*\"}", "}")
			.getBytes(StandardCharsets.UTF_8);
		assertThat(
				pointers(post(path + samples.query("&plot=groups"), "application/x-ndjson", withoutGroups, SVG), 422))
			.containsExactly("/groups");
		byte[] picture = picture(
				post(path + samples.query("&plot=reliability&calibrationBins=4&summaries=stderr,calibration"), ARROW,
						arrow, SVG),
				"reliability with its bins and summaries");
		assertThat(SvgPicture.parse(picture).texts()).anySatisfy((t) -> assertThat(t).contains("4 bins"));
	}

	private static java.util.List<String> pointers(HttpResponse<byte[]> response, int status) {
		String body = new String(response.body(), StandardCharsets.UTF_8);
		assertThat(response.statusCode()).as(body).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		JsonNode problem = JSON.readTree(body);
		return problem.path("errors").valueStream().map((e) -> e.get("pointer").asString()).toList();
	}

}
