package dev.xent.loss;

/**
 * Which loss the gradients differentiate. The response always carries the sum and the
 * mean; the reduction only chooses between ∂mean/∂predictions and ∂sum/∂predictions.
 */
public enum Reduction {

	/** Gradients of sum / weightSum. */
	MEAN("mean"),

	/** Gradients of the sum. */
	SUM("sum"),

	/** Gradients of each sample's own loss, which are the gradients of the sum. */
	NONE("none");

	private final String wireName;

	Reduction(String wireName) {
		this.wireName = wireName;
	}

	public String wireName() {
		return this.wireName;
	}

}
