package dev.xent.codec.arrow;

import java.io.IOException;
import java.io.InputStream;

import dev.xent.codec.ColumnLayout;
import dev.xent.codec.SampleSource;
import dev.xent.loss.GroupKeys;
import dev.xent.loss.SampleBatch;
import org.apache.arrow.memory.BufferAllocator;

/**
 * An Arrow IPC stream body as sample batches (work in progress).
 */
public final class ArrowSampleSource implements SampleSource, AutoCloseable {

	/**
	 * @param allocator a child allocator with a limit, owned by the caller
	 * @param maxBatchBytes the batch limit: every length the stream declares is checked
	 * against it before anything is allocated
	 * @param groups interns the groups column's keys
	 */
	public ArrowSampleSource(InputStream in, ColumnLayout layout, BufferAllocator allocator, long maxBatchBytes,
			GroupKeys groups) {
	}

	@Override
	public SampleBatch next() throws IOException {
		throw new UnsupportedOperationException("Arrow bodies are not read yet");
	}

	@Override
	public void close() {
	}

}
