package dev.xent.codec.json;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects doubles of unknown count without boxing. With a size hint that turns out exact
 * (labels after predictions, say) the first block is returned as is; otherwise values go
 * into blocks that are copied once into an exact array, so the bytes allocated stay
 * within about twice the bytes of the values.
 */
final class DoubleAccumulator {

	private static final int FIRST_BLOCK = 256;

	private static final int MAX_BLOCK = 1 << 20;

	private final List<double[]> full = new ArrayList<>();

	private double[] block;

	private int position;

	private int size;

	DoubleAccumulator(int hint) {
		this.block = new double[(hint > 0) ? hint : FIRST_BLOCK];
	}

	void add(double value) {
		if (this.position == this.block.length) {
			nextBlock();
		}
		this.block[this.position++] = value;
		this.size++;
	}

	/**
	 * Reads the number at the input's next byte, and as many after it as
	 * {@link JsonInput#readNumbers} takes in one go, at most {@code most}.
	 */
	void read(JsonInput in, long most) throws IOException {
		if (this.position == this.block.length) {
			nextBlock();
		}
		int at = this.position;
		int end = in.readNumbers(this.block, at, (int) Math.min(this.block.length, at + Math.max(1, most)));
		if (end == at) {
			this.block[end++] = in.readDouble();
		}
		this.size += end - at;
		this.position = end;
	}

	private void nextBlock() {
		this.full.add(this.block);
		this.block = new double[Math.min(MAX_BLOCK, Math.max(FIRST_BLOCK, this.size / 2))];
		this.position = 0;
	}

	/**
	 * Once the final count is known (the first row of a matrix gives the width), make the
	 * current block hold exactly {@code total} values, so no copy is needed at the end.
	 */
	void expect(long total) {
		if (this.full.isEmpty() && total > this.block.length && total <= Integer.MAX_VALUE - 8) {
			this.block = java.util.Arrays.copyOf(this.block, (int) total);
		}
	}

	int size() {
		return this.size;
	}

	double[] toArray() {
		if (this.full.isEmpty() && this.position == this.block.length) {
			return this.block;
		}
		double[] result = new double[this.size];
		int offset = 0;
		for (double[] b : this.full) {
			System.arraycopy(b, 0, result, offset, b.length);
			offset += b.length;
		}
		System.arraycopy(this.block, 0, result, offset, this.position);
		return result;
	}

}
