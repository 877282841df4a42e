package dev.xent.loss;

/**
 * What a request adds up to. {@code count}, {@code weightSum} and {@code sum} merge
 * across shards by addition: mean = Σ sum / Σ weightSum.
 *
 * @param count samples that count (not ignored); exact beyond 2³¹
 * @param weightSum the denominator of the mean
 * @param sum Σ losses, weights applied
 * @param mean sum / weightSum, or {@code null} when weightSum is 0
 * @param samples N, every sample of the request, ignored ones included
 * @param width values per prediction row (1 for a vector)
 * @param vector whether predictions and gradients are vectors (the binary endpoints)
 */
public record Aggregates(long count, double weightSum, double sum, Double mean, long samples, int width,
		boolean vector) {
}
