package dev.xent.plot;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import dev.xent.loss.Aggregates;
import dev.xent.loss.InvalidBatchException;
import dev.xent.loss.LossHistogram;
import dev.xent.loss.Summaries;
import dev.xent.loss.SummaryReport;
import dev.xent.loss.Violation;
import org.jfree.chart.JFreeChart;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

/**
 * Each chart as an SVG read back with the JDK's XML parser: it parses, holds the expected
 * series with the numbers it was drawn from (each bar's or curve's group carries them),
 * draws them to scale, and says what it is in its title, axis labels and legend; options
 * out of range are refused with their pointers; the output is deterministic, and PNG too.
 */
class ChartsTests {

	private static SvgPicture svg(JFreeChart chart) {
		return SvgPicture.parse(ChartImage.svg(chart));
	}

	private static Aggregates aggregates(long count, double sum) {
		return new Aggregates(count, count, sum, (count > 0) ? sum / count : null, count, 1, true);
	}

	@Test
	void theLossHistogramHoldsEveryBinsCountToScale() {
		LossHistogram histogram = new LossHistogram();
		double[] losses = { 0, 0, 1e-7, 3e-6, 0.01, 0.011, 0.5, 0.5, 0.5, 0.69, 2, 2000 };
		double sum = 0;
		for (double loss : losses) {
			histogram.add(loss);
			sum += loss;
		}
		SvgPicture picture = svg(LossHistogramChart.create(histogram, aggregates(losses.length, sum), "test/loss"));
		assertThat(picture.title()).isEqualTo("Per-sample losses");
		assertThat(picture.texts())
			.contains("Per-sample losses", "samples", LossHistogramChart.REGULAR, LossHistogramChart.BELOW,
					LossHistogramChart.ABOVE, "1e-6", "0.001", "1", "1000")
			.anySatisfy((t) -> assertThat(t).contains("test/loss", "N = 12 samples"))
			.anySatisfy((t) -> assertThat(t).contains("nats, log scale"))
			.anySatisfy((t) -> assertThat(t).startsWith("mean 16"));
		List<SvgPicture.Item> regular = picture.items(LossHistogramChart.REGULAR);
		assertThat(regular).hasSize(45);
		List<SvgPicture.Item> below = picture.items(LossHistogramChart.BELOW);
		List<SvgPicture.Item> above = picture.items(LossHistogramChart.ABOVE);
		assertThat(below).hasSize(1);
		assertThat(above).hasSize(1);
		assertThat(below.get(0).data().get("count").asLong()).isEqualTo(3);
		assertThat(above.get(0).data().get("count").asLong()).isEqualTo(1);
		long total = 4;
		double pixelsPerSample = 0;
		for (SvgPicture.Item item : regular) {
			int bin = item.data().get("bin").asInt();
			long count = item.data().get("count").asLong();
			assertThat(count).as("bin %d", bin).isEqualTo(histogram.count(bin));
			assertThat(item.data().get("lower").asDouble()).isEqualTo(LossHistogram.lower(bin));
			assertThat(item.data().get("upper").asDouble()).isEqualTo(LossHistogram.upper(bin));
			assertThat(item.title()).endsWith(count + ((count == 1) ? " sample" : " samples"));
			total += count;
			if (count > 0) {
				double height = item.rect()[3];
				if (pixelsPerSample == 0) {
					pixelsPerSample = height / count;
				}
				assertThat(height / count).as("bar %d to scale", bin).isCloseTo(pixelsPerSample, within(0.2));
			}
		}
		assertThat(total).isEqualTo(losses.length);
		assertThat(histogram.count(LossHistogram.bin(0.5))).isEqualTo(3);
	}

	@Test
	void theLossHistogramOfNoWeightHasNoMeanAndEmptyBars() {
		SvgPicture picture = svg(LossHistogramChart.create(new LossHistogram(), aggregates(0, 0), "x"));
		assertThat(picture.texts()).anySatisfy((t) -> assertThat(t).contains("mean not defined"));
		assertThat(picture.items()).hasSize(47).allSatisfy((i) -> assertThat(i.data().get("count").asLong()).isZero());
	}

	private static SummaryReport.Calibration calibration(double[][] bins) {
		List<SummaryReport.Bin> list = new ArrayList<>();
		for (int b = 0; b < bins.length; b++) {
			list.add(new SummaryReport.Bin(b / (double) bins.length, (b + 1) / (double) bins.length, bins[b][0],
					bins[b][1], bins[b][2]));
		}
		double weight = 0;
		double gaps = 0;
		double mce = 0;
		for (double[] bin : bins) {
			weight += bin[0];
			gaps += Math.abs(bin[2] - bin[1]);
			if (bin[0] > 0) {
				mce = Math.max(mce, Math.abs(bin[2] - bin[1]) / bin[0]);
			}
		}
		return new SummaryReport.Calibration(list, gaps / weight, mce, 0.125, 0.125 * weight);
	}

