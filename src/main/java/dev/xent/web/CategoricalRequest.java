package dev.xent.web;

import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * {@code POST /v1/cross-entropy/categorical}: softmax cross-entropy over C classes, with
 * either {@code labels} or {@code targets}. Documents the fields; {@link Endpoint} reads
 * them.
 */
@Schema(name = "CategoricalRequest", description = "Categorical cross-entropy over C ≥ 2 classes. Give exactly one "
		+ "of `labels` (class indices) or `targets` (one-hot or soft distributions). With labels: "
		+ "ℓ_i = s_i·[(1−a)·(−w_{y_i}·log p_{i,y_i}) + (a/C)·Σ_c(−w_c·log p_{i,c})], weightSum = Σ over counted i "
		+ "of s_i·w_{y_i}. With targets: ℓ_i = −s_i·Σ_c w_c·q'_{i,c}·log p_{i,c}, q' = (1−a)·q + a/C, weightSum = Σ s_i. "
		+ "Without sample weights this is PyTorch's F.cross_entropy; with sample weights and no class weights it is "
		+ "scikit-learn's log_loss with sample_weight.")
public record CategoricalRequest(@Schema(description = "What `predictions` holds.", allowableValues = {
		"probabilities", "logits", "log-probabilities" }, defaultValue = "probabilities") String inputType,
		@Schema(description = "N×C, rectangular, N ≥ 1, C ≥ 2: probability rows (each in [0, 1], summing to 1 "
				+ "±1e-6 unless renormalize), logits (any finite numbers), or log-probabilities (Σ exp = 1 ±1e-6).",
				requiredMode = Schema.RequiredMode.REQUIRED) double[][] predictions,
		@Schema(description = "Class indices, one per sample, each in [0, C) or equal to ignoreIndex. Exactly one "
				+ "of labels and targets is required.") long[] labels,
		@Schema(description = "N×C one-hot or soft target distributions, rows ≥ 0 summing to 1 (±1e-6). Exactly one "
				+ "of labels and targets is required.") double[][] targets,
		@Schema(description = FieldDocs.SAMPLE_WEIGHTS) double[] sampleWeights,
		@Schema(description = "Per-class weight w_c (PyTorch weight), C values each ≥ 0. Default: all 1.") double[] classWeights,
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
		@ArraySchema(arraySchema = @Schema(description = FieldDocs.SUMMARIES),
				schema = @Schema(allowableValues = { "stderr", "accuracy", "calibration", "worst", "groups",
						"divergence", "perplexity" })) String[] summaries,
		@Schema(description = FieldDocs.TOP_K, minimum = "1", defaultValue = "5") Long topK,
		@Schema(description = FieldDocs.CALIBRATION_BINS, minimum = "2", maximum = "1000",
				defaultValue = "15") Long calibrationBins,
		@Schema(description = FieldDocs.WORST_K, minimum = "1", maximum = "1000", defaultValue = "10") Long worstK,
		@Schema(description = FieldDocs.INDEX_OFFSET, minimum = "0", defaultValue = "0") Long indexOffset,
		@ArraySchema(arraySchema = @Schema(description = FieldDocs.GROUPS)) Object[] groups,
		@Schema(description = FieldDocs.PLOT, allowableValues = { "losses", "reliability", "groups" }) String plot){

}
