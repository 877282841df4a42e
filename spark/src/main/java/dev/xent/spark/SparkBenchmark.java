package dev.xent.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log;
import static org.apache.spark.sql.functions.log1p;
import static org.apache.spark.sql.functions.rand;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

/**
 * {@code scripts/spark-bench.sh}: binary cross-entropy over a generated Parquet file,
 * {@link SparkScoring} against the Spark SQL expression a user would write instead,
 * {@code sum(-(y·log(clip(p)) + (1−y)·log1p(−clip(p))))}, both warm, in one run; also
 * with summaries, and as the typed {@link ScoreAggregator} (rows decoded into objects).
 * <p>
 * Arguments: rows (default 10^8), repeats (default 5), the directory of the Parquet file
 * (default a new one under /tmp, deleted at the end). Each repeat times every variant
 * once, in turn, so that the machine's load hits them alike; the medians and their ratios
 * are printed.
 */
public final class SparkBenchmark {

	private static final double EPSILON = Math.ulp(1.0);

	private SparkBenchmark() {
	}

	public static void main(String[] args) throws IOException {
		long rows = (args.length > 0) ? (long) Double.parseDouble(args[0]) : 100_000_000L;
		int repeats = (args.length > 1) ? Integer.parseInt(args[1]) : 5;
		Path dir = (args.length > 2) ? Path.of(args[2])
				: Files.createTempDirectory(Path.of("/tmp"), "xent-spark-bench");
		SparkSession spark = SparkSession.builder()
			.appName("xent spark-bench")
			.master(System.getProperty("spark.master", "local[2]"))
			.config("spark.ui.enabled", "false")
			.config("spark.driver.bindAddress", "127.0.0.1")
			.config("spark.driver.host", "127.0.0.1")
			.getOrCreate();
		try {
			String file = dir.resolve("binary.parquet").toString();
			long t0 = System.nanoTime();
			Column p = rand(1);
			spark.range(rows)
				.select(p.as("predictions"), when(rand(2).lt(p), lit(1.0)).otherwise(lit(0.0)).as("labels"))
				.write()
				.mode("overwrite")
				.parquet(file);
			System.err.printf("generated %d rows in %s (%.1f MB) in %.1f s%n", rows, file, size(Path.of(file)) / 1e6,
					(System.nanoTime() - t0) / 1e9);
			Dataset<Row> data = spark.read().parquet(file);
			System.err
				.println("SparkScoring reads column vectors: " + SparkScoring.columnar(data, "cross-entropy/binary"));
			Map<String, Supplier<String>> variants = new LinkedHashMap<>();
			variants.put("spark-sql-expression", () -> expression(data));
			variants.put("xent", () -> SparkScoring.score(data, "cross-entropy/binary", ""));
			variants.put("xent+summaries", () -> SparkScoring.score(data, "cross-entropy/binary",
					"summaries=stderr,accuracy,calibration,worst"));
			ScoreAggregator typed = SparkScoring.aggregator("cross-entropy/binary", "", data.schema());
			variants.put("xent-typed-aggregator", () -> data.select(typed.toColumn()).first());
			Map<String, List<Double>> times = new LinkedHashMap<>();
			for (Map.Entry<String, Supplier<String>> v : variants.entrySet()) {
				System.err.println("warm-up " + v.getKey() + ": " + clip(v.getValue().get()));
				times.put(v.getKey(), new ArrayList<>());
			}
			for (int r = 0; r < repeats; r++) {
				for (Map.Entry<String, Supplier<String>> v : variants.entrySet()) {
					long start = System.nanoTime();
					v.getValue().get();
					times.get(v.getKey()).add((System.nanoTime() - start) / 1e9);
				}
			}
			double base = median(times.get("spark-sql-expression"));
			System.out.printf("%d rows, %s, %d repeats (medians; each repeat runs every variant once)%n", rows,
					spark.sparkContext().master(), repeats);
			for (Map.Entry<String, List<Double>> t : times.entrySet()) {
				double m = median(t.getValue());
				System.out.printf("%-22s median %7.2f s  (%.2fx the expression)  runs %s%n", t.getKey(), m, m / base,
						t.getValue().stream().map((x) -> String.format("%.2f", x)).toList());
			}
		}
		finally {
			spark.stop();
			if (args.length <= 2) {
				delete(dir);
			}
		}
	}

	/** The plain Spark SQL expression of the binary cross-entropy sum, and its mean. */
	static String expression(Dataset<Row> data) {
		Column p = least(greatest(col("predictions"), lit(EPSILON)), lit(1 - EPSILON));
		Column y = col("labels");
		Column loss = y.multiply(log(p)).plus(lit(1.0).minus(y).multiply(log1p(p.unary_$minus()))).unary_$minus();
		Row r = data.agg(sum(loss), org.apache.spark.sql.functions.count(lit(1))).first();
		return "{\"sum\":" + r.getDouble(0) + ",\"count\":" + r.getLong(1) + "}";
	}

	private static double median(List<Double> values) {
		double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
		return (v.length % 2 == 1) ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
	}

	private static String clip(String text) {
		return (text.length() > 160) ? text.substring(0, 157) + "..." : text;
	}

	private static long size(Path path) throws IOException {
		try (Stream<Path> files = Files.walk(path)) {
			return files.filter(Files::isRegularFile).mapToLong((f) -> f.toFile().length()).sum();
		}
	}

	private static void delete(Path dir) {
		try (Stream<Path> files = Files.walk(dir)) {
			files.sorted(Comparator.reverseOrder()).forEach((f) -> f.toFile().delete());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
