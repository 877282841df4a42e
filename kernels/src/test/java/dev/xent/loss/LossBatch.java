package dev.xent.loss;

/**
 * A whole request as one checked batch, for the kernel tests: the loss with its options
 * and the samples.
 */
record LossBatch(Loss loss, SampleBatch data) {

	/** N. */
	int samples() {
		return this.data.rows();
	}

	/** The row width of 2-D predictions, 0 for a vector. */
	int columns() {
		return this.loss.vector() ? 0 : this.data.width();
	}

	/** The samples that count. */
	long count() {
		return Scorer.score(this, Reduction.SUM, false, false).count();
	}

}
