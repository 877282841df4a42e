package dev.xent.web;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.StringJoiner;

import org.apache.arrow.compression.CommonsCompressionFactory;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.compression.CompressionUtil;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.ipc.message.IpcOption;
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
 * Arrow bodies and Arrow answers over real HTTP, end to end: the same samples sent as an
 * Arrow stream (split into batches, float32 or float64, compressed or not) and as a JSON
 * document give bit-identical aggregates, and bit-identical per-sample losses and
 * gradients when asked for as an Arrow stream; bad streams give the contract's problem
 * details.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "xent.limits.max-batch-bytes=1MB" })
class ArrowEndpointTests {

	private static final String ARROW = "application/vnd.apache.arrow.stream";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final ArrowType FLOAT64 = new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);

	private static final ArrowType FLOAT32 = new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);

	private static RootAllocator allocator;

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

	/**
	 * One request as an Arrow stream and as the equivalent JSON document.
	 *
	 * @param endpoint binary, multilabel or categorical, or focal/ and one of these
	 * @param options the options, as query parameters
	 * @param arrow the Arrow body
	 * @param json the JSON document: the same columns and options
	 */
	record Case(String endpoint, String options, byte[] arrow, String json) {

		String jsonBody() {
			return this.json;
		}

	}

	// ---- the cases

	/**
	 * Binary: float32 logits (the JSON carries their widened values), int8 labels,
	 * float64 weights, in three batches of 400, 1 and 599 rows.
	 */
	private static Case binary() throws IOException {
		Random random = new Random(1);
		int n = 1000;
		float[] p = new float[n];
		long[] y = new long[n];
		double[] w = new double[n];
		for (int i = 0; i < n; i++) {
			p[i] = (float) (2 * random.nextGaussian());
			y[i] = random.nextInt(2);
			w[i] = 0.5 + random.nextDouble();
		}
		Schema schema = new Schema(List.of(Field.nullable("predictions", FLOAT32),
				Field.nullable("labels", new ArrowType.Int(8, true)), Field.nullable("sampleWeights", FLOAT64)));
		byte[] arrow = write(schema, null, new int[] { 400, 1, 599 }, (root, from, rows) -> {
			Float4Vector pv = (Float4Vector) root.getVector("predictions");
			Float8Vector wv = (Float8Vector) root.getVector("sampleWeights");
			for (int i = 0; i < rows; i++) {
				pv.setSafe(i, p[from + i]);
				wv.setSafe(i, w[from + i]);
			}
			setLongs(root.getVector("labels"), y, from, rows);
		});
		double[] widened = new double[n];
		for (int i = 0; i < n; i++) {
			widened[i] = p[i];
		}
		String json = "\"predictions\":" + array(widened) + ",\"labels\":" + array(y) + ",\"sampleWeights\":"
				+ array(w);
		return new Case("binary", "inputType=logits&reduction=sum", arrow,
				"{" + json + ",\"inputType\":\"logits\",\"reduction\":\"sum\"}");
	}

	/**
	 * Multilabel: FixedSizeList rows of probabilities and soft labels, ZSTD, 2 batches.
	 */
	private static Case multilabel() throws IOException {
		Random random = new Random(2);
		int n = 700;
		int k = 4;
		double[] p = new double[n * k];
		double[] y = new double[n * k];
		for (int i = 0; i < n * k; i++) {
			p[i] = 0.01 + 0.98 * random.nextDouble();
			y[i] = (random.nextInt(4) == 0) ? 0.25 : random.nextInt(2);
		}
		Schema schema = new Schema(List.of(fixedList("predictions", k, FLOAT64), fixedList("labels", k, FLOAT64)));
		byte[] arrow = write(schema, CompressionUtil.CodecType.ZSTD, new int[] { 300, 400 }, (root, from, rows) -> {
			setRows(root.getVector("predictions"), p, k, from, rows);
			setRows(root.getVector("labels"), y, k, from, rows);
		});
		String json = "\"predictions\":" + matrix(p, k) + ",\"labels\":" + matrix(y, k);
		return new Case("multilabel", "reduction=mean", arrow, "{" + json + ",\"reduction\":\"mean\"}");
	}

	/** Categorical: List rows of logits, int64 class indices, string groups, LZ4. */
	private static Case categorical() throws IOException {
		Random random = new Random(3);
		int n = 900;
		int c = 5;
		double[] z = new double[n * c];
		long[] y = new long[n];
		for (int i = 0; i < n; i++) {
			for (int j = 0; j < c; j++) {
				z[i * c + j] = 3 * random.nextGaussian();
			}
			y[i] = random.nextInt(c);
		}
		Schema schema = new Schema(List.of(Field.nullable("__index_level_0__", new ArrowType.Int(64, true)),
				list("predictions", FLOAT64), Field.nullable("labels", new ArrowType.Int(64, true)),
				Field.nullable("groups", ArrowType.Utf8.INSTANCE)));
		byte[] arrow = write(schema, CompressionUtil.CodecType.LZ4_FRAME, new int[] { 450, 450 },
				(root, from, rows) -> {
					long[] index = new long[n];
					Arrays.setAll(index, (i) -> i);
					setLongs(root.getVector("__index_level_0__"), index, from, rows);
					setRows(root.getVector("predictions"), z, c, from, rows);
					setLongs(root.getVector("labels"), y, from, rows);
					VarCharVector g = (VarCharVector) root.getVector("groups");
					for (int i = 0; i < rows; i++) {
						g.setSafe(i, ("g" + ((from + i) % 3)).getBytes(StandardCharsets.UTF_8));
					}
				});
		String json = "\"predictions\":" + matrix(z, c) + ",\"labels\":" + array(y);
		return new Case("categorical", "inputType=logits&labelSmoothing=0.1&classWeights=1,2,0.5,1,1", arrow,
				"{" + json + ",\"inputType\":\"logits\",\"labelSmoothing\":0.1,\"classWeights\":[1,2,0.5,1,1]}");
	}

	/** Categorical with target rows (probabilities), float32 targets. */
	private static Case targets() throws IOException {
		Random random = new Random(4);
		int n = 300;
		int c = 3;
		double[] p = new double[n * c];
		float[] q = new float[n * c];
		for (int i = 0; i < n; i++) {
			double a = 0.05 + 0.9 * random.nextDouble();
			double b = (1 - a) * random.nextDouble();
			p[i * c] = a;
			p[i * c + 1] = b;
			p[i * c + 2] = 1 - a - b;
			q[i * c + random.nextInt(c)] = 1;
		}
		Schema schema = new Schema(List.of(fixedList("predictions", c, FLOAT64), fixedList("targets", c, FLOAT32)));
		byte[] arrow = write(schema, null, new int[] { 300 }, (root, from, rows) -> {
			setRows(root.getVector("predictions"), p, c, from, rows);
			FixedSizeListVector t = (FixedSizeListVector) root.getVector("targets");
			Float4Vector values = (Float4Vector) t.getDataVector();
			for (int i = 0; i < rows; i++) {
				t.setNotNull(i);
				for (int j = 0; j < c; j++) {
					values.setSafe(i * c + j, q[(from + i) * c + j]);
				}
			}
			values.setValueCount(rows * c);
		});
		double[] widened = new double[n * c];
		for (int i = 0; i < n * c; i++) {
			widened[i] = q[i];
		}
		String json = "\"predictions\":" + matrix(p, c) + ",\"targets\":" + matrix(widened, c);
		return new Case("categorical", "reduction=sum", arrow, "{" + json + ",\"reduction\":\"sum\"}");
	}

	/**
	 * Focal binary: float32 logits, γ between 0 and 1, α, the torch preset (which changes
	 * nothing for logits), float64 weights, two batches.
	 */
	private static Case focalBinary() throws IOException {
		Random random = new Random(5);
		int n = 800;
		float[] z = new float[n];
		double[] y = new double[n];
		double[] w = new double[n];
		for (int i = 0; i < n; i++) {
			z[i] = (float) (4 * random.nextGaussian());
			y[i] = random.nextInt(2);
			w[i] = random.nextDouble();
		}
		Schema schema = new Schema(List.of(Field.nullable("predictions", FLOAT32), Field.nullable("labels", FLOAT64),
				Field.nullable("sampleWeights", FLOAT64)));
		byte[] arrow = write(schema, null, new int[] { 500, 300 }, (root, from, rows) -> {
			Float4Vector p = (Float4Vector) root.getVector("predictions");
			for (int i = 0; i < rows; i++) {
				p.setSafe(i, z[from + i]);
				((Float8Vector) root.getVector("labels")).setSafe(i, y[from + i]);
				((Float8Vector) root.getVector("sampleWeights")).setSafe(i, w[from + i]);
			}
		});
		double[] widened = new double[n];
		for (int i = 0; i < n; i++) {
			widened[i] = z[i];
		}
		String json = "\"predictions\":" + array(widened) + ",\"labels\":" + array(y) + ",\"sampleWeights\":"
				+ array(w);
		return new Case("focal/binary", "inputType=logits&gamma=0.5&alpha=0.25&compat=torch", arrow,
				"{" + json + ",\"inputType\":\"logits\",\"gamma\":0.5,\"alpha\":0.25,\"compat\":\"torch\"}");
	}

	/** Focal multi-label: probabilities with 0 and 1, keras, default γ, ZSTD. */
	private static Case focalMultilabel() throws IOException {
		Random random = new Random(6);
		int n = 400;
		int k = 3;
		double[] p = new double[n * k];
		double[] y = new double[n * k];
		for (int i = 0; i < n * k; i++) {
			p[i] = (random.nextInt(10) == 0) ? random.nextInt(2) : random.nextDouble();
			y[i] = random.nextInt(2);
		}
		Schema schema = new Schema(List.of(fixedList("predictions", k, FLOAT64), fixedList("labels", k, FLOAT64)));
		byte[] arrow = write(schema, CompressionUtil.CodecType.ZSTD, new int[] { 400 }, (root, from, rows) -> {
			setRows(root.getVector("predictions"), p, k, from, rows);
			setRows(root.getVector("labels"), y, k, from, rows);
		});
		String json = "\"predictions\":" + matrix(p, k) + ",\"labels\":" + matrix(y, k);
		return new Case("focal/multilabel", "compat=keras&reduction=sum", arrow,
				"{" + json + ",\"compat\":\"keras\",\"reduction\":\"sum\"}");
	}

	/** Focal categorical: List rows of logits, α per class, γ = 2, an ignore index. */
	private static Case focalCategorical() throws IOException {
		Random random = new Random(7);
		int n = 600;
		int c = 4;
		double[] z = new double[n * c];
		long[] y = new long[n];
		for (int i = 0; i < n; i++) {
			for (int j = 0; j < c; j++) {
				z[i * c + j] = 5 * random.nextGaussian();
			}
			y[i] = (i % 17 == 0) ? -100 : random.nextInt(c);
		}
		Schema schema = new Schema(
				List.of(list("predictions", FLOAT64), Field.nullable("labels", new ArrowType.Int(32, true))));
		byte[] arrow = write(schema, CompressionUtil.CodecType.LZ4_FRAME, new int[] { 100, 500 },
				(root, from, rows) -> {
					setRows(root.getVector("predictions"), z, c, from, rows);
					setLongs(root.getVector("labels"), y, from, rows);
				});
		String json = "\"predictions\":" + matrix(z, c) + ",\"labels\":" + array(y);
		return new Case("focal/categorical", "inputType=logits&gamma=2&alpha=0.25,0.5,1,2&ignoreIndex=-100", arrow,
				"{" + json + ",\"inputType\":\"logits\",\"gamma\":2,\"alpha\":[0.25,0.5,1,2],\"ignoreIndex\":-100}");
	}

	private List<Case> cases() throws IOException {
		return List.of(binary(), multilabel(), categorical(), targets(), focalBinary(), focalMultilabel(),
				focalCategorical());
	}

	// ---- the tests

	@Test
	void arrowBodiesGiveTheJsonAggregatesBitForBit() throws Exception {
		for (Case c : cases()) {
			HttpResponse<byte[]> arrow = post(c.endpoint() + "?" + c.options(), ARROW, c.arrow(), null);
			assertThat(arrow.statusCode()).as(c.endpoint() + " " + new String(arrow.body(), StandardCharsets.UTF_8))
				.isEqualTo(200);
			assertThat(arrow.headers().firstValue("Content-Type"))
				.hasValueSatisfying((t) -> assertThat(t).startsWith("application/json"));
			HttpResponse<byte[]> json = post(c.endpoint(), "application/json",
					c.jsonBody().getBytes(StandardCharsets.UTF_8), null);
			assertThat(json.statusCode()).as(c.endpoint() + " " + new String(json.body(), StandardCharsets.UTF_8))
				.isEqualTo(200);
			JsonNode a = JSON.readTree(arrow.body());
			JsonNode j = JSON.readTree(json.body());
			assertThat(a.get("count").asLong()).isEqualTo(j.get("count").asLong()).isPositive();
			for (String field : List.of("weightSum", "sum", "mean")) {
				assertThat(Double.doubleToLongBits(a.get(field).asDouble())).as(c.endpoint() + " " + field)
					.isEqualTo(Double.doubleToLongBits(j.get(field).asDouble()));
			}
			assertThat(a.has("losses")).as("per-sample output of a stream comes as Arrow").isFalse();
		}
	}

	@Test
	void answersWithAPerSampleArrowStreamEqualToTheJsonArrays() throws Exception {
		for (Case c : cases()) {
			HttpResponse<byte[]> json = post(c.endpoint(), "application/json",
					c.jsonBody().getBytes(StandardCharsets.UTF_8), null);
			JsonNode expected = JSON.readTree(json.body());
			HttpResponse<byte[]> fromArrow = post(c.endpoint() + "?" + c.options(), ARROW, c.arrow(), ARROW);
			HttpResponse<byte[]> fromJson = post(c.endpoint(), "application/json",
					c.jsonBody().getBytes(StandardCharsets.UTF_8), ARROW);
			for (HttpResponse<byte[]> response : List.of(fromArrow, fromJson)) {
				assertThat(response.statusCode()).as(c.endpoint()).isEqualTo(200);
				assertThat(response.headers().firstValue("Content-Type"))
					.hasValueSatisfying((t) -> assertThat(t).startsWith(ARROW));
				PerSample read = read(response.body());
				JsonNode metadata = JSON.readTree(read.metadata);
				for (String field : List.of("weightSum", "sum", "mean")) {
					assertThat(metadata.get(field).asDouble()).as(field).isEqualTo(expected.get(field).asDouble());
				}
				assertThat(metadata.get("count").asLong()).isEqualTo(expected.get("count").asLong());
				JsonNode losses = expected.get("losses");
				assertThat(read.losses).hasSize(losses.size());
				for (int i = 0; i < losses.size(); i++) {
					assertThat(Double.doubleToLongBits(read.losses.get(i))).as(c.endpoint() + " loss " + i)
						.isEqualTo(Double.doubleToLongBits(losses.get(i).asDouble()));
				}
				List<Double> gradients = new ArrayList<>();
				for (JsonNode g : expected.get("gradients")) {
					if (g.isArray()) {
						g.forEach((x) -> gradients.add(x.asDouble()));
					}
					else {
						gradients.add(g.asDouble());
					}
				}
				assertThat(read.gradients).hasSize(gradients.size());
				for (int i = 0; i < gradients.size(); i++) {
					assertThat(Double.doubleToLongBits(read.gradients.get(i))).as(c.endpoint() + " gradient " + i)
						.isEqualTo(Double.doubleToLongBits(gradients.get(i)));
				}
				assertThat(read.vector).isEqualTo(c.endpoint().endsWith("binary"));
			}
		}
	}

	@Test
	void refusesATruncatedStreamWith400() throws Exception {
		byte[] stream = binary().arrow();
		for (int cut : new int[] { 8, stream.length / 2, stream.length - 8, stream.length - 4 }) {
			HttpResponse<byte[]> response = post("binary?inputType=logits", ARROW, Arrays.copyOf(stream, cut), null);
			JsonNode problem = problem(response, 400);
			assertThat(problem.get("detail").asString()).as("cut at " + cut).contains("truncated");
		}
		HttpResponse<byte[]> garbage = post("binary", ARROW, "not arrow at all".getBytes(StandardCharsets.UTF_8), null);
		problem(garbage, 400);
	}

	@Test
	void refusesAnUnknownColumnWith400AndAMissingOneWith422() throws Exception {
		Schema unknown = new Schema(List.of(Field.nullable("predictions", FLOAT64), Field.nullable("labels", FLOAT64),
				Field.nullable("weights", FLOAT64)));
		JsonNode bad = problem(post("binary", ARROW, write(unknown, null, new int[0], null), null), 400);
		assertThat(bad.at("/errors/0/pointer").asString()).isEqualTo("/weights");

		Schema wrong = new Schema(List.of(Field.nullable("predictions", FLOAT64), Field.nullable("labels", FLOAT64)));
		JsonNode typed = problem(post("multilabel", ARROW, write(wrong, null, new int[0], null), null), 400);
		assertThat(typed.at("/errors/0/pointer").asString()).isEqualTo("/predictions");

		Schema missing = new Schema(List.of(Field.nullable("predictions", FLOAT64)));
		JsonNode invalid = problem(post("binary", ARROW, write(missing, null, new int[0], null), null), 422);
		assertThat(invalid.at("/errors/0/pointer").asString()).isEqualTo("/labels");
	}

	@Test
	void refusesANullWith422AtItsRowCountedAcrossBatches() throws Exception {
		Schema schema = new Schema(List.of(Field.nullable("predictions", FLOAT64), Field.nullable("labels", FLOAT64)));
		byte[] stream = write(schema, null, new int[] { 3, 3 }, (root, from, rows) -> {
			Float8Vector p = (Float8Vector) root.getVector("predictions");
			Float8Vector y = (Float8Vector) root.getVector("labels");
			for (int i = 0; i < rows; i++) {
				p.setSafe(i, 0.5);
				if (from + i == 4) {
					y.setNull(i);
				}
				else {
					y.setSafe(i, 1);
				}
			}
		});
		JsonNode problem = problem(post("binary", ARROW, stream, null), 422);
		assertThat(problem.at("/errors/0/pointer").asString()).isEqualTo("/labels/4");
	}

	@Test
	void refusesABatchOverTheLimitWith413SayingHowManyRowsFit() throws Exception {
		Schema schema = new Schema(List.of(Field.nullable("predictions", FLOAT64), Field.nullable("labels", FLOAT64)));
		byte[] stream = write(schema, null, new int[] { 100_000 }, (root, from, rows) -> {
			Float8Vector p = (Float8Vector) root.getVector("predictions");
			Float8Vector y = (Float8Vector) root.getVector("labels");
			for (int i = 0; i < rows; i++) {
				p.setSafe(i, 0.5);
				y.setSafe(i, 1);
			}
		});
		JsonNode problem = problem(post("binary", ARROW, stream, null), 413);
		assertThat(problem.get("detail").asString()).contains("xent.limits.max-batch-bytes")
			.contains("1048576")
			.contains("max_chunksize=");
	}

	@Test
	void refusesIncludeLossesWithArrowOutputAndTrueWithJsonOutput() throws Exception {
		byte[] stream = binary().arrow();
		JsonNode arrowOut = problem(post("binary?inputType=logits&includeLosses=true", ARROW, stream, ARROW), 422);
		assertThat(arrowOut.at("/errors/0/pointer").asString()).isEqualTo("/includeLosses");
		JsonNode jsonOut = problem(post("binary?inputType=logits&includeGradients=true", ARROW, stream, null), 422);
		assertThat(jsonOut.at("/errors/0/pointer").asString()).isEqualTo("/includeGradients");
	}

	// ---- HTTP

	private HttpResponse<byte[]> post(String path, String contentType, byte[] body, String accept) throws Exception {
		HttpRequest.Builder request = HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/v1/"
					+ (path.startsWith("focal/") ? "" : "cross-entropy/") + path))
			.timeout(Duration.ofSeconds(30))
			.header("Content-Type", contentType)
			.POST(HttpRequest.BodyPublishers.ofByteArray(body));
		if (accept != null) {
			request.header("Accept", accept);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
	}

	private static JsonNode problem(HttpResponse<byte[]> response, int status) {
		String body = new String(response.body(), StandardCharsets.UTF_8);
		assertThat(response.statusCode()).as(body).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((t) -> assertThat(t).startsWith("application/problem+json"));
		JsonNode problem = JSON.readTree(body);
		assertThat(problem.get("status").asInt()).isEqualTo(status);
		assertThat(problem.has("type")).isTrue();
		return problem;
	}

	// ---- Arrow in and out

	@FunctionalInterface
	interface Fill {

		void fill(VectorSchemaRoot root, int from, int rows);

	}

	private static byte[] write(Schema schema, CompressionUtil.CodecType codec, int[] batches, Fill fill)
			throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (BufferAllocator a = allocator.newChildAllocator("writing", 0, Long.MAX_VALUE);
				VectorSchemaRoot root = VectorSchemaRoot.create(schema, a);
				ArrowStreamWriter writer = (codec == null) ? new ArrowStreamWriter(root, null, Channels.newChannel(out))
						: new ArrowStreamWriter(root, null, Channels.newChannel(out), IpcOption.DEFAULT,
								CommonsCompressionFactory.INSTANCE, codec)) {
			writer.start();
			int from = 0;
			for (int rows : batches) {
				root.allocateNew();
				fill.fill(root, from, rows);
				root.setRowCount(rows);
				writer.writeBatch();
				from += rows;
			}
			writer.end();
		}
		return out.toByteArray();
	}

	private static Field fixedList(String name, int size, ArrowType element) {
		return new Field(name, FieldType.nullable(new ArrowType.FixedSizeList(size)),
				List.of(Field.nullable("item", element)));
	}

	private static Field list(String name, ArrowType element) {
		return new Field(name, FieldType.nullable(new ArrowType.List()), List.of(Field.nullable("item", element)));
	}

	private static void setLongs(FieldVector vector, long[] values, int from, int rows) {
		for (int i = 0; i < rows; i++) {
			while (vector.getValueCapacity() <= i) {
				vector.reAlloc();
			}
			((BaseIntVector) vector).setWithPossibleTruncate(i, values[from + i]);
		}
	}

	private static void setRows(FieldVector vector, double[] values, int width, int from, int rows) {
		if (vector instanceof FixedSizeListVector f) {
			Float8Vector child = (Float8Vector) f.getDataVector();
			for (int i = 0; i < rows; i++) {
				f.setNotNull(i);
				for (int j = 0; j < width; j++) {
					child.setSafe(i * width + j, values[(from + i) * width + j]);
				}
			}
			child.setValueCount(rows * width);
		}
		else {
			ListVector l = (ListVector) vector;
			Float8Vector child = (Float8Vector) l.getDataVector();
			for (int i = 0; i < rows; i++) {
				int offset = l.startNewValue(i);
				for (int j = 0; j < width; j++) {
					child.setSafe(offset + j, values[(from + i) * width + j]);
				}
				l.endValue(i, width);
			}
			child.setValueCount(rows * width);
		}
	}

	/** A per-sample answer, read with Arrow Java. */
	private static final class PerSample {

		String metadata;

		boolean vector;

		final List<Double> losses = new ArrayList<>();

		final List<Double> gradients = new ArrayList<>();

	}

	private static PerSample read(byte[] stream) throws IOException {
		PerSample read = new PerSample();
		try (BufferAllocator a = allocator.newChildAllocator("reading", 0, Long.MAX_VALUE);
				ArrowStreamReader reader = new ArrowStreamReader(new ByteArrayInputStream(stream), a)) {
			VectorSchemaRoot root = reader.getVectorSchemaRoot();
			read.metadata = root.getSchema().getCustomMetadata().get("xent");
			read.vector = root.getVector("gradient") instanceof Float8Vector;
			while (reader.loadNextBatch()) {
				Float8Vector losses = (Float8Vector) root.getVector("loss");
				FieldVector gradient = root.getVector("gradient");
				Float8Vector values = (gradient instanceof FixedSizeListVector f) ? (Float8Vector) f.getDataVector()
						: (Float8Vector) gradient;
				for (int i = 0; i < root.getRowCount(); i++) {
					read.losses.add(losses.get(i));
				}
				for (int i = 0; i < values.getValueCount(); i++) {
					read.gradients.add(values.get(i));
				}
			}
		}
		return read;
	}

	// ---- JSON text

	private static String array(double[] values) {
		StringJoiner joiner = new StringJoiner(",", "[", "]");
		for (double v : values) {
			joiner.add(Double.toString(v));
		}
		return joiner.toString();
	}

	private static String array(long[] values) {
		StringJoiner joiner = new StringJoiner(",", "[", "]");
		for (long v : values) {
			joiner.add(Long.toString(v));
		}
		return joiner.toString();
	}

	private static String matrix(double[] values, int width) {
		StringJoiner rows = new StringJoiner(",", "[", "]");
		for (int i = 0; i < values.length; i += width) {
			rows.add(array(Arrays.copyOfRange(values, i, i + width)));
		}
		return rows.toString();
	}

}
