package dev.xent.codec.arrow;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.SplittableRandom;

import dev.xent.codec.ColumnLayout;
import dev.xent.codec.ColumnLayout.Shape;
import dev.xent.codec.MalformedRequestException;
import dev.xent.loss.GroupKeys;
import dev.xent.loss.InvalidBatchException;
import dev.xent.loss.LimitExceededException;
import dev.xent.loss.SampleBatch;
import dev.xent.loss.Violation;
import org.apache.arrow.flatbuf.BodyCompressionMethod;
import org.apache.arrow.flatbuf.CompressionType;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.compression.CompressionUtil;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.ipc.message.ArrowBodyCompression;
import org.apache.arrow.vector.ipc.message.ArrowFieldNode;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.DictionaryEncoding;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static dev.xent.codec.arrow.Streams.FLOAT32;
import static dev.xent.codec.arrow.Streams.FLOAT64;
import static dev.xent.codec.arrow.Streams.doubles;
import static dev.xent.codec.arrow.Streams.field;
import static dev.xent.codec.arrow.Streams.fixedList;
import static dev.xent.codec.arrow.Streams.list;
import static dev.xent.codec.arrow.Streams.longs;
import static dev.xent.codec.arrow.Streams.rows;
import static dev.xent.codec.arrow.Streams.schema;
import static dev.xent.codec.arrow.Streams.strings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * {@link ArrowSampleSource} over streams written by Arrow Java (uncompressed, LZ4, ZSTD,
 * with dictionaries and deltas) and over broken ones: every batch's values, widths, first
 * row and group ids; each error's status class and pointer; and no buffer left allocated
 * after {@link ArrowSampleSource#close}, whatever happened.
 */
class ArrowSampleSourceTests {

	static final ColumnLayout BINARY = new ColumnLayout(Shape.VECTOR, Shape.VECTOR, false);

	static final ColumnLayout MULTILABEL = new ColumnLayout(Shape.MATRIX, Shape.MATRIX, false);

	static final ColumnLayout CATEGORICAL = new ColumnLayout(Shape.MATRIX, Shape.CLASS_INDEX, true);

	static final long MAX = 1 << 20;

	private RootAllocator root;

	/** The test's own buffers (writing streams). */
	private BufferAllocator writing;

	/** The source's allocator, as the service gives it: a child with a limit. */
	private BufferAllocator reading;

	private GroupKeys groups;

	private final List<ArrowSampleSource> sources = new ArrayList<>();

	@BeforeEach
	void allocators() {
		this.root = new RootAllocator();
		this.writing = this.root.newChildAllocator("writing", 0, Long.MAX_VALUE);
		this.reading = this.root.newChildAllocator("reading", 0, 3 * MAX);
		this.groups = new GroupKeys(10_000);
	}

	@AfterEach
	void nothingLeaks() {
		for (ArrowSampleSource source : this.sources) {
			source.close();
		}
		assertThat(this.reading.getAllocatedMemory()).as("bytes left allocated after close").isZero();
		this.reading.close();
		this.writing.close();
		this.root.close();
	}

	private ArrowSampleSource source(byte[] stream, ColumnLayout layout) {
		return source(stream, layout, MAX);
	}

	private ArrowSampleSource source(byte[] stream, ColumnLayout layout, long maxBatchBytes) {
		ArrowSampleSource source = new ArrowSampleSource(new ByteArrayInputStream(stream), layout, this.reading,
				maxBatchBytes, this.groups);
		this.sources.add(source);
		return source;
	}

	private static List<SampleBatch> readAll(ArrowSampleSource source) throws IOException {
		List<SampleBatch> batches = new ArrayList<>();
		for (SampleBatch b = source.next(); b != null; b = source.next()) {
			// A batch is valid until the next call: keep copies.
			batches.add(copy(b));
		}
		assertThat(source.next()).isNull();
		return batches;
	}

	private static SampleBatch copy(SampleBatch b) {
		int n = b.rows();
		return new SampleBatch(b.firstRow(), n, b.width(), Arrays.copyOf(b.predictions(), n * b.width()),
				(b.labels() != null) ? Arrays.copyOf(b.labels(), n * b.labelWidth()) : null, b.labelWidth(),
				(b.classes() != null) ? Arrays.copyOf(b.classes(), n) : null,
				(b.targets() != null) ? Arrays.copyOf(b.targets(), n * b.targetWidth()) : null, b.targetWidth(),
				(b.sampleWeights() != null) ? Arrays.copyOf(b.sampleWeights(), n) : null,
				(b.groups() != null) ? Arrays.copyOf(b.groups(), n) : null, null);
	}

	private byte[] binary(Double[]... batches) throws IOException {
		Streams.Batch[] fills = new Streams.Batch[batches.length];
		for (int i = 0; i < batches.length; i++) {
			Double[] p = batches[i];
			Double[] y = new Double[p.length];
			for (int j = 0; j < p.length; j++) {
				y[j] = (double) (j % 2);
			}
			fills[i] = (r) -> {
				doubles(r, "predictions", p);
				doubles(r, "labels", y);
				r.setRowCount(p.length);
			};
		}
		return Streams.write(this.writing, schema(field("predictions", FLOAT64), field("labels", FLOAT64)), fills);
	}

	private static Violation violation(Throwable t) {
		assertThat(t).isInstanceOf(InvalidBatchException.class);
		return ((InvalidBatchException) t).violations().get(0);
	}

	// ---- values, batches, types

	@Test
	void readsEachRecordBatchAsOneSampleBatchCountingRowsAcrossThem() throws IOException {
		byte[] stream = binary(new Double[] { 0.1, 0.2, 0.3 }, new Double[] { 0.4, 0.5 }, new Double[] { 0.6 });
		List<SampleBatch> batches = readAll(source(stream, BINARY));
		assertThat(batches).hasSize(3);
		assertThat(batches).extracting(SampleBatch::firstRow).containsExactly(0L, 3L, 5L);
		assertThat(batches).extracting(SampleBatch::rows).containsExactly(3, 2, 1);
		SampleBatch second = batches.get(1);
		assertThat(second.width()).isEqualTo(1);
		assertThat(second.labelWidth()).isEqualTo(1);
		assertThat(second.predictions()).containsExactly(0.4, 0.5);
		assertThat(second.labels()).containsExactly(0.0, 1.0);
		assertThat(second.classes()).isNull();
		assertThat(second.targets()).isNull();
		assertThat(second.sampleWeights()).isNull();
		assertThat(second.groups()).isNull();
		assertThat(second.lines()).isNull();
		assertThat(second.pointer("predictions", 1)).isEqualTo("/predictions/4");
	}

	/**
	 * {@link ArrowSampleSource#sliceFor}: record batches handed on in slices of at most
	 * so many rows and values a column, every row once, in order, with its global row
	 * number.
	 */
	@Test
	void handsRecordBatchesOnInSlicesOfTheRowsAndValuesAskedFor() throws IOException {
		Double[] first = new Double[7];
		Double[] second = new Double[3];
		for (int i = 0; i < first.length; i++) {
			first[i] = i / 10.0;
		}
		for (int i = 0; i < second.length; i++) {
			second[i] = (first.length + i) / 10.0;
		}
		byte[] stream = binary(first, second);
		List<SampleBatch> byRows = readAll(source(stream, BINARY).sliceFor(3, 1000));
		assertThat(byRows).extracting(SampleBatch::rows).containsExactly(3, 3, 1, 3);
		assertThat(byRows).extracting(SampleBatch::firstRow).containsExactly(0L, 3L, 6L, 7L);
		assertThat(byRows.get(1).predictions()).containsExactly(0.3, 0.4, 0.5);
		assertThat(byRows.get(3).labels()).containsExactly(0.0, 1.0, 0.0);
		assertThat(byRows.get(3).pointer("predictions", 2)).isEqualTo("/predictions/9");
		// Rows of three values and at most seven values a column: two rows a slice.
		byte[] wide = Streams.write(this.writing,
				schema(fixedList("predictions", 3, FLOAT64), fixedList("labels", 3, FLOAT64)), (r) -> {
					rows(r, "predictions", new double[][] { { 0.1, 0.2, 0.3 }, { 0.4, 0.5, 0.6 }, { 0.7, 0.8, 0.9 } });
					rows(r, "labels", new double[][] { { 1, 0, 1 }, { 0, 0, 1 }, { 1, 1, 1 } });
					r.setRowCount(3);
				});
		List<SampleBatch> byValues = readAll(source(wide, MULTILABEL).sliceFor(100, 7));
		assertThat(byValues).extracting(SampleBatch::rows).containsExactly(2, 1);
		assertThat(byValues.get(1).predictions()).containsExactly(0.7, 0.8, 0.9);
		// One row a slice at least, whatever its width.
		assertThat(readAll(source(wide, MULTILABEL).sliceFor(100, 2))).extracting(SampleBatch::rows)
			.containsExactly(1, 1, 1);
	}

	@Test
	void widensFloat32ExactlyAndTakesIntegerLabelsAndFloat32Weights() throws IOException {
		float[] p = { 0.1f, 0.7f, 1e-30f, 0.333333f };
		byte[] stream = Streams.write(this.writing, schema(field("predictions", FLOAT32),
				field("labels", new ArrowType.Int(8, false)), field("sampleWeights", FLOAT32)), (r) -> {
					Streams.floats(r, "predictions", p);
					longs(r, "labels", 1, 0, 1, 0);
					Streams.floats(r, "sampleWeights", 0.5f, 1.5f, 2f, 0.1f);
					r.setRowCount(4);
				});
		SampleBatch b = readAll(source(stream, BINARY)).get(0);
		assertThat(b.predictions()).containsExactly((double) 0.1f, (double) 0.7f, (double) 1e-30f, (double) 0.333333f);
		assertThat(b.predictions()[0]).isNotEqualTo(0.1);
		assertThat(b.labels()).containsExactly(1.0, 0.0, 1.0, 0.0);
		assertThat(b.sampleWeights()).containsExactly(0.5, 1.5, 2.0, (double) 0.1f);
	}

	@ParameterizedTest
	@EnumSource(names = { "INT8", "INT16", "INT32", "INT64", "UINT8", "UINT16", "UINT32", "UINT64" })
	void takesEveryIntegerTypeForClassIndicesAndLabels(Column.Element element) throws IOException {
		ArrowType.Int type = new ArrowType.Int(element.bytes * 8, element.signed);
		byte[] stream = Streams.write(this.writing, schema(fixedList("predictions", 2, FLOAT64), field("labels", type)),
				(r) -> {
					rows(r, "predictions", new double[][] { { 0.5, 0.5 }, { 0.1, 0.9 }, { 1, 0 } });
					longs(r, "labels", 0, 1, 127);
					r.setRowCount(3);
				});
		SampleBatch b = readAll(source(stream, CATEGORICAL)).get(0);
		assertThat(b.classes()).containsExactly(0, 1, 127);
		assertThat(b.labels()).isNull();
		assertThat(b.width()).isEqualTo(2);
	}

	@Test
	void readsNaNAndInfinityAsTheyAreForTheLossToReport() throws IOException {
		byte[] stream = binary(new Double[] { Double.NaN, Double.POSITIVE_INFINITY, -0.0 });
		SampleBatch b = readAll(source(stream, BINARY)).get(0);
		assertThat(b.predictions()[0]).isNaN();
		assertThat(b.predictions()[1]).isInfinite();
		assertThat(Double.doubleToRawLongBits(b.predictions()[2])).isEqualTo(Double.doubleToRawLongBits(-0.0));
	}

	@Test
	void readsFixedSizeListRowsWithIntegerLabelRows() throws IOException {
		byte[] stream = Streams.write(this.writing,
				schema(fixedList("predictions", 3, FLOAT32), fixedList("labels", 3, new ArrowType.Int(8, true))),
				(r) -> {
					rows(r, "predictions", new double[][] { { 0.5, 0.25, 0.125 }, { 1, 0, 0.75 } });
					rows(r, "labels", new double[][] { { 1, 0, 1 }, { 0, 0, 1 } });
					r.setRowCount(2);
				}, (r) -> {
					rows(r, "predictions", new double[][] { { 0.1, 0.2, 0.3 } });
					rows(r, "labels", new double[][] { { 1, 1, 1 } });
					r.setRowCount(1);
				});
		List<SampleBatch> batches = readAll(source(stream, MULTILABEL));
		SampleBatch first = batches.get(0);
		assertThat(first.width()).isEqualTo(3);
		assertThat(first.labelWidth()).isEqualTo(3);
		assertThat(first.predictions()).containsExactly(0.5, 0.25, 0.125, 1, 0, 0.75);
		assertThat(first.labels()).containsExactly(1, 0, 1, 0, 0, 1);
		SampleBatch second = batches.get(1);
		assertThat(second.firstRow()).isEqualTo(2);
		assertThat(second.predictions()).containsExactly((double) 0.1f, (double) 0.2f, (double) 0.3f);
	}

	@Test
	void readsListRowsAndTargetRows() throws IOException {
		byte[] stream = Streams.write(this.writing,
				schema(list("predictions", FLOAT64), list("targets", FLOAT32), field("sampleWeights", FLOAT64)),
				(r) -> {
					rows(r, "predictions", new double[][] { { 1, 2, 3 }, { 4, 5, 6 } });
					rows(r, "targets", new double[][] { { 0, 0, 1 }, { 0.5, 0.25, 0.25 } });
					doubles(r, "sampleWeights", 1.0, 2.0);
					r.setRowCount(2);
				}, (r) -> {
					rows(r, "predictions", new double[][] { { 7, 8, 9 } });
					rows(r, "targets", new double[][] { { 1, 0, 0 } });
					doubles(r, "sampleWeights", 3.0);
					r.setRowCount(1);
				});
		List<SampleBatch> batches = readAll(source(stream, CATEGORICAL));
		SampleBatch first = batches.get(0);
		assertThat(first.width()).isEqualTo(3);
		assertThat(first.targetWidth()).isEqualTo(3);
		assertThat(first.predictions()).containsExactly(1, 2, 3, 4, 5, 6);
		assertThat(first.targets()).containsExactly(0, 0, 1, 0.5, 0.25, 0.25);
		assertThat(first.classes()).isNull();
		assertThat(first.sampleWeights()).containsExactly(1, 2);
		assertThat(batches.get(1).predictions()).containsExactly(7, 8, 9);
		assertThat(batches.get(1).sampleWeights()).containsExactly(3);
	}

	@Test
	void readsAnEmptyStreamAndEmptyBatches() throws IOException {
		assertThat(readAll(source(binary(), BINARY))).isEmpty();
		List<SampleBatch> batches = readAll(source(binary(new Double[0], new Double[] { 0.5 }), BINARY));
		assertThat(batches).extracting(SampleBatch::rows).containsExactly(0, 1);
		assertThat(batches.get(1).firstRow()).isZero();
	}

	@Test
	void ignoresPandasIndexColumnsWhateverTheirType() throws IOException {
		byte[] stream = Streams.write(this.writing,
				schema(field("__index_level_0__", new ArrowType.Int(64, true)), field("predictions", FLOAT64),
						field("__index_level_1__", ArrowType.Utf8.INSTANCE), list("__other", FLOAT32),
						field("labels", FLOAT64)),
				(r) -> {
					longs(r, "__index_level_0__", 10, 11);
					doubles(r, "predictions", 0.25, 0.75);
					strings(r.getVector("__index_level_1__"), "x", null);
					rows(r, "__other", new double[][] { { 1 }, { 2, 3 } });
					doubles(r, "labels", 0.0, 1.0);
					r.setRowCount(2);
				});
		SampleBatch b = readAll(source(stream, BINARY)).get(0);
		assertThat(b.predictions()).containsExactly(0.25, 0.75);
		assertThat(b.labels()).containsExactly(0, 1);
	}

	// ---- compression

	@ParameterizedTest
	@EnumSource(names = { "LZ4_FRAME", "ZSTD" })
	void decompressesLz4AndZstdBodies(CompressionUtil.CodecType codec) throws IOException {
		int n = 5000;
		Double[] p = new Double[n];
		Double[] y = new Double[n];
		for (int i = 0; i < n; i++) {
			p[i] = (i % 100) / 100.0;
			y[i] = (double) (i % 2);
		}
		Schema schema = schema(field("predictions", FLOAT64), field("labels", FLOAT64),
				field("groups", ArrowType.Utf8.INSTANCE));
		byte[] stream = Streams.write(this.writing, schema, codec, null, (r) -> {
			doubles(r, "predictions", p);
			doubles(r, "labels", y);
			String[] g = new String[n];
			Arrays.setAll(g, (i) -> "g" + (i % 7));
			strings(r.getVector("groups"), g);
			r.setRowCount(n);
		}, (r) -> {
			doubles(r, "predictions", 0.5);
			doubles(r, "labels", 1.0);
			strings(r.getVector("groups"), "g3");
			r.setRowCount(1);
		});
		assertThat(stream.length).as("compressed").isLessThan(n * 16);
		List<SampleBatch> batches = readAll(source(stream, BINARY));
		SampleBatch b = batches.get(0);
		assertThat(b.rows()).isEqualTo(n);
		for (int i = 0; i < n; i++) {
			assertThat(b.predictions()[i]).isEqualTo(p[i]);
			assertThat(b.labels()[i]).isEqualTo(y[i]);
			assertThat(this.groups.key(b.groups()[i])).isEqualTo("g" + (i % 7));
		}
		assertThat(this.groups.key(batches.get(1).groups()[0])).isEqualTo("g3");
		assertThat(this.groups.size()).isEqualTo(7);
	}

	// ---- groups

	@Test
	void keysStringAndIntegerGroupsByTheirValue() throws IOException {
		byte[] strings = Streams.write(this.writing, schema(field("predictions", FLOAT64), field("labels", FLOAT64),
				field("groups", ArrowType.LargeUtf8.INSTANCE)), (r) -> {
					doubles(r, "predictions", 0.1, 0.2, 0.3, 0.4);
					doubles(r, "labels", 0.0, 1.0, 0.0, 1.0);
					strings(r.getVector("groups"), "ünï", "b", "ünï", "");
					r.setRowCount(4);
				});
		SampleBatch b = readAll(source(strings, BINARY)).get(0);
		assertThat(b.groups()).containsExactly(0, 1, 0, 2);
		assertThat(this.groups.key(0)).isEqualTo("ünï");
		assertThat(this.groups.key(2)).isEmpty();

		byte[] integers = Streams.write(this.writing, schema(field("predictions", FLOAT64), field("labels", FLOAT64),
				field("groups", new ArrowType.Int(64, false))), (r) -> {
					doubles(r, "predictions", 0.1, 0.2, 0.3);
					doubles(r, "labels", 0.0, 1.0, 0.0);
					longs(r, "groups", -1L, 7, -1L);
					r.setRowCount(3);
				});
		SampleBatch c = readAll(source(integers, BINARY)).get(0);
		assertThat(c.groups()).containsExactly(3, 4, 3);
		assertThat(this.groups.key(3)).isEqualTo("18446744073709551615");
		assertThat(this.groups.key(4)).isEqualTo("7");
	}

	/**
	 * String keys are compared 8 bytes at a time: keys of every length from 0 to 40 over
	 * two letters (so that many share all but one byte, in a whole word, in the last
	 * bytes, or in a short key's only word), multi-byte characters, and short keys at the
	 * very end of the data buffer, in utf8 and large_utf8 columns, each row's id naming
	 * its own key.
	 */
	@Test
	void keysStringGroupsByEveryByte() throws IOException {
		SplittableRandom random = new SplittableRandom(11);
		String[] rows = new String[600];
		for (int i = 0; i < rows.length; i++) {
			StringBuilder key = new StringBuilder();
			int length = random.nextInt(41);
			for (int j = 0; j < length; j++) {
				key.append((random.nextInt(8) == 0) ? "é" : (random.nextBoolean() ? "a" : "b"));
			}
			rows[i] = key.toString();
		}
		// Pairs that differ in one byte only: in a short key's word, in the last bytes
		// (read as the last 8), in a middle word of a long key, and by a multi-byte
		// character.
		String[] pairs = { "", "a", "b", "ab", "ba", "abababa", "abababb", "aaaaaaaa", "aaaaaaab", "aaaaaaaaa",
				"aaaaaaaab", "aaaaaaaaaaaaaaaa", "aaaaaaaabaaaaaaa", "aaaaaaaaaaaaaaaaaaaaaaaa",
				"aaaaaaaaaaaaaaaaaaaaaaab", "aaaaaaaaaaaabaaaaaaaaaaa", "aaaaaaaaé", "aaaaaaaaè", "abababababa",
				"abababababb" };
		for (int i = 0; i < pairs.length; i++) {
			rows[7 * i] = pairs[i];
			rows[7 * i + 3] = pairs[pairs.length - 1 - i];
		}
		rows[rows.length - 1] = "b";
		for (ArrowType type : List.of(ArrowType.Utf8.INSTANCE, ArrowType.LargeUtf8.INSTANCE)) {
			this.groups = new GroupKeys(10_000);
			byte[] stream = Streams.write(this.writing,
					schema(field("predictions", FLOAT64), field("labels", FLOAT64), field("groups", type)), (r) -> {
						Double[] half = new Double[300];
						Arrays.fill(half, 0.5);
						doubles(r, "predictions", half);
						doubles(r, "labels", half);
						strings(r.getVector("groups"), Arrays.copyOf(rows, 300));
						r.setRowCount(300);
					}, (r) -> {
						Double[] half = new Double[300];
						Arrays.fill(half, 0.5);
						doubles(r, "predictions", half);
						doubles(r, "labels", half);
						strings(r.getVector("groups"), Arrays.copyOfRange(rows, 300, 600));
						r.setRowCount(300);
					});
			List<SampleBatch> batches = readAll(source(stream, BINARY));
			List<String> keys = new ArrayList<>();
			for (SampleBatch b : batches) {
				for (int i = 0; i < b.rows(); i++) {
					keys.add(this.groups.key(b.groups()[i]));
				}
			}
			assertThat(keys).as(type.toString()).containsExactly(rows);
			assertThat(this.groups.size()).isEqualTo(new HashSet<>(Arrays.asList(rows)).size());
		}
	}

	/**
	 * Integer keys below 1024 are found by their value, others by a hash table: both give
	 * ids in order of first appearance, keyed by the decimal form, across batches, and
	 * count against the distinct-group limit alike.
	 */
	@Test
	void keysSmallAndLargeIntegerGroupsAlike() throws IOException {
		long[] keys = { 5, 1023, 1024, -3, 0, 5, 1L << 40, 1024, 1023, 0, -3, 7 };
		byte[] stream = Streams.write(this.writing, schema(field("predictions", FLOAT64), field("labels", FLOAT64),
				field("groups", new ArrowType.Int(64, true))), (r) -> {
					doubles(r, "predictions", 0.5, 0.5, 0.5, 0.5, 0.5, 0.5);
					doubles(r, "labels", 0.0, 1.0, 0.0, 1.0, 0.0, 1.0);
					longs(r, "groups", Arrays.copyOf(keys, 6));
					r.setRowCount(6);
				}, (r) -> {
					doubles(r, "predictions", 0.5, 0.5, 0.5, 0.5, 0.5, 0.5);
					doubles(r, "labels", 0.0, 1.0, 0.0, 1.0, 0.0, 1.0);
					longs(r, "groups", Arrays.copyOfRange(keys, 6, 12));
					r.setRowCount(6);
				});
		List<SampleBatch> batches = readAll(source(stream, BINARY));
		assertThat(batches.get(0).groups()).containsExactly(0, 1, 2, 3, 4, 0);
		assertThat(batches.get(1).groups()).containsExactly(5, 2, 1, 4, 3, 6);
		assertThat(List.of(this.groups.key(0), this.groups.key(1), this.groups.key(2), this.groups.key(3),
				this.groups.key(4), this.groups.key(5), this.groups.key(6)))
			.containsExactly("5", "1023", "1024", "-3", "0", Long.toString(1L << 40), "7");

		this.groups = new GroupKeys(2);
		byte[] three = Streams.write(this.writing, schema(field("predictions", FLOAT64), field("labels", FLOAT64),
				field("groups", new ArrowType.Int(64, true))), (r) -> {
					doubles(r, "predictions", 0.5, 0.5, 0.5, 0.5);
					doubles(r, "labels", 0.0, 1.0, 0.0, 1.0);
					longs(r, "groups", 1, 2, 1, 3);
					r.setRowCount(4);
				});
		assertThat(catchThrowable(() -> readAll(source(three, BINARY)))).isInstanceOf(LimitExceededException.class);
	}

	/**
	 * Three batches of groups from dictionary 7: ["north", "south"], then a delta
	 * ["east", "west"], then a replacement ["west", "up"].
	 */
	private byte[] dictionaryStream() throws IOException {
		ArrowType.Int index = new ArrowType.Int(16, true);
		Schema schema = schema(field("predictions", FLOAT64), field("labels", FLOAT64),
				Streams.dictionary("groups", 7L, index));
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (VarCharVector values = new VarCharVector("values", this.writing);
				VarCharVector delta = new VarCharVector("values", this.writing);
				VectorSchemaRoot r = VectorSchemaRoot.create(schema, this.writing)) {
			strings(values, "north", "south");
			DictionaryProvider.MapDictionaryProvider provider = new DictionaryProvider.MapDictionaryProvider();
			provider.put(new Dictionary(values, new DictionaryEncoding(7L, false, index)));
			try (Streams.DeltaWriter writer = new Streams.DeltaWriter(r, provider, out)) {
				writer.start();
				r.allocateNew();
				doubles(r, "predictions", 0.1, 0.2, 0.3);
				doubles(r, "labels", 0.0, 1.0, 1.0);
				longs(r, "groups", 1, 0, 1);
				r.setRowCount(3);
				writer.writeBatch();
				strings(delta, "east", "west");
				writer.writeDelta(7L, delta);
				r.allocateNew();
				doubles(r, "predictions", 0.4, 0.5);
				doubles(r, "labels", 0.0, 1.0);
				longs(r, "groups", 3, 2);
				r.setRowCount(2);
				writer.writeBatch();
				// A replacement: the writer sees the dictionary changed and sends it
				// whole.
				strings(values, "west", "up");
				r.allocateNew();
				doubles(r, "predictions", 0.6, 0.7);
				doubles(r, "labels", 0.0, 1.0);
				longs(r, "groups", 1, 0);
				r.setRowCount(2);
				writer.writeBatch();
				writer.end();
			}
		}
		return out.toByteArray();
	}

	@Test
	void decodesDictionaryGroupsWithReplacementsAndDeltas() throws IOException {
		List<SampleBatch> batches = readAll(source(dictionaryStream(), BINARY));
		assertThat(batches).hasSize(3);
		assertThat(keys(batches.get(0))).containsExactly("south", "north", "south");
		assertThat(keys(batches.get(1))).containsExactly("west", "east");
		assertThat(keys(batches.get(2))).containsExactly("up", "west");
		assertThat(batches.get(2).groups()[1]).isEqualTo(batches.get(1).groups()[0]);
		assertThat(this.groups.size()).as("keys in use only").isEqualTo(5);
	}

	private List<String> keys(SampleBatch b) {
		List<String> keys = new ArrayList<>();
		for (int i = 0; i < b.rows(); i++) {
			keys.add(this.groups.key(b.groups()[i]));
		}
		return keys;
	}

	@Test
	void refusesAGroupKeyOverTheLimitAtItsRow() throws IOException {
		String tooLong = "é".repeat(GroupKeys.MAX_KEY_BYTES / 2 + 1);
		byte[] stream = Streams.write(this.writing, schema(field("predictions", FLOAT64), field("labels", FLOAT64),
				field("groups", ArrowType.Utf8.INSTANCE)), (r) -> {
					doubles(r, "predictions", 0.1);
					doubles(r, "labels", 0.0);
					strings(r.getVector("groups"), "a");
					r.setRowCount(1);
				}, (r) -> {
					doubles(r, "predictions", 0.1, 0.2);
					doubles(r, "labels", 0.0, 1.0);
					strings(r.getVector("groups"), "a", tooLong);
					r.setRowCount(2);
				});
		ArrowSampleSource source = source(stream, BINARY);
		source.next();
		assertThat(violation(catchThrowable(source::next)).pointer()).isEqualTo("/groups/2");
	}

	// ---- schema errors

	@Test
	void refusesAnUnknownColumnWith400AtItsName() throws IOException {
		byte[] stream = Streams.write(this.writing,
				schema(field("predictions", FLOAT64), field("labels", FLOAT64), field("label_smoothing", FLOAT64)));
		Throwable t = catchThrowable(() -> source(stream, BINARY).next());
		assertThat(t).isInstanceOf(MalformedRequestException.class);
		assertThat(((MalformedRequestException) t).pointer()).isEqualTo("/label_smoothing");
		byte[] targets = Streams.write(this.writing,
				schema(field("predictions", FLOAT64), field("labels", FLOAT64), list("targets", FLOAT64)));
		assertThat(((MalformedRequestException) catchThrowable(() -> source(targets, BINARY).next())).pointer())
			.as("targets are not a binary column")
			.isEqualTo("/targets");
		byte[] odd = Streams.write(this.writing, schema(field("predictions", FLOAT64), field("a/b~", FLOAT64)));
		assertThat(((MalformedRequestException) catchThrowable(() -> source(odd, BINARY).next())).pointer())
			.isEqualTo("/a~1b~0");
	}

	@Test
	void refusesAWronglyTypedColumnWith400() throws IOException {
		assertWrongType(schema(field("predictions", ArrowType.Utf8.INSTANCE), field("labels", FLOAT64)), BINARY,
				"/predictions", "utf8");
		assertWrongType(schema(list("predictions", FLOAT64), field("labels", FLOAT64)), BINARY, "/predictions",
				"list<float64>");
		assertWrongType(schema(field("predictions", FLOAT64), field("labels", FLOAT64)), MULTILABEL, "/predictions",
				"float64");
		assertWrongType(schema(fixedList("predictions", 2, FLOAT64), field("labels", FLOAT64)), CATEGORICAL, "/labels",
				"float64");
		assertWrongType(schema(list("predictions", new ArrowType.Int(32, true)), field("labels", FLOAT64)), MULTILABEL,
				"/predictions", "list<int32>");
		assertWrongType(schema(field("predictions", FLOAT64), field("labels", FLOAT64),
				field("sampleWeights", new ArrowType.Int(32, true))), BINARY, "/sampleWeights", "int32");
		assertWrongType(schema(field("predictions", FLOAT64), field("labels", FLOAT64), field("groups", FLOAT64)),
				BINARY, "/groups", "float64");
		assertWrongType(schema(
				field("predictions",
						new ArrowType.FloatingPoint(org.apache.arrow.vector.types.FloatingPointPrecision.HALF)),
				field("labels", FLOAT64)), BINARY, "/predictions", "float16");
	}

	private void assertWrongType(Schema schema, ColumnLayout layout, String pointer, String described)
			throws IOException {
		byte[] stream = Streams.write(this.writing, schema);
		Throwable t = catchThrowable(() -> source(stream, layout).next());
		assertThat(t).isInstanceOf(MalformedRequestException.class);
		assertThat(((MalformedRequestException) t).pointer()).isEqualTo(pointer);
		assertThat(t.getMessage()).contains("but is " + described);
	}

	@Test
	void refusesAMissingColumnWith422WhereTheJsonFieldWouldBe() throws IOException {
		byte[] noLabels = Streams.write(this.writing, schema(field("predictions", FLOAT64)));
		assertThat(violation(catchThrowable(() -> source(noLabels, BINARY).next())).pointer()).isEqualTo("/labels");
		byte[] noPredictions = Streams.write(this.writing, schema(field("labels", FLOAT64)));
		assertThat(violation(catchThrowable(() -> source(noPredictions, BINARY).next())).pointer())
			.isEqualTo("/predictions");
		byte[] neither = Streams.write(this.writing, schema(list("predictions", FLOAT64)));
		assertThat(violation(catchThrowable(() -> source(neither, CATEGORICAL).next())).pointer()).isEqualTo("/labels");
		byte[] both = Streams.write(this.writing, schema(list("predictions", FLOAT64),
				field("labels", new ArrowType.Int(8, true)), list("targets", FLOAT64)));
		assertThat(violation(catchThrowable(() -> source(both, CATEGORICAL).next())).pointer()).isEqualTo("/targets");
	}

	// ---- value errors

	@Test
	void refusesANullSlotWith422AtItsPointer() throws IOException {
		byte[] vector = binary(new Double[] { 0.1, 0.2 }, new Double[] { 0.3, null, 0.5 });
		ArrowSampleSource source = source(vector, BINARY);
		source.next();
		assertThat(violation(catchThrowable(source::next)).pointer()).isEqualTo("/predictions/3");

		byte[] element = Streams.write(this.writing,
				schema(fixedList("predictions", 3, FLOAT64), fixedList("labels", 3, FLOAT64)), (r) -> {
					rows(r, "predictions", new double[][] { { 0, 0, 0 }, { 0, 0, 0 } }, new int[] { 1, 2 });
					rows(r, "labels", new double[][] { { 0, 0, 0 }, { 0, 0, 0 } });
					r.setRowCount(2);
				});
		assertThat(violation(catchThrowable(() -> source(element, MULTILABEL).next())).pointer())
			.isEqualTo("/predictions/1/2");

		byte[] listRow = Streams.write(this.writing,
				schema(list("predictions", FLOAT64), field("labels", new ArrowType.Int(32, true))), (r) -> {
					rows(r, "predictions", new double[][] { { 0.5, 0.5 }, null, { 1, 0 } });
					longs(r, "labels", 0, 1, 1);
					r.setRowCount(3);
				});
		assertThat(violation(catchThrowable(() -> source(listRow, CATEGORICAL).next())).pointer())
			.isEqualTo("/predictions/1");

		byte[] listElement = Streams.write(this.writing, schema(list("predictions", FLOAT64), list("labels", FLOAT64)),
				(r) -> {
					rows(r, "predictions", new double[][] { { 0.5, 0.5 }, { 1, 0 } });
					rows(r, "labels", new double[][] { { 0, 1 }, { 1, 0 } }, new int[] { 1, 0 });
					r.setRowCount(2);
				});
		assertThat(violation(catchThrowable(() -> source(listElement, MULTILABEL).next())).pointer())
			.isEqualTo("/labels/1/0");

		byte[] group = Streams.write(this.writing, schema(field("predictions", FLOAT64), field("labels", FLOAT64),
				field("groups", ArrowType.Utf8.INSTANCE)), (r) -> {
					doubles(r, "predictions", 0.1, 0.2);
					doubles(r, "labels", 0.0, 1.0);
					strings(r.getVector("groups"), "a", null);
					r.setRowCount(2);
				});
		assertThat(violation(catchThrowable(() -> source(group, BINARY).next())).pointer()).isEqualTo("/groups/1");
	}

	@Test
	void refusesARaggedListRowWith422CountingRowsAcrossBatches() throws IOException {
		byte[] stream = Streams.write(this.writing,
				schema(list("predictions", FLOAT64), field("labels", new ArrowType.Int(64, true))), (r) -> {
					rows(r, "predictions", new double[][] { { 0.5, 0.5 }, { 0.5, 0.5 } });
					longs(r, "labels", 0, 1);
					r.setRowCount(2);
				}, (r) -> {
					rows(r, "predictions", new double[][] { { 0.5, 0.5 }, { 0.2, 0.3, 0.5 }, { 1, 0 } });
					longs(r, "labels", 0, 1, 1);
					r.setRowCount(3);
				});
		ArrowSampleSource source = source(stream, CATEGORICAL);
		source.next();
		Violation v = violation(catchThrowable(source::next));
		assertThat(v.pointer()).isEqualTo("/predictions/3");
		assertThat(v.detail()).contains("3 values").contains("same length");
	}

	@Test
	void refusesARowOfNoColumns() throws IOException {
		byte[] stream = Streams.write(this.writing,
				schema(fixedList("predictions", 0, FLOAT64), fixedList("labels", 0, FLOAT64)), (r) -> {
					rows(r, "predictions", new double[][] { {}, {} });
					rows(r, "labels", new double[][] { {}, {} });
					r.setRowCount(2);
				});
		assertThat(violation(catchThrowable(() -> source(stream, MULTILABEL).next())).pointer())
			.isEqualTo("/predictions/0");
	}

	@Test
	void refusesAUint64ClassIndexBeyond64SignedBits() throws IOException {
		byte[] stream = Streams.write(this.writing,
				schema(fixedList("predictions", 2, FLOAT64), field("labels", new ArrowType.Int(64, false))), (r) -> {
					rows(r, "predictions", new double[][] { { 0.5, 0.5 }, { 0.5, 0.5 } });
					longs(r, "labels", 1, -2L);
					r.setRowCount(2);
				});
		Violation v = violation(catchThrowable(() -> source(stream, CATEGORICAL).next()));
		assertThat(v.pointer()).isEqualTo("/labels/1");
		assertThat(v.detail()).contains("18446744073709551614");
	}

	// ---- the end of the stream

	@Test
	void acceptsTheLegacyEndOfStreamMarker() throws IOException {
		byte[] stream = binary(new Double[] { 0.1, 0.2 });
		byte[] legacy = Arrays.copyOf(stream, stream.length - 4);
		System.arraycopy(new byte[4], 0, legacy, legacy.length - 4, 4);
		assertThat(readAll(source(legacy, BINARY))).hasSize(1);
	}

	@Test
	void refusesAStreamCutBeforeItsEndOfStreamMarker() throws IOException {
		byte[] stream = binary(new Double[] { 0.1, 0.2 }, new Double[] { 0.3 });
		byte[] cut = Arrays.copyOf(stream, stream.length - 8);
		ArrowSampleSource source = source(cut, BINARY);
		source.next();
		source.next();
		Throwable t = catchThrowable(source::next);
		assertThat(t).isInstanceOf(MalformedRequestException.class).hasMessageContaining("truncated");
		Throwable half = catchThrowable(() -> readAll(source(Arrays.copyOf(stream, stream.length - 4), BINARY)));
		assertThat(half).isInstanceOf(MalformedRequestException.class).hasMessageContaining("truncated");
	}

	@Test
	void refusesAStreamCutAnywhereAndLeaksNothing() throws IOException {
		byte[] stream = binary(new Double[] { 0.1, 0.2, 0.3 }, new Double[] { 0.4, 0.5 });
		for (int length = 0; length < stream.length - 8; length++) {
			ArrowSampleSource source = source(Arrays.copyOf(stream, length), BINARY);
			Throwable t = catchThrowable(() -> readAll(source));
			assertThat(t).as("cut at %d", length)
				.isInstanceOf(MalformedRequestException.class)
				.hasMessageContaining("truncated");
			assertThat(this.reading.getAllocatedMemory()).isZero();
		}
	}

	@Test
	void refusesAStreamCutMidBatchBeforeScoringAnyOfIt() throws IOException {
		byte[] stream = binary(new Double[] { 0.1, 0.2, 0.3 }, new Double[] { 0.4, 0.5 });
		int schemaAndFirst = binary(new Double[] { 0.1, 0.2, 0.3 }).length - 8;
		byte[] cut = Arrays.copyOf(stream, schemaAndFirst + (stream.length - 8 - schemaAndFirst) / 2 + 30);
		ArrowSampleSource source = source(cut, BINARY);
		assertThat(source.next().rows()).isEqualTo(3);
		assertThatThrownBy(source::next).isInstanceOf(MalformedRequestException.class)
			.hasMessageContaining("truncated");
		assertThat(this.reading.getAllocatedMemory()).isZero();
	}

	// ---- not a stream at all

	@Test
	void refusesGarbageTheFileFormatAndJsonWith400() throws IOException {
		java.util.Random random = new java.util.Random(7);
		for (int i = 0; i < 200; i++) {
			byte[] garbage = new byte[random.nextInt(200)];
			random.nextBytes(garbage);
			if (i % 2 == 0 && garbage.length >= 4) {
				garbage[0] = -1;
				garbage[1] = -1;
				garbage[2] = -1;
				garbage[3] = -1;
			}
			Throwable t = catchThrowable(() -> readAll(source(garbage, BINARY, 1 << 16)));
			assertThat(t).as("garbage %d", i)
				.isInstanceOfAny(MalformedRequestException.class, LimitExceededException.class);
		}
		Throwable json = catchThrowable(() -> readAll(
				source("{\"predictions\":[0.5],\"labels\":[1]}".getBytes(StandardCharsets.UTF_8), BINARY)));
		assertThat(json).isInstanceOf(MalformedRequestException.class).hasMessageContaining("not a valid Arrow");

		ByteArrayOutputStream file = new ByteArrayOutputStream();
		Schema schema = schema(field("predictions", FLOAT64), field("labels", FLOAT64));
		try (VectorSchemaRoot r = VectorSchemaRoot.create(schema, this.writing);
				ArrowFileWriter writer = new ArrowFileWriter(r, null, Channels.newChannel(file))) {
			writer.start();
			writer.end();
		}
		assertThatThrownBy(() -> readAll(source(file.toByteArray(), BINARY)))
			.isInstanceOf(MalformedRequestException.class)
			.hasMessageContaining("Arrow file");
		assertThatThrownBy(() -> readAll(source(new byte[0], BINARY))).isInstanceOf(MalformedRequestException.class)
			.hasMessageContaining("truncated");
		assertThatThrownBy(() -> readAll(source(Streams.eos(), BINARY))).isInstanceOf(MalformedRequestException.class)
			.hasMessageContaining("before its schema");
	}

	/**
	 * Single-byte corruptions and cuts of valid streams (plain, compressed, with a
	 * dictionary): every one is a 400, 413 or 422 or reads through, never another
	 * failure, and no buffer is left behind.
	 */
	@Test
	void survivesCorruptedStreams() throws IOException {
		List<byte[]> streams = new ArrayList<>();
		streams.add(binary(new Double[] { 0.1, 0.2, 0.3 }, new Double[] { 0.4 }));
		for (CompressionUtil.CodecType codec : new CompressionUtil.CodecType[] { CompressionUtil.CodecType.ZSTD,
				CompressionUtil.CodecType.LZ4_FRAME }) {
			streams.add(Streams.write(this.writing, schema(list("predictions", FLOAT64), list("labels", FLOAT32),
					field("groups", ArrowType.Utf8.INSTANCE)), codec, null, (r) -> {
						rows(r, "predictions", new double[][] { { 0.5, 0.25 }, { 0.125, 1 }, { 0, 0 } });
						rows(r, "labels", new double[][] { { 1, 0 }, { 0, 1 }, { 1, 1 } });
						strings(r.getVector("groups"), "a", "bb", "a");
						r.setRowCount(3);
					}));
		}
		streams.add(dictionaryStream());
		java.util.Random random = new java.util.Random(Long.getLong("xent.arrow.seed", 42));
		for (byte[] stream : streams) {
			for (int i = 0; i < Integer.getInteger("xent.arrow.fuzz", 3000); i++) {
				byte[] bad = stream.clone();
				int flips = 1 + random.nextInt(3);
				for (int f = 0; f < flips; f++) {
					int at = random.nextInt(bad.length);
					bad[at] = (random.nextInt(4) == 0) ? (byte) random.nextInt(256)
							: (byte) (bad[at] ^ (1 << random.nextInt(8)));
				}
				ColumnLayout layout = (stream == streams.get(1) || stream == streams.get(2)) ? MULTILABEL : BINARY;
				ArrowSampleSource source = source(bad, layout, 1 << 16);
				Throwable t = catchThrowable(() -> readAll(source));
				if (t != null) {
					assertThat(t).as("corruption %d", i)
						.isInstanceOfAny(MalformedRequestException.class, InvalidBatchException.class,
								LimitExceededException.class);
				}
				source.close();
				if (this.reading.getAllocatedMemory() != 0 && t != null) {
					t.printStackTrace();
				}
				assertThat(this.reading.getAllocatedMemory()).as("after corruption %d: %s", i, t).isZero();
			}
		}
	}

	// ---- limits

	@Test
	void refusesAHugeDeclaredMetadataLengthWith413BeforeAllocating() throws IOException {
		byte[] schemaMessage = Streams.schemaMessage(schema(field("predictions", FLOAT64), field("labels", FLOAT64)));
		byte[] huge = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(-1).putInt(0x7FFFFFF0).array();
		Throwable t = catchThrowable(() -> readAll(source(Streams.concat(schemaMessage, huge), BINARY)));
		assertThat(t).isInstanceOf(LimitExceededException.class)
			.hasMessageContaining("xent.limits.max-batch-bytes")
			.hasMessageContaining(Long.toString(MAX))
			.hasMessageContaining(Integer.toString(0x7FFFFFF0));
	}

	@Test
	void refusesAHugeDeclaredBodyWith413SayingHowManyRowsFit() throws IOException {
		byte[] schemaMessage = Streams.schemaMessage(schema(field("predictions", FLOAT64), field("labels", FLOAT64)));
		byte[] header = Streams.recordBatchHeader(50_000_000, 800_000_000L);
		Throwable t = catchThrowable(() -> readAll(source(Streams.concat(schemaMessage, header), BINARY)));
		long fit = 50_000_000L * MAX / 800_000_000L;
		assertThat(t).isInstanceOf(LimitExceededException.class)
			.hasMessageContaining("xent.limits.max-batch-bytes")
			.hasMessageContaining(Long.toString(MAX))
			.hasMessageContaining("write_table(t, max_chunksize=" + fit + ")");
	}

	@Test
	void refusesARealBatchOverTheLimitWith413() throws IOException {
		Double[] p = new Double[1000];
		Arrays.fill(p, 0.5);
		byte[] stream = binary(p);
		Throwable t = catchThrowable(() -> readAll(source(stream, BINARY, 4096)));
		assertThat(t).isInstanceOf(LimitExceededException.class).hasMessageContaining("max_chunksize=");
	}

	@Test
	void refusesAHugeDeclaredUncompressedLengthWith413() throws IOException {
		byte[] schemaMessage = Streams.schemaMessage(schema(field("predictions", FLOAT64), field("labels", FLOAT64)));
		List<ArrowBuf> buffers = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			ArrowBuf b = this.writing.buffer(16);
			b.setLong(0, (i == 1) ? 1L << 40 : -1L);
			b.setLong(8, 0);
			b.writerIndex(16);
			buffers.add(b);
		}
		byte[] batch;
		try (ArrowRecordBatch rb = new ArrowRecordBatch(1, List.of(new ArrowFieldNode(1, 0), new ArrowFieldNode(1, 0)),
				buffers, new ArrowBodyCompression(CompressionType.ZSTD, BodyCompressionMethod.BUFFER))) {
			batch = Streams.recordBatchMessage(rb);
		}
		buffers.forEach(ArrowBuf::close);
		Throwable t = catchThrowable(
				() -> readAll(source(Streams.concat(schemaMessage, batch, Streams.eos()), BINARY)));
		assertThat(t).isInstanceOf(LimitExceededException.class)
			.hasMessageContaining("uncompressed")
			.hasMessageContaining(Long.toString(1L << 40))
			.hasMessageContaining("xent.limits.max-batch-bytes");
	}

	@Test
	void stopsAnLz4BufferAtItsDeclaredLength() throws IOException {
		byte[] schemaMessage = Streams.schemaMessage(schema(field("predictions", FLOAT64), field("labels", FLOAT64)));
		ByteArrayOutputStream lz4 = new ByteArrayOutputStream();
		try (var out = new org.apache.commons.compress.compressors.lz4.FramedLZ4CompressorOutputStream(lz4)) {
			out.write(new byte[1 << 20]);
		}
		byte[] frame = lz4.toByteArray();
		List<ArrowBuf> buffers = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			boolean data = i % 2 == 1;
			ArrowBuf b = this.writing.buffer(data ? 8 + frame.length : 8);
			// Declares 8 bytes (one float64), yields a megabyte.
			b.setLong(0, data ? 8 : -1L);
			if (data) {
				b.setBytes(8, frame);
			}
			b.writerIndex(data ? 8 + frame.length : 8);
			buffers.add(b);
		}
		byte[] batch;
		try (ArrowRecordBatch rb = new ArrowRecordBatch(1, List.of(new ArrowFieldNode(1, 0), new ArrowFieldNode(1, 0)),
				buffers, new ArrowBodyCompression(CompressionType.LZ4_FRAME, BodyCompressionMethod.BUFFER))) {
			batch = Streams.recordBatchMessage(rb);
		}
		buffers.forEach(ArrowBuf::close);
		Throwable t = catchThrowable(
				() -> readAll(source(Streams.concat(schemaMessage, batch, Streams.eos()), BINARY)));
		assertThat(t).isInstanceOf(MalformedRequestException.class).hasMessageContaining("more than the 8 bytes");
	}

	@Test
	void refusesBuffersShorterThanTheirValuesWith400() throws IOException {
		byte[] schemaMessage = Streams.schemaMessage(schema(field("predictions", FLOAT64), field("labels", FLOAT64)));
		List<ArrowBuf> buffers = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			ArrowBuf b = this.writing.buffer(8);
			b.setDouble(0, 0.5);
			b.writerIndex((i % 2 == 0) ? 0 : 8);
			buffers.add(b);
		}
		byte[] batch;
		try (ArrowRecordBatch rb = new ArrowRecordBatch(100,
				List.of(new ArrowFieldNode(100, 0), new ArrowFieldNode(100, 0)), buffers)) {
			batch = Streams.recordBatchMessage(rb);
		}
		buffers.forEach(ArrowBuf::close);
		Throwable t = catchThrowable(
				() -> readAll(source(Streams.concat(schemaMessage, batch, Streams.eos()), BINARY)));
		assertThat(t).isInstanceOf(MalformedRequestException.class).hasMessageContaining("fewer than");
	}

	@ParameterizedTest
	@EnumSource(names = { "NO_COMPRESSION", "LZ4_FRAME", "ZSTD" })
	void letsTheAllocatorsOutOfMemoryThroughAsItself(CompressionUtil.CodecType codec) throws IOException {
		Double[] p = new Double[20_000];
		Arrays.fill(p, 0.5);
		byte[] stream = Streams.write(this.writing, schema(field("predictions", FLOAT64), field("labels", FLOAT64)),
				(codec == CompressionUtil.CodecType.NO_COMPRESSION) ? null : codec, null, (r) -> {
					doubles(r, "predictions", p);
					doubles(r, "labels", p);
					r.setRowCount(p.length);
				});
		// Room for the (compressed) body, not for what it decompresses to.
		long room = (codec == CompressionUtil.CodecType.NO_COMPRESSION) ? 64 * 1024 : 128 * 1024;
		try (BufferAllocator small = this.root.newChildAllocator("small", 0, room)) {
			ArrowSampleSource source = new ArrowSampleSource(new ByteArrayInputStream(stream), BINARY, small, MAX,
					this.groups);
			assertThat(catchThrowable(source::next)).isInstanceOf(org.apache.arrow.memory.OutOfMemoryException.class);
			source.close();
			assertThat(small.getAllocatedMemory()).isZero();
		}
	}

	@Test
	void freesEverythingWhenClosedMidStream() throws IOException {
		byte[] stream = binary(new Double[] { 0.1, 0.2 }, new Double[] { 0.3 });
		ArrowSampleSource source = source(stream, BINARY);
		assertThat(source.next()).isNotNull();
		source.close();
		assertThat(this.reading.getAllocatedMemory()).isZero();
		assertThat(source.next()).isNull();
	}

}
