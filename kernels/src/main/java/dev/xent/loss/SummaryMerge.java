package dev.xent.loss;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Merges the results of shards scored separately (on several replicas, or as Spark
 * partitions) into the result of the whole, by the contract's rules ("Merging shards"),
 * from nothing but what each shard's response carries:
 * <ul>
 * <li>counts, weights, sums, correct decisions, bins and Brier sums add (groups and bins
 * by key);</li>
 * <li>with R the merged mean and d_s = mean_s − R (mean_s taken as 0 where a shard's
 * weightSum is 0): m2 = Σ_s [m2_s + 2·d_s·cross_s + d_s²·weightSquares_s], cross = Σ_s
 * [cross_s + d_s·weightSquares_s], weightSquares adds; within each group alike;</li>
 * <li>worst lists merge by (loss descending, index ascending) and keep the first K;</li>
 * <li>divergence means merge weighted by each shard's weightSum, which is Σ s_i wherever
 * divergence applies (it refuses class weights);</li>
 * <li>every derived number (means, stderr, ci95, accuracies, ece, mce, brier, perplexity)
 * is recomputed from the merged sums.</li>
 * </ul>
 * Merged results agree with the whole request's to within rounding (about 1e-12
 * relative), not bit for bit: the shards' sums are rounded once each before they add.
 */
public final class SummaryMerge {

	/** One shard's response: its aggregates and its summaries (or {@code null}). */
	public record Shard(Aggregates aggregates, SummaryReport summaries) {
	}

	private SummaryMerge() {
	}

	/**
	 * @param shards the shards' results, each with the same summaries and options
	 * @param worstK how many of the worst samples to keep
	 */
	public static Shard merge(List<Shard> shards, int worstK) {
		if (shards.isEmpty()) {
			throw new IllegalArgumentException("no shards to merge");
		}
		long count = 0;
		long samples = 0;
		NeumaierSum weightSum = new NeumaierSum();
		NeumaierSum sum = new NeumaierSum();
		for (Shard shard : shards) {
			Aggregates a = shard.aggregates();
			count += a.count();
			samples += a.samples();
			weightSum.add(a.weightSum());
			sum.add(a.sum());
		}
		double ws = weightSum.value();
		double s = sum.value();
		Aggregates first = shards.get(0).aggregates();
		Aggregates aggregates = new Aggregates(count, ws, s, SummaryReport.ratio(s, ws), samples, first.width(),
				first.vector());
		SummaryReport report = shards.get(0).summaries();
		if (report == null) {
			return new Shard(aggregates, null);
		}
		List<SummaryReport> reports = shards.stream().map(Shard::summaries).toList();
		SummaryReport merged = new SummaryReport(report.kinds(),
				(report.stderr() != null) ? stderr(shards, aggregates) : null,
				(report.accuracy() != null) ? accuracy(reports.stream().map(SummaryReport::accuracy).toList()) : null,
				(report.calibration() != null) ? calibration(reports) : null,
				(report.worst() != null) ? worst(reports, worstK) : null,
				(report.groups() != null) ? groups(reports) : null,
				(report.divergence() != null) ? divergence(shards) : null,
				(report.perplexity() != null) ? SummaryReport.Perplexity.of(aggregates.mean()) : null);
		return new Shard(aggregates, merged);
	}

	private static SummaryReport.Stderr stderr(List<Shard> shards, Aggregates merged) {
		double r = (merged.mean() != null) ? merged.mean() : 0.0;
		long n = 0;
		Centred centred = new Centred();
		for (Shard shard : shards) {
			SummaryReport.Stderr s = shard.summaries().stderr();
			n += s.n();
			centred.add((s.mean() != null) ? s.mean() : 0.0, r, s.m2(), s.cross(), s.weightSquares());
		}
		return SummaryReport.Stderr.of(n, merged.weightSum(), merged.mean(), centred.m2(), centred.cross(),
				centred.weightSquares());
	}

	/** Accuracies add; {@code null} entries (nothing to merge) are skipped. */
	static SummaryReport.Accuracy accuracy(List<SummaryReport.Accuracy> parts) {
		NeumaierSum correct = new NeumaierSum();
		NeumaierSum weight = new NeumaierSum();
		NeumaierSum exactCorrect = new NeumaierSum();
		NeumaierSum exactWeight = new NeumaierSum();
		NeumaierSum topCorrect = new NeumaierSum();
		NeumaierSum topWeight = new NeumaierSum();
		boolean exact = false;
		int k = 0;
		for (SummaryReport.Accuracy a : parts) {
			correct.add(a.correct());
			weight.add(a.weight());
			if (a.exactMatch() != null) {
				exact = true;
				exactCorrect.add(a.exactMatch().correct());
				exactWeight.add(a.exactMatch().weight());
			}
			if (a.topK() != null) {
				if (k != 0 && k != a.topK().k()) {
					throw new IllegalArgumentException("shards with top-" + k + " and top-" + a.topK().k());
				}
				k = a.topK().k();
				topCorrect.add(a.topK().correct());
				topWeight.add(a.topK().weight());
			}
		}
		return SummaryReport.Accuracy.of(correct.value(), weight.value(),
				exact ? SummaryReport.Ratio.of(exactCorrect.value(), exactWeight.value()) : null,
				(k != 0) ? SummaryReport.TopK.of(k, topCorrect.value(), topWeight.value()) : null);
	}

