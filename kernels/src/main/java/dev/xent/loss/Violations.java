package dev.xent.loss;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects violations in the order they are found, keeping at most {@link #LIMIT}.
 */
public final class Violations {

	/** The contract returns at most this many offending values. */
	public static final int LIMIT = 100;

	private final List<Violation> list = new ArrayList<>();

	public void add(String pointer, String detail) {
		add(pointer, detail, 0);
	}

	public void add(String pointer, String detail, long line) {
		if (this.list.size() < LIMIT) {
			this.list.add(new Violation(pointer, detail, line));
		}
	}

	/** A violation at a row of a batch, with the row's line when the format has lines. */
	public void add(SampleBatch batch, int row, String pointer, String detail) {
		add(pointer, detail, batch.line(row));
	}

	/**
	 * A column of a whole document whose length must be {@code expected}: the pointer
	 * names the first row that is missing or one too many.
	 */
	public void length(String field, long actual, long expected, String what) {
		if (actual != expected) {
			add("/" + field + "/" + Math.min(actual, expected), "must have " + expected + " values (" + what + "), but "
					+ field + " has " + actual + ((actual < expected) ? "; this one is missing." : "."));
		}
	}

	public boolean isFull() {
		return this.list.size() >= LIMIT;
	}

	public boolean isEmpty() {
		return this.list.isEmpty();
	}

	public List<Violation> list() {
		return this.list;
	}

	/** Throws {@link InvalidBatchException} if anything was collected. */
	public void throwIfAny() {
		if (!this.list.isEmpty()) {
			throw new InvalidBatchException(this.list);
		}
	}

	static String at(String field, int index) {
		return "/" + field + "/" + index;
	}

	static String at(String field, int row, int column) {
		return "/" + field + "/" + row + "/" + column;
	}

}
