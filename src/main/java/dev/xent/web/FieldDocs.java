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
			+ "double machine epsilon 2.220446049250313e-16, as scikit-learn's log_loss uses for float64. Not together "
			+ "with compat (422), whose preset sets the clipping.";

	static final String INCLUDE_LOSSES = "Return per-sample `losses`.";

	static final String INCLUDE_GRADIENTS = "Return `gradients`, shaped like `predictions`.";

	static final String LABEL_SMOOTHING_BINARY = "a in [0, 1): labels become y' = y·(1−a) + a/2 (Keras binary "
			+ "smoothing). Default 0.";

	static final String SUMMARIES = "Evaluation summaries to compute in the same pass, each once: stderr, accuracy, "
			+ "calibration, worst, groups, divergence, perplexity (cross-entropy endpoints only). The response gets "
			+ "`summaries`, one member per name. For Arrow and JSON Lines bodies: a comma-separated query parameter.";

	static final String TOP_K = "With the accuracy summary, categorical endpoints only: k of the top-k accuracy, "
			+ "1 ≤ k < C. Default 5, and no top-k at all when C ≤ 5.";

	static final String CALIBRATION_BINS = "With the calibration summary or the reliability plot: the number of "
			+ "equal-width confidence bins, 2 to 1000. Default 15.";

	static final String WORST_K = "With the worst summary: how many of the samples of highest loss to list, 1 to "
			+ "1000. Default 10.";

	static final String INDEX_OFFSET = "With the worst summary: added to every sample's position in the request, so "
			+ "that the worst lists of shards merge (give each shard its first row's index). 0 to 2^53 − 1. Default 0.";

	static final String GROUPS = "One group per sample, all strings or all integers (an integer is keyed by its "
			+ "decimal form), each key at most 256 bytes in UTF-8, at most xent.limits.max-groups (10,000) distinct "
			+ "keys: the groups summary reports the moments of each, the groups plot draws them. Arrow: the groups "
			+ "column; JSON Lines: group.";

	static final String PLOT = "The picture of the request, with Accept: image/svg+xml (or image/png), which answers "
			+ "with the image and requires plot: `losses` (histogram of the per-sample losses over fixed log-spaced bins, "
			+ "five a decade from 1e-6 to 1e3, plus a bin below and one above), `reliability` (the calibration bins "
			+ "against the diagonal, ECE in the title; takes calibrationBins), `groups` (mean loss per group with its "
			+ "95% interval; needs groups). Drawn from the same single pass as the summaries, whether or not summaries "
			+ "lists them. With any other Accept: 422. For Arrow and JSON Lines bodies: a query parameter.";

	static final String COMPAT = "Framework-compatibility preset for probability inputs (logits and "
			+ "log-probabilities are exact under every preset): `sklearn` clips to [ε, 1−ε] (scikit-learn's log_loss); "
			+ "`keras` divides categorical rows by their sum, then clips to [1e-7, 1−1e-7] (Keras 3, TensorFlow "
			+ "backend formulas); `torch` does not clip and clamps each log to ≥ −100 (PyTorch's BCELoss, with its "
			+ "gradient (p−y')/max(p(1−p), 9.999999960041972e-13) for binary and multi-label). Gradient 0 where a "
			+ "clip or clamp acts. Not with an explicit epsilon (422).";

	static final String GAMMA = "Focusing parameter γ ≥ 0: each term is multiplied by (1 − p_t)^γ, which "
			+ "down-weighs confident right predictions. γ = 0 without alpha is the cross-entropy, bit for bit. "
			+ "Default 2.";

	static final String ALPHA_BINARY = "Class balance α in [0, 1]: α_t = α·y' + (1−α)·(1−y') multiplies each term. "
			+ "Pass 0.25 to reproduce torchvision's sigmoid_focal_loss and Keras's BinaryFocalCrossentropy "
			+ "(apply_class_balancing) defaults. Default: none (α_t = 1).";

	static final String ALPHA_CATEGORICAL = "Class balance α_c: one number ≥ 0 for every class, or C numbers ≥ 0 "
			+ "(one per class); multiplies class c's term. Keras's CategoricalFocalCrossentropy default is 0.25. "
			+ "Default: none (α_c = 1).";

	static final String NOT_ON_FOCAL = "Does not apply to focal losses: any value is refused with 422 (the "
			+ "contract keeps the cross-entropy's field name so that a copied request fails loudly). Use alpha to "
			+ "weigh classes.";

	private FieldDocs() {
	}

}
