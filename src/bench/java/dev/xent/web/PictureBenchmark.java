package dev.xent.web;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

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
import org.openjdk.jmh.annotations.Warmup;

/**
 * A picture of a 1,000,000-sample request against its JSON aggregates answer, through the
 * service's path without HTTP ({@link BenchRequests#servePicture}, {@link BenchRequests#serve}):
 * the same binary probabilities and labels (about 13 MB), once answered with the aggregates as
 * JSON, once with {@code plot} and the SVG. The picture is drawn from bins accumulated in the
 * same pass (the loss histogram, the calibration bins, the groups' moments), so its extra cost
 * is that accumulation and one chart, whatever N. The target: SVG ≤ 1.2 × JSON. As in
 * {@link RequestPathBenchmark}, {@link #paired} times the two alternately, request by request,
 * in the same iteration; its ratio of the summed times is the one the target is checked with.
 * <p>
 * For {@code groups} both bodies carry a group per sample (four keys), which the JSON
 * aggregates answer reads and leaves unused.
 * <p>
 * {@code java -jar target/bench/benchmarks.jar PictureBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 6, time = 2)
@Measurement(iterations = 6, time = 2)
@Fork(value = 1, jvmArgsAppend = { "-Xms3g", "-Xmx3g", "-Djava.awt.headless=true" })
public class PictureBenchmark {

	static final int SAMPLES = 1_000_000;

	@Param({ "losses", "reliability", "groups" })
	public String plot;

	byte[] json;

	byte[] picture;

	@Setup(Level.Trial)
	public void setUp() {
		byte[] body = BenchRequests.binary(SAMPLES, false, 42);
		String text = new String(body, StandardCharsets.US_ASCII);
		text = text.substring(0, text.length() - 1);
		if (this.plot.equals("groups")) {
			String[] keys = { "\"en\"", "\"de\"", "\"fr\"", "\"es\"" };
			SplittableRandom random = new SplittableRandom(7);
			StringBuilder groups = new StringBuilder(SAMPLES * 5).append(",\"groups\":[");
			for (int i = 0; i < SAMPLES; i++) {
				groups.append((i > 0) ? "," : "").append(keys[random.nextInt(keys.length)]);
			}
			text += groups.append(']');
		}
		this.json = (text + "}").getBytes(StandardCharsets.US_ASCII);
		this.picture = (text + ",\"plot\":\"" + this.plot + "\"}").getBytes(StandardCharsets.US_ASCII);
		CountingOutputStream jsonOut = new CountingOutputStream();
		Aggregates a = BenchRequests.serve(this.json, Endpoint.BINARY, jsonOut);
		CountingOutputStream svgOut = new CountingOutputStream();
		Aggregates b = BenchRequests.servePicture(this.picture, Endpoint.BINARY, svgOut);
		if (!a.equals(b)) {
			throw new IllegalStateException("the two answers score differently: " + a + " " + b);
		}
		System.out.printf("%n%s: %,d bytes in; JSON answer %,d bytes, SVG answer %,d bytes; mean %s%n", this.plot,
				this.picture.length, jsonOut.count(), svgOut.count(), a.mean());
	}

	/** Wall and thread CPU time of the two halves of {@link #paired}, summed per iteration. */
	@State(Scope.Thread)
	@AuxCounters(AuxCounters.Type.EVENTS)
	public static class PairedTimes {

		public long jsonNanos;

		public long svgNanos;

		public long jsonCpuNanos;

		public long svgCpuNanos;

		@Setup(Level.Iteration)
		public void reset() {
			this.jsonNanos = 0;
			this.svgNanos = 0;
			this.jsonCpuNanos = 0;
			this.svgCpuNanos = 0;
		}

	}

	private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

	@Benchmark
	public long paired(PairedTimes times) {
		long cpuStart = THREADS.getCurrentThreadCpuTime();
		long start = System.nanoTime();
		long json = jsonAggregates();
		long middle = System.nanoTime();
		long cpuMiddle = THREADS.getCurrentThreadCpuTime();
		long svg = svgPicture();
		long end = System.nanoTime();
		long cpuEnd = THREADS.getCurrentThreadCpuTime();
		times.jsonNanos += middle - start;
		times.svgNanos += end - middle;
		times.jsonCpuNanos += cpuMiddle - cpuStart;
		times.svgCpuNanos += cpuEnd - cpuMiddle;
		return json + svg;
	}

	@Benchmark
	public long jsonAggregates() {
		CountingOutputStream out = new CountingOutputStream();
		BenchRequests.serve(this.json, Endpoint.BINARY, out);
		return out.count();
	}

	@Benchmark
	public long svgPicture() {
		CountingOutputStream out = new CountingOutputStream();
		BenchRequests.servePicture(this.picture, Endpoint.BINARY, out);
		return out.count();
	}

}