	@Test
	void theReliabilityDiagramDrawsTheNonEmptyBinsWithTheEceInItsTitle() {
		// weight, Σ weight·confidence, Σ weight·accuracy per bin
		SummaryReport.Calibration c = calibration(
				new double[][] { { 4, 0.4, 0 }, { 0, 0, 0 }, { 10, 5.5, 3 }, { 6, 5.1, 6 } });
		SvgPicture picture = svg(ReliabilityChart.create(c, Summaries.Family.BINARY, "cross-entropy/binary"));
		assertThat(picture.title()).isEqualTo("Reliability diagram · ECE " + ChartStyle.number(c.ece()));
		assertThat(picture.title()).isEqualTo("Reliability diagram · ECE 0.19");
		assertThat(picture.texts())
			.contains("predicted probability p = P(y = 1)", "observed frequency of y = 1", ReliabilityChart.OBSERVED,
					ReliabilityChart.GAP, ReliabilityChart.DIAGONAL)
			.anySatisfy((t) -> assertThat(t).contains("4 bins", "MCE 0.25", "Brier 0.125", "weight 20"));
		List<SvgPicture.Item> observed = picture.items(ReliabilityChart.OBSERVED);
		assertThat(observed).extracting((i) -> i.data().get("bin").asInt()).containsExactly(0, 2, 3);
		assertThat(observed.get(1).data().get("accuracy").asDouble()).isEqualTo(0.3);
		assertThat(observed.get(1).data().get("confidence").asDouble()).isEqualTo(0.55);
		assertThat(observed.get(1).data().get("weight").asDouble()).isEqualTo(10);
		assertThat(observed.get(0).rect()).as("accuracy 0: no bar").isNull();
		// Heights to scale: accuracy 1 is 1/0.3 times accuracy 0.3.
		assertThat(observed.get(2).rect()[3] / observed.get(1).rect()[3]).isCloseTo(1 / 0.3, within(0.02));
		assertThat(picture.items(ReliabilityChart.GAP)).hasSize(3);
		assertThat(picture.items(ReliabilityChart.DIAGONAL)).hasSize(1);
		assertThat(picture.items(ReliabilityChart.DIAGONAL).get(0).path()).hasSize(2);
		SvgPicture categorical = svg(ReliabilityChart.create(c, Summaries.Family.CATEGORICAL, "x"));
		assertThat(categorical.texts()).contains("confidence: the largest class probability",
				"accuracy: share of right top classes");
	}

	@Test
	void aReliabilityDiagramWithoutWeightSaysSo() {
		SummaryReport.Calibration empty = new SummaryReport.Calibration(
				List.of(new SummaryReport.Bin(0, 0.5, 0, 0, 0), new SummaryReport.Bin(0.5, 1, 0, 0, 0)), null, null,
				null, 0);
		SvgPicture picture = svg(ReliabilityChart.create(empty, Summaries.Family.MULTILABEL, "x"));
		assertThat(picture.title()).contains("ECE not defined");
		assertThat(picture.items(ReliabilityChart.OBSERVED)).isEmpty();
	}

	private static SummaryReport.Group group(long count, double mean, Double stderr) {
		SummaryReport.Interval ci = (stderr != null)
				? new SummaryReport.Interval(mean - SummaryReport.Z95 * stderr, mean + SummaryReport.Z95 * stderr)
				: null;
		return new SummaryReport.Group(count, count, mean * count, (count > 0) ? mean : null, 0, 0, count, stderr, ci,
				null);
	}

	@Test
	void theSlicePlotDrawsEachGroupsMeanWithItsInterval() {
		Map<String, SummaryReport.Group> groups = new LinkedHashMap<>();
		groups.put("en", group(10, 0.2, 0.05));
		groups.put("a\"<b>&'</text><script>alert(1)</script>", group(3, 0.7, 0.2));
		groups.put("one", group(1, 0.4, null));
		groups.put("ignored", group(0, 0, null));
		groups.put("a group key much longer than any label should be", group(5, 0.3, 0.01));
		SvgPicture picture = svg(GroupChart.create(groups, 0.35, "focal/binary"));
		assertThat(picture.has("script")).isFalse();
		assertThat(picture.title()).isEqualTo("Mean loss per group");
		assertThat(picture.texts())
			.contains("group", "mean loss per sample in the group (nats)", GroupChart.SERIES, "all samples 0.35", "en",
					"one", "a group key much longer…")
			.anySatisfy((t) -> assertThat(t).contains("4 groups", "1 with every sample ignored"));
		List<SvgPicture.Item> items = picture.items(GroupChart.SERIES);
		assertThat(items).extracting((i) -> i.data().get("group").asString())
			.containsExactly("en", "a\"<b>&'</text><script>alert(1)</script>", "one",
					"a group key much longer than any label should be");
		assertThat(items.get(0).data().get("mean").asDouble()).isEqualTo(0.2);
		assertThat(items.get(0).data().get("count").asLong()).isEqualTo(10);
		assertThat(items.get(0).data().get("lower").asDouble()).isEqualTo(0.2 - SummaryReport.Z95 * 0.05);
		assertThat(items.get(2).data().get("lower").isNull()).isTrue();
		assertThat(items.get(2).title()).contains("no interval", "1 sample");
		// Horizontal bars to scale: 0.7 is 3.5 times 0.2.
		assertThat(items.get(1).rect()[2] / items.get(0).rect()[2]).isCloseTo(3.5, within(0.03));
	}

