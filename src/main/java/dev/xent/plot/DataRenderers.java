package dev.xent.plot;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.util.List;

import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.CrosshairState;
import org.jfree.chart.plot.PlotRenderingInfo;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.CategoryItemRendererState;
import org.jfree.chart.renderer.category.StatisticalBarRenderer;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.renderer.xy.XYItemRendererState;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.category.CategoryDataset;
import org.jfree.data.xy.XYDataset;
import org.jfree.svg.SVGHints;

/**
 * JFreeChart's renderers, each drawing every data item inside a group that carries its
 * {@link DataItem}: its numbers as the group's {@code jfreesvg:ref}, its words as the
 * group's {@code <title>}. (JFreeChart 1.5 has element hinting for some category
 * renderers only; these do it for the ones the charts use.) On a PNG the hints are
 * ignored. The series' paints and strokes are the charts' own, never taken from the
 * plot's drawing supplier, so {@link ChartStyle}'s theme leaves them alone.
 */
final class DataRenderers {

	private DataRenderers() {
	}

	private static void title(Graphics2D g2, DataItem item) {
		g2.setRenderingHint(SVGHints.KEY_ELEMENT_TITLE, item.title());
	}

	/**
	 * Bars over x intervals (an {@code IntervalXYDataset}), from 0 or over a y interval;
	 * {@code items.get(series).get(item)}.
	 */
	static final class Bars extends XYBarRenderer {

		private final List<List<DataItem>> items;

		Bars(List<List<DataItem>> items) {
			this.items = items;
			// Paints and strokes are set per series by each chart; the theme keeps them.
			setAutoPopulateSeriesPaint(false);
			setAutoPopulateSeriesStroke(false);
		}

		@Override
		public void drawItem(Graphics2D g2, XYItemRendererState state, Rectangle2D dataArea, PlotRenderingInfo info,
				XYPlot plot, ValueAxis domainAxis, ValueAxis rangeAxis, XYDataset dataset, int series, int item,
				CrosshairState crosshairState, int pass) {
			DataItem data = this.items.get(series).get(item);
			beginElementGroup(g2, data);
			title(g2, data);
			super.drawItem(g2, state, dataArea, info, plot, domainAxis, rangeAxis, dataset, series, item,
					crosshairState, pass);
			endElementGroup(g2);
		}

	}

	/**
	 * Lines, each series one path drawn at its last item, inside the series's group;
	 * {@code items.get(series)}.
	 */
	static final class Lines extends XYLineAndShapeRenderer {

		private final List<DataItem> items;

		Lines(List<DataItem> items) {
			super(true, false);
			this.items = items;
			// Paints and strokes are set per series by each chart; the theme keeps them.
			setAutoPopulateSeriesPaint(false);
			setAutoPopulateSeriesStroke(false);
			setDrawSeriesLineAsPath(true);
		}

		@Override
		public void drawItem(Graphics2D g2, XYItemRendererState state, Rectangle2D dataArea, PlotRenderingInfo info,
				XYPlot plot, ValueAxis domainAxis, ValueAxis rangeAxis, XYDataset dataset, int series, int item,
				CrosshairState crosshairState, int pass) {
			boolean last = pass == 0 && item == dataset.getItemCount(series) - 1;
			if (last) {
				DataItem data = this.items.get(series);
				beginElementGroup(g2, data);
				title(g2, data);
			}
			super.drawItem(g2, state, dataArea, info, plot, domainAxis, rangeAxis, dataset, series, item,
					crosshairState, pass);
			if (last) {
				endElementGroup(g2);
			}
		}

	}

	/**
	 * Bars with error indicators (mean ± a half-width) by category;
	 * {@code items.get(column)} for the one series.
	 */
	static final class IntervalBars extends StatisticalBarRenderer {

		private final List<DataItem> items;

		IntervalBars(List<DataItem> items) {
			this.items = items;
			// Paints and strokes are set per series by each chart; the theme keeps them.
			setAutoPopulateSeriesPaint(false);
			setAutoPopulateSeriesStroke(false);
		}

		@Override
		public void drawItem(Graphics2D g2, CategoryItemRendererState state, Rectangle2D dataArea, CategoryPlot plot,
				CategoryAxis domainAxis, ValueAxis rangeAxis, CategoryDataset data, int row, int column, int pass) {
			DataItem item = this.items.get(column);
			beginElementGroup(g2, item);
			title(g2, item);
			super.drawItem(g2, state, dataArea, plot, domainAxis, rangeAxis, data, row, column, pass);
			endElementGroup(g2);
		}

	}

}
