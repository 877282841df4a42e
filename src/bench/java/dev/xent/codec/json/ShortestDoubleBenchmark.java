package dev.xent.codec.json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import dev.xent.loss.LossResult;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * ns per double of {@link ShortestDouble#format} on the doubles of a response (target: 25
 * ns): {@link #losses} (−log p, p a float32 probability, 0.6931471805599453 and 1.0E-7 to
 * 30), {@link #gradients} (p − y in (−1, 1), 16 or 17 digits, a quarter of them divided
 * by N = 10^6 and an eighth scaled down to 10^−5 and below, so in scientific notation),
 * and {@link #response}, both arrays written by {@link ScoreResponseConverter} with their
 * commas and brackets through its buffer. <pre>
 * ./mvnw -q -Pbench package -DskipTests
 * java -jar target/bench/benchmarks.jar ShortestDoubleBenchmark -f 1 -wi 3 -i 5 -w 1 -r 1
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ShortestDoubleBenchmark {

	static final int COUNT = 4096;

	final double[] losses = new double[COUNT];

	final double[] gradients = new double[COUNT];

	final byte[] buffer = new byte[COUNT * (ShortestDouble.MAX_CHARS + 1)];

	LossResult result;

	@Setup
	public void setUp() {
		SplittableRandom random = new SplittableRandom(42);
		for (int i = 0; i < COUNT; i++) {
			double p = (float) random.nextDouble(1e-7, 1);
			this.losses[i] = switch (i % 8) {
				case 0 -> Math.log(2);
				case 1 -> -Math.log1p(-random.nextDouble(1e-7, 1e-3));
				default -> -Math.log(p);
			};
			double gradient = p - ((i % 3 == 0) ? 1 : 0);
			this.gradients[i] = switch (i % 8) {
				case 0 -> gradient * 1e-4;
				case 1, 2 -> gradient / 1e6;
				default -> gradient;
			};
		}
		this.result = new LossResult(COUNT, COUNT, 1.5, 1.5 / COUNT, this.losses, this.gradients, COUNT, 0);
	}

	@Benchmark
	@OperationsPerInvocation(COUNT)
	public int losses() {
		int at = 0;
		for (double value : this.losses) {
			at = ShortestDouble.format(value, this.buffer, at);
		}
		return at;
	}

	@Benchmark
	@OperationsPerInvocation(COUNT)
	public int gradients() {
		int at = 0;
		for (double value : this.gradients) {
			at = ShortestDouble.format(value, this.buffer, at);
		}
		return at;
	}

	@Benchmark
	@OperationsPerInvocation(2 * COUNT)
	public long response() {
		BenchRequests.CountingOutputStream out = new BenchRequests.CountingOutputStream();
		try {
			BenchRequests.WRITER.write(this.result, out);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return out.count;
	}

}
