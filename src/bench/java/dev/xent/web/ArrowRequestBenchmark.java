package dev.xent.web;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import dev.xent.codec.SpoolBudget;
import dev.xent.codec.json.CountingOutputStream;
import dev.xent.loss.Aggregates;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The same 1,000,000 binary samples (float64 probabilities, 0/1 labels as float64) as an
 * Arrow IPC stream body and as a JSON document, through the service's path without HTTP
 * ({@link BenchRequests#serveArrow}, {@link BenchRequests#serve}), in the same run:
 * <ul>
 * <li>{@link #arrow}: the Arrow body, aggregates only (JSON answer): {@code ArrowSampleSource}
 * → {@code Scoring};
 * <li>{@link #json}: the same doubles as a JSON document (the float64 body of
 * {@link RequestPathBenchmark}, 17 digits a probability, about 21 MB), aggregates only;
 * <li>{@link #paired}: the two alternately, request by request, timed separately (wall and
 * thread CPU time) in the same iteration: {@code arrowNanos / jsonNanos} is the ratio Arrow /
 * JSON (target: ≤ 0.35), both halves having seen the same machine;
 * <li>{@link #arrowAnswer}: the Arrow body answered as Arrow ({@code Accept:
 * application/vnd.apache.arrow.stream}): losses and gradients per sample through the
 * per-sample store (beyond the request's memory share, {@code xent.spool.memory-per-request},
 * into a spool file in a temporary directory) and {@code ArrowResponseWriter}.
 * </ul>
 * {@code batchRows}: the rows of each Arrow record batch, the whole request in one batch or in
 * batches of 256 Ki rows (the JSON document does not depend on it). <pre>
 * java -jar target/bench/benchmarks.jar ArrowRequestBenchmark -prof gc
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 8, time = 2)
@Measurement(iterations = 6, time = 2)
@Fork(value = 1, jvmArgsAppend = { "-Xms3g", "-Xmx3g", "--add-opens=java.base/java.nio=ALL-UNNAMED" })
public class ArrowRequestBenchmark {

	static final int SAMPLES = 1_000_000;

	@Param({ "1000000", "262144" })
	public int batchRows;

	byte[] arrowBody;

	BenchRequests.BinaryColumns columns;

	byte[] jsonBody;

	Path spoolDirectory;

	SpoolBudget spool;

	@Setup(Level.Trial)
	public void setUp() throws IOException {
		this.columns = BenchRequests.binaryColumns(SAMPLES, 42, true);
		this.arrowBody = BenchRequests.binaryArrow(this.columns, this.batchRows);
		this.jsonBody = BenchRequests.binary(SAMPLES, false, 42, true);
		this.spoolDirectory = Files.createTempDirectory("xent-bench-spool");
		this.spool = new SpoolBudget(this.spoolDirectory, BenchRequests.PROPERTIES.spool().budget().toBytes());
		try {
			check();
		}
		catch (RuntimeException ex) {
			tearDown();
			throw ex;
		}
	}

	/** One request of each kind: the three must give the same aggregates. */
	private void check() {
		CountingOutputStream arrow = new CountingOutputStream();
		Aggregates a = BenchRequests.serveArrow(this.arrowBody, Endpoint.BINARY, null, false, null, arrow);
		CountingOutputStream json = new CountingOutputStream();
		Aggregates j = BenchRequests.serve(this.jsonBody, Endpoint.BINARY, json);
		CountingOutputStream answer = new CountingOutputStream();
		Aggregates full = BenchRequests.serveArrow(this.arrowBody, Endpoint.BINARY, null, true, this.spool, answer);
		System.out.printf("%nArrow body %,d bytes (batches of %,d rows): mean %s, %,d bytes out; answered as Arrow: "
				+ "mean %s, %,d bytes out%nJSON body %,d bytes: mean %s%n", this.arrowBody.length, this.batchRows,
				a.mean(), arrow.count(), full.mean(), answer.count(), this.jsonBody.length, j.mean());
		Aggregates library = BenchRequests.scoreColumns(this.columns, Endpoint.BINARY);
		if (!a.equals(j) || !a.equals(full) || !a.equals(library)) {
			throw new IllegalStateException("the formats disagree: " + a + ", " + j + ", " + full + ", " + library);
		}
	}

	@TearDown(Level.Trial)
	public void tearDown() throws IOException {
		try (Stream<Path> files = Files.list(this.spoolDirectory)) {
			for (Path file : files.toList()) {
				Files.deleteIfExists(file);
			}
		}
		Files.deleteIfExists(this.spoolDirectory);
	}

	/** Wall and thread CPU time of the two halves of {@link #paired}, summed over an iteration. */
	@State(Scope.Thread)
	@AuxCounters(AuxCounters.Type.EVENTS)
	public static class PairedTimes {

		public long arrowNanos;

		public long jsonNanos;

		public long arrowCpuNanos;

		public long jsonCpuNanos;

		@Setup(Level.Iteration)
		public void reset() {
			this.arrowNanos = 0;
			this.jsonNanos = 0;
			this.arrowCpuNanos = 0;
			this.jsonCpuNanos = 0;
		}

	}

	private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

	/**
	 * Thread CPU time of the four parts of {@link #breakdown}, summed over an iteration (on
	 * a busy machine CPU time is steadier than wall time).
	 */
	@State(Scope.Thread)
	@AuxCounters(AuxCounters.Type.EVENTS)
	public static class BreakdownTimes {

		public long jsonCpuNanos;

		public long arrowCpuNanos;

		public long decodeCpuNanos;

		public long libraryCpuNanos;

		@Setup(Level.Iteration)
		public void reset() {
			this.jsonCpuNanos = 0;
			this.arrowCpuNanos = 0;
			this.decodeCpuNanos = 0;
			this.libraryCpuNanos = 0;
		}

	}

	/**
	 * {@link #json}, {@link #arrow}, {@link #arrowDecode} and {@link #library} in turn, each
	 * timed (thread CPU time): where the Arrow request's time goes, and the library against
	 * the service's path, in one run.
	 */
	@Benchmark
	public long breakdown(BreakdownTimes times) throws IOException {
		long t0 = THREADS.getCurrentThreadCpuTime();
		long written = json();
		long t1 = THREADS.getCurrentThreadCpuTime();
		written += arrow();
		long t2 = THREADS.getCurrentThreadCpuTime();
		written += arrowDecode();
		long t3 = THREADS.getCurrentThreadCpuTime();
		written += (long) library();
		long t4 = THREADS.getCurrentThreadCpuTime();
		times.jsonCpuNanos += t1 - t0;
		times.arrowCpuNanos += t2 - t1;
		times.decodeCpuNanos += t3 - t2;
		times.libraryCpuNanos += t4 - t3;
		return written;
	}

	@Benchmark
	public long paired(PairedTimes times) {
		long cpuStart = THREADS.getCurrentThreadCpuTime();
		long start = System.nanoTime();
		long written = json();
		long middle = System.nanoTime();
		long cpuMiddle = THREADS.getCurrentThreadCpuTime();
		written += arrow();
		long end = System.nanoTime();
		long cpuEnd = THREADS.getCurrentThreadCpuTime();
		times.jsonNanos += middle - start;
		times.arrowNanos += end - middle;
		times.jsonCpuNanos += cpuMiddle - cpuStart;
		times.arrowCpuNanos += cpuEnd - cpuMiddle;
		return written;
	}

	@Benchmark
	public long arrow() {
		CountingOutputStream out = new CountingOutputStream();
		BenchRequests.serveArrow(this.arrowBody, Endpoint.BINARY, null, false, null, out);
		return out.count();
	}

	@Benchmark
	public long json() {
		CountingOutputStream out = new CountingOutputStream();
		BenchRequests.serve(this.jsonBody, Endpoint.BINARY, out);
		return out.count();
	}

	/**
	 * The Arrow body's decoding alone: every sample batch of {@code ArrowSampleSource}, not
	 * scored (what {@link #arrow} spends besides the library).
	 */
	@Benchmark
	public long arrowDecode() throws IOException {
		return BenchRequests.decodeArrow(this.arrowBody, Endpoint.BINARY);
	}

	/**
	 * The library alone: the same samples, the double arrays as one batch, straight into
	 * {@code Scoring} (check, kernel, sums) with the endpoint's {@code Loss}: what an
	 * in-process caller of the library spends, and what {@link #arrow} spends besides its
	 * decoding.
	 */
	@Benchmark
	public double library() {
		return BenchRequests.scoreColumns(this.columns, Endpoint.BINARY).sum();
	}

	@Benchmark
	public long arrowAnswer() {
		CountingOutputStream out = new CountingOutputStream();
		BenchRequests.serveArrow(this.arrowBody, Endpoint.BINARY, null, true, this.spool, out);
		return out.count();
	}

}
