package dev.xent.spark;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

import dev.xent.loss.Aggregates;
import dev.xent.loss.GroupKeys;
import dev.xent.loss.InvalidBatchException;
import dev.xent.loss.LimitExceededException;
import dev.xent.loss.Scoring;
import dev.xent.loss.SummaryReport;
import dev.xent.loss.Violation;
import dev.xent.loss.json.ResultJson;
import dev.xent.loss.options.LossEndpoint;
import dev.xent.loss.Summaries;
import org.apache.spark.rdd.InputFileBlockHolder;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.vectorized.ColumnarBatch;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * Scores the rows of one Spark partition, shard by shard: a shard is the rows of one file
 * split (Spark's {@link InputFileBlockHolder} says which), or the whole partition when
 * its rows do not come from files. Each shard is one request to the kernels, exactly as
 * the service scores one: a {@link Scoring} with fresh {@link Summaries} over its rows in
 * order, in chunks of at most {@value #CHUNK_ROWS} rows, with compensated sums whose
 * state carries across chunks; so a shard's result is bit for bit what the service
 * answers for the same rows. The first offending values of a shard end that shard (its
 * remaining rows are skipped); the driver reports the first failed shard in row order.
 */
final class ShardScorer {

	/** Rows per sample batch handed to the kernels from a row iterator. */
	static final int CHUNK_ROWS = 4096;

	private final ScoringRequest request;

	private final ColumnPlan plan;

	private final int partition;

	private final List<ShardResult> results = new ArrayList<>();

	private final Chunk chunk;

	/** The path object last seen (the holder's, compared by identity first). */
	private UTF8String seen;

	private UTF8String rawFile;

	private long rawStart;

	private String file;

	private long start;

	private Shard shard;

	ShardScorer(ScoringRequest request, ColumnPlan plan, int partition) {
		this.request = request;
		this.plan = plan;
		this.partition = partition;
		LossEndpoint endpoint = request.endpoint();
		this.chunk = new Chunk(plan, endpoint.family() == Summaries.Family.CATEGORICAL);
	}

	/** Scores a partition of columnar batches; the shards' results. */
	static List<ShardResult> columnar(ScoringRequest request, ColumnPlan plan, int partition,
			Iterator<ColumnarBatch> batches) {
		ShardScorer scorer = new ShardScorer(request, plan, partition);
		while (batches.hasNext()) {
			ColumnarBatch batch = batches.next();
			if (batch.numRows() == 0) {
				continue;
			}
			scorer.at(InputFileBlockHolder.getInputFilePath(), InputFileBlockHolder.getStartOffset());
			if (scorer.shard.failed) {
				continue;
			}
			scorer.decode(() -> scorer.chunk.add(batch));
			scorer.flush();
		}
		return scorer.finish();
	}

	/** Scores a partition of rows; the shards' results. */
	static List<ShardResult> rows(ScoringRequest request, ColumnPlan plan, int partition, Iterator<InternalRow> rows) {
		ShardScorer scorer = new ShardScorer(request, plan, partition);
		while (rows.hasNext()) {
			InternalRow row = rows.next();
			scorer.at(InputFileBlockHolder.getInputFilePath(), InputFileBlockHolder.getStartOffset());
			if (scorer.shard.failed) {
				continue;
			}
			scorer.decode(() -> scorer.chunk.add(row));
			if (scorer.chunk.rows() == CHUNK_ROWS) {
				scorer.flush();
			}
		}
		return scorer.finish();
	}

	/** Adds one row of a typed aggregator's input (a partition's rows come in order). */
	void add(Row row) {
		at(InputFileBlockHolder.getInputFilePath(), InputFileBlockHolder.getStartOffset());
		if (this.shard.failed) {
			return;
		}
		decode(() -> this.chunk.add(row));
		if (this.chunk.rows() == CHUNK_ROWS) {
			flush();
		}
	}

	/**
	 * Decodes rows into the chunk; a group beyond the limit (met while interning keys)
	 * ends the shard.
	 */
	private void decode(Runnable add) {
		try {
			add.run();
		}
		catch (LimitExceededException ex) {
			this.shard.fail(null, ex.getMessage());
		}
	}

	/**
	 * Moves to the shard of a file split ({@code ""} for rows not from a file), closing
	 * the current one when it differs. Called per row on the row path: the same path
	 * object is recognised without a copy.
	 */
	private void at(UTF8String file, long start) {
		if (this.shard != null && start == this.rawStart && (file == this.seen || file.equals(this.rawFile))) {
			this.seen = file;
			return;
		}
		if (this.shard != null) {
			flush();
			close();
		}
		this.seen = file;
		this.rawFile = file.copy();
		this.rawStart = start;
		this.file = file.toString();
		this.start = this.file.isEmpty() ? -1 : start;
		ScoringRequest.Built built = this.request.build();
		GroupKeys keys = new GroupKeys(this.request.maxGroups());
		this.shard = new Shard(
				new Scoring(built.loss(), dev.xent.loss.Reduction.SUM, null, Long.MAX_VALUE, built.summaries()),
				built.summaries(), keys);
		this.chunk.startShard(keys);
	}

	/** Scores the chunk's rows. */
	private void flush() {
		Shard s = this.shard;
		if (s == null || s.failed || this.chunk.rows() == 0) {
			return;
		}
		try {
			int n = this.chunk.rows();
			s.scoring.accept(this.chunk.take());
			s.samples += n;
		}
		catch (InvalidBatchException ex) {
			s.fail(ex.violations(), null);
		}
		catch (LimitExceededException ex) {
			s.fail(null, ex.getMessage());
		}
	}

	/** The current shard's result. */
	private void close() {
		Shard s = this.shard;
		this.shard = null;
		if (s.failed) {
			this.results.add(new ShardResult(this.partition, this.file, this.start, s.samples, 0, false, null,
					s.violations, s.limit));
			return;
		}
		if (s.samples == 0) {
			return;
		}
		try {
			Aggregates a = s.scoring.finish();
			SummaryReport report = (s.summaries != null) ? s.summaries.report(a, s.keys) : null;
			this.results.add(new ShardResult(this.partition, this.file, this.start, a.samples(), a.width(), a.vector(),
					ResultJson.toJson(a, report), null, null));
		}
		catch (InvalidBatchException ex) {
			s.fail(ex.violations(), null);
			this.results.add(new ShardResult(this.partition, this.file, this.start, s.samples, 0, false, null,
					s.violations, null));
		}
	}

	/** The results of every shard, the current one closed. */
	List<ShardResult> finish() {
		if (this.shard != null) {
			flush();
			close();
		}
		return this.results;
	}

	/** One shard's state: its own scoring, summaries and group keys. */
	private static final class Shard {

		final Scoring scoring;

		final Summaries summaries;

		final GroupKeys keys;

		long samples;

		boolean failed;

		List<String[]> violations;

		String limit;

		Shard(Scoring scoring, Summaries summaries, GroupKeys keys) {
			this.scoring = scoring;
			this.summaries = summaries;
			this.keys = Objects.requireNonNull(keys);
		}

		void fail(List<Violation> violations, String limit) {
			this.failed = true;
			this.limit = limit;
			if (violations != null) {
				this.violations = new ArrayList<>();
				for (Violation v : violations) {
					this.violations.add(new String[] { v.pointer(), v.detail() });
				}
			}
		}

	}

}
