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
		if (this.list.size() < LIMIT) {
			this.list.add(new Violation(pointer, detail));
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
