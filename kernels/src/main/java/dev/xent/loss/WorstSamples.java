package dev.xent.loss;

import java.util.ArrayList;
import java.util.List;

/**
 * The K samples of highest loss seen so far, in a bounded heap: memory K, whatever the
 * number of samples. The order is the contract's: loss descending, ties by the lower
 * index; the heap's root is the sample that order ranks last, so a new sample enters only
 * if it ranks ahead of it. Samples arrive in increasing index, so a new sample whose loss
 * equals the root's never does.
 */
final class WorstSamples {

	private final int capacity;

	private final double[] losses;

	private final long[] indices;

	private int size;

	/** The root's loss once the heap is full (−∞ before): a lower loss never enters. */
	private double floor = Double.NEGATIVE_INFINITY;

	WorstSamples(int capacity) {
		this.capacity = capacity;
		this.losses = new double[capacity];
		this.indices = new long[capacity];
	}

	void offer(double loss, long index) {
		if (loss < this.floor) {
			// Ranks behind the root of a full heap: the commonest case, one comparison.
			return;
		}
		loss += 0.0; // −0.0 ranks as 0.0
		if (this.size < this.capacity) {
			int at = this.size++;
			this.losses[at] = loss;
			this.indices[at] = index;
			siftUp(at);
		}
		else if (ranksAhead(loss, index, this.losses[0], this.indices[0])) {
			this.losses[0] = loss;
			this.indices[0] = index;
			siftDown(0);
		}
		if (this.size == this.capacity) {
			this.floor = this.losses[0];
		}
	}

	/** The samples, worst first. */
	List<SummaryReport.Worst> list() {
		List<SummaryReport.Worst> list = new ArrayList<>(this.size);
		for (int i = 0; i < this.size; i++) {
			list.add(new SummaryReport.Worst(this.indices[i], this.losses[i]));
		}
		list.sort(SummaryReport.Worst.ORDER);
		return list;
	}

	/**
	 * Whether sample a ranks ahead of sample b: a higher loss, or as high and a lower
	 * index.
	 */
	static boolean ranksAhead(double lossA, long indexA, double lossB, long indexB) {
		return lossA > lossB || (lossA == lossB && indexA < indexB);
	}

	private void siftUp(int at) {
		while (at > 0) {
			int parent = (at - 1) >>> 1;
			if (!ranksAhead(this.losses[parent], this.indices[parent], this.losses[at], this.indices[at])) {
				return;
			}
			swap(at, parent);
			at = parent;
		}
	}

	private void siftDown(int at) {
		for (;;) {
			int last = at;
			int left = 2 * at + 1;
			int right = left + 1;
			if (left < this.size
					&& ranksAhead(this.losses[last], this.indices[last], this.losses[left], this.indices[left])) {
				last = left;
			}
			if (right < this.size
					&& ranksAhead(this.losses[last], this.indices[last], this.losses[right], this.indices[right])) {
				last = right;
			}
			if (last == at) {
				return;
			}
			swap(at, last);
			at = last;
		}
	}

	private void swap(int a, int b) {
		double loss = this.losses[a];
		this.losses[a] = this.losses[b];
		this.losses[b] = loss;
		long index = this.indices[a];
		this.indices[a] = this.indices[b];
		this.indices[b] = index;
	}

}
