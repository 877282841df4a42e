package dev.xent.codec.arrow;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.xent.codec.PerSampleStore;
import dev.xent.codec.json.JsonResponseWriter.GradientScaler;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Writes per-sample results as an Arrow IPC stream: columns {@code loss}, {@code weight}
 * and, unless left out, {@code gradient} (float64, or a FixedSizeList of float64 one row
 * per sample), none of them nullable; the JSON document of aggregates under the schema
 * metadata key {@code xent}; one record batch per chunk of the per-sample store, in
 * request order; then the end-of-stream marker. Uncompressed.
 */
public final class ArrowResponseWriter {

	/** The schema metadata key of the aggregates document. */
	public static final String METADATA_KEY = "xent";

	private static final ArrowType FLOAT64 = new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);

	private ArrowResponseWriter() {
	}

	/**
	 * @param metadata the JSON document of aggregates (and summaries), stored in the
	 * schema's metadata under {@code xent}
	 * @param store the per-sample results
	 * @param vector whether the gradient column is a plain float64 column (else a
	 * FixedSizeList of the store's width)
	 * @param gradients whether to write the gradient column
	 * @param scaler finishes the raw gradients (the reduction's scale)
	 * @param allocator where the vectors' buffers live; all are freed before this returns
	 */
	public static void write(String metadata, PerSampleStore store, boolean vector, boolean gradients,
			GradientScaler scaler, BufferAllocator allocator, OutputStream out) throws IOException {
		int width = store.width();
		List<Field> fields = new ArrayList<>(3);
		fields.add(new Field("loss", FieldType.notNullable(FLOAT64), null));
		fields.add(new Field("weight", FieldType.notNullable(FLOAT64), null));
		if (gradients) {
			fields.add(vector ? new Field("gradient", FieldType.notNullable(FLOAT64), null)
					: new Field("gradient", FieldType.notNullable(new ArrowType.FixedSizeList(width)),
							List.of(new Field("item", FieldType.notNullable(FLOAT64), null))));
		}
		Schema schema = new Schema(fields, Map.of(METADATA_KEY, metadata));
		try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator)) {
			Float8Vector losses = (Float8Vector) root.getVector(0);
			Float8Vector weights = (Float8Vector) root.getVector(1);
			FieldVector column = gradients ? root.getVector(2) : null;
			FixedSizeListVector rows = (column instanceof FixedSizeListVector list) ? list : null;
			Float8Vector gradient = (rows != null) ? (Float8Vector) rows.getDataVector() : (Float8Vector) column;
			// Not closed: closing the writer would close the response stream.
			ArrowStreamWriter writer = new ArrowStreamWriter(root, null, Channels.newChannel(out));
			writer.start();
			double[][] scaled = { new double[0] };
			int[] capacity = { 0 };
			store.forEach((n, w, l, weight, raw) -> {
				if (n > capacity[0]) {
					capacity[0] = n;
					for (FieldVector v : root.getFieldVectors()) {
						v.setInitialCapacity(n);
						v.allocateNew();
					}
				}
				fill(losses, l, n);
				fill(weights, weight, n);
				if (gradient != null) {
					if (scaled[0].length < n * w) {
						scaled[0] = new double[n * w];
					}
					scaler.scale(weight, raw, n, w, scaled[0]);
					fill(gradient, scaled[0], n * w);
					if (rows != null && n > 0) {
						rows.getValidityBuffer().setOne(0L, (n + 7) / 8);
					}
				}
				root.setRowCount(n);
				writer.writeBatch();
			});
			writer.end();
		}
	}

	private static void fill(Float8Vector vector, double[] values, int count) {
		if (count == 0) {
			return;
		}
		vector.getDataBuffer()
			.nioBuffer(0, count * Double.BYTES)
			.order(ByteOrder.LITTLE_ENDIAN)
			.asDoubleBuffer()
			.put(values, 0, count);
		vector.getValidityBuffer().setOne(0L, (count + 7) / 8);
	}

}
