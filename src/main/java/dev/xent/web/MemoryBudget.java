package dev.xent.web;

import java.util.concurrent.atomic.AtomicLong;

import dev.xent.loss.LimitExceededException;

/**
 * The one memory budget that every scoring request reserves from before its body is read:
 * a heap share, and the off-heap bytes of Arrow's bounded allocator. A request that
 * cannot fit the budget even when nothing else runs is refused with 413; one that cannot
 * fit now, with 503 and {@code Retry-After}. So no body, however large and however many
 * at once, can run the service out of memory: what a request may hold is bounded by its
 * reservation (the codecs' limits make it so), and the reservations together by the
 * budget.
 */
final class MemoryBudget {

	private final long heapCapacity;

	private final long offHeapCapacity;

	private final AtomicLong heapUsed = new AtomicLong();

	private final AtomicLong offHeapUsed = new AtomicLong();

	/**
	 * @param heapCapacity the heap bytes all requests may reserve together
	 * @param offHeapCapacity the off-heap bytes (Arrow's allocator limit)
	 */
	MemoryBudget(long heapCapacity, long offHeapCapacity) {
		this.heapCapacity = heapCapacity;
		this.offHeapCapacity = offHeapCapacity;
	}

	long heapCapacity() {
		return this.heapCapacity;
	}

	long offHeapCapacity() {
		return this.offHeapCapacity;
	}

	/**
	 * Reserves memory for one request; close the reservation when the request ends.
	 * @param what what the reservation is for, for the 413's detail
	 * @throws LimitExceededException when the request cannot fit even an empty budget
	 * @throws ServiceBusyException when it cannot fit now
	 */
	Reservation reserve(long heap, long offHeap, String what) {
		if (heap > this.heapCapacity || offHeap > this.offHeapCapacity) {
			throw new LimitExceededException("This request needs more memory than the service has for any one "
					+ "request (" + what + ": " + heap + " bytes of heap and " + offHeap + " off the heap, of "
					+ this.heapCapacity + " and " + this.offHeapCapacity
					+ "; xent.memory.*): send a smaller body, or the samples as an Arrow or JSON Lines stream.");
		}
		if (!take(this.heapUsed, heap, this.heapCapacity)) {
			throw new ServiceBusyException("The service's memory is taken by other requests now; try again shortly.");
		}
		if (!take(this.offHeapUsed, offHeap, this.offHeapCapacity)) {
			this.heapUsed.addAndGet(-heap);
			throw new ServiceBusyException(
					"The service's memory for Arrow buffers is taken by other requests now; try again shortly.");
		}
		return new Reservation(heap, offHeap);
	}

	private static boolean take(AtomicLong used, long bytes, long capacity) {
		long now;
		do {
			now = used.get();
			if (now + bytes > capacity) {
				return false;
			}
		}
		while (!used.compareAndSet(now, now + bytes));
		return true;
	}

	/** One request's share of the budget, given back on close. */
	final class Reservation implements AutoCloseable {

		private final long heap;

		private final long offHeap;

		private boolean closed;

		private Reservation(long heap, long offHeap) {
			this.heap = heap;
			this.offHeap = offHeap;
		}

		long offHeap() {
			return this.offHeap;
		}

		@Override
		public void close() {
			if (!this.closed) {
				this.closed = true;
				MemoryBudget.this.heapUsed.addAndGet(-this.heap);
				MemoryBudget.this.offHeapUsed.addAndGet(-this.offHeap);
			}
		}

	}

}
