package dev.xent.plot;

import java.awt.Rectangle;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import org.jfree.chart.ChartHints;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.SVGHints;
import org.jfree.svg.ViewBox;

/**
 * Writes a chart as an SVG document or a PNG image, {@value ChartStyle#WIDTH} ×
 * {@value ChartStyle#HEIGHT}. The SVG is deterministic (the same chart gives the same
 * bytes: fixed ids, coordinates to a tenth of a pixel), scales (a {@code viewBox}), has
 * the chart's title as its accessible name, and no DOCTYPE (nothing for a parser to
 * fetch).
 */
public final class ChartImage {

	public static final String SVG = "image/svg+xml";

	public static final String PNG = "image/png";

	static {
		// JFreeChart's element hints (ChartHints) open and close the data items' groups
		// (DataRenderers), as JFreeSVG's own group hints would.
		if (!SVGHints.isBeginGroupKey(ChartHints.KEY_BEGIN_ELEMENT)) {
			SVGHints.addBeginGroupKey(ChartHints.KEY_BEGIN_ELEMENT);
			SVGHints.addEndGroupKey(ChartHints.KEY_END_ELEMENT);
		}
	}

	private ChartImage() {
	}

	/** The chart as a UTF-8 SVG document. */
	public static byte[] svg(JFreeChart chart) {
		SVGGraphics2D g2 = new SVGGraphics2D(ChartStyle.WIDTH, ChartStyle.HEIGHT);
		g2.setDefsKeyPrefix("xent-");
		g2.setGeomDoubleConverter(ChartImage::oneDecimal);
		if (chart.getTitle() != null) {
			g2.setRenderingHint(SVGHints.KEY_ELEMENT_TITLE, chart.getTitle().getText());
		}
		chart.draw(g2, new Rectangle(0, 0, ChartStyle.WIDTH, ChartStyle.HEIGHT));
		String svg = g2.getSVGElement(null, true, new ViewBox(0, 0, ChartStyle.WIDTH, ChartStyle.HEIGHT), null, null);
		return ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + svg + "\n").getBytes(StandardCharsets.UTF_8);
	}

	/** The chart as a PNG image. */
	public static byte[] png(JFreeChart chart) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
		try {
			ChartUtils.writeChartAsPNG(out, chart, ChartStyle.WIDTH, ChartStyle.HEIGHT);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return out.toByteArray();
	}

	/** x to one decimal, as short as it goes: 12.5, 3, -0.2 (a tenth of a pixel). */
	static String oneDecimal(double x) {
		if (!(Math.abs(x) < 1e12)) {
			return Double.toString(x);
		}
		long tenths = Math.round(x * 10);
		if (tenths % 10 == 0) {
			return Long.toString(tenths / 10);
		}
		StringBuilder text = new StringBuilder(12);
		if (tenths < 0) {
			text.append('-');
			tenths = -tenths;
		}
		return text.append(tenths / 10).append('.').append(tenths % 10).toString();
	}

}
