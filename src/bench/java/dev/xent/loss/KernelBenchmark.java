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
 * columns for multi-label and categorical), each as one {@link SampleBatch} through its
 * endpoint's {@link Loss} ({@link BinaryLoss}, {@link CategoricalLoss}) with default options.
 * {@link #score} computes losses and gradients (the full response: {@link Loss#evaluate} into
 * the per-sample arrays with the {@link NeumaierSum}s, then {@link Loss#scaleGradients} for the
 * mean, the pass the response writer makes), {@link #sumOnly} the aggregates alone;
 * {@link #validate} is {@link Loss#check}, the check of every value that {@link Scoring#accept}
 * runs before the kernel.
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

	private Loss loss;

	private SampleBatch batch;

	private double[] losses;

	private double[] weights;

	private double[] raw;

	private double[] gradients;

	@Setup
	public void setUp() {
		SplittableRandom random = new SplittableRandom(1);
		Violations v = new Violations();
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
			this.loss = BinaryLoss.of(new BinaryLoss.Options(logits ? InputType.LOGITS : InputType.PROBABILITIES,
					vector, null, null, null, null, null), v);
			this.batch = new SampleBatch(0, SAMPLES, k, x, y, k, null, null, 0, null, null, null);
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
			this.loss = CategoricalLoss.of(new CategoricalLoss.Options(type, null, null, null, null, null), v);
			this.batch = new SampleBatch(0, SAMPLES, COLUMNS, x, null, 0, withLabels ? labels : null,
					withLabels ? null : targets, withLabels ? 0 : COLUMNS, null, null, null);
		}
		// What Scoring does with a request's first batch: the options that need its width, then
		// every value.
		this.loss.start(this.batch, v);
		this.loss.check(this.batch, v);
		v.throwIfAny();
		int values = this.batch.rows() * this.batch.width();
		this.losses = new double[SAMPLES];
		this.weights = new double[SAMPLES];
		this.raw = new double[values];
		this.gradients = new double[values];
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

	/** Losses and the mean's gradients (includeLosses and includeGradients true). */
	@Benchmark
	@OperationsPerInvocation(SAMPLES)
	public double score() {
		NeumaierSum sum = new NeumaierSum();
		NeumaierSum weightSum = new NeumaierSum();
		this.loss.evaluate(this.batch, this.losses, this.weights, this.raw, sum, weightSum);
		double ws = weightSum.value();
		this.loss.scaleGradients((ws > 0) ? 1.0 / ws : 0.0, this.weights, this.raw, this.batch.rows(),
				this.batch.width(), this.gradients);
		return sum.value();
	}

	/** The aggregates only (includeLosses and includeGradients false). */
	@Benchmark
	@OperationsPerInvocation(SAMPLES)
	public double sumOnly() {
		NeumaierSum sum = new NeumaierSum();
		this.loss.evaluate(this.batch, null, null, null, sum, new NeumaierSum());
		return sum.value();
	}

	@Benchmark
	@OperationsPerInvocation(SAMPLES)
	public Violations validate() {
		Violations v = new Violations();
		this.loss.check(this.batch, v);
		return v;
	}

}
