package dev.xent.spark;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The entry point of {@code scripts/spark-score.sh}: the JSON alone on stdout, refusals
 * on stderr with status 1, and a comparison helper that can fail.
 */
class SparkScoreTests extends SparkTests {

	@Test
	void printsTheResultJsonAloneOnStdout() {
		TestData data = TestData.binary(2000, 21, false);
		String path = work.resolve("cli").toString();
		data.frame(spark).write().parquet(path);
		String query = "summaries=stderr,calibration&calibrationBins=4";
		Run run = run(path, "cross-entropy/binary", "?" + query);
		assertThat(run.status).isZero();
		assertThat(run.err).isEmpty();
		assertThat(run.out).isEqualTo(
				SparkScoring.score(spark.read().parquet(path), "cross-entropy/binary", query) + System.lineSeparator());
		Results.assertClose(run.out.strip(), data.onePass("cross-entropy/binary", query), 1e-12);
	}

	@Test
	void refusalsGoToStderrWithStatusOne() {
		TestData data = TestData.binary(100, 22, false);
		String path = work.resolve("cli-refusals").toString();
		data.frame(spark).write().parquet(path);
		Run unknown = run(path, "cross-entropy/binary", "gama=2");
		assertThat(unknown.status).isEqualTo(1);
		assertThat(unknown.out).isEmpty();
		assertThat(unknown.err).startsWith("spark-score: malformed option: /gama: Unknown query parameter \"gama\"");
		Run invalid = run(path, "focal/binary", "gamma=-1");
		assertThat(invalid.status).isEqualTo(1);
		assertThat(invalid.err).contains("  /gamma: ");
		Run categorical = run(path, "cross-entropy/categorical", "");
		assertThat(categorical.err)
			.contains("Column \"predictions\" has type double; it must be array of double or float.");
		Run missing = run(work.resolve("nothing-here").toString(), "cross-entropy/binary", "");
		assertThat(missing.status).isEqualTo(1);
		assertThat(missing.err).startsWith("spark-score: cannot read ");
		assertThat(SparkScore.usage(new String[] { path })).startsWith("usage: spark-score.sh");
		assertThat(SparkScore.usage(new String[] { path, "focal/binary" })).isNull();
	}

	@Test
	void comparisonFailsBeyondItsTolerance() {
		String a = "{\"count\":3,\"sum\":1.0,\"summaries\":{\"worst\":[{\"index\":1,\"loss\":2.0}]}}";
		Results.assertClose(a, a.replace("1.0", "1.0000000000001"), 1e-12);
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> Results.assertClose(a, a.replace("1.0", "1.00000000001"), 1e-12));
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> Results.assertClose(a, a.replace("\"index\":1", "\"index\":2"), 1e-12));
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> Results.assertClose(a, a.replace("\"count\":3,", ""), 1e-12));
	}

	private static Run run(String... args) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		int status = SparkScore.run(spark, args, new PrintStream(out, true, StandardCharsets.UTF_8),
				new PrintStream(err, true, StandardCharsets.UTF_8));
		return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
	}

	private record Run(int status, String out, String err) {
	}

}
