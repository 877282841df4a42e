package dev.xent.web;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.StringJoiner;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Summaries with Arrow over real HTTP: an Arrow body in several record batches with a
 * {@code groups} column (utf8, or integers) gives the JSON document's summaries bit for
 * bit, and a per-sample Arrow answer carries the summaries in its {@code xent} metadata,
 * as the JSON answer has them.
 */
// A context of its own: a shared RANDOM_PORT context that the test framework pauses
// and resumes refuses connections afterwards (TomcatConfiguration.ConnectionDrain closes
// the server socket on stop).
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "summaries.test.context=arrow")
class SummaryArrowTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String ARROW = "application/vnd.apache.arrow.stream";

	private static final ArrowType FLOAT64 = new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);

	private static final int N = 3000;

	private static final int C = 4;

	private static BufferAllocator allocator;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@LocalServerPort
	private int port;

	@BeforeAll
	static void allocator() {
		allocator = new RootAllocator();
	}

	@AfterAll
	static void close() {
		allocator.close();
	}

	private HttpResponse<byte[]> post(String path, String contentType, byte[] body, String accept) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.timeout(Duration.ofSeconds(30))
			.header("Content-Type", contentType)
			.POST(HttpRequest.BodyPublishers.ofByteArray(body));
		if (accept != null) {
			request.header("Accept", accept);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
	}

	private static JsonNode ok(HttpResponse<byte[]> response) {
		String body = new String(response.body(), StandardCharsets.UTF_8);
		assertThat(response.statusCode()).as(body).isEqualTo(200);
		return JSON.readTree(body);
	}

	/**
	 * Categorical logits with labels, weights and groups, in batches of 1000, 1 and 1999
	 * rows.
	 */
	private static final class Samples {

		final double[] x = new double[N * C];

		final long[] labels = new long[N];

		final double[] weights = new double[N];

		final int[] groups = new int[N];

		Samples() {
			Random random = new Random(5);
			for (int i = 0; i < N; i++) {
				for (int c = 0; c < C; c++) {
					this.x[i * C + c] = 2 * random.nextGaussian();
				}
				this.labels[i] = random.nextInt(C);
				this.weights[i] = 0.25 + random.nextDouble();
				this.groups[i] = random.nextInt(7) - 3;
			}
		}

		byte[] arrow(boolean stringGroups) throws Exception {
			Field predictions = new Field("predictions", FieldType.nullable(new ArrowType.FixedSizeList(C)),
					List.of(Field.nullable("item", FLOAT64)));
			Field groups = Field.nullable("groups",
					stringGroups ? ArrowType.Utf8.INSTANCE : new ArrowType.Int(32, true));
			Schema schema = new Schema(List.of(predictions, Field.nullable("labels", new ArrowType.Int(64, true)),
					Field.nullable("sampleWeights", FLOAT64), groups));
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			try (BufferAllocator a = allocator.newChildAllocator("writing", 0, Long.MAX_VALUE);
					VectorSchemaRoot root = VectorSchemaRoot.create(schema, a);
					ArrowStreamWriter writer = new ArrowStreamWriter(root, null, Channels.newChannel(out))) {
				writer.start();
				int from = 0;
				for (int rows : new int[] { 1000, 1, 1999 }) {
					root.allocateNew();
					FixedSizeListVector p = (FixedSizeListVector) root.getVector("predictions");
					Float8Vector values = (Float8Vector) p.getDataVector();
					for (int i = 0; i < rows; i++) {
						p.setNotNull(i);
						for (int c = 0; c < C; c++) {
							values.setSafe(i * C + c, this.x[(from + i) * C + c]);
						}
						((BigIntVector) root.getVector("labels")).setSafe(i, this.labels[from + i]);
						((Float8Vector) root.getVector("sampleWeights")).setSafe(i, this.weights[from + i]);
						if (stringGroups) {
							((VarCharVector) root.getVector("groups")).setSafe(i,
									("g" + this.groups[from + i]).getBytes(StandardCharsets.UTF_8));
						}
						else {
							((IntVector) root.getVector("groups")).setSafe(i, this.groups[from + i]);
						}
					}
					values.setValueCount(rows * C);
					root.setRowCount(rows);
					writer.writeBatch();
					from += rows;
				}
				writer.end();
			}
			return out.toByteArray();
		}

		String json(boolean stringGroups, String options) {
			StringJoiner x = new StringJoiner(",", "[", "]");
			for (int i = 0; i < N; i++) {
				StringJoiner row = new StringJoiner(",", "[", "]");
				for (int c = 0; c < C; c++) {
					row.add(Double.toString(this.x[i * C + c]));
				}
				x.add(row.toString());
			}
			StringJoiner labels = new StringJoiner(",", "[", "]");
			StringJoiner weights = new StringJoiner(",", "[", "]");
			StringJoiner groups = new StringJoiner(",", "[", "]");
			for (int i = 0; i < N; i++) {
				labels.add(Long.toString(this.labels[i]));
				weights.add(Double.toString(this.weights[i]));
				groups.add(stringGroups ? "\"g" + this.groups[i] + "\"" : Integer.toString(this.groups[i]));
			}
			return "{" + options + "\"predictions\":" + x + ",\"labels\":" + labels + ",\"sampleWeights\":" + weights
					+ ",\"groups\":" + groups + "}";
		}

	}

	@Test
	void anArrowBodyWithAGroupsColumnGivesTheJsonDocumentsSummaries() throws Exception {
		Samples samples = new Samples();
		for (boolean strings : new boolean[] { true, false }) {
			JsonNode streamed = ok(post(
					"/v1/cross-entropy/categorical?inputType=logits&summaries=stderr,accuracy,calibration,worst,groups,"
							+ "divergence,perplexity&topK=2&worstK=5",
					ARROW, samples.arrow(strings), null));
			JsonNode document = ok(post("/v1/cross-entropy/categorical", "application/json", samples
				.json(strings,
						"\"inputType\":\"logits\",\"summaries\":[\"stderr\",\"accuracy\",\"calibration\",\"worst\","
								+ "\"groups\",\"divergence\",\"perplexity\"],\"topK\":2,\"worstK\":5,"
								+ "\"includeLosses\":false,\"includeGradients\":false,")
				.getBytes(StandardCharsets.UTF_8), null));
			assertThat(streamed.get("summaries").toString()).isEqualTo(document.get("summaries").toString());
			assertThat(streamed.at("/summaries/groups").size()).isEqualTo(7);
			assertThat(streamed.at("/summaries/groups").has(strings ? "g-3" : "-3")).isTrue();
		}
	}

	@Test
	void aPerSampleArrowAnswerCarriesTheSummariesInItsMetadata() throws Exception {
		Samples samples = new Samples();
		String options = "\"inputType\":\"logits\",\"summaries\":[\"stderr\",\"groups\",\"worst\"],";
		JsonNode answer = ok(post("/v1/cross-entropy/categorical", "application/json",
				samples.json(true, options + "\"includeLosses\":false,\"includeGradients\":false,")
					.getBytes(StandardCharsets.UTF_8),
				null));
		HttpResponse<byte[]> arrow = post("/v1/cross-entropy/categorical", "application/json",
				samples.json(true, options).getBytes(StandardCharsets.UTF_8), ARROW);
		assertThat(arrow.statusCode()).isEqualTo(200);
		String metadata;
		try (BufferAllocator a = allocator.newChildAllocator("reading", 0, Long.MAX_VALUE);
				ArrowStreamReader reader = new ArrowStreamReader(new ByteArrayInputStream(arrow.body()), a)) {
			metadata = reader.getVectorSchemaRoot().getSchema().getCustomMetadata().get("xent");
		}
		JsonNode xent = JSON.readTree(metadata);
		assertThat(xent.propertyNames()).containsExactly("count", "weightSum", "sum", "mean", "summaries");
		assertThat(xent.get("summaries").toString()).isEqualTo(answer.get("summaries").toString());
	}

}
