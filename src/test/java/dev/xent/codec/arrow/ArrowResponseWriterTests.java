package dev.xent.codec.arrow;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;

import dev.xent.codec.PerSampleStore;
import dev.xent.codec.json.JsonResponseWriter.GradientScaler;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ArrowResponseWriter} read back by Arrow Java's own {@link ArrowStreamReader}:
 * the schema (names, types, metadata), one batch per store chunk, every value in request
 * order, the gradients finished by the scaler, and no buffer left allocated.
 */
class ArrowResponseWriterTests {

	/** A scaler that shows it ran: 2·raw + the row's weight. */
	private static final GradientScaler SCALER = (weights, raw, rows, width, out) -> {
		for (int j = 0; j < rows * width; j++) {
			out[j] = 2 * raw[j] + weights[j / width];
		}
	};

	private RootAllocator root;

	private BufferAllocator allocator;

	@BeforeEach
	void allocators() {
		this.root = new RootAllocator();
		this.allocator = this.root.newChildAllocator("response", 0, 64 << 20);
	}

	@AfterEach
	void nothingLeaks() {
		assertThat(this.allocator.getAllocatedMemory()).isZero();
		this.allocator.close();
		this.root.close();
	}

	private static final dev.xent.codec.SpoolBudget SPOOL = new dev.xent.codec.SpoolBudget(
			java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "xent-writer-tests"), 1L << 30);

	private static PerSampleStore store(int rows, int width, boolean gradients) {
		// With a spool, as for every Arrow answer: batches are copied into chunks.
		PerSampleStore store = new PerSampleStore(gradients, Long.MAX_VALUE, SPOOL);
		// Appended in uneven pieces, as batches of a request come.
		int done = 0;
		int piece = 1;
		while (done < rows) {
			int n = Math.min(piece, rows - done);
			double[] l = new double[n];
			double[] w = new double[n];
			double[] g = new double[n * width];
			for (int i = 0; i < n; i++) {
				l[i] = loss(done + i);
				w[i] = weight(done + i);
				for (int k = 0; k < width; k++) {
					g[i * width + k] = raw(done + i, k);
				}
			}
			store.append(n, width, l, w, gradients ? g : null);
			done += n;
			piece = piece * 3 + 1;
		}
		return store;
	}

	private static double loss(long i) {
		return 0.5 + i * 1e-3;
	}

	private static double weight(long i) {
		return 1 + (i % 3);
	}

	private static double raw(long i, int k) {
		return Math.sin(i + 0.25 * k);
	}

	private byte[] write(PerSampleStore store, boolean vector, boolean gradients) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ArrowResponseWriter.write("{\"count\":3,\"mean\":0.5}", store, vector, gradients, SCALER, this.allocator, out);
		return out.toByteArray();
	}

	@Test
	void writesAVectorGradientColumnOverSeveralBatches() throws IOException {
		int rows = 200_000;
		byte[] stream = write(store(rows, 1, true), true, true);
		try (BufferAllocator reading = this.root.newChildAllocator("reading", 0, Long.MAX_VALUE);
				ArrowStreamReader reader = new ArrowStreamReader(new ByteArrayInputStream(stream), reading)) {
			VectorSchemaRoot r = reader.getVectorSchemaRoot();
			List<Field> fields = r.getSchema().getFields();
			assertThat(fields).extracting(Field::getName).containsExactly("loss", "weight", "gradient");
			assertThat(fields).allSatisfy((f) -> {
				assertThat(f.getType()).isEqualTo(Streams.FLOAT64);
				assertThat(f.isNullable()).isFalse();
			});
			assertThat(r.getSchema().getCustomMetadata()).containsEntry("xent", "{\"count\":3,\"mean\":0.5}");
			long row = 0;
			int batches = 0;
			while (reader.loadNextBatch()) {
				batches++;
				Float8Vector l = (Float8Vector) r.getVector("loss");
				Float8Vector w = (Float8Vector) r.getVector("weight");
				Float8Vector g = (Float8Vector) r.getVector("gradient");
				assertThat(l.getNullCount()).isZero();
				for (int i = 0; i < r.getRowCount(); i++, row++) {
					assertThat(l.get(i)).isEqualTo(loss(row));
					assertThat(w.get(i)).isEqualTo(weight(row));
					assertThat(g.get(i)).isEqualTo(2 * raw(row, 0) + weight(row));
				}
			}
			assertThat(row).isEqualTo(rows);
			assertThat(batches).as("one per chunk of the store").isBetween(3, 4);
		}
	}

	@Test
	void writesRowsOfGradientsAsAFixedSizeList() throws IOException {
		int rows = 40_000;
		int width = 5;
		byte[] stream = write(store(rows, width, true), false, true);
		try (BufferAllocator reading = this.root.newChildAllocator("reading", 0, Long.MAX_VALUE);
				ArrowStreamReader reader = new ArrowStreamReader(new ByteArrayInputStream(stream), reading)) {
			VectorSchemaRoot r = reader.getVectorSchemaRoot();
			Field gradient = r.getSchema().findField("gradient");
			assertThat(gradient.getType()).isEqualTo(new ArrowType.FixedSizeList(width));
			assertThat(gradient.getChildren().get(0).getType()).isEqualTo(Streams.FLOAT64);
			long row = 0;
			while (reader.loadNextBatch()) {
				FixedSizeListVector g = (FixedSizeListVector) r.getVector("gradient");
				Float8Vector values = (Float8Vector) g.getDataVector();
				Float8Vector l = (Float8Vector) r.getVector("loss");
				assertThat(g.getNullCount()).isZero();
				for (int i = 0; i < r.getRowCount(); i++, row++) {
					assertThat(l.get(i)).isEqualTo(loss(row));
					for (int k = 0; k < width; k++) {
						assertThat(values.get(i * width + k)).isEqualTo(2 * raw(row, k) + weight(row));
					}
				}
			}
			assertThat(row).isEqualTo(rows);
		}
	}

	@Test
	void leavesTheGradientColumnOutWhenNotAsked() throws IOException {
		byte[] stream = write(store(10, 3, false), false, false);
		try (BufferAllocator reading = this.root.newChildAllocator("reading", 0, Long.MAX_VALUE);
				ArrowStreamReader reader = new ArrowStreamReader(new ByteArrayInputStream(stream), reading)) {
			VectorSchemaRoot r = reader.getVectorSchemaRoot();
			assertThat(r.getSchema().getFields()).extracting(Field::getName).containsExactly("loss", "weight");
			assertThat(reader.loadNextBatch()).isTrue();
			assertThat(r.getRowCount()).isEqualTo(10);
			assertThat(((Float8Vector) r.getVector("weight")).get(9)).isEqualTo(weight(9));
			assertThat(reader.loadNextBatch()).isFalse();
		}
	}

	@Test
	void endsWithTheEndOfStreamMarker() throws IOException {
		byte[] stream = write(store(4, 1, true), true, true);
		assertThat(java.util.Arrays.copyOfRange(stream, stream.length - 8, stream.length))
			.containsExactly(Streams.eos());
	}

}
