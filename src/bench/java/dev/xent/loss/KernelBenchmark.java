package dev.xent.loss;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
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
 * The kernels and the checks in front of them, in ns per sample, on 100,000 samples (K = C = 10
 * columns for multi-label and categorical). {@link #score} computes losses and gradients (the
 * full response), {@link #sumOnly} the aggregates alone; {@link #validate} is the batch
 * factory's check of every value.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = { "-Xms2g", "-Xmx2g" })
public class KernelBenchmark {

	static final int SAMPLES = 100_000;

	static final int COLUMNS = 10;

	@Param({ "binary-probabilities", "binary-logits", "multilabel-probabilities", "multilabel-logits",
			"categorical-probabilities-labels", "categorical-logits-labels", "categorical-log-probabilities-labels",
			"categorical-probabilities-targets", "categorical-logits-targets", "categorical-log-probabilities-targets" })
	public String kernel;

	private Object input;

	private LossBatch batch;

	private double[] losses;

	private double[] gradients;

	@Setup
	public void setUp() {
		SplittableRandom random = new SplittableRandom(1);
		if (this.kernel.startsWith("binary") || this.kernel.startsWith("multilabel")) {
			boolean vector = this.kernel.startsWith("binary");
			int k = vector ? 1 : COLUMNS;
			boolean logits = this.kernel.endsWith("logits");
			double[] x = new double[SAMPLES * k];
			double[] y = new double[SAMPLES * k];
			for (int i = 0; i < x.length; i++) {
				double p = random.nextDouble();
				x[i] = logits ? Math.log(p / (1 - p)) : p;
				y[i] = (random.nextDouble() < p) ? 1 : 0;
			}
			BinaryBatch.Input in = new BinaryBatch.Input(logits ? InputType.LOGITS : InputType.PROBABILITIES,
					vector ? Matrix.column(x) : new Matrix(x, SAMPLES, k), vector,
					vector ? Matrix.column(y) : new Matrix(y, SAMPLES, k), null, null, null, null, null, null);
			this.input = in;
			this.batch = BinaryBatch.of(in);
		}
		else {
			InputType type = this.kernel.startsWith("categorical-logits") ? InputType.LOGITS
					: this.kernel.startsWith("categorical-log-probabilities") ? InputType.LOG_PROBABILITIES
							: InputType.PROBABILITIES;
			double[] x = new double[SAMPLES * COLUMNS];
			long[] labels = new long[SAMPLES];
			double[] targets = new double[SAMPLES * COLUMNS];
			for (int i = 0; i < SAMPLES; i++) {
				logSoftmaxRow(random, x, i, type);
				labels[i] = random.nextInt(COLUMNS);
				logSoftmaxRow(random, targets, i, InputType.PROBABILITIES);
			}
			boolean withLabels = this.kernel.endsWith("labels");
			CategoricalBatch.Input in = new CategoricalBatch.Input(type, new Matrix(x, SAMPLES, COLUMNS),
					withLabels ? labels : null, withLabels ? null : new Matrix(targets, SAMPLES, COLUMNS), null, null,
					null, null, null, null);
			this.input = in;
			this.batch = CategoricalBatch.of(in);
		}
		this.losses = new double[SAMPLES];
		this.gradients = new double[this.batch.samples() * Math.max(1, this.batch.columns())];
	}

	/** One row of normal logits (σ = 3), as logits, probabilities or log-probabilities. */
	private static void logSoftmaxRow(SplittableRandom random, double[] into, int row, InputType as) {
		int base = row * COLUMNS;
		double max = Double.NEGATIVE_INFINITY;
		for (int c = 0; c < COLUMNS; c++) {
			double u = random.nextDouble();
			double v = random.nextDouble();
			into[base + c] = 3 * Math.sqrt(-2 * Math.log1p(-u)) * Math.cos(2 * Math.PI * v);
			max = Math.max(max, into[base + c]);
		}
		if (as == InputType.LOGITS) {
			return;
		}
		double sum = 0;
		for (int c = 0; c < COLUMNS; c++) {
			sum += Math.exp(into[base + c] - max);
		}
		double logZ = max + Math.log(sum);
		for (int c = 0; c < COLUMNS; c++) {
			double logP = into[base + c] - logZ;
			into[base + c] = (as == InputType.LOG_PROBABILITIES) ? logP : Math.exp(logP);
		}
	}

	@Benchmark
	@OperationsPerInvocation(SAMPLES)
	public double score() {
		return this.batch.evaluate(1.0 / SAMPLES, this.losses, this.gradients);
	}

	/** The aggregates only (includeLosses and includeGradients false). */
	@Benchmark
	@OperationsPerInvocation(SAMPLES)
	public double sumOnly() {
		return this.batch.evaluate(1.0 / SAMPLES, null, null);
	}

	@Benchmark
	@OperationsPerInvocation(SAMPLES)
	public LossBatch validate() {
		return (this.input instanceof BinaryBatch.Input in) ? BinaryBatch.of(in)
				: CategoricalBatch.of((CategoricalBatch.Input) this.input);
	}

}
