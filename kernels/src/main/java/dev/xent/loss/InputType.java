package dev.xent.loss;

/**
 * What a prediction value means.
 */
public enum InputType {

	/** A probability in [0, 1]; clipped to [ε, 1 − ε] before the logarithm. */
	PROBABILITIES("probabilities"),

	/**
	 * An unnormalised score: sigmoid (binary) or softmax (categorical) gives the
	 * probability.
	 */
	LOGITS("logits"),

	/** A natural-log probability; categorical only. */
	LOG_PROBABILITIES("log-probabilities");

	private final String wireName;

	InputType(String wireName) {
		this.wireName = wireName;
	}

	/** The name used in requests, e.g. {@code "log-probabilities"}. */
	public String wireName() {
		return this.wireName;
	}

}
