package dev.xent.spark;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import dev.xent.loss.InvalidBatchException;
import dev.xent.loss.LimitExceededException;
import dev.xent.loss.Violation;
import dev.xent.loss.options.MalformedOptionsException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code scripts/spark-score.sh}: scores a Parquet file or directory with Spark in local
 * mode and prints the JSON the service would answer for the same rows and options
 * (aggregates and summaries), and nothing else, on stdout. <pre>
 * spark-score.sh &lt;parquet file or directory&gt; &lt;endpoint&gt; [options as a query string]
 * spark-score.sh eval.parquet cross-entropy/binary 'summaries=stderr,calibration&amp;epsilon=1e-7'
 * </pre> The master is {@code local[*]} unless the system property {@code spark.master}
 * says otherwise ({@code XENT_SPARK_MASTER} in the script). A refusal (options, columns,
 * values) is printed on stderr as the service's errors are listed, pointer and detail,
 * with exit status 1; a usage error has status 2.
 */
public final class SparkScore {

	private SparkScore() {
	}

	public static void main(String[] args) {
		if (System.getProperty("log4j2.configurationFile") == null) {
			System.setProperty("log4j2.configurationFile", "xent-spark-log4j2.properties");
		}
		PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true,
				StandardCharsets.UTF_8);
		int status;
		SparkSession spark = null;
		try {
			if (usage(args) != null) {
				System.err.println(usage(args));
				status = 2;
			}
			else {
				spark = session();
				status = run(spark, args, out, System.err);
			}
		}
		finally {
			if (spark != null) {
				spark.stop();
			}
		}
		System.exit(status);
	}

	/** The usage message when the arguments are wrong, else {@code null}. */
	static String usage(String[] args) {
		if (args.length >= 2 && args.length <= 3) {
			return null;
		}
		return """
				usage: spark-score.sh <parquet file or directory> <endpoint> [options]
				  endpoint: cross-entropy/binary, cross-entropy/multilabel, cross-entropy/categorical,
				            focal/binary, focal/multilabel, focal/categorical
				  options:  a URL query string, the parameters of an Arrow body, e.g.
				            'summaries=stderr,accuracy&epsilon=1e-7'
				  columns:  predictions, labels, targets, sampleWeights, groups (as the Arrow columns)
				  prints the service's JSON answer (aggregates and summaries) on stdout""";
	}

	/** A local session for the script: no UI, few shuffle partitions. */
	static SparkSession session() {
		return SparkSession.builder()
			.appName("xent spark-score")
			.master(System.getProperty("spark.master", "local[*]"))
			.config("spark.ui.enabled", "false")
			.config("spark.driver.bindAddress", "127.0.0.1")
			.config("spark.driver.host", "127.0.0.1")
			.config("spark.sql.shuffle.partitions", "4")
			.getOrCreate();
	}

	/**
	 * Scores and prints; the exit status.
	 * @param args the file, the endpoint and optionally the query
	 */
	static int run(SparkSession spark, String[] args, PrintStream out, PrintStream err) {
		String query = (args.length > 2) ? args[2] : "";
		if (query.startsWith("?")) {
			query = query.substring(1);
		}
		try {
			// The endpoint and options are checked before any file is opened.
			new ScoringRequest(args[1], query, ScoringRequest.DEFAULT_MAX_GROUPS).build();
			Dataset<Row> data = spark.read().parquet(args[0]);
			out.println(SparkScoring.score(data, args[1], query));
			return 0;
		}
		catch (MalformedOptionsException ex) {
			err.println("spark-score: malformed option: " + ex.pointer() + ": " + ex.getMessage());
		}
		catch (InvalidBatchException ex) {
			err.println("spark-score: " + ex.violations().size() + ((ex.violations().size() >= 100) ? " or more" : "")
					+ " values break the contract:");
			for (Violation v : ex.violations()) {
				err.println("  " + v.pointer() + ": " + v.detail());
			}
		}
		catch (LimitExceededException | IllegalArgumentException ex) {
			err.println("spark-score: " + ex.getMessage());
		}
		catch (Exception ex) {
			// Scala code throws AnalysisException (checked in Java) undeclared: a path
			// that
			// does not exist, or files that are not Parquet.
			if (!(ex instanceof org.apache.spark.sql.AnalysisException)) {
				throw (ex instanceof RuntimeException runtime) ? runtime : new IllegalStateException(ex);
			}
			err.println("spark-score: cannot read " + args[0] + ": " + ex.getMessage());
		}
		return 1;
	}

}
