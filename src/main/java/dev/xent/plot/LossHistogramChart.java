package dev.xent.plot;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;

import dev.xent.loss.Aggregates;
import dev.xent.loss.LossHistogram;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.SeriesRenderingOrder;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYIntervalSeries;
import org.jfree.data.xy.XYIntervalSeriesCollection;

/**
 * The histogram of a request's per-sample losses on a logarithmic axis: the
 * {@link LossHistogram}'s bins, five a decade from 10⁻⁶ to 10³, with the samples below
 * 10⁻⁶ (perfect predictions, and zero-weight samples, included) and from 10³ up drawn as
 * bars of their own just outside, and the mean as a dashed line. Every one of the 47 bins
 * is a bar (empty ones of height 0), so the picture holds the whole histogram.
 */
public final class LossHistogramChart {

	static final String REGULAR = "samples per bin (five a decade)";

	static final String BELOW = "below 1e-6 (0 included)";

	static final String ABOVE = "1e3 and above";

	/** The x interval the underflow and overflow bars are drawn over. */
	private static final double AXIS_LOW = 1e-7;

	private static final double AXIS_HIGH = 1e4;

	private LossHistogramChart() {
	}

	public static JFreeChart create(LossHistogram histogram, Aggregates aggregates, String loss) {
		XYIntervalSeries regular = new XYIntervalSeries(REGULAR, false, true);
		XYIntervalSeries below = new XYIntervalSeries(BELOW, false, true);
		XYIntervalSeries above = new XYIntervalSeries(ABOVE, false, true);
		List<DataItem> regularItems = new ArrayList<>();
		long largest = 0;
		for (int b = 0; b < LossHistogram.BINS; b++) {
			long count = histogram.count(b);
			largest = Math.max(largest, count);
			double lower = LossHistogram.lower(b);
			double upper = LossHistogram.upper(b);
			if (b == 0) {
				add(below, AXIS_LOW, LossHistogram.LOWEST, count);
			}
			else if (b == LossHistogram.BINS - 1) {
				add(above, LossHistogram.HIGHEST, AXIS_HIGH, count);
			}
			else {
				add(regular, lower, upper, count);
				regularItems.add(item(REGULAR, b - 1, b, lower, upper, count));
			}
		}
		XYIntervalSeriesCollection bins = new XYIntervalSeriesCollection();
		bins.addSeries(regular);
		bins.addSeries(below);
		bins.addSeries(above);
		DataRenderers.Bars bars = new DataRenderers.Bars(
				List.of(regularItems, List.of(item(BELOW, 0, 0, 0, LossHistogram.LOWEST, histogram.count(0))),
						List.of(item(ABOVE, 0, LossHistogram.BINS - 1, LossHistogram.HIGHEST, Double.POSITIVE_INFINITY,
								histogram.count(LossHistogram.BINS - 1)))));
		// A linear axis of log10(ℓ), labelled with the losses: its tick labels are plain
		// text (a LogAxis draws them as glyph outlines).
		NumberAxis x = new NumberAxis("per-sample loss ℓ, weights applied (nats, log scale)");
		x.setRange(Math.log10(AXIS_LOW), Math.log10(AXIS_HIGH));
		x.setTickUnit(new NumberTickUnit(1, ChartStyle.powersOfTen()));
		NumberAxis y = new NumberAxis("samples");
		y.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
		y.setAutoRangeIncludesZero(true);
		if (largest == 0) {
			y.setRange(0, 1);
		}
		XYPlot plot = new XYPlot(bins, x, y, bars);
		plot.setSeriesRenderingOrder(SeriesRenderingOrder.FORWARD);
		plot.setDomainGridlinesVisible(false);

		Double mean = aggregates.mean();
		if (mean != null && mean >= AXIS_LOW && mean <= AXIS_HIGH) {
			// The label on the side of the line with more room.
			boolean right = Math.log10(mean) < 1;
			plot.addDomainMarker(ChartStyle.marker(Math.log10(mean), "mean " + ChartStyle.number(mean),
					right ? RectangleAnchor.TOP_RIGHT : RectangleAnchor.TOP_LEFT,
					right ? TextAnchor.TOP_LEFT : TextAnchor.TOP_RIGHT));
		}
		JFreeChart chart = ChartStyle.chart("Per-sample losses", plot,
				loss + " · N = " + ChartStyle.count(histogram.total()) + " samples · mean "
						+ ((mean != null) ? ChartStyle.number(mean) : "not defined (weightSum 0)"));
		bars.setDrawBarOutline(true);
		bars.setDefaultOutlinePaint(Color.WHITE);
		bars.setSeriesPaint(0, ChartStyle.BLUE);
		bars.setSeriesPaint(1, ChartStyle.GREY);
		bars.setSeriesPaint(2, ChartStyle.VERMILLION);
		return chart;
	}

	/** A bar over [lower, upper) on the axis of log10(ℓ). */
	private static void add(XYIntervalSeries series, double lower, double upper, long count) {
		double from = Math.log10(lower);
		double to = Math.log10(upper);
		series.add((from + to) / 2, from, to, count, 0, count);
	}

	private static DataItem item(String series, int index, int bin, double lower, double upper, long count) {
		String range = (bin == 0) ? "below 1e-6" : (bin == LossHistogram.BINS - 1) ? "1000 and above"
				: "[" + ChartStyle.number(lower) + ", " + ChartStyle.number(upper) + ")";
		return DataItem.of(range + ": " + ChartStyle.count(count) + ((count == 1) ? " sample" : " samples"), series,
				index, "bin", bin, "lower", lower, "upper", upper, "count", count);
	}

}
