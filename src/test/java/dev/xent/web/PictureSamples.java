package dev.xent.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.StringJoiner;

import dev.xent.codec.ColumnLayout.Shape;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Random logits with labels, sample weights and string groups for one endpoint, as the
 * three body formats carry them: a JSON document (options in it), JSON Lines and an Arrow
 * IPC stream in several record batches (options as query parameters). Categorical samples
 * include ignored ones (label −100, with {@code ignoreIndex}).
 */
final class PictureSamples {

	static final String[] GROUPS = { "en", "de", "fr", "es", "a \"quoted\" & <odd> key" };

	private static final ArrowType FLOAT64 = new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);

	final Endpoint endpoint;

	final int n;

	final int width;

	final boolean categorical;

	final double[] x;

	final double[] y;

	final long[] classes;

	final double[] weights;

	final String[] groups;

	PictureSamples(Endpoint endpoint, int n, long seed) {
		SplittableRandom random = new SplittableRandom(seed);
		this.endpoint = endpoint;
		this.n = n;
		this.categorical = endpoint.layout().labels() == Shape.CLASS_INDEX;
		this.width = (endpoint.layout().predictions() == Shape.VECTOR) ? 1 : (this.categorical ? 4 : 3);
		this.x = new double[n * this.width];
		this.y = this.categorical ? null : new double[n * this.width];
		this.classes = this.categorical ? new long[n] : null;
		this.weights = new double[n];
		this.groups = new String[n];
		for (int i = 0; i < n; i++) {
			int g = random.nextInt(GROUPS.length);
			this.groups[i] = GROUPS[g];
			double sharpness = (g == 3) ? 0.5 : 2.5;
			for (int k = 0; k < this.width; k++) {
				double z = 2 * random.nextGaussian();
				this.x[i * this.width + k] = Math.rint(sharpness * z * 1000) / 1000;
				if (!this.categorical) {
					this.y[i * this.width + k] = (random.nextDouble() < 1 / (1 + Math.exp(-z))) ? 1 : 0;
				}
			}
			if (this.categorical) {
				this.classes[i] = (random.nextInt(20) == 0) ? -100 : random.nextInt(this.width);
			}
			this.weights[i] = Math.rint((0.5 + random.nextDouble()) * 100) / 100;
		}
	}

	/**
	 * The options every body format carries: logits, and ignoreIndex where it applies.
	 */
	String query(String more) {
		return "inputType=logits" + (this.categorical ? "&ignoreIndex=-100" : "") + more;
	}

	/** The JSON document, with further members such as {@code "plot":"losses"}. */
	String json(String members) {
		StringJoiner predictions = new StringJoiner(",", "[", "]");
		StringJoiner labels = new StringJoiner(",", "[", "]");
		StringJoiner weights = new StringJoiner(",", "[", "]");
		StringJoiner groups = new StringJoiner(",", "[", "]");
		for (int i = 0; i < this.n; i++) {
			predictions.add(row(this.x, i));
			labels.add(this.categorical ? Long.toString(this.classes[i]) : row(this.y, i));
			weights.add(Double.toString(this.weights[i]));
			groups.add(quote(this.groups[i]));
		}
		return "{\"inputType\":\"logits\"," + (this.categorical ? "\"ignoreIndex\":-100," : "") + "\"predictions\":"
				+ predictions + ",\"labels\":" + labels + ",\"sampleWeights\":" + weights + ",\"groups\":" + groups
				+ (members.isEmpty() ? "" : "," + members) + "}";
	}

	/** JSON Lines, one sample a line. */
	String jsonLines() {
		StringBuilder lines = new StringBuilder();
		for (int i = 0; i < this.n; i++) {
			lines.append("{\"prediction\":")
				.append(row(this.x, i))
				.append(",\"label\":")
				.append(this.categorical ? Long.toString(this.classes[i]) : row(this.y, i))
				.append(",\"sampleWeight\":")
				.append(this.weights[i])
				.append(",\"group\":")
				.append(quote(this.groups[i]))
				.append("}\n");
		}
		return lines.toString();
	}

	/** An Arrow IPC stream in record batches of {@code batchRows} rows. */
	byte[] arrow(int batchRows) throws IOException {
		List<Field> fields = new ArrayList<>();
		fields.add(column("predictions", this.width));
		fields.add(this.categorical ? Field.nullable("labels", new ArrowType.Int(64, true))
				: column("labels", this.width));
		fields.add(Field.nullable("sampleWeights", FLOAT64));
		fields.add(Field.nullable("groups", ArrowType.Utf8.INSTANCE));
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (BufferAllocator allocator = new RootAllocator();
				VectorSchemaRoot root = VectorSchemaRoot.create(new Schema(fields), allocator);
				ArrowStreamWriter writer = new ArrowStreamWriter(root, null, Channels.newChannel(out))) {
			writer.start();
			for (int from = 0; from < this.n; from += batchRows) {
				int rows = Math.min(batchRows, this.n - from);
				root.allocateNew();
				fill(root.getVector("predictions"), this.x, from, rows);
				if (this.categorical) {
					BigIntVector labels = (BigIntVector) root.getVector("labels");
					for (int i = 0; i < rows; i++) {
						labels.setSafe(i, this.classes[from + i]);
					}
				}
				else {
					fill(root.getVector("labels"), this.y, from, rows);
				}
				Float8Vector weights = (Float8Vector) root.getVector("sampleWeights");
				VarCharVector groups = (VarCharVector) root.getVector("groups");
				for (int i = 0; i < rows; i++) {
					weights.setSafe(i, this.weights[from + i]);
					groups.setSafe(i, this.groups[from + i].getBytes(StandardCharsets.UTF_8));
				}
				root.setRowCount(rows);
				writer.writeBatch();
			}
			writer.end();
		}
		return out.toByteArray();
	}

	private Field column(String name, int width) {
		if (this.endpoint.layout().predictions() == Shape.VECTOR) {
			return Field.nullable(name, FLOAT64);
		}
		return new Field(name, FieldType.nullable(new ArrowType.FixedSizeList(width)),
				List.of(Field.nullable("item", FLOAT64)));
	}

	private void fill(FieldVector vector, double[] values, int from, int rows) {
		if (vector instanceof Float8Vector column) {
			for (int i = 0; i < rows; i++) {
				column.setSafe(i, values[from + i]);
			}
			return;
		}
		FixedSizeListVector list = (FixedSizeListVector) vector;
		Float8Vector items = (Float8Vector) list.getDataVector();
		for (int i = 0; i < rows; i++) {
			list.setNotNull(i);
			for (int k = 0; k < this.width; k++) {
				items.setSafe(i * this.width + k, values[(from + i) * this.width + k]);
			}
		}
		items.setValueCount(rows * this.width);
	}

	private String row(double[] values, int i) {
		if (this.width == 1 && this.endpoint.layout().predictions() == Shape.VECTOR) {
			return Double.toString(values[i]);
		}
		StringJoiner row = new StringJoiner(",", "[", "]");
		for (int k = 0; k < this.width; k++) {
			row.add(Double.toString(values[i * this.width + k]));
		}
		return row.toString();
	}

	private static String quote(String text) {
		return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
	}

}
