package dev.xent.web;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * Documents the response of the three scoring endpoints; the service writes it from a
 * {@link dev.xent.loss.LossResult} with {@link ScoreResponseConverter}.
 */
@Schema(name = "ScoreResponse", description = "The batch's loss and its gradients. `sum`, `weightSum` and `count` let "
		+ "a client score a large set in shards and merge: mean = Σ sum / Σ weightSum.")
record ScoreResponse(
		@Schema(description = "Samples that count (not ignored).",
				requiredMode = Schema.RequiredMode.REQUIRED) int count,
		@Schema(description = "The denominator of the mean: Σ s_i, or for categorical labels Σ over counted samples "
				+ "of s_i·w_{y_i}.", requiredMode = Schema.RequiredMode.REQUIRED) double weightSum,
		@Schema(description = "Σ losses_i, weights applied.", requiredMode = Schema.RequiredMode.REQUIRED) double sum,
		@Schema(description = "sum / weightSum; null when weightSum is 0 (then the gradients of the mean are all 0).",
				nullable = true, types = {
						"number", "null" },
				requiredMode = Schema.RequiredMode.REQUIRED) Double mean,
		@Schema(description = "Per-sample loss with its weights applied; 0 for an ignored sample. Present unless "
				+ "includeLosses is false.") double[] losses,
		@Schema(description = "Gradient of the loss chosen by `reduction` with respect to `predictions`, in the same "
				+ "shape (a vector for binary, N rows for multilabel and categorical). Present unless "
				+ "includeGradients is false.", oneOf = { double[].class, double[][].class }) Object gradients,
		@Schema(description = "The evaluation summaries asked for in `summaries`, one member per name, after the "
				+ "aggregates. Present only when `summaries` is given.",
				implementation = SummariesResponse.class) SummariesResponse summaries){
}
