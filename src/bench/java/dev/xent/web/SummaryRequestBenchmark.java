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
 * Issue 15's target as a request sees it: a 1,000,000-sample binary request with every
 * summary against the same request with the plain aggregates, through the service's path
 * without HTTP ({@link BenchRequests#serveSummaries}): parse or decode, one scoring pass,
 * the JSON answer (no per-sample output in either). Both bodies carry a group per sample
 * (100 keys), which the aggregates request reads and leaves unused. {@code format}: a JSON
 * document (float32 probabilities as a model prints them, options in the body) or an Arrow
 * IPC stream (float64 columns and int64 group keys, record batches of 256 Ki rows, options
 * in the query string). {@link #paired} runs the two alternately and times each (wall and
 * thread CPU time) in the same iteration; the target is summariesCpuNanos /
 * aggregatesCpuNanos ≤ 1.5. {@code SummaryBenchmark} measures the same in the library,
 * without parsing or answering.
 * <p>
 * {@code java -jar target/bench/benchmarks.jar SummaryRequestBenchmark.paired}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 6, time = 2)
@Measurement(iterations = 6, time = 2)
@Fork(value = 1, jvmArgsAppend = { "-Xms3g", "-Xmx3g", "--add-opens=java.base/java.nio=ALL-UNNAMED" })
public class SummaryRequestBenchmark {

	static final int SAMPLES = 1_000_000;

	static final int GROUPS = 100;

	static final String ALL = "stderr,accuracy,calibration,worst,groups,divergence,perplexity";

	@Param({ "json", "arrow" })
	public String format;

	/**
	 * {@code binary}, or {@code categorical}: 10 float32 logits and a class index a sample
	 * (JSON only), where top-5 accuracy joins the summaries; 400,000 samples, as a JSON
	 * document's default limit is 5,000,000 numbers.
	 */
	@Param({ "binary" })
	public String endpoint;

	/**
	 * The summaries of the second request: {@code all} of them, or a comma list (one
	 * summary, to see what each costs).
	 */
	@Param({ "all" })
	public String summaries;

	private String names;

	/**
	 * The Arrow body's group keys: {@code int64}, {@code utf8} strings ({@code "slice-17"}),
	 * or {@code dict}, the same strings dictionary-encoded (a pandas category).
	 */
	@Param({ "int64" })
	public String keys;

	private byte[] aggregatesBody;

	private byte[] summariesBody;

	private boolean arrow;

	private Endpoint path;

	@Setup(Level.Trial)
	public void setUp() {
		this.arrow = this.format.equals("arrow");
		this.names = this.summaries.equals("all") ? ALL : this.summaries;
		boolean categorical = this.endpoint.equals("categorical");
		if (categorical && this.arrow) {
			throw new IllegalArgumentException("the categorical request is a JSON body only");
		}
		this.path = categorical ? Endpoint.CATEGORICAL : Endpoint.BINARY;
		SplittableRandom random = new SplittableRandom(7);
		int samples = categorical ? 400_000 : SAMPLES;
		long[] groups = new long[samples];
		for (int i = 0; i < samples; i++) {
			groups[i] = random.nextInt(GROUPS);
		}
		if (this.arrow) {
			this.aggregatesBody = BenchRequests
				.binaryArrow(BenchRequests.binaryColumns(SAMPLES, 42, true), groups, this.keys, 262_144);
			this.summariesBody = this.aggregatesBody;
		}
		else {
			String text = categorical
					? new String(BenchRequests.categoricalLogits(400_000, 10, 42), StandardCharsets.US_ASCII)
						.replace("}", ",\"includeLosses\":false,\"includeGradients\":false}")
					: new String(BenchRequests.binary(SAMPLES, false, 42), StandardCharsets.US_ASCII);
			StringBuilder body = new StringBuilder(text.length() + SAMPLES * 4).append(text, 0, text.length() - 1)
				.append(",\"groups\":[");
			for (int i = 0; i < samples; i++) {
				body.append((i > 0) ? "," : "").append(groups[i]);
			}
			body.append(']');
			this.aggregatesBody = (body + "}").getBytes(StandardCharsets.US_ASCII);
			String[] names = this.names.split(",");
			this.summariesBody = (body + ",\"summaries\":[\"" + String.join("\",\"", names) + "\"]}")
				.getBytes(StandardCharsets.US_ASCII);
		}
		CountingOutputStream plain = new CountingOutputStream();
		Aggregates a = serve(false, plain);
		CountingOutputStream all = new CountingOutputStream();
		Aggregates b = serve(true, all);
		if (!a.equals(b)) {
			throw new IllegalStateException("the two answers score differently: " + a + " " + b);
		}
		System.out.printf("%n%s: %,d bytes in; aggregates answer %,d bytes, with summaries %,d bytes; mean %s%n",
				this.format, this.summariesBody.length, plain.count(), all.count(), a.mean());
	}

	private Aggregates serve(boolean summaries, CountingOutputStream out) {
		return BenchRequests.serveSummaries(summaries ? this.summariesBody : this.aggregatesBody, this.path,
				this.arrow, summaries ? "summaries=" + this.names : null, out);
	}

	/** Wall and thread CPU time of the two halves of {@link #paired}, summed per iteration. */
	@State(Scope.Thread)
	@AuxCounters(AuxCounters.Type.EVENTS)
	public static class PairedTimes {

		public long aggregatesNanos;

		public long summariesNanos;

		public long aggregatesCpuNanos;

		public long summariesCpuNanos;

		@Setup(Level.Iteration)
		public void reset() {
			this.aggregatesNanos = 0;
			this.summariesNanos = 0;
			this.aggregatesCpuNanos = 0;
			this.summariesCpuNanos = 0;
		}

	}

	private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

	@Benchmark
	public long paired(PairedTimes times) {
		long cpuStart = THREADS.getCurrentThreadCpuTime();
		long start = System.nanoTime();
		long plain = aggregates();
		long middle = System.nanoTime();
		long cpuMiddle = THREADS.getCurrentThreadCpuTime();
		long all = allSummaries();
		long end = System.nanoTime();
		long cpuEnd = THREADS.getCurrentThreadCpuTime();
		times.aggregatesNanos += middle - start;
		times.summariesNanos += end - middle;
		times.aggregatesCpuNanos += cpuMiddle - cpuStart;
		times.summariesCpuNanos += cpuEnd - cpuMiddle;
		return plain + all;
	}

	@Benchmark
	public long aggregates() {
		CountingOutputStream out = new CountingOutputStream();
		serve(false, out);
		return out.count();
	}

	@Benchmark
	public long allSummaries() {
		CountingOutputStream out = new CountingOutputStream();
		serve(true, out);
		return out.count();
	}

}
