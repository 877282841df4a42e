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

	static final String SUMMARIES = "Evaluation summaries to compute in the same pass, each once: stderr, accuracy, "
			+ "calibration, worst, groups, divergence, perplexity (cross-entropy endpoints only). The response gets "
			+ "`summaries`, one member per name. For Arrow and JSON Lines bodies: a comma-separated query parameter.";

	static final String TOP_K = "With the accuracy summary, categorical endpoints only: k of the top-k accuracy, "
			+ "1 ≤ k < C. Default 5, and no top-k at all when C ≤ 5.";

	static final String CALIBRATION_BINS = "With the calibration summary: the number of equal-width confidence bins, "
			+ "2 to 1000. Default 15.";

	static final String WORST_K = "With the worst summary: how many of the samples of highest loss to list, 1 to "
			+ "1000. Default 10.";

	static final String INDEX_OFFSET = "With the worst summary: added to every sample's position in the request, so "
			+ "that the worst lists of shards merge (give each shard its first row's index). 0 to 2^53 − 1. Default 0.";

	static final String GROUPS = "One group per sample, all strings or all integers (an integer is keyed by its "
			+ "decimal form), each key at most 256 bytes in UTF-8, at most xent.limits.max-groups (10,000) distinct "
			+ "keys: the groups summary reports the moments of each. Arrow: the groups column; JSON Lines: group.";

	private FieldDocs() {
	}

}
