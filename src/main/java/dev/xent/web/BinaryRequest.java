package dev.xent.web;

import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * {@code POST /v1/cross-entropy/binary}: one prediction per sample. Documents the fields;
 * {@link Endpoint} reads them.
 */
@Schema(name = "BinaryRequest", description = "Binary cross-entropy (log loss), one prediction per sample. "
		+ "ℓ_i = −s_i·[posWeight·y'_i·log p_i + (1−y'_i)·log(1−p_i)]; weightSum = Σ s_i. With default options this is "
		+ "scikit-learn's log_loss on probabilities and PyTorch's binary_cross_entropy_with_logits on logits.")
public record BinaryRequest(@Schema(description = "What `predictions` holds.", allowableValues = {
		"probabilities", "logits" }, defaultValue = "probabilities") String inputType,
		@ArraySchema(arraySchema = @Schema(description = "P(class 1) in [0, 1], or a logit (any finite number); N ≥ 1.",
				requiredMode = Schema.RequiredMode.REQUIRED), minItems = 1) double[] predictions,
		@ArraySchema(
				arraySchema = @Schema(description = "0/1, or a soft label in [0, 1]; one per prediction.",
						requiredMode = Schema.RequiredMode.REQUIRED),
				schema = @Schema(minimum = "0", maximum = "1")) double[] labels,
		@ArraySchema(arraySchema = @Schema(description = FieldDocs.SAMPLE_WEIGHTS),
				schema = @Schema(minimum = "0")) double[] sampleWeights,
		@Schema(description = "Weight of the positive term (PyTorch pos_weight), > 0.", defaultValue = "1",
				minimum = "0", exclusiveMinimum = true) Double posWeight,
		@Schema(description = FieldDocs.LABEL_SMOOTHING_BINARY, defaultValue = "0", minimum = "0", maximum = "1",
				exclusiveMaximum = true) Double labelSmoothing,
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
		@Schema(description = FieldDocs.CALIBRATION_BINS, minimum = "2", maximum = "1000",
				defaultValue = "15") Long calibrationBins,
		@Schema(description = FieldDocs.WORST_K, minimum = "1", maximum = "1000", defaultValue = "10") Long worstK,
		@Schema(description = FieldDocs.INDEX_OFFSET, minimum = "0", defaultValue = "0") Long indexOffset,
		@ArraySchema(arraySchema = @Schema(description = FieldDocs.GROUPS)) Object[] groups,
		@Schema(description = FieldDocs.PLOT, allowableValues = { "losses", "reliability", "groups" }) String plot){

}
