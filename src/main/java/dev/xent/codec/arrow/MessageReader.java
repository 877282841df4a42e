package dev.xent.codec.arrow;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import dev.xent.codec.MalformedRequestException;
import dev.xent.codec.PayloadTooLargeException;
import org.apache.arrow.flatbuf.Message;
import org.apache.arrow.flatbuf.MetadataVersion;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;

/**
 * The framing of an Arrow IPC stream: each message is an optional continuation marker
 * (0xFFFFFFFF), a little-endian int32 metadata length, the metadata (a flatbuffer
 * {@code Message}) and a body of the length the metadata declares; the stream ends with
 * the end-of-stream marker, a zero length. Arrow's own reader takes the end of the bytes
 * for the end of the stream and allocates whatever length a stream declares; this one
 * tells a truncated stream from a finished one, and refuses a length over the batch limit
 * before it allocates.
 */
final class MessageReader {

	static final int CONTINUATION = 0xFFFFFFFF;

	/**
	 * "ARRO", the first bytes of the Arrow file format's magic, as a little-endian int.
	 */
	private static final int FILE_MAGIC = 0x4F525241;

	private static final int CHUNK = 64 * 1024;

	private final InputStream in;

	private final BufferAllocator allocator;

	private final long maxBytes;

	private final byte[] chunk = new byte[CHUNK];

	private final byte[] prefix = new byte[4];

	private byte[] metadata = new byte[512];

	private final Message message = new Message();

	private long position;

	private int messages;

	/**
	 * @param maxBytes the batch limit: no metadata or body longer than this is read
	 */
	MessageReader(InputStream in, BufferAllocator allocator, long maxBytes) {
		this.in = in;
		this.allocator = allocator;
		this.maxBytes = maxBytes;
	}

	/** Bytes of the stream read so far. */
	long position() {
		return this.position;
	}

	/**
	 * The next message's metadata, valid until the next call; {@code null} at the
	 * end-of-stream marker. Its body, if any, must be read ({@link #readBody}) or skipped
	 * before the next call.
	 * @throws MalformedRequestException for bytes that are not a message, or a stream
	 * that ends before its end-of-stream marker
	 * @throws PayloadTooLargeException for metadata longer than the batch limit
	 */
	Message next() throws IOException {
		boolean first = this.messages++ == 0;
		long start = this.position;
		if (!readPrefix()) {
			throw truncated(first ? "before its schema" : "after its last message (at byte " + start + ")");
		}
		int length = intAt(this.prefix);
		boolean continued = length == CONTINUATION;
		if (continued) {
			if (!readPrefix()) {
				throw truncated("inside a message's length (at byte " + start + ")");
			}
			length = intAt(this.prefix);
		}
		if (length == 0) {
			return null;
		}
		if (!continued) {
			// The format before Arrow 0.15 had no continuation marker: a plausible length
			// is read as one, anything else is not an Arrow stream at all.
			if (first && length == FILE_MAGIC) {
				throw new MalformedRequestException(null,
						"The body is an Arrow file (it starts with the magic \"ARROW1\"), not an Arrow IPC stream; "
								+ "write it with the stream writer (pyarrow: pa.ipc.new_stream).");
			}
			if (length < 0 || length > this.maxBytes) {
				throw notAStream("a message must start with the continuation marker 0xFFFFFFFF and its length");
			}
		}
		if (length < 0) {
			throw notAStream("a message declares a negative metadata length (" + length + ")");
		}
		if (length > this.maxBytes) {
			throw new PayloadTooLargeException("An Arrow message declares " + length + " bytes of metadata, more than "
					+ this.maxBytes + " bytes, the configured limit (xent.limits.max-batch-bytes).");
		}
		ByteBuffer bytes = readMetadata(length, start);
		Message m = Message.getRootAsMessage(bytes, this.message);
		if (m.version() < MetadataVersion.V4) {
			throw notAStream("its metadata version (" + m.version() + ") is older than V4 (Arrow 0.15)");
		}
		if (m.bodyLength() < 0) {
			throw notAStream("a message declares a negative body length");
		}
		return m;
	}

	/**
	 * Reads a body of {@code length} bytes, already checked against the limit, into a
	 * buffer of the allocator; the caller closes it.
	 */
	ArrowBuf readBody(long length) throws IOException {
		ArrowBuf body = this.allocator.buffer(length);
		boolean done = false;
		try {
			long start = this.position;
			long at = 0;
			while (at < length) {
				int n = this.in.read(this.chunk, 0, (int) Math.min(CHUNK, length - at));
				if (n < 0) {
					throw truncated("inside a message body (at byte " + (start + at) + " of the stream, " + at + " of "
							+ length + " body bytes read)");
				}
				body.setBytes(at, this.chunk, 0, n);
				at += n;
				this.position += n;
			}
			body.writerIndex(length);
			done = true;
			return body;
		}
		finally {
			if (!done) {
				body.close();
			}
		}
	}

	private boolean readPrefix() throws IOException {
		int at = 0;
		while (at < 4) {
			int n = this.in.read(this.prefix, at, 4 - at);
			if (n < 0) {
				return false;
			}
			at += n;
			this.position += n;
		}
		return true;
	}

	/**
	 * Reads the metadata into a heap buffer that grows as bytes arrive, so that a large
	 * declared length costs memory only when the bytes are really there.
	 */
	private ByteBuffer readMetadata(int length, long start) throws IOException {
		int at = 0;
		while (at < length) {
			if (at == this.metadata.length) {
				this.metadata = java.util.Arrays.copyOf(this.metadata,
						(int) Math.min(length, Math.max(2L * this.metadata.length, 512)));
			}
			int room = Math.min(length, this.metadata.length) - at;
			int n = this.in.read(this.metadata, at, room);
			if (n < 0) {
				throw truncated("inside a message's metadata (at byte " + start + ")");
			}
			at += n;
			this.position += n;
		}
		return ByteBuffer.wrap(this.metadata, 0, length).slice().order(ByteOrder.LITTLE_ENDIAN);
	}

	private static int intAt(byte[] b) {
		return (b[0] & 0xFF) | (b[1] & 0xFF) << 8 | (b[2] & 0xFF) << 16 | (b[3] & 0xFF) << 24;
	}

	static MalformedRequestException truncated(String where) {
		return new MalformedRequestException(null, "The Arrow stream is truncated: it ends " + where
				+ ", without the end-of-stream marker (0xFFFFFFFF 0x00000000); nothing was scored.");
	}

	static MalformedRequestException notAStream(String why) {
		return new MalformedRequestException(null, "The body is not a valid Arrow IPC stream: " + why + ".");
	}

}