	private static SummaryReport.Calibration calibration(List<SummaryReport> reports) {
		List<SummaryReport.Bin> first = reports.get(0).calibration().bins();
		int size = first.size();
		NeumaierSum[][] sums = new NeumaierSum[size][3];
		for (NeumaierSum[] bin : sums) {
			for (int j = 0; j < 3; j++) {
				bin[j] = new NeumaierSum();
			}
		}
		NeumaierSum brier = new NeumaierSum();
		for (SummaryReport report : reports) {
			List<SummaryReport.Bin> bins = report.calibration().bins();
			if (bins.size() != size) {
				throw new IllegalArgumentException("shards with " + size + " and " + bins.size() + " bins");
			}
			for (int b = 0; b < size; b++) {
				sums[b][0].add(bins.get(b).weight());
				sums[b][1].add(bins.get(b).sumConfidence());
				sums[b][2].add(bins.get(b).sumAccuracy());
			}
			brier.add(report.calibration().brierSum());
		}
		List<SummaryReport.Bin> merged = new ArrayList<>(size);
		for (int b = 0; b < size; b++) {
			merged.add(new SummaryReport.Bin(first.get(b).lower(), first.get(b).upper(), sums[b][0].value(),
					sums[b][1].value(), sums[b][2].value()));
		}
		return SummaryReport.Calibration.of(merged, brier.value());
	}

	private static List<SummaryReport.Worst> worst(List<SummaryReport> reports, int worstK) {
		List<SummaryReport.Worst> all = new ArrayList<>();
		for (SummaryReport report : reports) {
			all.addAll(report.worst());
		}
		all.sort(SummaryReport.Worst.ORDER);
		return List.copyOf(all.subList(0, Math.min(worstK, all.size())));
	}

	private static Map<String, SummaryReport.Group> groups(List<SummaryReport> reports) {
		Map<String, List<SummaryReport.Group>> byKey = new LinkedHashMap<>();
		for (SummaryReport report : reports) {
			report.groups().forEach((key, group) -> byKey.computeIfAbsent(key, (k) -> new ArrayList<>()).add(group));
		}
		Map<String, SummaryReport.Group> merged = new LinkedHashMap<>();
		byKey.forEach((key, parts) -> merged.put(key, group(parts)));
		return merged;
	}

	private static SummaryReport.Group group(List<SummaryReport.Group> parts) {
		long count = 0;
		NeumaierSum weightSum = new NeumaierSum();
		NeumaierSum sum = new NeumaierSum();
		for (SummaryReport.Group g : parts) {
			count += g.count();
			weightSum.add(g.weightSum());
			sum.add(g.sum());
		}
		double ws = weightSum.value();
		double r = (ws != 0) ? sum.value() / ws : 0.0;
		Centred centred = new Centred();
		List<SummaryReport.Accuracy> accuracies = new ArrayList<>();
		for (SummaryReport.Group g : parts) {
			centred.add((g.mean() != null) ? g.mean() : 0.0, r, g.m2(), g.cross(), g.weightSquares());
			if (g.accuracy() != null) {
				accuracies.add(g.accuracy());
			}
		}
		return SummaryReport.Group.of(count, ws, sum.value(), centred.m2(), centred.cross(), centred.weightSquares(),
				accuracies.isEmpty() ? null : accuracy(accuracies));
	}

	private static SummaryReport.Divergence divergence(List<Shard> shards) {
		NeumaierSum weight = new NeumaierSum();
		NeumaierSum entropy = new NeumaierSum();
		NeumaierSum kl = new NeumaierSum();
		for (Shard shard : shards) {
			SummaryReport.Divergence d = shard.summaries().divergence();
			double w = shard.aggregates().weightSum();
			if (d.kl() == null || w == 0) {
				continue;
			}
			weight.add(w);
			entropy.add(w * d.entropy());
			kl.add(w * d.kl());
		}
		return new SummaryReport.Divergence(SummaryReport.ratio(entropy.value(), weight.value()),
				SummaryReport.ratio(kl.value(), weight.value()));
	}

	/** The centred moments of shards moved to the merged mean R, added up. */
	private static final class Centred {

		private final NeumaierSum m2 = new NeumaierSum();

		private final NeumaierSum cross = new NeumaierSum();

		private final NeumaierSum weightSquares = new NeumaierSum();

		void add(double mean, double r, double m2, double cross, double weightSquares) {
			double d = mean - r;
			this.m2.add(m2);
			this.m2.add(2 * d * cross);
			this.m2.add(d * d * weightSquares);
			this.cross.add(cross);
			this.cross.add(d * weightSquares);
			this.weightSquares.add(weightSquares);
		}

		double m2() {
			return Math.max(this.m2.value(), 0.0);
		}

		double cross() {
			return this.cross.value();
		}

		double weightSquares() {
			return this.weightSquares.value();
		}

	}

}
