package dev.xent.loss;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of evaluation summaries, in ns per sample, on one batch of 1,000,000 samples (K
 * = C = 10 columns for multi-label and categorical): {@link #aggregates} is a request's
 * {@link Scoring} with the plain aggregates (check, kernel, sums), {@link #allSummaries}
 * the same with every summary at once (stderr, accuracy, calibration, worst, groups over
 * 100 groups, divergence, perplexity; top-5 for categorical). The target is
 * allSummaries ≤ 1.5 × aggregates; {@link #paired} runs the two alternately and times each
 * (thread CPU time), the robust measure of that ratio on a busy machine; {@link #each} is
 * the aggregates with one summary at a time.
 * <p>
 * {@code java -jar target/bench/benchmarks.jar SummaryBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = { "-Xms3g", "-Xmx3g" })
public class SummaryBenchmark {

	static final int SAMPLES = 1_000_000;

	static final int COLUMNS = 10;

	static final int GROUPS = 100;

	@Param({ "binary-probabilities", "binary-logits", "multilabel-probabilities", "categorical-logits-labels",
			"categorical-probabilities-labels" })
	public String endpoint;

	private SampleBatch batch;

	private Summaries.Family family;

	private InputType type;

	private GroupKeys keys;

	@Setup
	public void setUp() {
		SplittableRandom random = new SplittableRandom(1);
		this.family = this.endpoint.startsWith("binary") ? Summaries.Family.BINARY
				: this.endpoint.startsWith("multilabel") ? Summaries.Family.MULTILABEL : Summaries.Family.CATEGORICAL;
		this.type = this.endpoint.contains("logits") ? InputType.LOGITS : InputType.PROBABILITIES;
		int width = (this.family == Summaries.Family.BINARY) ? 1 : COLUMNS;
		double[] x = new double[SAMPLES * width];
		double[] y = null;
		long[] classes = null;
		if (this.family == Summaries.Family.CATEGORICAL) {
			classes = new long[SAMPLES];
			for (int i = 0; i < SAMPLES; i++) {
				double sum = 0;
				for (int c = 0; c < COLUMNS; c++) {
					double z = 3 * random.nextGaussian();
					x[i * COLUMNS + c] = (this.type == InputType.LOGITS) ? z : Math.exp(z);
					sum += Math.exp(z);
				}
				if (this.type == InputType.PROBABILITIES) {
					for (int c = 0; c < COLUMNS; c++) {
						x[i * COLUMNS + c] /= sum;
					}
				}
				classes[i] = random.nextInt(COLUMNS);
			}
		}
		else {
			y = new double[SAMPLES * width];
			for (int i = 0; i < x.length; i++) {
				double p = random.nextDouble();
				x[i] = (this.type == InputType.LOGITS) ? Math.log(p / (1 - p)) : p;
				y[i] = (random.nextDouble() < p) ? 1 : 0;
			}
		}
		this.keys = new GroupKeys(GROUPS);
		int[] groups = new int[SAMPLES];
		for (int i = 0; i < SAMPLES; i++) {
			groups[i] = this.keys.id("group-" + random.nextInt(GROUPS));
		}
		this.batch = new SampleBatch(0, SAMPLES, width, x, y, (y != null) ? width : 0, classes, null, 0, null, groups,
				null);
	}

	private Loss loss() {
		Violations v = new Violations();
		Loss loss = (this.family == Summaries.Family.CATEGORICAL)
				? CategoricalLoss.of(new CategoricalLoss.Options(this.type, null, null, null, null, null), v)
				: BinaryLoss.of(new BinaryLoss.Options(this.type, this.family == Summaries.Family.BINARY, null, null,
						null, null, null), v);
		v.throwIfAny();
		return loss;
	}

	/**
	 * Thread CPU time of the two halves of {@link #paired}, summed over an iteration: the
	 * ratio allSummariesCpuNanos / aggregatesCpuNanos is the target's, both halves having
	 * seen the same machine.
	 */
	@State(Scope.Thread)
	@AuxCounters(AuxCounters.Type.EVENTS)
	public static class PairedTimes {

		public long aggregatesCpuNanos;

		public long allSummariesCpuNanos;

		@Setup(Level.Iteration)
		public void reset() {
			this.aggregatesCpuNanos = 0;
			this.allSummariesCpuNanos = 0;
		}

	}

	private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

	/** {@link #aggregates} then {@link #allSummaries}, each timed (thread CPU time). */
	@Benchmark
	@OperationsPerInvocation(2 * SAMPLES)
	public double paired(PairedTimes times) {
		long t0 = THREADS.getCurrentThreadCpuTime();
		Aggregates a = aggregates();
		long t1 = THREADS.getCurrentThreadCpuTime();
		SummaryReport r = allSummaries();
		long t2 = THREADS.getCurrentThreadCpuTime();
		times.aggregatesCpuNanos += t1 - t0;
		times.allSummariesCpuNanos += t2 - t1;
		return a.sum() + r.kinds().size();
	}

	@Benchmark
	@OperationsPerInvocation(SAMPLES)
	public Aggregates aggregates() {
		Scoring scoring = new Scoring(loss(), Reduction.MEAN, null, Long.MAX_VALUE);
		scoring.accept(this.batch);
		return scoring.finish();
	}

	/** One summary at a time, for {@link #each}. */
	@State(Scope.Thread)
	public static class One {

		@Param({ "stderr", "accuracy", "calibration", "worst", "groups", "divergence", "perplexity" })
		public String summary;

	}

	/** The aggregates with one summary: what each costs ({@link One}). */
	@Benchmark
	@OperationsPerInvocation(SAMPLES)
	public SummaryReport each(One one) {
		return summaries(new String[] { one.summary });
	}

	@Benchmark
	@OperationsPerInvocation(SAMPLES)
	public SummaryReport allSummaries() {
		return summaries(new String[] { "stderr", "accuracy", "calibration", "worst", "groups", "divergence",
				"perplexity" });
	}

	private SummaryReport summaries(String[] names) {
		Violations v = new Violations();
		Summaries summaries = Summaries.of(new Summaries.Options(names, null, null, null, null),
				new Summaries.Convention(this.family, this.type, null, null, null, false, null, true, List.of()), v);
		v.throwIfAny();
		Scoring scoring = new Scoring(loss(), Reduction.MEAN, null, Long.MAX_VALUE, summaries);
		scoring.accept(this.batch);
		return summaries.report(scoring.finish(), this.keys);
	}

}
