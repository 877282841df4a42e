package dev.xent.codec;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import dev.xent.codec.ColumnLayout.Shape;
import dev.xent.codec.arrow.ArrowSampleSource;
import dev.xent.codec.json.JsonDocument;
import dev.xent.codec.json.JsonRequestReader;
import dev.xent.codec.jsonl.JsonLinesSampleSource;
import dev.xent.loss.Aggregates;
import dev.xent.loss.BinaryLoss;
import dev.xent.loss.CategoricalLoss;
import dev.xent.loss.GroupKeys;
import dev.xent.loss.InputType;
import dev.xent.loss.Loss;
import dev.xent.loss.Reduction;
import dev.xent.loss.SampleBatch;
import dev.xent.loss.Scoring;
import dev.xent.loss.Violations;
import dev.xent.web.BinaryRequest;
import dev.xent.web.CategoricalRequest;
import dev.xent.web.MultilabelRequest;
import dev.xent.loss.options.RequestFields;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Same request, same numbers: random requests sent as a JSON document, as JSON Lines in
 * random batch sizes, and as Arrow streams split into random record batches, with float64
 * or float32 columns (float32 values are what JSON carries widened), give bit-identical
 * aggregates, per-sample losses, weights and gradients.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FormatEquivalenceTests {

	private static final int CASES = 300;

	private final BufferAllocator allocator = new RootAllocator(256L << 20);

	@AfterAll
	void close() {
		this.allocator.close();
	}

	/** One random request: the samples, the endpoint's layout and options. */
	record Case(String endpoint, ColumnLayout layout, int n, int width, boolean float32, InputType type,
			double[] predictions, double[] labels, long[] classes, double[] targets, double[] weights,
			Reduction reduction, Double labelSmoothing, double[] classWeights, Long ignoreIndex) {

		Loss loss(Violations v) {
			return switch (this.endpoint) {
				case "binary" -> BinaryLoss
					.of(new BinaryLoss.Options(this.type, true, 1.5, null, null, this.labelSmoothing, null), v);
				case "multilabel" -> BinaryLoss.of(new BinaryLoss.Options(this.type, false, null, null,
						this.classWeights, this.labelSmoothing, null), v);
				default -> CategoricalLoss.of(new CategoricalLoss.Options(this.type, this.classWeights,
						this.ignoreIndex, this.labelSmoothing, null, null), v);
			};
		}

		RequestFields fields() {
			return RequestFields.of(switch (this.endpoint) {
				case "binary" -> BinaryRequest.class;
				case "multilabel" -> MultilabelRequest.class;
				default -> CategoricalRequest.class;
			});
		}

	}

	/** What a request came to: the aggregates and every per-sample double, in order. */
	record Outcome(Aggregates aggregates, List<Double> perSample) {
	}

	@Test
	void everyFormatAndSplitGivesTheSameBits() throws IOException {
		Random random = new Random(20261203);
		for (int i = 0; i < CASES; i++) {
			Case c = randomCase(random);
			Outcome json = score(c, new ByteArrayInputStream(json(c)), "json", random);
			Outcome lines = score(c, new ByteArrayInputStream(jsonLines(c)), "jsonl", random);
			Outcome arrow = score(c, new ByteArrayInputStream(arrow(c, random)), "arrow", random);
			String what = "case " + i + ": " + c.endpoint() + " " + c.type() + " n=" + c.n() + " width=" + c.width()
					+ " float32=" + c.float32() + " " + c.reduction();
			assertThat(lines.aggregates()).as(what + " JSON Lines aggregates").isEqualTo(json.aggregates());
			assertThat(arrow.aggregates()).as(what + " Arrow aggregates").isEqualTo(json.aggregates());
			assertThat(bits(lines.perSample())).as(what + " JSON Lines per sample").isEqualTo(bits(json.perSample()));
			assertThat(bits(arrow.perSample())).as(what + " Arrow per sample").isEqualTo(bits(json.perSample()));
		}
	}

	private static List<Long> bits(List<Double> values) {
		return values.stream().map(Double::doubleToRawLongBits).toList();
	}

	private Outcome score(Case c, ByteArrayInputStream body, String format, Random random) throws IOException {
		Violations v = new Violations();
		Loss loss = c.loss(v);
		v.throwIfAny();
		try (PerSampleStore store = new PerSampleStore(true, 1 << 16, null);
				BufferAllocator child = this.allocator.newChildAllocator(format, 0, 64L << 20)) {
			Scoring scoring = new Scoring(loss, c.reduction(), store, Long.MAX_VALUE);
			SampleSource source = switch (format) {
				case "json" ->
					JsonDocument.read(new JsonRequestReader(new JsonRequestReader.Limits(5_000_000, 10_000, 100, 1000)),
							body, c.fields(), c.layout());
				case "jsonl" -> new JsonLinesSampleSource(body, c.layout(),
						new JsonLinesSampleSource.Limits(1 << 20, 10_000, 100, 1000, 1 + random.nextInt(40)),
						new GroupKeys(100));
				default -> new ArrowSampleSource(body, c.layout(), child, 64L << 20, new GroupKeys(100));
			};
			try {
				for (SampleBatch batch = source.next(); batch != null; batch = source.next()) {
					scoring.accept(batch);
				}
			}
			finally {
				if (source instanceof AutoCloseable closeable) {
					try {
						closeable.close();
					}
					catch (Exception ex) {
						throw new IllegalStateException(ex);
					}
				}
			}
			Aggregates aggregates = scoring.finish();
			double scale = scoring.gradientScale(aggregates.weightSum());
			List<Double> perSample = new ArrayList<>();
			store.forEach((rows, width, losses, weights, raw) -> {
				double[] gradients = new double[rows * width];
				loss.scaleGradients(scale, weights, raw, rows, width, gradients);
				for (int r = 0; r < rows; r++) {
					perSample.add(losses[r]);
					perSample.add(weights[r]);
					for (int k = 0; k < width; k++) {
						perSample.add(gradients[r * width + k]);
					}
				}
			});
			return new Outcome(aggregates, perSample);
		}
	}

	// ---- random requests ----

	private static Case randomCase(Random random) {
		String endpoint = switch (random.nextInt(4)) {
			case 0 -> "binary";
			case 1 -> "multilabel";
			default -> "categorical";
		};
		boolean categorical = endpoint.equals("categorical");
		boolean targets = categorical && random.nextBoolean();
		int n = 1 + random.nextInt(random.nextBoolean() ? 10 : 400);
		int width = switch (endpoint) {
			case "binary" -> 1;
			case "multilabel" -> 1 + random.nextInt(5);
			default -> 2 + random.nextInt(5);
		};
		boolean float32 = random.nextBoolean();
		InputType type = categorical && random.nextInt(3) == 0 ? InputType.LOG_PROBABILITIES
				: (random.nextBoolean() ? InputType.LOGITS : InputType.PROBABILITIES);
		double[] predictions = new double[n * width];
		for (int i = 0; i < n; i++) {
			double sum = 0;
			for (int j = 0; j < width; j++) {
				double x = (type == InputType.LOGITS) ? random.nextGaussian() * 4 : 0.02 + random.nextDouble();
				predictions[i * width + j] = round(x, float32);
				sum += predictions[i * width + j];
			}
			if (categorical && type != InputType.LOGITS) {
				// A probability row that sums to 1 within the tolerance after rounding.
				for (int j = 0; j < width; j++) {
					double p = predictions[i * width + j] / sum;
					predictions[i * width + j] = round((type == InputType.LOG_PROBABILITIES) ? Math.log(p) : p,
							float32);
				}
			}
			else if (!categorical && type == InputType.PROBABILITIES) {
				for (int j = 0; j < width; j++) {
					predictions[i * width + j] = round(random.nextDouble(), float32);
				}
			}
		}
		double[] labels = null;
		long[] classes = null;
		double[] targetRows = null;
		Long ignoreIndex = (categorical && !targets && random.nextBoolean()) ? -100L : null;
		if (!categorical) {
			labels = new double[n * width];
			for (int i = 0; i < labels.length; i++) {
				labels[i] = random.nextInt(4) == 0 ? round(random.nextDouble(), float32) : random.nextInt(2);
			}
		}
		else if (!targets) {
			classes = new long[n];
			for (int i = 0; i < n; i++) {
				classes[i] = (ignoreIndex != null && random.nextInt(5) == 0) ? ignoreIndex : random.nextInt(width);
			}
		}
		else {
			targetRows = new double[n * width];
			for (int i = 0; i < n; i++) {
				targetRows[i * width + random.nextInt(width)] = 1;
			}
		}
		double[] weights = null;
		if (random.nextBoolean()) {
			weights = new double[n];
			for (int i = 0; i < n; i++) {
				weights[i] = random.nextInt(6) == 0 ? 0 : round(random.nextDouble() * 3, float32);
			}
		}
		double[] classWeights = null;
		if (!endpoint.equals("binary") && random.nextBoolean()) {
			classWeights = new double[width];
			for (int j = 0; j < width; j++) {
				classWeights[j] = 0.5 + random.nextInt(4);
			}
		}
		Double smoothing = random.nextBoolean() ? 0.1 : null;
		Reduction reduction = random.nextBoolean() ? Reduction.MEAN : Reduction.SUM;
		ColumnLayout layout = switch (endpoint) {
			case "binary" -> new ColumnLayout(Shape.VECTOR, Shape.VECTOR, false);
			case "multilabel" -> new ColumnLayout(Shape.MATRIX, Shape.MATRIX, false);
			default -> new ColumnLayout(Shape.MATRIX, Shape.CLASS_INDEX, true);
		};
		return new Case(endpoint, layout, n, width, float32, type, predictions, labels, classes, targetRows, weights,
				reduction, smoothing, classWeights, ignoreIndex);
	}

	/** A value as a float32 column carries it (widened exactly), or as it is. */
	private static double round(double x, boolean float32) {
		return float32 ? (double) (float) x : x;
	}

	// ---- the three encodings ----

	private static byte[] json(Case c) {
		StringBuilder s = new StringBuilder("{");
		s.append("\"inputType\":\"").append(c.type().wireName()).append("\",");
		s.append("\"reduction\":\"").append(c.reduction().wireName()).append("\"");
		if (c.labelSmoothing() != null) {
			s.append(",\"labelSmoothing\":").append(c.labelSmoothing());
		}
		if (c.endpoint().equals("binary")) {
			s.append(",\"posWeight\":1.5");
		}
		if (c.classWeights() != null) {
			s.append(",\"classWeights\":");
			vector(s, c.classWeights(), 0, c.classWeights().length);
		}
		if (c.ignoreIndex() != null) {
			s.append(",\"ignoreIndex\":").append(c.ignoreIndex());
		}
		s.append(",\"predictions\":");
		rows(s, c, c.predictions());
		if (c.labels() != null) {
			s.append(",\"labels\":");
			rows(s, c, c.labels());
		}
		if (c.classes() != null) {
			s.append(",\"labels\":[");
			for (int i = 0; i < c.n(); i++) {
				s.append((i > 0) ? "," : "").append(c.classes()[i]);
			}
			s.append("]");
		}
		if (c.targets() != null) {
			s.append(",\"targets\":");
			rows(s, c, c.targets());
		}
		if (c.weights() != null) {
			s.append(",\"sampleWeights\":");
			vector(s, c.weights(), 0, c.n());
		}
		return s.append("}").toString().getBytes(StandardCharsets.UTF_8);
	}

	private static void rows(StringBuilder s, Case c, double[] values) {
		if (c.layout().predictions() == Shape.VECTOR) {
			vector(s, values, 0, c.n());
			return;
		}
		s.append("[");
		for (int i = 0; i < c.n(); i++) {
			s.append((i > 0) ? "," : "");
			vector(s, values, i * c.width(), c.width());
		}
		s.append("]");
	}

	private static void vector(StringBuilder s, double[] values, int from, int length) {
		s.append("[");
		for (int i = 0; i < length; i++) {
			s.append((i > 0) ? "," : "").append(values[from + i]);
		}
		s.append("]");
	}

	private static byte[] jsonLines(Case c) {
		StringBuilder s = new StringBuilder();
		boolean vector = c.layout().predictions() == Shape.VECTOR;
		for (int i = 0; i < c.n(); i++) {
			s.append("{\"prediction\":");
			if (vector) {
				s.append(c.predictions()[i]);
			}
			else {
				vector(s, c.predictions(), i * c.width(), c.width());
			}
			if (c.labels() != null) {
				s.append(",\"label\":");
				if (vector) {
					s.append(c.labels()[i]);
				}
				else {
					vector(s, c.labels(), i * c.width(), c.width());
				}
			}
			if (c.classes() != null) {
				s.append(",\"label\":").append(c.classes()[i]);
			}
			if (c.targets() != null) {
				s.append(",\"target\":");
				vector(s, c.targets(), i * c.width(), c.width());
			}
			if (c.weights() != null) {
				s.append(",\"sampleWeight\":").append(c.weights()[i]);
			}
			s.append((i % 7 == 3) ? "}\r\n\n" : "}\n");
		}
		return s.toString().getBytes(StandardCharsets.UTF_8);
	}

	private byte[] arrow(Case c, Random random) throws IOException {
		List<Field> fields = new ArrayList<>();
		boolean vector = c.layout().predictions() == Shape.VECTOR;
		fields.add(numbers("predictions", c, vector));
		if (c.labels() != null) {
			fields.add(numbers("labels", c, vector));
		}
		if (c.classes() != null) {
			fields.add(Field.nullable("labels", new ArrowType.Int(64, true)));
		}
		if (c.targets() != null) {
			fields.add(numbers("targets", c, false));
		}
		if (c.weights() != null) {
			fields.add(numbers("sampleWeights", c, true));
		}
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (VectorSchemaRoot root = VectorSchemaRoot.create(new org.apache.arrow.vector.types.pojo.Schema(fields),
				this.allocator);
				ArrowStreamWriter writer = new ArrowStreamWriter(root, null, Channels.newChannel(bytes))) {
			writer.start();
			int from = 0;
			while (from < c.n()) {
				int rows = Math.min(c.n() - from, 1 + random.nextInt(Math.max(1, c.n() / 2)));
				root.allocateNew();
				fill(root.getVector("predictions"), c.predictions(), from, rows, vector ? 1 : c.width(), c);
				if (c.labels() != null) {
					fill(root.getVector("labels"), c.labels(), from, rows, vector ? 1 : c.width(), c);
				}
				if (c.classes() != null) {
					BigIntVector labels = (BigIntVector) root.getVector("labels");
					for (int r = 0; r < rows; r++) {
						labels.setSafe(r, c.classes()[from + r]);
					}
					labels.setValueCount(rows);
				}
				if (c.targets() != null) {
					fill(root.getVector("targets"), c.targets(), from, rows, c.width(), c);
				}
				if (c.weights() != null) {
					fill(root.getVector("sampleWeights"), c.weights(), from, rows, 1, c);
				}
				root.setRowCount(rows);
				writer.writeBatch();
				from += rows;
			}
			writer.end();
		}
		return bytes.toByteArray();
	}

	private static Field numbers(String name, Case c, boolean vector) {
		ArrowType number = new ArrowType.FloatingPoint(
				c.float32() ? FloatingPointPrecision.SINGLE : FloatingPointPrecision.DOUBLE);
		if (vector) {
			return Field.nullable(name, number);
		}
		return new Field(name, FieldType.nullable(new ArrowType.FixedSizeList(c.width())),
				List.of(Field.nullable("item", number)));
	}

	private static void fill(FieldVector vector, double[] values, int from, int rows, int width, Case c) {
		FieldVector data = vector;
		if (vector instanceof FixedSizeListVector list) {
			for (int r = 0; r < rows; r++) {
				list.setNotNull(r);
			}
			data = (FieldVector) list.getDataVector();
			data.setInitialCapacity(rows * width);
			data.allocateNew();
		}
		for (int i = 0; i < rows * width; i++) {
			double x = values[from * width + i];
			if (data instanceof Float4Vector f) {
				f.setSafe(i, (float) x);
			}
			else {
				((Float8Vector) data).setSafe(i, x);
			}
		}
		data.setValueCount(rows * width);
		vector.setValueCount(rows);
	}

}
