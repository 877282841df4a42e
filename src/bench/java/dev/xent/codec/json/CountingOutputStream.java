package dev.xent.codec.json;

import java.io.OutputStream;

/**
 * Where the benchmarks write responses: counts the bytes, so that a benchmark can check that
 * the response is really produced, and keeps none of them.
 */
public final class CountingOutputStream extends OutputStream {

	private long count;

	public long count() {
		return this.count;
	}

	@Override
	public void write(int b) {
		this.count++;
	}

	@Override
	public void write(byte[] b, int off, int len) {
		this.count += len;
	}

}
