package dev.xent.codec.arrow;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

import dev.xent.codec.MalformedRequestException;
import dev.xent.codec.PayloadTooLargeException;
import org.apache.arrow.compression.CommonsCompressionFactory;
import org.apache.arrow.flatbuf.BodyCompression;
import org.apache.arrow.flatbuf.BodyCompressionMethod;
import org.apache.arrow.flatbuf.Buffer;
import org.apache.arrow.flatbuf.CompressionType;
import org.apache.arrow.flatbuf.FieldNode;
import org.apache.arrow.flatbuf.RecordBatch;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.OutOfMemoryException;
import org.apache.arrow.vector.compression.CompressionCodec;
import org.apache.arrow.vector.compression.CompressionUtil;
import org.apache.commons.compress.compressors.lz4.FramedLZ4CompressorInputStream;

/**
 * One record batch (or dictionary batch) message's body: its field nodes and buffers as
 * the metadata lays them out, each buffer checked to lie inside the body, and each
 * compressed buffer decompressed on first use. For a compressed body every declared
 * uncompressed length, and their sum, is checked against the batch limit before anything
 * is decompressed. Reused from one message to the next; {@link #close} frees the body and
 * every decompressed buffer.
 */
final class BatchBody implements AutoCloseable {

	private static final ByteBuffer EMPTY = ByteBuffer.allocate(0).order(ByteOrder.LITTLE_ENDIAN);

	private static final int CHUNK = 64 * 1024;

	private final BufferAllocator allocator;

	private final long maxBytes;

	private final FieldNode node = new FieldNode();

	private final Buffer buffer = new Buffer();

	private final BodyCompression compression = new BodyCompression();

	private CompressionCodec zstd;

	private byte[] chunk;

	private ArrowBuf body;

	private long bodyLength;

	private long rows;

	private int nodeCount;

	private long[] nodeLengths = new long[16];

	private long[] nodeNulls = new long[16];

	private int bufferCount;

	private long[] bufferOffsets = new long[32];

	private long[] bufferLengths = new long[32];

	/**
	 * Per buffer: the declared uncompressed length (-1: stored as is), when compressed.
	 */
	private long[] declared = new long[32];

	private ByteBuffer[] views = new ByteBuffer[32];

	private ArrowBuf[] decompressed = new ArrowBuf[32];

	private int variadicCount;

	private long[] variadic = new long[4];

	/** The codec of a compressed body, or -1. */
	private int codec = -1;

	BatchBody(BufferAllocator allocator, long maxBytes) {
		this.allocator = allocator;
		this.maxBytes = maxBytes;
	}

	/**
	 * Takes a message's body, as soon as it is read: from now on {@link #close} frees it.
	 */
	void own(ArrowBuf body, long length) {
		close();
		this.body = body;
		this.bodyLength = length;
	}

	/**
	 * Reads the layout of the body just taken.
	 * @param what names the batch in a 413's detail ("the record batch starting at row
	 * 12")
	 * @param hintRows the rows of a record batch, for a 413's hint of how many would fit;
	 * or -1
	 */
	void load(RecordBatch batch, String what, long hintRows) {
		long bodyLength = this.bodyLength;
		this.rows = batch.length();
		if (this.rows < 0 || this.rows > Integer.MAX_VALUE - 8) {
			throw MessageReader.notAStream("a batch declares " + this.rows + " rows");
		}
		this.nodeCount = batch.nodesLength();
		this.bufferCount = batch.buffersLength();
		this.variadicCount = batch.variadicBufferCountsLength();
		// Flatbuffers are read unverified: a count is believed only if its entries fit in
		// the metadata (16 bytes a node or buffer, 8 a variadic count).
		long metadata = batch.getByteBuffer().limit();
		if (this.nodeCount < 0 || this.bufferCount < 0 || this.variadicCount < 0 || 16L * this.nodeCount > metadata
				|| 16L * this.bufferCount > metadata || 8L * this.variadicCount > metadata) {
			throw MessageReader.notAStream("a record batch's metadata declares more entries than it holds");
		}
		this.nodeLengths = capacity(this.nodeLengths, this.nodeCount);
		this.nodeNulls = capacity(this.nodeNulls, this.nodeCount);
		for (int i = 0; i < this.nodeCount; i++) {
			FieldNode n = batch.nodes(this.node, i);
			this.nodeLengths[i] = n.length();
			this.nodeNulls[i] = n.nullCount();
			if (n.length() < 0 || n.nullCount() < 0 || n.nullCount() > n.length()) {
				throw MessageReader
					.notAStream("a field node declares " + n.length() + " values and " + n.nullCount() + " nulls");
			}
		}
		if (this.bufferOffsets.length < this.bufferCount) {
			int size = Math.max(this.bufferCount, 2 * this.bufferOffsets.length);
			this.bufferOffsets = new long[size];
			this.bufferLengths = new long[size];
			this.declared = new long[size];
			this.views = new ByteBuffer[size];
			this.decompressed = new ArrowBuf[size];
		}
		for (int i = 0; i < this.bufferCount; i++) {
			Buffer b = batch.buffers(this.buffer, i);
			long offset = b.offset();
			long length = b.length();
			if (offset < 0 || length < 0 || offset > bodyLength || length > bodyLength - offset) {
				throw MessageReader.notAStream("buffer " + i + " (" + length + " bytes at " + offset
						+ ") lies outside the message body of " + bodyLength + " bytes");
			}
			this.bufferOffsets[i] = offset;
			this.bufferLengths[i] = length;
			this.views[i] = null;
		}
		this.variadic = capacity(this.variadic, this.variadicCount);
		for (int i = 0; i < this.variadicCount; i++) {
			this.variadic[i] = batch.variadicBufferCounts(i);
		}
		BodyCompression c = batch.compression(this.compression);
		this.codec = -1;
		if (c != null) {
			if (c.method() != BodyCompressionMethod.BUFFER) {
				throw MessageReader.notAStream("unknown body compression method " + c.method());
			}
			if (c.codec() != CompressionType.LZ4_FRAME && c.codec() != CompressionType.ZSTD) {
				throw MessageReader.notAStream("unknown body compression codec " + c.codec());
			}
			this.codec = c.codec();
			checkDeclaredLengths(what, hintRows);
		}
	}

