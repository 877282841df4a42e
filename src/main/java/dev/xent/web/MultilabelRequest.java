package dev.xent.web;

import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * {@code POST /v1/cross-entropy/multilabel}: K independent binary problems per sample.
 * Documents the fields; {@link Endpoint} reads them.
 */
@Schema(name = "MultilabelRequest", description = "Multi-label cross-entropy: K independent sigmoids per sample. "
		+ "ℓ_i = s_i·(1/K)·Σ_k c_k·e_ik with e_ik the binary term for column k (the mean over the K labels, as Keras "
		+ "does); weightSum = Σ s_i. Without sample weights, mean equals PyTorch's BCE / BCEWithLogits mean over all "
		+ "N·K elements.")
public record MultilabelRequest(@Schema(description = "What `predictions` holds.", allowableValues = {
		"probabilities", "logits" }, defaultValue = "probabilities") String inputType,
		@Schema(description = "N×K, rectangular, N ≥ 1, K ≥ 1: per-column P(1) in [0, 1], or a logit.",
				requiredMode = Schema.RequiredMode.REQUIRED) double[][] predictions,
		@Schema(description = "N×K labels, each 0/1 or a soft label in [0, 1].",
				requiredMode = Schema.RequiredMode.REQUIRED) double[][] labels,
		@Schema(description = FieldDocs.SAMPLE_WEIGHTS) double[] sampleWeights,
		@Schema(description = "Per-column positive weight (PyTorch pos_weight): one number > 0 for every column, or "
				+ "an array of K numbers > 0. Default 1.", oneOf = { Double.class, double[].class },
				defaultValue = "1") Object posWeight,
		@Schema(description = "Per-column weight c_k (PyTorch weight), K values each ≥ 0. Default: all 1.") double[] classWeights,
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
