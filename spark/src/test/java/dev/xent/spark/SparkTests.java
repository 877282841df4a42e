package dev.xent.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * One local Spark session per test class: two threads, no UI, small file splits (so that
 * a file of a few thousand rows is read in several splits and partitions).
 */
abstract class SparkTests {

	static SparkSession spark;

	static Path work;

	@BeforeAll
	static void startSpark() throws IOException {
		spark = SparkSession.builder()
			.appName("xent spark tests")
			.master("local[2]")
			.config("spark.ui.enabled", "false")
			.config("spark.driver.bindAddress", "127.0.0.1")
			.config("spark.driver.host", "127.0.0.1")
			.config("spark.sql.shuffle.partitions", "2")
			.config("spark.sql.files.maxPartitionBytes", "16384")
			.config("spark.sql.files.openCostInBytes", "1024")
			.getOrCreate();
		work = Files.createTempDirectory("xent-spark-tests");
	}

	@AfterAll
	static void stopSpark() throws IOException {
		spark.stop();
		try (Stream<Path> files = Files.walk(work)) {
			files.sorted(Comparator.reverseOrder()).forEach((f) -> f.toFile().delete());
		}
	}

	/**
	 * The data written as Parquet (one file per partition of its DataFrame, in order, in
	 * row groups of about 8 KB) and read back.
	 */
	static Dataset<Row> parquet(TestData data, String name) {
		String path = work.resolve(name).toString();
		data.frame(spark).write().option("parquet.block.size", 8192).option("parquet.page.size", 4096).parquet(path);
		return spark.read().parquet(path);
	}

}
