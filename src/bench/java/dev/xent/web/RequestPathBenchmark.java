package dev.xent.web;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.TimeUnit;

import dev.xent.codec.json.CountingOutputStream;
import dev.xent.codec.json.JsonDocument;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Large requests near the parse limit, end to end without HTTP, through the service's path
 * ({@link BenchRequests#serve}: body bytes → {@link JsonDocument} → options and loss → scoring,
 * per-sample results into the store when asked → the JSON answer to a counting stream),
 * against the baseline {@link #jacksonParse}:
 * Jackson alone stream-parsing the same bytes. The targets are ratios of the two, each taken
 * within one run (see {@link PerformanceReport}). On a shared machine the load changes between
 * two benchmarks, so {@link #paired} also times the two alternately, request by request, in the
 * same iteration: its ratio of the summed times is the one that the targets are checked with.
 * <ul>
 * <li>{@code binary-1M-aggregates}: 1,000,000 probabilities and 0/1 labels, includeLosses and
 * includeGradients false (about 13 MB);
 * <li>{@code binary-1M-full}: the same samples with losses and gradients returned;
 * <li>{@code categorical-100k×10-full}: 100,000 × 10 logits with class labels, full output;
 * <li>{@code binary-1M-float64-aggregates}: not a target, a check: the aggregates-only request
 * with float64 probabilities of 17 digits (about 21 MB), which take FastDoubleParser's path.
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 8, time = 2)
@Measurement(iterations = 6, time = 2)
@Fork(value = 1, jvmArgsAppend = { "-Xms3g", "-Xmx3g" })
public class RequestPathBenchmark {

	@Param({ "binary-1M-aggregates", "binary-1M-full", "categorical-100kx10-full", "binary-1M-float64-aggregates" })
	public String request;

	byte[] body;

	Endpoint endpoint;

	@Setup(Level.Trial)
	public void setUp() {
		switch (this.request) {
			case "binary-1M-aggregates" -> {
				this.body = BenchRequests.binary(1_000_000, false, 42);
				this.endpoint = Endpoint.BINARY;
			}
			case "binary-1M-full" -> {
				this.body = BenchRequests.binary(1_000_000, true, 42);
				this.endpoint = Endpoint.BINARY;
			}
			case "binary-1M-float64-aggregates" -> {
				this.body = BenchRequests.binary(1_000_000, false, 42, true);
				this.endpoint = Endpoint.BINARY;
			}
			case "categorical-100kx10-full" -> {
				this.body = BenchRequests.categoricalLogits(100_000, 10, 42);
				this.endpoint = Endpoint.CATEGORICAL;
			}
			default -> throw new IllegalArgumentException(this.request);
		}
		CountingOutputStream out = new CountingOutputStream();
		Aggregates result = BenchRequests.serve(this.body, this.endpoint, out);
		System.out.printf("%n%s: %,d bytes in, %,d bytes out, mean %s%n", this.request, this.body.length, out.count(),
				result.mean());
	}

	/**
	 * Wall time and CPU time of the benchmark thread for the two halves of {@link #paired},
	 * summed over an iteration. The CPU time leaves out the time the thread waited for a core
	 * that another process had, and also the collector's own threads.
	 */
	@State(Scope.Thread)
	@AuxCounters(AuxCounters.Type.EVENTS)
	public static class PairedTimes {

		public long parseNanos;

		public long endToEndNanos;

		public long parseCpuNanos;

		public long endToEndCpuNanos;

		@Setup(Level.Iteration)
		public void reset() {
			this.parseNanos = 0;
			this.endToEndNanos = 0;
			this.parseCpuNanos = 0;
			this.endToEndCpuNanos = 0;
		}

	}

	private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

	@Benchmark
	public long paired(PairedTimes times) {
		long cpuStart = THREADS.getCurrentThreadCpuTime();
		long start = System.nanoTime();
		double parsed = BenchRequests.rawParse(this.body);
		long middle = System.nanoTime();
		long cpuMiddle = THREADS.getCurrentThreadCpuTime();
		long written = endToEnd();
		long end = System.nanoTime();
		long cpuEnd = THREADS.getCurrentThreadCpuTime();
		times.parseNanos += middle - start;
		times.endToEndNanos += end - middle;
		times.parseCpuNanos += cpuMiddle - cpuStart;
		times.endToEndCpuNanos += cpuEnd - cpuMiddle;
		return written + (long) parsed;
	}

	@Benchmark
	public double jacksonParse() {
		return BenchRequests.rawParse(this.body);
	}

	/** The service's reader alone: the whole document into primitive arrays. */
	@Benchmark
	public JsonDocument read() {
		return BenchRequests.read(this.body, this.endpoint);
	}

	@Benchmark
	public long endToEnd() {
		CountingOutputStream out = new CountingOutputStream();
		BenchRequests.serve(this.body, this.endpoint, out);
		return out.count();
	}

}
