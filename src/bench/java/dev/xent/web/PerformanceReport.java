package dev.xent.web;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs the benchmarks of issue #5 in one JMH run and prints the figures the targets are stated
 * in: ns/sample per kernel, end-to-end time over Jackson's parse time of the same bytes (each
 * ratio from the same run), bytes allocated per request against the request's numbers held as
 * doubles, and µs per 32-sample request.
 * <pre>
 * ./mvnw -Pbench package -DskipTests
 * java -cp target/bench/benchmarks.jar dev.xent.web.PerformanceReport [kernels] [requests] [small] [arrow]
 * </pre>
 * With no argument it runs the first three groups (about six minutes on two cores); {@code arrow}
 * ({@link ArrowRequestBenchmark}: an Arrow body against the same doubles as JSON) runs only when
 * named.
 */
public final class PerformanceReport {

	/** Numbers in each large request: its bytes as doubles are 8 × this. */
	private static final Map<String, Long> NUMBERS = Map.of("binary-1M-aggregates", 2_000_000L, "binary-1M-full",
			2_000_000L, "categorical-100kx10-full", 1_100_000L, "binary-1M-float64-aggregates", 2_000_000L);

	/** The targets: end to end within this many times the parse. */
	private static final Map<String, Double> TARGETS = Map.of("binary-1M-aggregates", 1.3, "binary-1M-full", 2.5,
			"categorical-100kx10-full", 2.0, "binary-1M-float64-aggregates", Double.NaN);

	private PerformanceReport() {
	}

	public static void main(String[] args) throws RunnerException {
		List<String> groups = (args.length == 0) ? List.of("kernels", "requests", "small") : List.of(args);
		List<String> report = new ArrayList<>();
		if (groups.contains("kernels")) {
			report.addAll(kernels(run(dev.xent.loss.KernelBenchmark.class.getName(), false)));
		}
		if (groups.contains("requests")) {
			report.addAll(requests(run(RequestPathBenchmark.class.getName(), true)));
		}
		if (groups.contains("small")) {
			report.addAll(small(run(SmallRequestBenchmark.class.getName(), true)));
		}
		if (groups.contains("arrow")) {
			report.addAll(arrow(run(ArrowRequestBenchmark.class.getName(), true)));
		}
		System.out.println();
		report.forEach(System.out::println);
	}

	private static Collection<RunResult> run(String benchmark, boolean gc) throws RunnerException {
		ChainedOptionsBuilder options = new OptionsBuilder().include(benchmark.replace(".", "\\.") + "\\.");
		if (gc) {
			options.addProfiler(GCProfiler.class);
		}
		return new Runner(options.build()).run();
	}

	private static List<String> kernels(Collection<RunResult> results) {
		Map<String, double[]> rows = new LinkedHashMap<>();
		for (RunResult r : results) {
			double[] row = rows.computeIfAbsent(r.getParams().getParam("kernel"), (k) -> new double[3]);
			row[switch (method(r)) {
				case "score" -> 0;
				case "sumOnly" -> 1;
				default -> 2;
			}] = r.getPrimaryResult().getScore();
		}
		List<String> lines = new ArrayList<>();
		lines.add("| kernel (100,000 samples, K = C = 10) | losses + gradients: ns/sample | sum only: ns/sample "
				+ "| validate: ns/sample |");
		lines.add("| --- | ---: | ---: | ---: |");
		rows.forEach((kernel, row) -> lines
			.add(String.format(Locale.ROOT, "| %s | %.1f | %.1f | %.1f |", kernel, row[0], row[1], row[2])));
		lines.add("");
		return lines;
	}

