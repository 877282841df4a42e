package dev.xent.codec;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import dev.xent.loss.PerSampleSink;

/**
 * Holds one request's per-sample results (loss, weight, raw gradient) between reading and
 * answering: a request is answered only after its whole body has been read and checked,
 * so its per-sample output must wait somewhere.
 * <p>
 * Without a spool (a JSON document's answer, bounded by the document's own limit) the
 * store keeps the arrays the scoring filled, as they are: no copy. With a spool (an Arrow
 * answer, of any size) it copies each batch into chunks: they stay in memory up to the
 * request's memory share, and the rest goes to a spool file under the shared
 * {@link SpoolBudget}, so the heap stays flat at any N. {@link #close} removes the file.
 */
public final class PerSampleStore implements PerSampleSink, AutoCloseable {

	/** Most values (doubles) in one chunk. */
	private static final int CHUNK_VALUES = 1 << 18;

	/** Rows of the first chunk: a small request takes a small one. */
	private static final int FIRST_CHUNK_ROWS = 1024;

	private final boolean gradients;

	private final long memoryBytes;

	private final SpoolBudget spool;

	private final List<Chunk> inMemory = new ArrayList<>();

	private int width = -1;

	private int chunkRows;

	private Chunk current;

	private long rows;

	private long memoryUsed;

	private Path file;

	private FileChannel channel;

	private ByteBuffer buffer;

	private long spooledChunks;

	private long spooledBytes;

	/**
	 * @param gradients whether raw gradients are kept
	 * @param memoryBytes the bytes of chunks kept in memory before the spool is used
	 * @param spool the shared spool, or {@code null} to keep everything in memory (a JSON
	 * document, bounded by its own limit)
	 */
	public PerSampleStore(boolean gradients, long memoryBytes, SpoolBudget spool) {
		this.gradients = gradients;
		this.memoryBytes = memoryBytes;
		this.spool = spool;
	}

	@Override
	public boolean keepsGradients() {
		return this.gradients;
	}

	public long rows() {
		return this.rows;
	}

	public int width() {
		return Math.max(this.width, 1);
	}

	@Override
	public boolean append(int rows, int width, double[] losses, double[] weights, double[] raw) {
		if (this.width < 0) {
			this.width = width;
			this.chunkRows = Math.max(1, CHUNK_VALUES / (width + 2));
		}
		this.rows += rows;
		if (this.spool == null) {
			// In memory in any case: keep the scoring's arrays rather than copy them.
			sealCurrent();
			this.inMemory.add(new Chunk(losses, weights, this.gradients ? raw : new double[0], rows));
			return true;
		}
		int done = 0;
		while (done < rows) {
			if (this.current == null) {
				int capacity = Math.min(this.chunkRows, Math.max(FIRST_CHUNK_ROWS, rows - done));
				if (!this.inMemory.isEmpty() || this.spooledChunks > 0) {
					capacity = this.chunkRows;
				}
				this.current = new Chunk(capacity, this.gradients ? capacity * width : 0);
			}
			Chunk c = this.current;
			int take = Math.min(rows - done, c.capacity() - c.rows);
			System.arraycopy(losses, done, c.losses, c.rows, take);
			System.arraycopy(weights, done, c.weights, c.rows, take);
			if (this.gradients) {
				System.arraycopy(raw, done * width, c.raw, c.rows * width, take * width);
			}
			c.rows += take;
			done += take;
			if (c.rows == c.capacity()) {
				seal(c);
				this.current = null;
			}
		}
		return false;
	}

	private void sealCurrent() {
		if (this.current != null && this.current.rows > 0) {
			seal(this.current);
		}
		this.current = null;
	}

	private void seal(Chunk c) {
		long bytes = c.bytes();
		if (this.spool == null || (this.channel == null && this.memoryUsed + bytes <= this.memoryBytes)) {
			this.inMemory.add(c);
			this.memoryUsed += bytes;
			return;
		}
		spill(c);
	}

