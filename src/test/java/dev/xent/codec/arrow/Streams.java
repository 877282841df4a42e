package dev.xent.codec.arrow;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.List;

import com.google.flatbuffers.FlatBufferBuilder;
import org.apache.arrow.compression.CommonsCompressionFactory;
import org.apache.arrow.flatbuf.Message;
import org.apache.arrow.flatbuf.MessageHeader;
import org.apache.arrow.flatbuf.MetadataVersion;
import org.apache.arrow.flatbuf.RecordBatch;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.LargeVarCharVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.compression.CompressionUtil;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.ipc.WriteChannel;
import org.apache.arrow.vector.ipc.message.ArrowDictionaryBatch;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.ipc.message.IpcOption;
import org.apache.arrow.vector.ipc.message.MessageSerializer;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.DictionaryEncoding;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Arrow IPC streams for the codec's tests, written by Arrow Java itself, and a few
 * hand-made messages that no writer would produce.
 */
final class Streams {

	static final ArrowType FLOAT64 = new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);

	static final ArrowType FLOAT32 = new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);

	private Streams() {
	}

	static Field field(String name, ArrowType type) {
		return Field.nullable(name, type);
	}

	static Field fixedList(String name, int size, ArrowType element) {
		return new Field(name, FieldType.nullable(new ArrowType.FixedSizeList(size)),
				List.of(Field.nullable("item", element)));
	}

	static Field list(String name, ArrowType element) {
		return new Field(name, FieldType.nullable(new ArrowType.List()), List.of(Field.nullable("item", element)));
	}

	static Field dictionary(String name, long id, ArrowType.Int indexType) {
		return new Field(name, new FieldType(true, indexType, new DictionaryEncoding(id, false, indexType)), null);
	}

	static Schema schema(Field... fields) {
		return new Schema(List.of(fields));
	}

	/** Fills one batch of a root. */
	@FunctionalInterface
	interface Batch {

		void fill(VectorSchemaRoot root);

	}

	/** A stream of the batches, written by {@link ArrowStreamWriter}. */
	static byte[] write(BufferAllocator allocator, Schema schema, Batch... batches) throws IOException {
		return write(allocator, schema, null, null, batches);
	}

	/**
	 * A stream of the batches, with body compression ({@code null}: none) and
	 * dictionaries.
	 */
	static byte[] write(BufferAllocator allocator, Schema schema, CompressionUtil.CodecType codec,
			DictionaryProvider provider, Batch... batches) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
				ArrowStreamWriter writer = (codec == null)
						? new ArrowStreamWriter(root, provider, Channels.newChannel(out))
						: new ArrowStreamWriter(root, provider, Channels.newChannel(out), IpcOption.DEFAULT,
								CommonsCompressionFactory.INSTANCE, codec)) {
			writer.start();
			for (Batch batch : batches) {
				root.allocateNew();
				batch.fill(root);
				writer.writeBatch();
			}
			writer.end();
		}
		return out.toByteArray();
	}

	/** A stream writer that can also write a delta dictionary batch. */
	static final class DeltaWriter extends ArrowStreamWriter {

		DeltaWriter(VectorSchemaRoot root, DictionaryProvider provider, OutputStream out) {
			super(root, provider, Channels.newChannel(out));
		}

		void writeDelta(long id, FieldVector values) throws IOException {
			VectorSchemaRoot one = new VectorSchemaRoot(List.of(values.getField()), List.of(values),
					values.getValueCount());
			ArrowRecordBatch data = new VectorUnloader(one).getRecordBatch();
			try (ArrowDictionaryBatch delta = new ArrowDictionaryBatch(id, data, true)) {
				writeDictionaryBatch(delta);
			}
		}

	}

	/** Sets a float64 or float32 column; a {@code null} is a null slot. */
	static void doubles(VectorSchemaRoot root, String name, Double... values) {
		FieldVector v = root.getVector(name);
		for (int i = 0; i < values.length; i++) {
			if (values[i] == null) {
				v.setNull(i);
			}
			else if (v instanceof Float8Vector f) {
				f.setSafe(i, values[i]);
			}
			else {
				((Float4Vector) v).setSafe(i, values[i].floatValue());
			}
		}
		v.setValueCount(values.length);
	}

	/** Sets a float32 column. */
	static void floats(VectorSchemaRoot root, String name, float... values) {
		Float4Vector v = (Float4Vector) root.getVector(name);
		for (int i = 0; i < values.length; i++) {
			v.setSafe(i, values[i]);
		}
		v.setValueCount(values.length);
	}

	/** Sets an integer column (any width). */
	static void longs(VectorSchemaRoot root, String name, long... values) {
		FieldVector v = root.getVector(name);
		for (int i = 0; i < values.length; i++) {
			if (v.getValueCapacity() <= i) {
				v.reAlloc();
			}
			((BaseIntVector) v).setWithPossibleTruncate(i, values[i]);
		}
		v.setValueCount(values.length);
	}

	/** Sets a utf8 or large_utf8 column; a {@code null} is a null slot. */
	static void strings(FieldVector v, String... values) {
		for (int i = 0; i < values.length; i++) {
			if (values[i] == null) {
				v.setNull(i);
			}
			else if (v instanceof VarCharVector s) {
				s.setSafe(i, values[i].getBytes(StandardCharsets.UTF_8));
			}
			else {
				((LargeVarCharVector) v).setSafe(i, values[i].getBytes(StandardCharsets.UTF_8));
			}
		}
		v.setValueCount(values.length);
	}

	/**
	 * Sets a FixedSizeList or List column of float64, float32 or integers: a {@code null}
	 * row is a null slot; {@code nullAt} names one element (row, column) to set null, or
	 * is {@code null}.
	 */
	static void rows(VectorSchemaRoot root, String name, double[][] rows, int[] nullAt) {
		FieldVector v = root.getVector(name);
		FieldVector child = (v instanceof FixedSizeListVector f) ? f.getDataVector() : ((ListVector) v).getDataVector();
		int at = 0;
		for (int i = 0; i < rows.length; i++) {
			if (rows[i] == null) {
				if (v instanceof ListVector l) {
					l.startNewValue(i);
					l.endValue(i, 0);
				}
				v.setNull(i);
				if (v instanceof FixedSizeListVector f) {
					at += f.getListSize();
				}
				continue;
			}
			if (v instanceof FixedSizeListVector f) {
				f.startNewValue(i);
			}
			else {
				((ListVector) v).startNewValue(i);
			}
			for (int j = 0; j < rows[i].length; j++) {
				if (nullAt != null && nullAt[0] == i && nullAt[1] == j) {
					if (child.getValueCapacity() <= at) {
						child.reAlloc();
					}
					child.setNull(at);
				}
				else if (child instanceof Float8Vector d) {
					d.setSafe(at, rows[i][j]);
				}
				else if (child instanceof Float4Vector s) {
					s.setSafe(at, (float) rows[i][j]);
				}
				else {
					while (child.getValueCapacity() <= at) {
						child.reAlloc();
					}
					((BaseIntVector) child).setWithPossibleTruncate(at, (long) rows[i][j]);
				}
				at++;
			}
			if (v instanceof ListVector l) {
				l.endValue(i, rows[i].length);
			}
		}
		child.setValueCount(at);
		v.setValueCount(rows.length);
	}

	static void rows(VectorSchemaRoot root, String name, double[][] rows) {
		rows(root, name, rows, null);
	}

	/** The schema message alone, as Arrow writes it. */
	static byte[] schemaMessage(Schema schema) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		MessageSerializer.serialize(new WriteChannel(Channels.newChannel(out)), schema);
		return out.toByteArray();
	}

	/** A record batch message, as Arrow writes it, from hand-made nodes and buffers. */
	static byte[] recordBatchMessage(ArrowRecordBatch batch) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		MessageSerializer.serialize(new WriteChannel(Channels.newChannel(out)), batch);
		return out.toByteArray();
	}

	/**
	 * A record batch message that declares {@code rows} rows and a body of
	 * {@code bodyLength} bytes, with no body after it.
	 */
	static byte[] recordBatchHeader(long rows, long bodyLength) {
		FlatBufferBuilder b = new FlatBufferBuilder();
		RecordBatch.startRecordBatch(b);
		RecordBatch.addLength(b, rows);
		int batch = RecordBatch.endRecordBatch(b);
		int message = Message.createMessage(b, MetadataVersion.V5, MessageHeader.RecordBatch, batch, bodyLength, 0);
		b.finish(message);
		ByteBuffer metadata = b.dataBuffer();
		int length = (metadata.remaining() + 7) / 8 * 8;
		ByteBuffer out = ByteBuffer.allocate(8 + length).order(ByteOrder.LITTLE_ENDIAN);
		out.putInt(-1).putInt(length).put(metadata);
		return out.array();
	}

	/** The end-of-stream marker. */
	static byte[] eos() {
		return new byte[] { -1, -1, -1, -1, 0, 0, 0, 0 };
	}

	static byte[] concat(byte[]... parts) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		for (byte[] p : parts) {
			out.writeBytes(p);
		}
		return out.toByteArray();
	}

}
