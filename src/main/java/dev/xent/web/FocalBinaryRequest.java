package dev.xent.web;

import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * {@code POST /v1/focal/binary}: binary focal loss, one prediction per sample. Documents
 * the fields; {@link Endpoint} reads them.
 */
@Schema(name = "FocalBinaryRequest", description = "Binary focal loss, one prediction per sample. "
		+ "bce = −[y'·log p + (1−y')·log(1−p)], p_t = y'·p + (1−y')·(1−p), α_t = α·y' + (1−α)·(1−y') (1 without "
		+ "alpha), ℓ_i = s_i·α_t·(1−p_t)^γ·bce; weightSum = Σ s_i. ε (or the compat preset) clips the logs only; "
		+ "(1−p_t) uses the unclipped p. This is torchvision's sigmoid_focal_loss and Keras's "
		+ "BinaryFocalCrossentropy with the same α.")
public record FocalBinaryRequest(@Schema(description = "What `predictions` holds.", allowableValues = {
		"probabilities", "logits" }, defaultValue = "probabilities") String inputType,
		@ArraySchema(arraySchema = @Schema(description = "P(class 1) in [0, 1], or a logit (any finite number); N ≥ 1.",
				requiredMode = Schema.RequiredMode.REQUIRED), minItems = 1) double[] predictions,
		@ArraySchema(
				arraySchema = @Schema(description = "0/1, or a soft label in [0, 1]; one per prediction.",
						requiredMode = Schema.RequiredMode.REQUIRED),
				schema = @Schema(minimum = "0", maximum = "1")) double[] labels,
		@ArraySchema(arraySchema = @Schema(description = FieldDocs.SAMPLE_WEIGHTS),
				schema = @Schema(minimum = "0")) double[] sampleWeights,
		@Schema(description = FieldDocs.GAMMA, defaultValue = "2", minimum = "0") Double gamma,
		@Schema(description = FieldDocs.ALPHA_BINARY, minimum = "0", maximum = "1") Double alpha,
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
		@Schema(description = FieldDocs.NOT_ON_FOCAL) Double posWeight,
		@ArraySchema(arraySchema = @Schema(description = FieldDocs.SUMMARIES),
				schema = @Schema(allowableValues = { "stderr", "accuracy", "calibration", "worst", "groups",
						"divergence" })) String[] summaries,
		@Schema(description = FieldDocs.CALIBRATION_BINS, minimum = "2", maximum = "1000",
				defaultValue = "15") Long calibrationBins,
		@Schema(description = FieldDocs.WORST_K, minimum = "1", maximum = "1000", defaultValue = "10") Long worstK,
		@Schema(description = FieldDocs.INDEX_OFFSET, minimum = "0", defaultValue = "0") Long indexOffset,
		@ArraySchema(arraySchema = @Schema(description = FieldDocs.GROUPS)) Object[] groups,
		@Schema(description = FieldDocs.PLOT, allowableValues = { "losses", "reliability", "groups" }) String plot){

}
