package dev.xent.web;

import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * {@code POST /v1/focal/categorical}: softmax focal loss over C classes, with either
 * {@code labels} or {@code targets}. Documents the fields; {@link Endpoint} reads them.
 */
@Schema(name = "FocalCategoricalRequest", description = "Categorical focal loss over C ≥ 2 classes. Give exactly "
		+ "one of `labels` (class indices) or `targets` (one-hot or soft distributions). "
		+ "ℓ_i = −s_i·Σ_c α_c·q'_c·(1−p_c)^γ·log p_c, q' = (1−a)·q + a/C the smoothed one-hot label or target, "
		+ "α_c = alpha (one number or per class), else 1; weightSum = Σ s_i over counted samples. ε clips the logs "
		+ "only and (1−p_c) uses the unclipped p (after any row division; under compat keras the clipped p, as "
		+ "Keras does); for logits and log-probabilities 1−p_c = −expm1(log p_c).")
public record FocalCategoricalRequest(@Schema(description = "What `predictions` holds.", allowableValues = {
		"probabilities", "logits", "log-probabilities" }, defaultValue = "probabilities") String inputType,
		@Schema(description = "N×C, rectangular, N ≥ 1, C ≥ 2: probability rows (each in [0, 1], summing to 1 "
				+ "±1e-6 unless renormalize or compat keras), logits (any finite numbers), or log-probabilities "
				+ "(Σ exp = 1 ±1e-6).", requiredMode = Schema.RequiredMode.REQUIRED) double[][] predictions,
		@Schema(description = "Class indices, one per sample, each in [0, C) or equal to ignoreIndex. Exactly one "
				+ "of labels and targets is required.") long[] labels,
		@Schema(description = "N×C one-hot or soft target distributions, rows ≥ 0 summing to 1 (±1e-6). Exactly one "
				+ "of labels and targets is required.") double[][] targets,
		@Schema(description = FieldDocs.SAMPLE_WEIGHTS) double[] sampleWeights,
		@Schema(description = FieldDocs.GAMMA, defaultValue = "2", minimum = "0") Double gamma,
		@Schema(description = FieldDocs.ALPHA_CATEGORICAL, oneOf = { Double.class, double[].class }) Object alpha,
		@Schema(description = "With labels only: samples with this label add nothing (loss 0, gradient 0, not in "
				+ "count or weightSum), like PyTorch's ignore_index (e.g. -100). Default: none.") Long ignoreIndex,
		@Schema(description = "a in [0, 1]: q' = (1−a)·q + a/C (PyTorch and Keras). Default 0.", defaultValue = "0",
				minimum = "0", maximum = "1") Double labelSmoothing,
		@Schema(description = "Probabilities only: divide each row by its sum first (Keras); rows must then be ≥ 0 "
				+ "with a positive sum. Rejected with other input types, and with compat keras (which always divides).",
				defaultValue = "false") Boolean renormalize,
		@Schema(description = FieldDocs.EPSILON, defaultValue = "2.220446049250313e-16", minimum = "0", maximum = "0.5",
				exclusiveMaximum = true) Double epsilon,
		@Schema(description = FieldDocs.COMPAT, allowableValues = { "sklearn", "keras", "torch" },
				defaultValue = "sklearn") String compat,
		@Schema(description = FieldDocs.REDUCTION, allowableValues = { "mean", "sum", "none" },
				defaultValue = "mean") String reduction,
		@Schema(description = FieldDocs.INCLUDE_LOSSES, defaultValue = "true") Boolean includeLosses,
		@Schema(description = FieldDocs.INCLUDE_GRADIENTS, defaultValue = "true") Boolean includeGradients,
		@Schema(description = FieldDocs.NOT_ON_FOCAL) double[] classWeights,
		@ArraySchema(arraySchema = @Schema(description = FieldDocs.SUMMARIES),
				schema = @Schema(allowableValues = { "stderr", "accuracy", "calibration", "worst", "groups",
						"divergence" })) String[] summaries,
		@Schema(description = FieldDocs.TOP_K, minimum = "1", defaultValue = "5") Long topK,
		@Schema(description = FieldDocs.CALIBRATION_BINS, minimum = "2", maximum = "1000",
				defaultValue = "15") Long calibrationBins,
		@Schema(description = FieldDocs.WORST_K, minimum = "1", maximum = "1000", defaultValue = "10") Long worstK,
		@Schema(description = FieldDocs.INDEX_OFFSET, minimum = "0", defaultValue = "0") Long indexOffset,
		@ArraySchema(arraySchema = @Schema(description = FieldDocs.GROUPS)) Object[] groups,
		@Schema(description = FieldDocs.PLOT, allowableValues = { "losses", "reliability", "groups" }) String plot){

}
