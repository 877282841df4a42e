package dev.xent.spark;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import dev.xent.loss.options.FieldKind;
import dev.xent.loss.options.LossEndpoint;
import dev.xent.loss.options.RequestFields;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The same samples scored by Spark (a Parquet file read in several splits and partitions)
 * and posted to the service (one JSON request, which the contract promises gives the same
 * bits as any other format): the same count, weightSum, sum and mean within 1e-12
 * relative, and the same summaries; one shard alone gives the service's answer byte for
 * byte.
 * <p>
 * The service is the Boot jar the root build packages before this module
 * ({@code target/xent-*.jar}), started as a child process on a free loopback port and
 * stopped at the end (also when the test JVM exits early).
 */
class SparkServiceComparisonTests extends SparkTests {

	private static final Duration START_TIMEOUT = Duration.ofSeconds(180);

	private static Process service;

	private static Path serviceLog;

	private static Path spool;

	private static URI base;

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	@BeforeAll
	static void startService() throws Exception {
		Path jar = Path.of(System.getProperty("xent.service.jar", "../target/xent-1.0.0-SNAPSHOT.jar"));
		if (!Files.isRegularFile(jar)) {
			fail("The service's jar " + jar.toAbsolutePath().normalize() + " is missing: this test compares Spark "
					+ "with the service. Build it first (./mvnw verify from the root builds it before this module; or "
					+ "./mvnw -pl service.pom.xml -am package -DskipTests).");
		}
		int port;
		try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
			port = socket.getLocalPort();
		}
		serviceLog = Files.createTempFile("xent-service", ".log");
		spool = Files.createTempDirectory("xent-spool");
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		// C1 only and no warm-up requests: the service starts in about half the time, and
		// this test's requests are small.
		service = new ProcessBuilder(java, "-Xmx512m", "-XX:TieredStopAtLevel=1",
				"--add-opens=java.base/java.nio=org.apache.arrow.memory.core,ALL-UNNAMED", "-jar", jar.toString(),
				"--server.port=" + port, "--server.address=127.0.0.1", "--xent.warm-up.enabled=false",
				"--xent.spool.dir=" + spool)
			.redirectErrorStream(true)
			.redirectOutput(serviceLog.toFile())
			.start();
		Process started = service;
		Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly));
		base = URI.create("http://127.0.0.1:" + port);
		long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
		while (true) {
			if (!service.isAlive()) {
				fail("The service exited with status " + service.exitValue() + " while starting:\n" + tail());
			}
			try {
				HttpResponse<String> health = http.send(
						HttpRequest.newBuilder(base.resolve("/actuator/health")).timeout(Duration.ofSeconds(5)).build(),
						HttpResponse.BodyHandlers.ofString());
				if (health.statusCode() == 200) {
					return;
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			if (System.nanoTime() > deadline) {
				stopService();
				fail("The service did not answer /actuator/health within " + START_TIMEOUT + ":\n" + tail());
			}
			Thread.sleep(250);
		}
	}

	@AfterAll
	static void stopService() throws Exception {
		if (service != null) {
			service.destroy();
			if (!service.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
				service.destroyForcibly().waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
			}
			service = null;
			Files.deleteIfExists(serviceLog);
			try (Stream<Path> files = Files.walk(spool)) {
				files.sorted(java.util.Comparator.reverseOrder()).forEach((f) -> f.toFile().delete());
			}
		}
	}

	private static String tail() throws IOException {
		List<String> lines = Files.readAllLines(serviceLog);
		return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
	}

	static Stream<Arguments> cases() {
		return Stream.of(
				Arguments.of("cross-entropy/binary", TestData.binary(4000, 11, false),
						"summaries=stderr,accuracy,calibration,worst,groups,divergence,perplexity&worstK=5"),
				Arguments.of("cross-entropy/binary", TestData.binary(3000, 12, true),
						"inputType=logits&posWeight=2&labelSmoothing=0.1&summaries=stderr,accuracy,groups"),
				Arguments.of("cross-entropy/multilabel", TestData.multilabel(2500, 3, 13),
						"classWeights=1,0.5,2&summaries=stderr,accuracy,calibration,worst"),
				Arguments.of("cross-entropy/categorical", TestData.categorical(2500, 8, 14, false, -100L),
						"ignoreIndex=-100&summaries=stderr,accuracy,calibration,worst,groups,perplexity&topK=3"),
				Arguments.of("cross-entropy/categorical", TestData.categorical(2000, 4, 15, true, null),
						"labelSmoothing=0.05&summaries=divergence,accuracy,stderr"),
				Arguments.of("focal/binary", TestData.binary(3000, 16, false),
						"gamma=2&alpha=0.25&summaries=stderr,worst,groups"),
				Arguments.of("focal/categorical", TestData.categorical(2000, 5, 17, false, null),
						"compat=keras&gamma=1&summaries=stderr,accuracy,calibration"));
	}

	@ParameterizedTest(name = "{0} {2}")
	@MethodSource("cases")
	void sparkOverPartitionsAgreesWithTheService(String endpoint, TestData data, String query) throws Exception {
		Dataset<Row> frame = parquet(data, endpoint.replace('/', '-') + "-" + Math.abs(query.hashCode()));
		assertThat(frame.rdd().getNumPartitions()).isGreaterThan(2);
		String spark = SparkScoring.score(frame, endpoint, query);
		String served = post(endpoint, data.json(jsonOptions(endpoint, query)));
		Results.assertClose(spark, served, 1e-12);
		assertThat(Results.tree(spark).get("count")).isEqualTo(Results.tree(served).get("count"));
	}

	@Test
	void oneShardIsTheServicesAnswerByteForByte() throws Exception {
		TestData data = TestData.categorical(1000, 6, 18, false, null);
		String query = "summaries=stderr,accuracy,calibration,worst,groups,divergence";
		Dataset<Row> frame = data.frame(spark).coalesce(1);
		assertThat(SparkScoring.score(frame, "cross-entropy/categorical", query))
			.isEqualTo(post("cross-entropy/categorical", data.json(jsonOptions("cross-entropy/categorical", query))));
	}

	private static String post(String endpoint, String json) throws Exception {
		HttpResponse<String> response = http.send(HttpRequest.newBuilder(base.resolve("/v1/" + endpoint))
			.header("Content-Type", "application/json")
			.timeout(Duration.ofSeconds(60))
			.POST(HttpRequest.BodyPublishers.ofString(json))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		// The service adds per-sample losses and gradients to a JSON answer unless told
		// not to; the options below tell it so, and the rest is the same JSON.
		return response.body();
	}

	/**
	 * The query's options as JSON members (typed by the endpoint's fields), and the two
	 * per-sample outputs turned off, so the answer holds aggregates and summaries only.
	 */
	static String jsonOptions(String endpoint, String query) {
		RequestFields fields = LossEndpoint.of(endpoint).fields();
		List<String> members = new ArrayList<>(List.of("\"includeLosses\":false", "\"includeGradients\":false"));
		for (String pair : query.split("&")) {
			if (pair.isEmpty()) {
				continue;
			}
			String name = pair.substring(0, pair.indexOf('='));
			String value = pair.substring(pair.indexOf('=') + 1);
			FieldKind kind = fields.kind(fields.indexOf(name));
			String json = switch (kind) {
				case STRING -> "\"" + value + "\"";
				case STRINGS -> "[\"" + value.replace(",", "\",\"") + "\"]";
				case VECTOR -> "[" + value + "]";
				case NUMBER_OR_VECTOR -> value.contains(",") ? "[" + value + "]" : value;
				default -> value;
			};
			members.add("\"" + name + "\":" + json);
		}
		return String.join(",", members);
	}

}
