package dev.xent.loss;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The summaries of one request (or of merged shards), in the contract's shapes: each
 * summary holds the sums it is made of and the numbers derived from them, and the
 * derivations live here, once, for {@link Summaries} and {@link SummaryMerge} alike. A
 * summary that was not asked for is {@code null}; a ratio whose denominator is 0 is
 * {@code null}.
 *
 * @param kinds the summaries asked for, in the request's order
 * @param stderr the standard error of the mean, or {@code null}
 * @param accuracy decisions against labels, or {@code null}
 * @param calibration reliability bins and Brier score, or {@code null}
 * @param worst the samples of highest loss, worst first, or {@code null}
 * @param groups per-group moments by key, in first-seen order, or {@code null}
 * @param divergence entropy of the targets and KL divergence from them, or {@code null}
 * @param perplexity exp(mean) and bits per sample, or {@code null}
 */
public record SummaryReport(List<Summaries.Kind> kinds, Stderr stderr, Accuracy accuracy, Calibration calibration,
		List<Worst> worst, Map<String, Group> groups, Divergence divergence, Perplexity perplexity) {

	/** The 0.975 quantile of the standard normal distribution. */
	public static final double Z95 = 1.959963984540054;

	/**
	 * The standard error of the mean loss as a ratio estimator.
	 *
	 * @param n samples that count
	 * @param mean sum / weightSum, or {@code null}
	 * @param stderr √(n/(n−1)·m2)/weightSum, {@code null} when n &lt; 2 or weightSum is 0
	 * @param ci95 mean ± Z95·stderr, or {@code null} with stderr
	 * @param m2 Σ(ℓ_i − mean·W_i)², mean taken as 0 when weightSum is 0
	 * @param cross Σ(ℓ_i − mean·W_i)·W_i
	 * @param weightSquares ΣW_i²
	 */
	public record Stderr(long n, Double mean, Double stderr, Interval ci95, double m2, double cross,
			double weightSquares) {

		static Stderr of(long n, double weightSum, Double mean, double m2, double cross, double weightSquares) {
			Double stderr = standardError(n, weightSum, m2);
			return new Stderr(n, mean, stderr, Interval.around(mean, stderr), m2, cross, weightSquares);
		}

	}

	/** A 95% confidence interval. */
	public record Interval(double lower, double upper) {

		static Interval around(Double mean, Double stderr) {
			if (mean == null || stderr == null) {
				return null;
			}
			double half = Z95 * stderr;
			return new Interval(mean - half, mean + half);
		}

	}

	/**
	 * Weighted correct decisions.
	 *
	 * @param correct Σ weights of the correct decisions
	 * @param weight Σ weights of all decisions
	 * @param accuracy correct / weight, or {@code null}
	 */
	public record Ratio(double correct, double weight, Double accuracy) {

		static Ratio of(double correct, double weight) {
			return new Ratio(correct, weight, ratio(correct, weight));
		}

	}

	/** Top-k accuracy of the categorical endpoint. */
	public record TopK(int k, double correct, double weight, Double accuracy) {

		static TopK of(int k, double correct, double weight) {
			return new TopK(k, correct, weight, ratio(correct, weight));
		}

	}

	/**
	 * Accuracy: element-wise for binary and multi-label, top-1 for categorical.
	 *
	 * @param exactMatch multi-label: every element of a sample right, or {@code null}
	 * @param topK categorical top-k, or {@code null}
	 */
	public record Accuracy(double correct, double weight, Double accuracy, Ratio exactMatch, TopK topK) {

		static Accuracy of(double correct, double weight, Ratio exactMatch, TopK topK) {
			return new Accuracy(correct, weight, ratio(correct, weight), exactMatch, topK);
		}

	}

	/**
	 * One calibration bin [lower, upper): weights, Σ weight·confidence, Σ
	 * weight·accuracy.
	 */
	public record Bin(double lower, double upper, double weight, double sumConfidence, double sumAccuracy) {
	}

	/**
	 * Reliability bins and the Brier score.
	 *
	 * @param bins all B bins, empty ones with weight 0
	 * @param ece Σ_b |sumAccuracy_b − sumConfidence_b| / Σ_b weight_b, or {@code null}
	 * @param mce the largest |sumAccuracy_b − sumConfidence_b| / weight_b over bins of
	 * weight &gt; 0, or {@code null}
	 * @param brier brierSum / Σ_b weight_b, or {@code null}
	 * @param brierSum Σ weight·squared error
	 */
	public record Calibration(List<Bin> bins, Double ece, Double mce, Double brier, double brierSum) {

		static Calibration of(List<Bin> bins, double brierSum) {
			NeumaierSum weight = new NeumaierSum();
			NeumaierSum gaps = new NeumaierSum();
			double mce = -1;
			for (Bin bin : bins) {
				double gap = Math.abs(bin.sumAccuracy() - bin.sumConfidence());
				weight.add(bin.weight());
				gaps.add(gap);
				if (bin.weight() > 0) {
					mce = Math.max(mce, gap / bin.weight());
				}
			}
			double total = weight.value();
			return new Calibration(List.copyOf(bins), ratio(gaps.value(), total), (mce >= 0) ? mce : null,
					ratio(brierSum, total), brierSum);
		}

	}

	/**
	 * One of the samples of highest loss: its index (position + indexOffset) and loss.
	 */
	public record Worst(long index, double loss) {

		/** Loss descending, ties by the lower index. */
		public static final Comparator<Worst> ORDER = Comparator.comparingDouble(Worst::loss)
			.reversed()
			.thenComparingLong(Worst::index);

	}

	/**
	 * One group's moments, as {@link Stderr} defines them within the group.
	 *
	 * @param accuracy the group's accuracy when that summary is asked for, or
	 * {@code null}
	 */
	public record Group(long count, double weightSum, double sum, Double mean, double m2, double cross,
			double weightSquares, Double stderr, Interval ci95, Accuracy accuracy) {

		static Group of(long count, double weightSum, double sum, double m2, double cross, double weightSquares,
				Accuracy accuracy) {
			Double mean = ratio(sum, weightSum);
			Double stderr = standardError(count, weightSum, m2);
			return new Group(count, weightSum, sum, mean, m2, cross, weightSquares, stderr,
					Interval.around(mean, stderr), accuracy);
		}

	}

	/**
	 * Weighted means of H(q') and of KL(q' ‖ p) per sample.
	 */
	public record Divergence(Double entropy, Double kl) {
	}

	/**
	 * @param perplexity exp(mean), or {@code null} when it overflows or mean is null
	 * @param bitsPerSample mean / ln 2, or {@code null}
	 */
	public record Perplexity(Double perplexity, Double bitsPerSample) {

		private static final double LN2 = Math.log(2);

		static Perplexity of(Double mean) {
			if (mean == null) {
				return new Perplexity(null, null);
			}
			double perplexity = Math.exp(mean);
			return new Perplexity(Double.isFinite(perplexity) ? perplexity : null, mean / LN2);
		}

	}

	/** √(n/(n−1)·m2) / weightSum, or {@code null} when n &lt; 2 or weightSum is 0. */
	static Double standardError(long n, double weightSum, double m2) {
		if (n < 2 || !(weightSum > 0)) {
			return null;
		}
		return Math.sqrt(n / (n - 1.0) * m2) / weightSum;
	}

	static Double ratio(double numerator, double denominator) {
		return (denominator != 0) ? numerator / denominator : null;
	}

}