	/**
	 * Every compressed buffer starts with its uncompressed length (int64, -1 for a buffer
	 * stored as is): each, and their sum, must be within the batch limit.
	 */
	private void checkDeclaredLengths(String what, long hintRows) {
		long total = 0;
		for (int i = 0; i < this.bufferCount; i++) {
			long length = this.bufferLengths[i];
			if (length == 0) {
				this.declared[i] = 0;
				continue;
			}
			if (length < Long.BYTES) {
				throw MessageReader.notAStream("compressed buffer " + i + " is shorter than its length prefix");
			}
			long uncompressed = this.body.getLong(this.bufferOffsets[i]);
			if (uncompressed < CompressionUtil.NO_COMPRESSION_LENGTH) {
				throw MessageReader.notAStream("compressed buffer " + i + " declares a negative length");
			}
			this.declared[i] = uncompressed;
			if (uncompressed > this.maxBytes) {
				throw tooLarge("A buffer of " + what + " declares " + uncompressed + " bytes uncompressed",
						this.maxBytes, -1, 0);
			}
			total += (uncompressed < 0) ? length - Long.BYTES : uncompressed;
		}
		if (total > this.maxBytes) {
			throw tooLarge("Decompressed, " + what + " holds " + total + " bytes", this.maxBytes, hintRows, total);
		}
	}

	long rows() {
		return this.rows;
	}

	int nodeCount() {
		return this.nodeCount;
	}

	int bufferCount() {
		return this.bufferCount;
	}

	int variadicCount() {
		return this.variadicCount;
	}

	long variadic(int i) {
		return this.variadic[i];
	}

	long nodeLength(int i) {
		return this.nodeLengths[i];
	}

	long nodeNulls(int i) {
		return this.nodeNulls[i];
	}

	/**
	 * Buffer {@code i}, uncompressed, as a little-endian view positioned at 0: valid
	 * until the next {@link #load} or {@link #close}.
	 */
	ByteBuffer buffer(int i) {
		ByteBuffer view = this.views[i];
		if (view == null) {
			view = open(i);
			this.views[i] = view;
		}
		return view;
	}

	private ByteBuffer open(int i) {
		long offset = this.bufferOffsets[i];
		long length = this.bufferLengths[i];
		if (length == 0) {
			return EMPTY;
		}
		if (this.codec < 0) {
			return view(this.body, offset, length);
		}
		long uncompressed = this.declared[i];
		if (uncompressed == CompressionUtil.NO_COMPRESSION_LENGTH) {
			return view(this.body, offset + Long.BYTES, length - Long.BYTES);
		}
		if (uncompressed == 0) {
			return EMPTY;
		}
		ArrowBuf out = (this.codec == CompressionType.ZSTD) ? zstd(offset, length) : lz4(offset, length, uncompressed);
		this.decompressed[i] = out;
		return view(out, 0, uncompressed);
	}

