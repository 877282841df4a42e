package dev.xent.spark;

import java.util.List;

import dev.xent.loss.InvalidBatchException;
import dev.xent.loss.LimitExceededException;
import dev.xent.loss.SummaryMerge;
import dev.xent.loss.json.ResultJson;
import dev.xent.loss.options.MalformedOptionsException;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.execution.ColumnarToRowExec;
import org.apache.spark.sql.execution.InputAdapter;
import org.apache.spark.sql.execution.QueryExecution;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.WholeStageCodegenExec;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.vectorized.ColumnarBatch;

/**
 * Scores a DataFrame as the service scores a request: the same endpoint, the same options
 * (a query string, as for an Arrow body), the same aggregates and summaries, printed as
 * the same JSON. <pre>
 * Dataset&lt;Row&gt; data = spark.read().parquet("/lake/eval/");
 * String json = SparkScoring.score(data, "cross-entropy/binary", "summaries=stderr,calibration");
 * </pre> The DataFrame's columns are the contract's Arrow columns ({@link ColumnPlan}).
 * Each partition scores its rows shard by shard, one shard per file split
 * ({@link ShardScorer}: a shard is bit for bit one service request), and the driver
 * merges the shards' results by the contract's shard rules ({@link ShardMerge}).
 * <p>
 * <b>Reading.</b> When the DataFrame is a plain columnar scan (Parquet or ORC through
 * Spark's vectorized reader, with nothing but a column selection on top), the shards read
 * its column vectors directly, a batch at a time; any other plan is read row by row from
 * its internal rows. Both give the same numbers.
 * <p>
 * <b>Merged numbers.</b> Each shard's sums are compensated (Neumaier) and rounded once;
 * the driver adds the shards' sums compensated. The merged sum differs from a single pass
 * over all rows by a few units in the last place of Σ|terms| (docs/spark.md derives the
 * bound); counts are exact.
 */
public final class SparkScoring {

	private SparkScoring() {
	}

	/**
	 * The JSON the service would answer for the same rows and options: aggregates and
	 * summaries.
	 * @param endpoint the endpoint below {@code /v1/}: {@code cross-entropy/binary},
	 * {@code focal/categorical}, ...
	 * @param query the options as a URL query string without the {@code ?}, or empty
	 * @throws MalformedOptionsException for an unknown, repeated or malformed option (the
	 * service's 400)
	 * @throws InvalidBatchException for option values or data that break the contract,
	 * with pointers that count rows in row order (the service's 422)
	 * @throws IllegalArgumentException for an unknown endpoint, or a column that is not
	 * the endpoint's or has the wrong type (naming it)
	 * @throws LimitExceededException past the group limit
	 */
	public static String score(Dataset<Row> data, String endpoint, String query) {
		SummaryMerge.Shard result = result(data, endpoint, query, ScoringRequest.DEFAULT_MAX_GROUPS);
		return ResultJson.toJson(result.aggregates(), result.summaries());
	}

	/**
	 * The merged aggregates and summaries, as records.
	 * @param maxGroups most distinct groups (the service's default is 10,000)
	 * @see #score
	 */
	public static SummaryMerge.Shard result(Dataset<Row> data, String endpoint, String query, int maxGroups) {
		ScoringRequest request = new ScoringRequest(endpoint, (query != null) ? query : "", maxGroups);
		ScoringRequest.Built built = request.build();
		ColumnPlan plan = ColumnPlan.of(data.schema(), built.endpoint());
		Dataset<Row> selected = data.select(plan.columns().get(0).name(), rest(plan.names()));
		List<ShardResult> results = run(selected, request, plan.selected());
		return ShardMerge.merge(results, built.worstK(), maxGroups);
	}

	/**
	 * The endpoint's loss and summaries as a typed aggregator over rows of these columns
	 * (the contract's columns; others are refused, those starting with {@code __}
	 * ignored), to compose with the rest of a query ({@link ScoreAggregator}).
	 * @throws MalformedOptionsException for an unknown, repeated or malformed option
	 * @throws InvalidBatchException for option values the contract refuses, or missing
	 * columns
	 * @throws IllegalArgumentException for an unknown endpoint or a mistyped column
	 */
	public static ScoreAggregator aggregator(String endpoint, String query, StructType columns) {
		ScoringRequest request = new ScoringRequest(endpoint, (query != null) ? query : "",
				ScoringRequest.DEFAULT_MAX_GROUPS);
		return new ScoreAggregator(request, ColumnPlan.of(columns, request.build().endpoint()));
	}

	/** Whether the DataFrame's columns would be read as column vectors. */
	static boolean columnar(Dataset<Row> data, String endpoint) {
		ColumnPlan plan = ColumnPlan.of(data.schema(), new ScoringRequest(endpoint, "", 1).endpoint());
		return columnarPlan(queryExecution(data.select(plan.columns().get(0).name(), rest(plan.names())))) != null;
	}

	private static String[] rest(String[] names) {
		return java.util.Arrays.copyOfRange(names, 1, names.length);
	}

	private static List<ShardResult> run(Dataset<Row> selected, ScoringRequest request, ColumnPlan plan) {
		QueryExecution execution = queryExecution(selected);
		SparkPlan columnar = columnarPlan(execution);
		if (columnar != null) {
			JavaRDD<ColumnarBatch> batches = columnar.executeColumnar().toJavaRDD();
			return batches
				.mapPartitionsWithIndex(
						(partition, it) -> ShardScorer.columnar(request, plan, partition, it).iterator(), false)
				.collect();
		}
		JavaRDD<InternalRow> rows = execution.toRdd().toJavaRDD();
		return rows
			.mapPartitionsWithIndex((partition, it) -> ShardScorer.rows(request, plan, partition, it).iterator(), false)
			.collect();
	}

	private static QueryExecution queryExecution(Dataset<Row> data) {
		if (data instanceof org.apache.spark.sql.classic.Dataset<Row> classic) {
			return classic.queryExecution();
		}
		throw new IllegalArgumentException("SparkScoring needs a classic Spark session's DataFrame (Spark Connect "
				+ "DataFrames cannot run code on the executors this way); got a " + data.getClass().getName() + ".");
	}

	/**
	 * The plan's columnar source when the plan is nothing but a columnar scan turned into
	 * rows; else {@code null}.
	 */
	private static SparkPlan columnarPlan(QueryExecution execution) {
		SparkPlan p = execution.executedPlan();
		if (p instanceof WholeStageCodegenExec w) {
			p = w.child();
		}
		if (!(p instanceof ColumnarToRowExec c)) {
			return null;
		}
		SparkPlan child = c.child();
		if (child instanceof InputAdapter a) {
			child = a.child();
		}
		return child.supportsColumnar() ? child : null;
	}

}