	private static List<String> requests(Collection<RunResult> results) {
		Map<String, RunResult[]> rows = new LinkedHashMap<>();
		for (RunResult r : results) {
			RunResult[] row = rows.computeIfAbsent(r.getParams().getParam("request"), (k) -> new RunResult[4]);
			row[switch (method(r)) {
				case "jacksonParse" -> 0;
				case "endToEnd" -> 1;
				case "read" -> 3;
				default -> 2;
			}] = r;
		}
		List<String> lines = new ArrayList<>();
		lines.add("| request | Jackson parse, ms | service's reader, ms | end to end, ms | ratio | paired ratio, wall "
				+ "| paired ratio, CPU | target | allocated per request | numbers as doubles | allocated / doubles |");
		lines.add("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
		rows.forEach((request, row) -> {
			if (row[0] == null || row[1] == null) {
				return;
			}
			double parse = row[0].getPrimaryResult().getScore();
			double total = row[1].getPrimaryResult().getScore();
			double read = (row[3] != null) ? row[3].getPrimaryResult().getScore() : Double.NaN;
			double paired = Double.NaN;
			double pairedCpu = Double.NaN;
			if (row[2] != null) {
				paired = secondary(row[2], "endToEndNanos") / secondary(row[2], "parseNanos");
				pairedCpu = secondary(row[2], "endToEndCpuNanos") / secondary(row[2], "parseCpuNanos");
			}
			double allocated = allocatedPerOp(row[1]);
			long doubles = 8 * NUMBERS.get(request);
			lines.add(String.format(Locale.ROOT,
					"| %s | %.1f | %.1f | %.1f | %.2f× | %.2f× | %.2f× | %s | %.1f MB | %.1f MB | %.2f× |", request,
					parse, read, total, total / parse, paired, pairedCpu, target(request), allocated / 1e6,
					doubles / 1e6, allocated / doubles));
		});
		lines.add("");
		return lines;
	}

	private static List<String> small(Collection<RunResult> results) {
		List<String> lines = new ArrayList<>();
		lines.add("| 32-sample binary request, full output | µs/request | allocated per request |");
		lines.add("| --- | ---: | ---: |");
		for (RunResult r : results) {
			lines.add(String.format(Locale.ROOT, "| %s | %.2f | %.0f B |", method(r), r.getPrimaryResult().getScore(),
					allocatedPerOp(r)));
		}
		lines.add("");
		return lines;
	}

	/**
	 * Per record-batch size: each half alone, the paired ratio Arrow / JSON (target ≤ 0.35) and
	 * the Arrow answer with per-sample output.
	 */
	private static List<String> arrow(Collection<RunResult> results) {
		Map<String, Map<String, RunResult>> rows = new LinkedHashMap<>();
		for (RunResult r : results) {
			rows.computeIfAbsent(r.getParams().getParam("batchRows"), (k) -> new LinkedHashMap<>()).put(method(r), r);
		}
		List<String> lines = new ArrayList<>();
		lines.add("| 1M binary samples, Arrow record batches of | Arrow body, aggregates: ms | JSON body: ms "
				+ "| paired ratio Arrow / JSON, wall | CPU | target | Arrow answer, per-sample: ms "
				+ "| allocated: Arrow | JSON | Arrow answer |");
		lines.add("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
		rows.forEach((batchRows, row) -> {
			RunResult paired = row.get("paired");
			double wall = (paired != null) ? secondary(paired, "arrowNanos") / secondary(paired, "jsonNanos")
					: Double.NaN;
			double cpu = (paired != null) ? secondary(paired, "arrowCpuNanos") / secondary(paired, "jsonCpuNanos")
					: Double.NaN;
			lines.add(String.format(Locale.ROOT,
					"| %s | %.1f | %.1f | %.2f× | %.2f× | 0.35× | %.1f | %.1f MB | %.1f MB | %.1f MB |", batchRows,
					score(row.get("arrow")), score(row.get("json")), wall, cpu, score(row.get("arrowAnswer")),
					allocatedPerOp(row.get("arrow")) / 1e6, allocatedPerOp(row.get("json")) / 1e6,
					allocatedPerOp(row.get("arrowAnswer")) / 1e6));
		});
		lines.add("");
		return lines;
	}

	private static double score(RunResult r) {
		return (r != null) ? r.getPrimaryResult().getScore() : Double.NaN;
	}

	/** The target ratio, or a dash for a request that has none (a check, not a target). */
	private static String target(String request) {
		double target = TARGETS.get(request);
		return Double.isNaN(target) ? "—" : String.format(Locale.ROOT, "%.1f×", target);
	}

	private static String method(RunResult r) {
		String name = r.getParams().getBenchmark();
		return name.substring(name.lastIndexOf('.') + 1);
	}

	private static double secondary(RunResult r, String name) {
		Result<?> result = r.getSecondaryResults().get(name);
		return (result != null) ? result.getScore() : Double.NaN;
	}

	private static double allocatedPerOp(RunResult r) {
		if (r == null) {
			return Double.NaN;
		}
		Result<?> norm = r.getSecondaryResults().get("gc.alloc.rate.norm");
		return (norm != null) ? norm.getScore() : Double.NaN;
	}

}