	/** Writes a chunk to the spool file: its row count, then its columns. */
	private void spill(Chunk c) {
		long bytes = Long.BYTES + (long) c.rows * (2 + this.width()) * Double.BYTES;
		this.spool.reserve(bytes, this.spooledBytes + bytes);
		this.spooledBytes += bytes;
		try {
			if (this.channel == null) {
				this.file = this.spool.newFile();
				this.channel = FileChannel.open(this.file, StandardOpenOption.READ, StandardOpenOption.WRITE);
				this.buffer = ByteBuffer.allocate(Long.BYTES + this.chunkRows * (2 + this.width()) * Double.BYTES)
					.order(ByteOrder.LITTLE_ENDIAN);
			}
			ByteBuffer b = this.buffer;
			b.clear();
			b.putLong(c.rows);
			int rawValues = this.gradients ? c.rows * this.width : 0;
			b.asDoubleBuffer().put(c.losses, 0, c.rows).put(c.weights, 0, c.rows).put(c.raw, 0, rawValues);
			b.position(0).limit(Long.BYTES + (2 * c.rows + rawValues) * Double.BYTES);
			while (b.hasRemaining()) {
				this.channel.write(b);
			}
			this.spooledChunks++;
		}
		catch (IOException ex) {
			throw new SpoolBudget.SpoolUnavailableException(
					"The spool could not take this request's per-sample output (" + ex.getClass().getSimpleName()
							+ "); try again later.",
					ex);
		}
	}

	/**
	 * Hands every chunk to {@code consumer}, in request order. A chunk's arrays are valid
	 * until the next one.
	 */
	public void forEach(ChunkConsumer consumer) throws IOException {
		for (Chunk c : this.inMemory) {
			consumer.accept(c.rows, width(), c.losses, c.weights, this.gradients ? c.raw : null);
		}
		if (this.channel != null) {
			Chunk c = new Chunk(this.chunkRows, this.gradients ? this.chunkRows * this.width : 0);
			ByteBuffer b = this.buffer;
			long position = 0;
			for (long i = 0; i < this.spooledChunks; i++) {
				b.clear().limit(Long.BYTES);
				position += readFully(b, position);
				int rows = (int) b.flip().getLong();
				int rawValues = this.gradients ? rows * this.width : 0;
				b.clear().limit((2 * rows + rawValues) * Double.BYTES);
				position += readFully(b, position);
				b.flip();
				b.asDoubleBuffer().get(c.losses, 0, rows).get(c.weights, 0, rows).get(c.raw, 0, rawValues);
				consumer.accept(rows, width(), c.losses, c.weights, this.gradients ? c.raw : null);
			}
		}
		if (this.current != null && this.current.rows > 0) {
			Chunk c = this.current;
			consumer.accept(c.rows, width(), c.losses, c.weights, this.gradients ? c.raw : null);
		}
	}

	private int readFully(ByteBuffer b, long position) throws IOException {
		int total = 0;
		while (b.hasRemaining()) {
			int n = this.channel.read(b, position + total);
			if (n < 0) {
				throw new IOException("spool file ended early");
			}
			total += n;
		}
		return total;
	}

	@Override
	public void close() {
		if (this.channel != null) {
			try {
				this.channel.close();
				Files.deleteIfExists(this.file);
			}
			catch (IOException ex) {
				// The spool's sweep at the next start removes what is left.
			}
			finally {
				this.channel = null;
			}
		}
		if (this.spool != null && this.spooledBytes > 0) {
			this.spool.release(this.spooledBytes);
			this.spooledBytes = 0;
		}
	}

	/** Receives one chunk of per-sample results. */
	@FunctionalInterface
	public interface ChunkConsumer {

		void accept(int rows, int width, double[] losses, double[] weights, double[] raw) throws IOException;

	}

	private static final class Chunk {

		final double[] losses;

		final double[] weights;

		final double[] raw;

		int rows;

		Chunk(int capacity, int rawValues) {
			this(new double[capacity], new double[capacity], new double[rawValues], 0);
		}

		Chunk(double[] losses, double[] weights, double[] raw, int rows) {
			this.losses = losses;
			this.weights = weights;
			this.raw = raw;
			this.rows = rows;
		}

		int capacity() {
			return this.losses.length;
		}

		long bytes() {
			return (long) (this.losses.length + this.weights.length + this.raw.length) * Double.BYTES;
		}

	}

}