	private ArrowBuf zstd(long offset, long length) {
		if (this.zstd == null) {
			this.zstd = CommonsCompressionFactory.INSTANCE.createCodec(CompressionUtil.CodecType.ZSTD);
		}
		// The codec releases the buffer it decompresses, a slice that shares the body's
		// reference count: take one reference for it. Its output has exactly the declared
		// length (checked against the limit), or the codec fails.
		ArrowBuf compressed = this.body.slice(offset, length);
		compressed.getReferenceManager().retain();
		try {
			return this.zstd.decompress(this.allocator, compressed);
		}
		catch (OutOfMemoryException ex) {
			compressed.getReferenceManager().release();
			throw ex;
		}
		catch (RuntimeException ex) {
			compressed.getReferenceManager().release();
			throw MessageReader.notAStream("a ZSTD buffer does not decompress (" + ex.getMessage() + ")");
		}
	}

	/**
	 * LZ4 frames are decompressed here rather than by Arrow's codec, which collects the
	 * output in a heap array that grows with whatever the frame yields: this stops at the
	 * declared length.
	 */
	private ArrowBuf lz4(long offset, long length, long uncompressed) {
		if (this.chunk == null) {
			this.chunk = new byte[CHUNK];
		}
		ArrowBuf out = this.allocator.buffer(uncompressed);
		boolean done = false;
		try (InputStream in = new FramedLZ4CompressorInputStream(
				new ByteBufferInput(view(this.body, offset + Long.BYTES, length - Long.BYTES)))) {
			long at = 0;
			while (true) {
				int n = in.read(this.chunk, 0, (int) Math.min(CHUNK, uncompressed - at + 1));
				if (n < 0) {
					break;
				}
				if (n > uncompressed - at) {
					throw MessageReader.notAStream(
							"an LZ4 buffer decompresses to more than the " + uncompressed + " bytes it declares");
				}
				out.setBytes(at, this.chunk, 0, n);
				at += n;
			}
			if (at != uncompressed) {
				throw MessageReader
					.notAStream("an LZ4 buffer decompresses to " + at + " bytes, but declares " + uncompressed);
			}
			done = true;
			return out;
		}
		catch (IOException ex) {
			throw MessageReader.notAStream("an LZ4 buffer does not decompress (" + ex.getMessage() + ")");
		}
		finally {
			if (!done) {
				out.close();
			}
		}
	}

	private static ByteBuffer view(ArrowBuf buf, long offset, long length) {
		return buf.nioBuffer(offset, (int) length).order(ByteOrder.LITTLE_ENDIAN);
	}

	/** Frees the body and every decompressed buffer. */
	@Override
	public void close() {
		for (int i = 0; i < this.decompressed.length; i++) {
			if (this.decompressed[i] != null) {
				this.decompressed[i].close();
				this.decompressed[i] = null;
			}
			this.views[i] = null;
		}
		if (this.body != null) {
			this.body.close();
			this.body = null;
		}
	}

	static PayloadTooLargeException tooLarge(String what, long max, long rows, long bytes) {
		StringBuilder detail = new StringBuilder(what).append(", more than ")
			.append(max)
			.append(" bytes, the configured limit (xent.limits.max-batch-bytes)");
		if (rows >= 0 && bytes > 0) {
			long fit = (long) Math.floor((double) rows * max / bytes);
			if (fit >= 1) {
				detail.append("; about ")
					.append(fit)
					.append(" rows fit in one batch: write smaller batches (pyarrow: write_table(t, max_chunksize=")
					.append(fit)
					.append("))");
			}
			else {
				detail.append("; not even one row fits in a batch");
			}
		}
		return new PayloadTooLargeException(detail.append('.').toString());
	}

	private static long[] capacity(long[] array, int size) {
		return (array.length >= size) ? array : Arrays.copyOf(array, Math.max(size, 2 * array.length));
	}

	/** A byte buffer as an input stream. */
	private static final class ByteBufferInput extends InputStream {

		private final ByteBuffer buffer;

		ByteBufferInput(ByteBuffer buffer) {
			this.buffer = buffer;
		}

		@Override
		public int read() {
			return this.buffer.hasRemaining() ? this.buffer.get() & 0xFF : -1;
		}

		@Override
		public int read(byte[] b, int off, int len) {
			if (len == 0) {
				return 0;
			}
			if (!this.buffer.hasRemaining()) {
				return -1;
			}
			int n = Math.min(len, this.buffer.remaining());
			this.buffer.get(b, off, n);
			return n;
		}

		@Override
		public int available() {
			return this.buffer.remaining();
		}

	}

}
