package dev.xent.spark;

import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

import dev.xent.loss.SummaryMerge;
import dev.xent.loss.json.ResultJson;
import org.apache.spark.TaskContext;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Aggregator;

/**
 * An endpoint's loss and summaries as a typed Spark {@link Aggregator}: rows of the
 * contract's columns in, the service's JSON answer (aggregates and summaries) out. It
 * composes with the rest of a query, for instance one result per model or per slice:
 * <pre>
 * StructType columns = new StructType().add("predictions", "double").add("labels", "double");
 * UserDefinedFunction score = functions.udaf(
 *         SparkScoring.aggregator("cross-entropy/binary", "summaries=stderr", columns),
 *         Encoders.row(columns));
 * data.groupBy("model").agg(score.apply(col("predictions"), col("labels")).as("xent"));
 * </pre> Each task's buffer scores its rows shard by shard as {@link SparkScoring} does
 * (a shard per file split, in chunks, with the kernels' compensated sums); buffers merge
 * by collecting the shards' results, and {@link #finish} merges those by the contract's
 * shard rules, in row order (file path and position, then partition). Rows are decoded
 * into objects one at a time, which costs more than {@link SparkScoring}'s column
 * vectors; the numbers are the same. Refusals are thrown where Spark runs the
 * aggregation, so they reach the caller wrapped in Spark's exception.
 */
public final class ScoreAggregator extends Aggregator<Row, ScoreAggregator.Buffer, String> {

	private final ScoringRequest request;

	private final ColumnPlan plan;

	private final int worstK;

	ScoreAggregator(ScoringRequest request, ColumnPlan plan) {
		this.request = request;
		this.plan = plan;
		this.worstK = request.build().worstK();
	}

	@Override
	public Buffer zero() {
		return new Buffer();
	}

	@Override
	public Buffer reduce(Buffer buffer, Row row) {
		if (buffer.scorer == null) {
			TaskContext task = TaskContext.get();
			buffer.scorer = new ShardScorer(this.request, this.plan, (task != null) ? task.partitionId() : 0);
		}
		buffer.scorer.add(row);
		return buffer;
	}

	@Override
	public Buffer merge(Buffer a, Buffer b) {
		a.close();
		b.close();
		a.results.addAll(b.results);
		return a;
	}

	@Override
	public String finish(Buffer buffer) {
		buffer.close();
		SummaryMerge.Shard merged = ShardMerge.merge(buffer.results, this.worstK, this.request.maxGroups());
		return ResultJson.toJson(merged.aggregates(), merged.summaries());
	}

	@Override
	public Encoder<Buffer> bufferEncoder() {
		return Encoders.javaSerialization(Buffer.class);
	}

	@Override
	public Encoder<String> outputEncoder() {
		return Encoders.STRING();
	}

	/**
	 * A task's partial result: the shard being scored, and the results of the shards
	 * done. Serialized (between the partial and the final aggregation) as the results
	 * alone, the current shard closed first.
	 */
	public static final class Buffer implements Serializable {

		private static final long serialVersionUID = 1L;

		private transient ShardScorer scorer;

		private final List<ShardResult> results = new ArrayList<>();

		void close() {
			if (this.scorer != null) {
				this.results.addAll(this.scorer.finish());
				this.scorer = null;
			}
		}

		private void writeObject(ObjectOutputStream out) throws IOException {
			close();
			out.defaultWriteObject();
		}

	}

}