	@Test
	void ofManyGroupsTheSlicePlotShowsThoseOfHighestMeanLoss() {
		Map<String, SummaryReport.Group> groups = new LinkedHashMap<>();
		for (int g = 0; g < 25; g++) {
			groups.put("g" + g, group(50, (g * 7 % 25) / 10.0, 0.01));
		}
		SvgPicture picture = svg(GroupChart.create(groups, 1.0, "x"));
		List<SvgPicture.Item> items = picture.items(GroupChart.SERIES);
		assertThat(items).hasSize(GroupChart.MAX_GROUPS);
		List<Double> means = items.stream().map((i) -> i.data().get("mean").asDouble()).toList();
		assertThat(means).isSortedAccordingTo(java.util.Comparator.reverseOrder());
		assertThat(means.get(0)).isEqualTo(2.4);
		assertThat(means.get(19)).isEqualTo(0.5);
		assertThat(picture.texts()).anySatisfy((t) -> assertThat(t).contains("the 20 of 25 groups"));
	}

	@Test
	void theBinaryCurvesAreTheKernelsLossesForYOneAndZero() {
		SvgPicture picture = svg(Curves.binary(null, null, null));
		assertThat(picture.title()).isEqualTo("Binary cross-entropy (log loss)");
		assertThat(picture.texts()).contains("predicted probability p = P(y = 1)", "loss (nats)");
		List<SvgPicture.Item> items = picture.items();
		assertThat(items).extracting(SvgPicture.Item::series).containsExactly("y = 1: −log p", "y = 0: −log(1 − p)");
		SvgPicture.Item one = items.get(0);
		assertThat(one.data().get("points").asInt()).isEqualTo(one.path().size()).isEqualTo(Curves.POINTS);
		assertThat(one.data().get("pFrom").asDouble()).isCloseTo(0.001, within(1e-15));
		assertThat(one.data().get("lossAtPFrom").asDouble()).isCloseTo(-Math.log(0.001), within(1e-12));
		assertThat(items.get(1).data().get("lossAtPTo").asDouble()).isCloseTo(-Math.log(0.001), within(1e-9));
		// Drawn falling for y = 1 (SVG y grows downwards), rising for y = 0.
		List<double[]> path = one.path();
		for (int i = 1; i < path.size(); i++) {
			assertThat(path.get(i)[0]).isGreaterThanOrEqualTo(path.get(i - 1)[0]);
			assertThat(path.get(i)[1]).isGreaterThanOrEqualTo(path.get(i - 1)[1]);
		}
	}

	@Test
	void theBinaryCurvesTakeTheEndpointsOptions() {
		SvgPicture picture = svg(Curves.binary(2.0, 0.1, 0.01));
		assertThat(picture.items()).extracting(SvgPicture.Item::series).containsExactly("y = 1", "y = 0");
		assertThat(picture.texts()).anySatisfy(
				(t) -> assertThat(t).contains("posWeight 2", "labelSmoothing 0.1", "y' = 0.95, 0.05", "ε = 0.01"));
		SvgPicture.Item one = picture.items().get(0);
		// Clipped at ε = 0.01, so flat below it; the corners are points of the curve.
		double y = 0.95;
		double clipped = -(2 * y * Math.log(0.01) + (1 - y) * Math.log(0.99));
		assertThat(one.data().get("lossAtPFrom").asDouble()).isCloseTo(clipped, within(1e-12));
		assertThat(one.data().get("points").asInt()).isEqualTo(Curves.POINTS + 2);
	}

