package dev.xent.loss;

/**
 * A framework-compatibility preset: how probability inputs are clipped before their
 * logarithms, so that a loss equals the number a framework prints. Logits and
 * log-probabilities are exact and the same under every preset. {@link ProbabilityRule}
 * holds the rules themselves, in one place for every kernel.
 */
public enum Compat {

	/**
	 * scikit-learn's {@code log_loss}: probabilities clipped to [ε, 1 − ε], ε = the
	 * request's {@code epsilon} (default the double machine epsilon); the default.
	 */
	SKLEARN("sklearn"),

	/**
	 * Keras 3 with the TensorFlow backend's formulas: categorical rows divided by their
	 * sum, then every probability clipped to [1e-7, 1 − 1e-7].
	 */
	KERAS("keras"),

	/**
	 * PyTorch's {@code BCELoss} / {@code binary_cross_entropy}: no clipping, each log
	 * clamped to ≥ −100.
	 */
	TORCH("torch");

	private final String wireName;

	Compat(String wireName) {
		this.wireName = wireName;
	}

	/** The name used in requests, e.g. {@code "keras"}. */
	public String wireName() {
		return this.wireName;
	}

	/** The preset of a wire name, or {@code null} for none. */
	public static Compat of(String wireName) {
		for (Compat compat : values()) {
			if (compat.wireName.equals(wireName)) {
				return compat;
			}
		}
		return null;
	}

}
