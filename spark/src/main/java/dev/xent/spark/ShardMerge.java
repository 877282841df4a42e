package dev.xent.spark;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.xent.loss.Aggregates;
import dev.xent.loss.InvalidBatchException;
import dev.xent.loss.LimitExceededException;
import dev.xent.loss.SummaryMerge;
import dev.xent.loss.Violation;

/**
 * The driver's half: numbers the shards in row order and merges their results by the
 * contract's shard rules ({@link SummaryMerge}).
 * <p>
 * <b>Row order.</b> Rows are numbered as a reader of the same files in path order would
 * number them (pyarrow's dataset reader, for the same Parquet directory): by file path,
 * then by position in the file; rows that do not come from files (a DataFrame built in
 * memory, or after a shuffle) in partition order. Shards are ordered so, each one's first
 * row is the count of the rows before it, and that offset is added to the shard's worst
 * indices and to the pointers of its errors. Groups keep their first-seen order in that
 * row order. So for one Parquet file, or a directory read in path order, the merged
 * result names the same rows, and lists the groups in the same order, as the service
 * given the same rows as one request.
 */
final class ShardMerge {

	private static final Pattern ROW = Pattern.compile("^/([^/]+)/([0-9]+)(/.*)?$");

	private ShardMerge() {
	}

	/** The order of rows: file path, split start, then partition. */
	static final Comparator<ShardResult> ORDER = Comparator.comparing(ShardResult::file)
		.thenComparingLong(ShardResult::start)
		.thenComparingInt(ShardResult::partition);

	/**
	 * @throws InvalidBatchException for the first offending values in row order, or an
	 * empty input, or sums that are not finite
	 * @throws LimitExceededException past the group limit
	 */
	static SummaryMerge.Shard merge(List<ShardResult> results, int worstK, int maxGroups) {
		List<ShardResult> sorted = new ArrayList<>(results);
		sorted.sort(ORDER);
		List<SummaryMerge.Shard> shards = new ArrayList<>(sorted.size());
		long offset = 0;
		int width = -1;
		for (ShardResult r : sorted) {
			if (r.failed()) {
				if (r.limit() != null) {
					throw new LimitExceededException(r.limit());
				}
				List<Violation> shifted = new ArrayList<>();
				for (String[] v : r.violations()) {
					shifted.add(new Violation(shift(v[0], offset), v[1]));
				}
				throw new InvalidBatchException(shifted);
			}
			if (width >= 0 && r.width() != width) {
				throw new InvalidBatchException(List.of(new Violation("/predictions/" + offset, "has " + r.width()
						+ " values, but row 0 has " + width + "; every row must have the same length.")));
			}
			width = r.width();
			shards.add(ShardJson.read(r.json(), r.samples(), r.width(), r.vector(), offset));
			offset += r.samples();
		}
		if (shards.isEmpty()) {
			throw new InvalidBatchException(List.of(new Violation("/predictions", "must hold at least one sample.")));
		}
		// One shard is the service's answer as it is; merging it would round the
		// divergence means once more.
		SummaryMerge.Shard merged = (shards.size() == 1) ? shards.get(0) : SummaryMerge.merge(shards, worstK);
		check(merged.aggregates());
		if (merged.summaries() != null && merged.summaries().groups() != null
				&& merged.summaries().groups().size() > maxGroups) {
			throw new LimitExceededException("The request has more than " + maxGroups
					+ " distinct groups, the configured limit (xent.limits.max-groups).");
		}
		return merged;
	}

	/**
	 * The checks of the service's last step ({@code Scoring.finish}), on the merged sums.
	 */
	private static void check(Aggregates a) {
		if (!Double.isFinite(a.weightSum())) {
			throw new InvalidBatchException(List.of(new Violation("/sampleWeights",
					"the weights add up to more than the largest finite number; scale them down.")));
		}
		if (!Double.isFinite(a.sum())) {
			throw new InvalidBatchException(List.of(new Violation("/sampleWeights",
					"the sum of the losses is not a finite number; scale the weights down.")));
		}
		if (a.mean() != null && !Double.isFinite(a.mean())) {
			throw new InvalidBatchException(List.of(new Violation("/sampleWeights",
					"the mean is not a finite number with these weights; scale them up.")));
		}
	}

	/** A shard-local pointer ({@code /labels/12/3}) moved by the shard's first row. */
	static String shift(String pointer, long offset) {
		Matcher m = ROW.matcher(pointer);
		if (!m.matches()) {
			return pointer;
		}
		return "/" + m.group(1) + "/" + (Long.parseLong(m.group(2)) + offset)
				+ ((m.group(3) != null) ? m.group(3) : "");
	}

}