	@Test
	void outOfRangeCurveOptionsAreRefusedWithTheirPointers() {
		assertThat(refused(() -> Curves.binary(0.0, 1.0, 0.5))).containsExactly("/posWeight", "/labelSmoothing",
				"/epsilon");
		assertThat(refused(() -> Curves.binary(1001.0, null, null))).containsExactly("/posWeight");
		assertThat(refused(() -> Curves.binary(Double.POSITIVE_INFINITY, -0.1, Double.NaN)))
			.containsExactly("/posWeight", "/labelSmoothing", "/epsilon");
		assertThat(refused(() -> Curves.focal(new double[] { 2, -1, 51, 2, Double.NaN }))).containsExactly("/gamma/1",
				"/gamma/2", "/gamma/3", "/gamma/4");
		assertThat(refused(() -> Curves.focal(new double[] { 0, 1, 2, 3, 4, 5, 6, 7, 8 }))).containsExactly("/gamma");
		assertThat(svg(Curves.binary(Curves.MAX_POS_WEIGHT, 0.0, 0.0)).items()).hasSize(2);
	}

	private static List<String> refused(Runnable drawing) {
		InvalidBatchException ex = catchThrowableOfType(InvalidBatchException.class, drawing::run);
		assertThat(ex).isNotNull();
		return ex.violations().stream().map(Violation::pointer).toList();
	}

	@Test
	void theFocalCurvesAreOnePerGammaAndGammaZeroIsTheCrossEntropy() {
		SvgPicture picture = svg(Curves.focal(null));
		assertThat(picture.title()).isEqualTo("Focal loss");
		assertThat(picture.texts()).contains("probability of the ground-truth class p_t");
		List<SvgPicture.Item> items = picture.items();
		assertThat(items).extracting(SvgPicture.Item::series)
			.containsExactly("γ = 0 (cross-entropy)", "γ = 0.5", "γ = 1", "γ = 2", "γ = 5");
		double crossEntropy = items.get(0).data().get("lossAtPFrom").asDouble();
		assertThat(crossEntropy).isCloseTo(-Math.log(Curves.PT_LOW), within(1e-12));
		for (int s = 1; s < items.size(); s++) {
			double gamma = new double[] { 0, 0.5, 1, 2, 5 }[s];
			assertThat(items.get(s).data().get("lossAtPFrom").asDouble())
				.isCloseTo(Math.pow(1 - Curves.PT_LOW, gamma) * crossEntropy, within(1e-12));
			assertThat(items.get(s).data().get("lossAtPTo").asDouble()).as("p_t = 1").isZero();
			assertThat(items.get(s).path()).hasSize(Curves.POINTS);
		}
		assertThat(svg(Curves.focal(new double[] { 3 })).items()).extracting(SvgPicture.Item::series)
			.containsExactly("γ = 3");
	}

	@Test
	void svgIsDeterministicScalableWithoutDoctypeAndPngIs600By400() throws Exception {
		byte[] first = ChartImage.svg(Curves.focal(null));
		byte[] second = ChartImage.svg(Curves.focal(null));
		assertThat(first).isEqualTo(second);
		String text = new String(first, java.nio.charset.StandardCharsets.UTF_8);
		assertThat(text).startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg").doesNotContain("DOCTYPE");
		SvgPicture picture = SvgPicture.parse(first);
		assertThat(picture.attribute("viewBox")).isEqualTo("0 0 600 400");
		assertThat(picture.attribute("width")).isEqualTo("600");
		BufferedImage png = ImageIO.read(new ByteArrayInputStream(ChartImage.png(Curves.binary(null, null, null))));
		assertThat(png.getWidth()).isEqualTo(600);
		assertThat(png.getHeight()).isEqualTo(400);
	}

	@Test
	void coordinatesKeepATenthOfAPixel() {
		assertThat(ChartImage.oneDecimal(12.345)).isEqualTo("12.3");
		assertThat(ChartImage.oneDecimal(3.0)).isEqualTo("3");
		assertThat(ChartImage.oneDecimal(-0.25)).isEqualTo("-0.2");
		assertThat(ChartImage.oneDecimal(-0.04)).isEqualTo("0");
		assertThat(ChartImage.oneDecimal(1e13)).isEqualTo("1.0E13");
	}

	@Test
	void plotsNameWhatTheyNeed() {
		assertThat(Plot.of("losses")).isEqualTo(Plot.LOSSES);
		assertThat(Plot.of("Losses")).isNull();
		assertThat(Plot.LOSSES.needs().lossHistogram()).isTrue();
		assertThat(Plot.RELIABILITY.needs().kinds()).containsExactly(Summaries.Kind.CALIBRATION);
		assertThat(Plot.GROUPS.needs().kinds()).containsExactly(Summaries.Kind.GROUPS);
		assertThat(ChartStyle.number(0.0412345)).isEqualTo("0.04123");
		assertThat(ChartStyle.number(1234567)).isEqualTo("1.235e+06");
		assertThat(ChartStyle.count(1000000)).isEqualTo("1,000,000");
	}

}
