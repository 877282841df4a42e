package dev.xent.web;

/**
 * Descriptions of the fields every scoring request shares, written once for the three
 * request records (annotation values must be constants).
 */
final class FieldDocs {

	static final String SAMPLE_WEIGHTS = "Per-sample weight s_i, each finite and ≥ 0, one per sample. Default: all 1.";

	static final String REDUCTION = "Which loss `gradients` differentiate: `mean` → ∂mean/∂predictions; `sum` and "
			+ "`none` → ∂sum/∂predictions, which is each sample's own ∂loss_i/∂predictions_i. The response always "
			+ "carries both `sum` and `mean`.";

	static final String EPSILON = "Probabilities only (rejected with logits): probabilities are clipped to "
			+ "[ε, 1−ε] before the log; where the clip changes a value its gradient is 0. In [0, 0.5). Default: the "
			+ "double machine epsilon 2.220446049250313e-16, as scikit-learn's log_loss uses for float64.";

	static final String INCLUDE_LOSSES = "Return per-sample `losses`.";

	static final String INCLUDE_GRADIENTS = "Return `gradients`, shaped like `predictions`.";

	static final String LABEL_SMOOTHING_BINARY = "a in [0, 1): labels become y' = y·(1−a) + a/2 (Keras binary "
			+ "smoothing). Default 0.";

	private FieldDocs() {
	}

}
