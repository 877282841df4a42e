package dev.xent.plot;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;

import dev.xent.loss.Summaries;
import dev.xent.loss.SummaryReport;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.DatasetRenderingOrder;
import org.jfree.chart.plot.SeriesRenderingOrder;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.xy.XYIntervalSeries;
import org.jfree.data.xy.XYIntervalSeriesCollection;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The reliability diagram of the calibration summary: for each non-empty confidence bin,
 * a bar up to what was observed in it (Σ weight·accuracy / Σ weight), and the gap between
 * that and the mean predicted confidence, against the diagonal of perfect calibration
 * (Guo et al., 2017). The expected calibration error is in the title. What confidence and
 * accuracy are depends on the family (API.md, "Summaries"): binary p and y, multi-label
 * every element so, categorical the largest class probability and whether that class is
 * right.
 */
public final class ReliabilityChart {

	static final String OBSERVED = "observed in the bin";

	static final String GAP = "gap to the mean confidence";

	static final String DIAGONAL = "perfect calibration";

	private ReliabilityChart() {
	}

	public static JFreeChart create(SummaryReport.Calibration calibration, Summaries.Family family, String loss) {
		XYIntervalSeries observed = new XYIntervalSeries(OBSERVED, false, true);
		XYIntervalSeries gap = new XYIntervalSeries(GAP, false, true);
		List<DataItem> observedItems = new ArrayList<>();
		List<DataItem> gapItems = new ArrayList<>();
		List<SummaryReport.Bin> bins = calibration.bins();
		for (int b = 0; b < bins.size(); b++) {
			SummaryReport.Bin bin = bins.get(b);
			if (!(bin.weight() > 0)) {
				continue;
			}
			double accuracy = bin.sumAccuracy() / bin.weight();
			double confidence = bin.sumConfidence() / bin.weight();
			double middle = (bin.lower() + bin.upper()) / 2;
			observed.add(middle, bin.lower(), bin.upper(), accuracy, 0, accuracy);
			gap.add(middle, bin.lower(), bin.upper(), confidence, Math.min(accuracy, confidence),
					Math.max(accuracy, confidence));
			String range = "[" + ChartStyle.number(bin.lower()) + ", " + ChartStyle.number(bin.upper())
					+ ((b == bins.size() - 1) ? "]" : ")");
			Object[] numbers = { "bin", b, "lower", bin.lower(), "upper", bin.upper(), "weight", bin.weight(),
					"accuracy", accuracy, "confidence", confidence };
			observedItems.add(DataItem.of(
					range + ": observed " + ChartStyle.number(accuracy) + ", mean confidence "
							+ ChartStyle.number(confidence) + ", weight " + ChartStyle.number(bin.weight()),
					OBSERVED, observedItems.size(), numbers));
			gapItems.add(DataItem.of(range + ": gap " + ChartStyle.number(Math.abs(confidence - accuracy)), GAP,
					gapItems.size(), numbers));
		}
		XYIntervalSeriesCollection bars = new XYIntervalSeriesCollection();
		bars.addSeries(observed);
		bars.addSeries(gap);
		DataRenderers.Bars barRenderer = new DataRenderers.Bars(List.of(observedItems, gapItems));
		barRenderer.setUseYInterval(true);
		barRenderer.setDrawBarOutline(true);
		barRenderer.setDefaultOutlinePaint(Color.WHITE);
		barRenderer.setSeriesPaint(0, ChartStyle.BLUE);
		barRenderer.setSeriesPaint(1, new Color(0xD5, 0x5E, 0x00, 0x99));

		XYSeries diagonal = new XYSeries(DIAGONAL);
		diagonal.add(0, 0);
		diagonal.add(1, 1);
		DataRenderers.Lines line = new DataRenderers.Lines(
				List.of(DataItem.of("perfect calibration: observed = confidence", DIAGONAL, 0, "points", 2)));
		line.setSeriesPaint(0, ChartStyle.INK);
		line.setSeriesStroke(0, ChartStyle.DASHED);

		boolean categorical = family == Summaries.Family.CATEGORICAL;
		NumberAxis x = new NumberAxis(
				categorical ? "confidence: the largest class probability" : (family == Summaries.Family.MULTILABEL)
						? "predicted probability p of each label" : "predicted probability p = P(y = 1)");
		x.setRange(0, 1);
		NumberAxis y = new NumberAxis(
				categorical ? "accuracy: share of right top classes" : "observed frequency of y = 1");
		y.setRange(0, 1);
		XYPlot plot = new XYPlot(bars, x, y, barRenderer);
		plot.setDataset(1, new XYSeriesCollection(diagonal));
		plot.setRenderer(1, line);
		plot.setDatasetRenderingOrder(DatasetRenderingOrder.FORWARD);
		plot.setSeriesRenderingOrder(SeriesRenderingOrder.FORWARD);

		String ece = (calibration.ece() != null) ? ChartStyle.number(calibration.ece()) : "not defined (no weight)";
		double weight = 0;
		for (SummaryReport.Bin bin : bins) {
			weight += bin.weight();
		}
		return ChartStyle.chart("Reliability diagram · ECE " + ece, plot,
				loss + " · " + bins.size() + " bins · MCE "
						+ ((calibration.mce() != null) ? ChartStyle.number(calibration.mce()) : "–") + " · Brier "
						+ ((calibration.brier() != null) ? ChartStyle.number(calibration.brier()) : "–") + " · weight "
						+ ChartStyle.number(weight));
	}

}
