package dev.xent.web;

import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * {@code POST /v1/focal/multilabel}: K independent binary focal problems per sample.
 * Documents the fields; {@link Endpoint} reads them.
 */
@Schema(name = "FocalMultilabelRequest", description = "Multi-label focal loss: K independent sigmoids per "
		+ "sample. ℓ_i = s_i·(1/K)·Σ_k e_ik with e_ik = α_t·(1−p_t)^γ·bce the binary focal term for column k; "
		+ "weightSum = Σ s_i. Without sample weights, mean equals torchvision's sigmoid_focal_loss mean over all "
		+ "N·K elements.")
public record FocalMultilabelRequest(@Schema(description = "What `predictions` holds.", allowableValues = {
		"probabilities", "logits" }, defaultValue = "probabilities") String inputType,
		@Schema(description = "N×K, rectangular, N ≥ 1, K ≥ 1: per-column P(1) in [0, 1], or a logit.",
				requiredMode = Schema.RequiredMode.REQUIRED) double[][] predictions,
		@Schema(description = "N×K labels, each 0/1 or a soft label in [0, 1].",
				requiredMode = Schema.RequiredMode.REQUIRED) double[][] labels,
		@Schema(description = FieldDocs.SAMPLE_WEIGHTS) double[] sampleWeights,
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
		@Schema(description = FieldDocs.NOT_ON_FOCAL) Object posWeight,
		@Schema(description = FieldDocs.NOT_ON_FOCAL) double[] classWeights,
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
