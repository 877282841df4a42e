package dev.xent.plot;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import dev.xent.loss.SummaryReport;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.AxisLocation;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.statistics.DefaultStatisticalCategoryDataset;

/**
 * The slice plot of the groups summary: each group's mean loss as a horizontal bar with
 * its 95% interval (mean ± 1.96·stderr, as the summary reports it; none for a group of
 * one sample), and the mean over all samples as a dashed line. Up to {@value #MAX_GROUPS}
 * groups are drawn in the request's order; of more, the {@value #MAX_GROUPS} with the
 * highest mean loss, highest first, and the subtitle says so. Groups whose samples were
 * all ignored have no mean and are left out.
 */
public final class GroupChart {

	/** The most groups one picture shows, readable at 600 × 400. */
	public static final int MAX_GROUPS = 20;

	static final String SERIES = "mean loss with its 95% interval";

	/** Longest group label drawn; longer keys are shortened with an ellipsis. */
	private static final int LABEL_LENGTH = 24;

	private GroupChart() {
	}

	/**
	 * A category of the plot: a group in drawing order, labelled with its (shortened)
	 * key. Ordered and equal by position, so that keys that shorten alike stay apart.
	 */
	private record Slice(int order, String label) implements Comparable<Slice> {

		@Override
		public int compareTo(Slice other) {
			return Integer.compare(this.order, other.order);
		}

		@Override
		public String toString() {
			return this.label;
		}

	}

	public static JFreeChart create(Map<String, SummaryReport.Group> groups, Double overallMean, String loss) {
		List<Map.Entry<String, SummaryReport.Group>> drawn = new ArrayList<>();
		for (Map.Entry<String, SummaryReport.Group> group : groups.entrySet()) {
			if (group.getValue().mean() != null) {
				drawn.add(group);
			}
		}
		int withMean = drawn.size();
		String which;
		if (withMean > MAX_GROUPS) {
			drawn.sort(Comparator.comparingDouble((Map.Entry<String, SummaryReport.Group> g) -> g.getValue().mean())
				.reversed());
			drawn = drawn.subList(0, MAX_GROUPS);
			which = "the " + MAX_GROUPS + " of " + ChartStyle.count(withMean) + " groups with the highest mean loss";
		}
		else {
			which = withMean + ((withMean == 1) ? " group" : " groups");
		}
		int empty = groups.size() - withMean;
		if (empty > 0) {
			which += " (" + empty + " with every sample ignored, not drawn)";
		}
		DefaultStatisticalCategoryDataset data = new DefaultStatisticalCategoryDataset();
		List<DataItem> items = new ArrayList<>();
		for (int i = 0; i < drawn.size(); i++) {
			String key = drawn.get(i).getKey();
			SummaryReport.Group group = drawn.get(i).getValue();
			SummaryReport.Interval ci = group.ci95();
			Double halfWidth = (ci != null) ? (ci.upper() - ci.lower()) / 2 : null;
			data.add(group.mean(), halfWidth, SERIES, new Slice(i, label(key)));
			String words = key + ": mean " + ChartStyle.number(group.mean())
					+ ((ci != null) ? ", 95% interval [" + ChartStyle.number(ci.lower()) + ", "
							+ ChartStyle.number(ci.upper()) + "]" : ", no interval")
					+ ", " + ChartStyle.count(group.count()) + ((group.count() == 1) ? " sample" : " samples");
			items.add(DataItem.of(words, SERIES, i, "group", key, "count", group.count(), "mean", group.mean(), "lower",
					(ci != null) ? ci.lower() : null, "upper", (ci != null) ? ci.upper() : null));
		}
		DataRenderers.IntervalBars bars = new DataRenderers.IntervalBars(items);
		bars.setSeriesPaint(0, ChartStyle.SKY);
		bars.setErrorIndicatorPaint(ChartStyle.INK);
		bars.setErrorIndicatorStroke(new java.awt.BasicStroke(1.5f));
		bars.setDrawBarOutline(false);
		bars.setItemMargin(0);
		bars.setMaximumBarWidth(0.08);

		CategoryAxis y = new CategoryAxis("group");
		y.setMaximumCategoryLabelWidthRatio(0.35f);
		y.setCategoryMargin(0.25);
		NumberAxis x = new NumberAxis("mean loss per sample in the group (nats)");
		x.setAutoRangeIncludesZero(true);
		CategoryPlot plot = new CategoryPlot(data, y, x, bars);
		plot.setOrientation(PlotOrientation.HORIZONTAL);
		plot.setRangeAxisLocation(AxisLocation.BOTTOM_OR_LEFT);
		plot.setDomainGridlinesVisible(false);
		if (overallMean != null) {
			plot.addRangeMarker(ChartStyle.marker(overallMean, "all samples " + ChartStyle.number(overallMean),
					RectangleAnchor.BOTTOM_LEFT, TextAnchor.BOTTOM_RIGHT));
		}
		return ChartStyle.chart("Mean loss per group", plot, loss + " · " + which);
	}

	private static String label(String key) {
		return (key.codePointCount(0, key.length()) <= LABEL_LENGTH) ? key
				: key.substring(0, key.offsetByCodePoints(0, LABEL_LENGTH - 1)) + "…";
	}

}
