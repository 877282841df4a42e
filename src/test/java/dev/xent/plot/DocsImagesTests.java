package dev.xent.plot;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;

import dev.xent.loss.Aggregates;
import dev.xent.loss.BinaryLoss;
import dev.xent.loss.GroupKeys;
import dev.xent.loss.InputType;
import dev.xent.loss.Reduction;
import dev.xent.loss.SampleBatch;
import dev.xent.loss.Scoring;
import dev.xent.loss.Summaries;
import dev.xent.loss.SummaryReport;
import dev.xent.loss.Violations;
import org.jfree.chart.JFreeChart;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rendered examples in {@code docs/images/} are what the service draws: each is made
 * again here, and the committed file must hold the same title and the same data items
 * (the numbers in its groups; the layout may differ with a machine's fonts). To make them
 * again after a change to the charts:
 * <pre>./mvnw test -Dtest=DocsImagesTests -Dxent.docs.images=write</pre> The example
 * request: 20,000 binary logits from an overconfident model (its log-odds three times the
 * truth's), four groups of which one ({@code es}) is harder, scored by
 * {@code /v1/cross-entropy/binary}'s loss in one pass with everything the three plots
 * need.
 */
class DocsImagesTests {

	private static final Path IMAGES = Path.of("docs/images");

	private static final String[] GROUPS = { "en", "de", "fr", "es" };

	/** The example request, scored: aggregates, summaries and the loss histogram. */
	private record Scored(Aggregates aggregates, SummaryReport report, Summaries summaries) {

		JFreeChart chart(Plot plot) {
			return plot.chart(this.aggregates, this.report, this.summaries.lossHistogram(), Summaries.Family.BINARY,
					"cross-entropy/binary");
		}

	}

	static Scored example() {
		int n = 20_000;
		SplittableRandom random = new SplittableRandom(2017);
		double[] logits = new double[n];
		double[] labels = new double[n];
		int[] groups = new int[n];
		GroupKeys keys = new GroupKeys(10);
		for (String group : GROUPS) {
			keys.id(group);
		}
		for (int i = 0; i < n; i++) {
			int g = random.nextInt(GROUPS.length);
			double truth = ((g == 3) ? 0.8 : 2.0) * random.nextGaussian();
			labels[i] = (random.nextDouble() < 1 / (1 + Math.exp(-truth))) ? 1 : 0;
			logits[i] = Math.rint(3 * truth * 1000) / 1000;
			groups[i] = g;
		}
		Violations v = new Violations();
		BinaryLoss loss = BinaryLoss
			.of(new BinaryLoss.Options(InputType.LOGITS, true, null, null, null, null, null, null), v);
		Summaries summaries = Summaries.of(new Summaries.Options(null, null, null, null, null),
				new Summaries.Convention(Summaries.Family.BINARY, InputType.LOGITS, null, null, null, false, null, true,
						List.of()),
				new Summaries.Needs(List.of(Summaries.Kind.CALIBRATION, Summaries.Kind.GROUPS), true), v);
		v.throwIfAny();
		Scoring scoring = new Scoring(loss, Reduction.MEAN, null, Long.MAX_VALUE, summaries);
		scoring.accept(new SampleBatch(0, n, 1, logits, labels, 1, null, null, 0, null, groups, null));
		Aggregates aggregates = scoring.finish();
		return new Scored(aggregates, summaries.report(aggregates, keys), summaries);
	}

	@Test
	void theCommittedExamplesAreWhatTheServiceDraws() throws Exception {
		Scored scored = example();
		Map<String, Supplier<JFreeChart>> images = new java.util.LinkedHashMap<>();
		images.put("binary-curve.svg", () -> Curves.binary(null, null, null));
		images.put("focal-curve.svg", () -> Curves.focal(null));
		images.put("losses.svg", () -> scored.chart(Plot.LOSSES));
		images.put("reliability.svg", () -> scored.chart(Plot.RELIABILITY));
		images.put("groups.svg", () -> scored.chart(Plot.GROUPS));
		boolean write = "write".equals(System.getProperty("xent.docs.images"));
		for (Map.Entry<String, Supplier<JFreeChart>> image : images.entrySet()) {
			byte[] drawn = ChartImage.svg(image.getValue().get());
			Path file = IMAGES.resolve(image.getKey());
			if (write) {
				Files.createDirectories(IMAGES);
				Files.write(file, drawn);
			}
			assertThat(file).as("run ./mvnw test -Dtest=DocsImagesTests -Dxent.docs.images=write").exists();
			SvgPicture committed = SvgPicture.parse(Files.readAllBytes(file));
			SvgPicture fresh = SvgPicture.parse(drawn);
			assertThat(committed.title()).as(image.getKey()).isEqualTo(fresh.title());
			assertThat(committed.items().stream().map((i) -> i.data().toString()).toList()).as(image.getKey())
				.isEqualTo(fresh.items().stream().map((i) -> i.data().toString()).toList());
		}
		assertThat(scored.report().groups()).containsOnlyKeys(GROUPS);
		assertThat(scored.report().calibration().ece()).as("an overconfident model").isGreaterThan(0.05);
	}

}
