package dev.xent.web;

import java.util.Map;

import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * Documents the {@code summaries} member of a scoring response, one schema per summary;
 * {@link dev.xent.codec.json.JsonResponseWriter} writes it from a
 * {@link dev.xent.loss.SummaryReport}. Every summary carries the sums it is made of, so
 * that shards merge (docs/summaries.md).
 */
@Schema(name = "Summaries", description = "One member per name in the request's `summaries`, in its order. Ignored "
		+ "samples are left out everywhere; accuracy, calibration, Brier, divergence and worst weigh sample i by its "
		+ "sample weight s_i, stderr, groups and perplexity by W_i, its share of weightSum. A ratio whose denominator "
		+ "is 0 is null.")
record SummariesResponse(@Schema(implementation = StderrSummary.class) StderrSummary stderr,
		@Schema(implementation = AccuracySummary.class) AccuracySummary accuracy,
		@Schema(implementation = CalibrationSummary.class) CalibrationSummary calibration,
		@ArraySchema(arraySchema = @Schema(description = "The worstK samples of highest loss (default 10, at most "
				+ "1000), by descending loss, ties by the lower index."), maxItems = 1000) WorstSample[] worst,
		@Schema(description = "Per group (needs the groups field), keyed by the group as a string (an integer group "
				+ "by its decimal form), in the order the groups first appear; a group whose samples are all ignored "
				+ "has count 0 and mean null.",
				additionalPropertiesSchema = GroupSummary.class) Map<String, GroupSummary> groups,
		@Schema(implementation = DivergenceSummary.class) DivergenceSummary divergence,
		@Schema(implementation = PerplexitySummary.class) PerplexitySummary perplexity) {

	private static final String NULLABLE = "number";

	@Schema(name = "StderrSummary",
			description = "The standard error of the mean loss as a ratio estimator: "
					+ "stderr² = n/(n−1)·m2/weightSum². Merge shards with R the merged mean and d_s = mean_s − R: "
					+ "m2 = Σ[m2_s + 2·d_s·cross_s + d_s²·weightSquares_s], cross = Σ[cross_s + d_s·weightSquares_s], "
					+ "weightSquares adds.")
	record StderrSummary(
			@Schema(description = "Samples that count (= count).", requiredMode = Schema.RequiredMode.REQUIRED) long n,
			@Schema(description = "sum / weightSum; null when weightSum is 0.", types = {
					NULLABLE, "null" }, requiredMode = Schema.RequiredMode.REQUIRED) Double mean,
			@Schema(description = "√(n/(n−1)·m2)/weightSum; null when n < 2 or weightSum is 0.",
					types = { NULLABLE, "null" }, requiredMode = Schema.RequiredMode.REQUIRED) Double stderr,
			@ArraySchema(arraySchema = @Schema(
					description = "[mean − 1.959963984540054·stderr, mean + "
							+ "1.959963984540054·stderr]; null with stderr.",
					types = { "array", "null" }, requiredMode = Schema.RequiredMode.REQUIRED), minItems = 2,
					maxItems = 2) double[] ci95,
			@Schema(description = "Σ(ℓ_i − mean·W_i)², mean taken as 0 when weightSum is 0.",
					requiredMode = Schema.RequiredMode.REQUIRED) double m2,
			@Schema(description = "Σ(ℓ_i − mean·W_i)·W_i (rounding noise when every W_i is equal).",
					requiredMode = Schema.RequiredMode.REQUIRED) double cross,
			@Schema(description = "ΣW_i².", requiredMode = Schema.RequiredMode.REQUIRED) double weightSquares){
	}

	@Schema(name = "AccuracySummary", description = "Weighted correct decisions, by s_i. Binary: z ≥ 0 (logits) or "
			+ "p ≥ 0.5 against y ≥ 0.5; multilabel element-wise (every element weighs s_i) plus exactMatch; "
			+ "categorical: the first largest of the given values (after any row division) against the label or the "
			+ "target's first largest value, plus topK. Merge: correct and weight add.")
	record AccuracySummary(
			@Schema(description = "Σ weights of the correct decisions.",
					requiredMode = Schema.RequiredMode.REQUIRED) double correct,
			@Schema(description = "Σ weights of all decisions.",
					requiredMode = Schema.RequiredMode.REQUIRED) double weight,
			@Schema(description = "correct / weight; null when weight is 0.", types = {
					NULLABLE, "null" }, requiredMode = Schema.RequiredMode.REQUIRED) Double accuracy,
			@Schema(implementation = RatioSummary.class,
					description = "Multilabel only: samples with every element right.") RatioSummary exactMatch,
			@Schema(implementation = TopKSummary.class, description = "Categorical only, when topK is given or C > 5: "
					+ "the label among the k largest values, ties ranked to the lower index.") TopKSummary topK){
	}

	@Schema(name = "RatioSummary", description = "Weighted correct samples.")
	record RatioSummary(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) double correct,
			@Schema(requiredMode = Schema.RequiredMode.REQUIRED) double weight, @Schema(types = {
					NULLABLE, "null" }, requiredMode = Schema.RequiredMode.REQUIRED) Double accuracy){
	}

	@Schema(name = "TopKSummary", description = "Top-k accuracy.")
	record TopKSummary(@Schema(requiredMode = Schema.RequiredMode.REQUIRED, minimum = "1") int k,
			@Schema(requiredMode = Schema.RequiredMode.REQUIRED) double correct,
			@Schema(requiredMode = Schema.RequiredMode.REQUIRED) double weight, @Schema(types = {
					NULLABLE, "null" }, requiredMode = Schema.RequiredMode.REQUIRED) Double accuracy){
	}

	@Schema(name = "CalibrationSummary", description = "Reliability bins and the Brier score, weighted by s_i, from "
			+ "the unclipped probabilities (σ(z), softmax, after any row division) and the raw labels. Confidence "
			+ "and accuracy: binary p and y; multilabel every element so; categorical max_c p_c and q at that "
			+ "argmax. Merge: bins and brierSum add, then ece, mce and brier as defined here.")
	record CalibrationSummary(
			@ArraySchema(
					arraySchema = @Schema(
							description = "All B bins (calibrationBins, default 15), empty ones with weight 0; "
									+ "confidence c falls in bin min(⌊c·B⌋, B − 1), so 1.0 is in the last bin.",
							requiredMode = Schema.RequiredMode.REQUIRED),
					minItems = 2, maxItems = 1000) CalibrationBin[] bins,
			@Schema(description = "Σ_b |sumAccuracy_b − sumConfidence_b| / Σ_b weight_b; null when no weight.",
					types = {
							NULLABLE, "null" },
					requiredMode = Schema.RequiredMode.REQUIRED) Double ece,
			@Schema(description = "The largest |sumAccuracy_b − sumConfidence_b| / weight_b over bins of weight > 0; "
					+ "null when there is none.", types = { NULLABLE, "null" },
					requiredMode = Schema.RequiredMode.REQUIRED) Double mce,
			@Schema(description = "brierSum / Σ_b weight_b: binary mean (p − y)², multilabel the mean over elements, "
					+ "categorical the mean of Σ_c (p_c − q_c)² (brier_score_loss(…, scale_by_half=False)); null when "
					+ "no weight.", types = { NULLABLE, "null" },
					requiredMode = Schema.RequiredMode.REQUIRED) Double brier,
			@Schema(description = "Σ s_i·squared error.", requiredMode = Schema.RequiredMode.REQUIRED) double brierSum){
	}

	@Schema(name = "CalibrationBin", description = "One bin [lower, upper).")
	record CalibrationBin(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) double lower,
			@Schema(requiredMode = Schema.RequiredMode.REQUIRED) double upper,
			@Schema(description = "Σ weights.", requiredMode = Schema.RequiredMode.REQUIRED) double weight,
			@Schema(description = "Σ weight·confidence.",
					requiredMode = Schema.RequiredMode.REQUIRED) double sumConfidence,
			@Schema(description = "Σ weight·accuracy.",
					requiredMode = Schema.RequiredMode.REQUIRED) double sumAccuracy) {
	}

	@Schema(name = "WorstSample", description = "A sample of high loss.")
	record WorstSample(
			@Schema(description = "Its position in the request + indexOffset.", minimum = "0",
					requiredMode = Schema.RequiredMode.REQUIRED) long index,
			@Schema(description = "ℓ_i, weights applied.", requiredMode = Schema.RequiredMode.REQUIRED) double loss) {
	}

	@Schema(name = "GroupSummary", description = "One group's aggregates and stderr moments (as StderrSummary defines "
			+ "them, within the group), and its accuracy when that summary is asked for. Merge by key.")
	record GroupSummary(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) long count,
			@Schema(description = "Σ W_i.", requiredMode = Schema.RequiredMode.REQUIRED) double weightSum,
			@Schema(description = "Σ ℓ_i.", requiredMode = Schema.RequiredMode.REQUIRED) double sum, @Schema(types = {
					NULLABLE, "null" }, requiredMode = Schema.RequiredMode.REQUIRED) Double mean,
			@Schema(requiredMode = Schema.RequiredMode.REQUIRED) double m2,
			@Schema(requiredMode = Schema.RequiredMode.REQUIRED) double cross,
			@Schema(requiredMode = Schema.RequiredMode.REQUIRED) double weightSquares,
			@Schema(types = { NULLABLE, "null" }, requiredMode = Schema.RequiredMode.REQUIRED) Double stderr,
			@ArraySchema(
					arraySchema = @Schema(types = { "array", "null" }, requiredMode = Schema.RequiredMode.REQUIRED),
					minItems = 2, maxItems = 2) double[] ci95,
			@Schema(implementation = AccuracySummary.class) AccuracySummary accuracy){
	}

	@Schema(name = "DivergenceSummary", description = "Against the smoothed targets q' (Bernoulli per element for "
			+ "binary and multilabel, the mean over K), with log p as the loss takes it (clipped by ε for "
			+ "probabilities), weighted by s_i; kl_i = Σ_c q'_c·(log q'_c − log p_c) is added up directly. Unweighted, "
			+ "kl is F.kl_div(log p, q', reduction='batchmean') (per element mean over K for multilabel). "
			+ "classWeights, posWeight and alpha are refused with it, so weightSum = Σ s_i: merge as "
			+ "Σ weightSum_s·kl_s / Σ weightSum_s.")
	record DivergenceSummary(@Schema(description = "Weighted mean of H(q'); null when Σ s_i is 0.", types = {
			NULLABLE, "null" }, requiredMode = Schema.RequiredMode.REQUIRED) Double entropy,
			@Schema(description = "Weighted mean of KL(q' ‖ p); null when Σ s_i is 0.", types = { NULLABLE, "null" },
					requiredMode = Schema.RequiredMode.REQUIRED) Double kl){
	}

	@Schema(name = "PerplexitySummary", description = "Cross-entropy endpoints only. Merge from the merged mean.")
	record PerplexitySummary(@Schema(description = "exp(mean); null when it overflows or mean is null.", types = {
			NULLABLE, "null" }, requiredMode = Schema.RequiredMode.REQUIRED) Double perplexity,
			@Schema(description = "mean / ln 2 (bits per sample; per token when each sample is a token); null when "
					+ "mean is null.", types = { NULLABLE, "null" },
					requiredMode = Schema.RequiredMode.REQUIRED) Double bitsPerSample){
	}

}
