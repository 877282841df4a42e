package dev.xent.web;

import java.util.concurrent.TimeUnit;

import dev.xent.codec.json.CountingOutputStream;
import dev.xent.loss.options.ParsedBody;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A 32-sample binary request with losses and gradients returned (about 500 bytes):
 * {@link #scoreAndWrite} is validation + computation + response writing from the parsed body
 * (options, loss, shapes, {@link dev.xent.loss.Scoring}, the per-sample store and the JSON
 * writer; target: under 20 µs), {@link #endToEnd} adds the parse of the body bytes
 * ({@link BenchRequests#serve}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SmallRequestBenchmark {

	byte[] body;

	ParsedBody parsed;

	@Setup
	public void setUp() {
		this.body = BenchRequests.binary(32, true, 7);
		this.parsed = BenchRequests.read(this.body, Endpoint.BINARY).fields();
	}

	@Benchmark
	public long scoreAndWrite() {
		CountingOutputStream out = new CountingOutputStream();
		BenchRequests.scoreAndWrite(BenchRequests.document(this.parsed, Endpoint.BINARY), Endpoint.BINARY, out);
		return out.count();
	}

	@Benchmark
	public long endToEnd() {
		CountingOutputStream out = new CountingOutputStream();
		BenchRequests.serve(this.body, Endpoint.BINARY, out);
		return out.count();
	}

}
