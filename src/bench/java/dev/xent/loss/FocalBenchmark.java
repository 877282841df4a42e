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
 * Binary focal loss against binary cross-entropy on the same batch of 1,000,000 samples
 * (0/1 labels drawn from the predictions, no sample weights), in ns per sample, each as
 * one {@link SampleBatch} through its {@link Loss} ({@link BinaryFocalLoss},
 * {@link BinaryLoss}) the way {@link Scoring} runs it: {@link #score} computes losses and
 * gradients into the per-sample arrays with the {@link NeumaierSum}s, then
 * {@link Loss#scaleGradients} for the mean (the full response); {@link #sumOnly} the
 * aggregates alone. The target is focal ≤ 1.3× cross-entropy for the default γ = 2.
 * <p>
 * Uses only the main API, so it compiles on its own:
 * {@code ./mvnw -Pbench package -DskipTests && java -jar target/bench/benchmarks.jar FocalBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = { "-Xms2g", "-Xmx2g" })
public class FocalBenchmark {

	static final int SAMPLES = 1_000_000;

	@Param({ "probabilities", "logits" })
	public String input;

	/** cross-entropy, or focal with γ (and α 0.25 for "focal-2-alpha"). */
	@Param({ "cross-entropy", "focal-2", "focal-2-alpha", "focal-0.5", "focal-1.5" })
	public String loss;

	private Loss kernel;

	private SampleBatch batch;

	private double[] losses;

	private double[] weights;

	private double[] raw;

	private double[] gradients;

	@Setup
	public void setUp() {
		SplittableRandom random = new SplittableRandom(1);
		boolean logits = this.input.equals("logits");
		double[] x = new double[SAMPLES];
		double[] y = new double[SAMPLES];
		for (int i = 0; i < SAMPLES; i++) {
			double p = random.nextDouble();
			x[i] = logits ? Math.log(p / (1 - p)) : p;
			y[i] = (random.nextDouble() < p) ? 1 : 0;
		}
		InputType type = logits ? InputType.LOGITS : InputType.PROBABILITIES;
		Violations v = new Violations();
		if (this.loss.equals("cross-entropy")) {
			this.kernel = BinaryLoss.of(new BinaryLoss.Options(type, true, null, null, null, null, null), v);
		}
		else {
			String[] parts = this.loss.split("-");
			Double alpha = (parts.length > 2) ? 0.25 : null;
			this.kernel = BinaryFocalLoss.of(
					new BinaryFocalLoss.Options(type, true, Double.parseDouble(parts[1]), alpha, null, null, null), v);
		}
		this.batch = new SampleBatch(0, SAMPLES, 1, x, y, 1, null, null, 0, null, null, null);
		this.kernel.start(this.batch, v);
		this.kernel.check(this.batch, v);
		v.throwIfAny();
		this.losses = new double[SAMPLES];
		this.weights = new double[SAMPLES];
		this.raw = new double[SAMPLES];
		this.gradients = new double[SAMPLES];
	}

	@Benchmark
	@OperationsPerInvocation(SAMPLES)
	public double score() {
		NeumaierSum sum = new NeumaierSum();
		NeumaierSum weightSum = new NeumaierSum();
		this.kernel.evaluate(this.batch, this.losses, this.weights, this.raw, sum, weightSum);
		this.kernel.scaleGradients(1.0 / weightSum.value(), this.weights, this.raw, SAMPLES, 1, this.gradients);
		return sum.value() + this.gradients[SAMPLES - 1];
	}

	/** The aggregates only (includeLosses and includeGradients false). */
	@Benchmark
	@OperationsPerInvocation(SAMPLES)
	public double sumOnly() {
		NeumaierSum sum = new NeumaierSum();
		NeumaierSum weightSum = new NeumaierSum();
		this.kernel.evaluate(this.batch, null, null, null, sum, weightSum);
		return sum.value() + weightSum.value();
	}

}
