package dev.xent.api;

import java.util.List;

import dev.xent.loss.BinaryBatch;
import dev.xent.loss.InputType;
import dev.xent.loss.Matrix;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * {@code POST /v1/cross-entropy/binary}: one prediction per sample. Documents the fields
 * and turns a parsed body into a checked {@link BinaryBatch}.
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
		@Schema(description = FieldDocs.REDUCTION, allowableValues = { "mean", "sum", "none" },
				defaultValue = "mean") String reduction,
		@Schema(description = FieldDocs.INCLUDE_LOSSES, defaultValue = "true") Boolean includeLosses,
		@Schema(description = FieldDocs.INCLUDE_GRADIENTS, defaultValue = "true") Boolean includeGradients){

	static final List<InputType> INPUT_TYPES = List.of(InputType.PROBABILITIES, InputType.LOGITS);

	static BinaryBatch toBatch(ParsedBody body, RequestOptions options) {
		return BinaryBatch.of(new BinaryBatch.Input(options.inputType(), Matrix.column(body.vector("predictions")),
				true, (body.vector("labels") != null) ? Matrix.column(body.vector("labels")) : null,
				body.vector("sampleWeights"), body.number("posWeight"), null, null, body.number("labelSmoothing"),
				body.number("epsilon")));
	}

}
