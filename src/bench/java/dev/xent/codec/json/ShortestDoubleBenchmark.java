package dev.xent.codec.json;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import dev.xent.loss.json.ShortestDouble;
import dev.xent.codec.PerSampleStore;
import dev.xent.loss.Aggregates;
import dev.xent.loss.BinaryLoss;
import dev.xent.loss.InputType;
import dev.xent.loss.Violations;
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
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.core.json.JsonFactory;

/**
 * ns per double of {@link ShortestDouble#format} on the doubles of a response (target: 25
 * ns): {@link #losses} (−log p, p a float32 probability, 0.6931471805599453 and 1.0E-7 to
 * 30), {@link #gradients} (p − y in (−1, 1), 16 or 17 digits, a quarter of them divided
 * by N = 10^6 and an eighth scaled down to 10^−5 and below, so in scientific notation),
 * and {@link #response}, both arrays written by {@link JsonResponseWriter} from a
 * {@link PerSampleStore} (the binary loss's gradient finish with the sum's scale, which keeps
 * them as they are) with their commas and brackets through its buffer.
 * <p>
 * The baseline, per double on the same doubles: Jackson 3's {@link JsonGenerator} writing
 * them as one JSON array into a byte array. {@link #jacksonLosses} and
 * {@link #jacksonGradients} with a default {@link JsonFactory}, whose double writer is
 * {@code Double.toString} (on JDK 17 the older algorithm, which is not always the shortest);
 * {@link #jacksonFastLosses} and {@link #jacksonFastGradients} with
 * {@link StreamWriteFeature#USE_FAST_DOUBLE_WRITER}, Jackson's Schubfach: the same characters
 * as {@link ShortestDouble} (the service's former setting). Each of these adds a comma per
 * double, which {@link #losses} and {@link #gradients} do not write. <pre>
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

	/** Jackson 3 as it comes. */
	static final JsonFactory JACKSON = JsonFactory.builder().build();

	/** Jackson 3 with its Schubfach writer. */
	static final JsonFactory JACKSON_FAST = JsonFactory.builder().enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER).build();

	final double[] losses = new double[COUNT];

	final double[] gradients = new double[COUNT];

	final byte[] buffer = new byte[COUNT * (ShortestDouble.MAX_CHARS + 1)];

	final ByteArraySink sink = new ByteArraySink(this.buffer);

	Aggregates aggregates;

	PerSampleStore store;

	JsonResponseWriter.GradientScaler scaler;

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
		double[] weights = new double[COUNT];
		java.util.Arrays.fill(weights, 1.0);
		this.store = new PerSampleStore(true, Long.MAX_VALUE, null);
		this.store.append(COUNT, 1, this.losses, weights, this.gradients);
		this.aggregates = new Aggregates(COUNT, COUNT, 1.5, 1.5 / COUNT, COUNT, 1, true);
		BinaryLoss loss = BinaryLoss.of(
				new BinaryLoss.Options(InputType.PROBABILITIES, true, null, null, null, null, null), new Violations());
		this.scaler = (w, raw, rows, width, out) -> loss.scaleGradients(1.0, w, raw, rows, width, out);
		// The response must hold the very doubles the other benchmarks format.
		CountingOutputStream out = new CountingOutputStream();
		response(out);
		int expected = losses() + gradients() + 2 * (COUNT - 1) + 4;
		if (out.count() < expected) {
			throw new IllegalStateException("response of " + out.count() + " bytes, expected more than " + expected);
		}
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
		CountingOutputStream out = new CountingOutputStream();
		response(out);
		return out.count();
	}

	private void response(OutputStream out) {
		try {
			JsonResponseWriter.write(this.aggregates, this.store, true, true, this.scaler, out);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Benchmark
	@OperationsPerInvocation(COUNT)
	public int jacksonLosses() {
		return jackson(JACKSON, this.losses);
	}

	@Benchmark
	@OperationsPerInvocation(COUNT)
	public int jacksonGradients() {
		return jackson(JACKSON, this.gradients);
	}

	@Benchmark
	@OperationsPerInvocation(COUNT)
	public int jacksonFastLosses() {
		return jackson(JACKSON_FAST, this.losses);
	}

	@Benchmark
	@OperationsPerInvocation(COUNT)
	public int jacksonFastGradients() {
		return jackson(JACKSON_FAST, this.gradients);
	}

	/** The doubles as one JSON array, through a generator, into {@link #buffer}. */
	private int jackson(JsonFactory factory, double[] values) {
		this.sink.length = 0;
		try (JsonGenerator generator = factory.createGenerator(ObjectWriteContext.empty(), this.sink)) {
			generator.writeStartArray();
			for (double value : values) {
				generator.writeNumber(value);
			}
			generator.writeEndArray();
		}
		return this.sink.length;
	}

	/** A stream into a byte array of a fixed size, written again from the start each time. */
	static final class ByteArraySink extends OutputStream {

		final byte[] bytes;

		int length;

		ByteArraySink(byte[] bytes) {
			this.bytes = bytes;
		}

		@Override
		public void write(int b) {
			this.bytes[this.length++] = (byte) b;
		}

		@Override
		public void write(byte[] b, int off, int len) {
			System.arraycopy(b, off, this.bytes, this.length, len);
			this.length += len;
		}

	}

}
