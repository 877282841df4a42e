package dev.xent.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.text.FieldPosition;
import java.text.NumberFormat;
import java.text.ParsePosition;
import java.util.Locale;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.StandardChartTheme;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.DefaultDrawingSupplier;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.text.TextUtils;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.HorizontalAlignment;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;

/**
 * The one look of every chart: 600 × 400, the logical SansSerif font (the browser's
 * sans-serif in SVG), a bold title with a grey subtitle under it, axis labels that name
 * their units, the legend below, flat bars, light grid lines, and the Okabe–Ito colours,
 * which stay apart for colour-blind readers and in grey print.
 */
final class ChartStyle {

	static {
		// Charts measure text with AWT; a server has no display. Spring Boot sets this
		// too, but the charts are also drawn outside it (tests, the docs' images).
		if (System.getProperty("java.awt.headless") == null) {
			System.setProperty("java.awt.headless", "true");
		}
		// Rotated labels (the vertical axis's) as rotated text, not as a TextLayout's
		// glyph
		// outlines: the workaround is for Java 1.4's rotated text, and outlines in an SVG
		// are neither readable by a screen reader nor searchable.
		TextUtils.setUseDrawRotatedStringWorkaround(false);
	}

	static final int WIDTH = 600;

	static final int HEIGHT = 400;

	static final String FONT = Font.SANS_SERIF;

	static final Color BLUE = new Color(0x0072B2);

	static final Color VERMILLION = new Color(0xD55E00);

	static final Color GREEN = new Color(0x009E73);

	static final Color ORANGE = new Color(0xE69F00);

	static final Color SKY = new Color(0x56B4E9);

	static final Color PURPLE = new Color(0xCC79A7);

	static final Color GREY = new Color(0x777777);

	static final Color INK = new Color(0x222222);

	/** The series colours, in order. */
	static final Color[] PALETTE = { BLUE, VERMILLION, GREEN, ORANGE, PURPLE, SKY, INK };

	static final BasicStroke LINE = new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);

	static final BasicStroke DASHED = new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f,
			new float[] { 6f, 4f }, 0f);

	private static final StandardChartTheme THEME = theme();

	private ChartStyle() {
	}

	private static StandardChartTheme theme() {
		StandardChartTheme theme = new StandardChartTheme("xent");
		theme.setExtraLargeFont(new Font(FONT, Font.BOLD, 17));
		theme.setLargeFont(new Font(FONT, Font.PLAIN, 13));
		theme.setRegularFont(new Font(FONT, Font.PLAIN, 12));
		theme.setSmallFont(new Font(FONT, Font.PLAIN, 10));
		theme.setTitlePaint(INK);
		theme.setSubtitlePaint(GREY);
		theme.setChartBackgroundPaint(Color.WHITE);
		theme.setPlotBackgroundPaint(Color.WHITE);
		theme.setPlotOutlinePaint(new Color(0xBBBBBB));
		theme.setDomainGridlinePaint(new Color(0xE2E2E2));
		theme.setRangeGridlinePaint(new Color(0xE2E2E2));
		theme.setAxisLabelPaint(INK);
		theme.setTickLabelPaint(new Color(0x333333));
		theme.setLegendBackgroundPaint(Color.WHITE);
		theme.setLegendItemPaint(INK);
		theme.setAxisOffset(RectangleInsets.ZERO_INSETS);
		theme.setShadowVisible(false);
		theme.setBarPainter(new StandardBarPainter());
		theme.setXYBarPainter(new StandardXYBarPainter());
		theme.setDrawingSupplier(new DefaultDrawingSupplier(PALETTE, PALETTE, PALETTE,
				DefaultDrawingSupplier.DEFAULT_STROKE_SEQUENCE, DefaultDrawingSupplier.DEFAULT_OUTLINE_STROKE_SEQUENCE,
				DefaultDrawingSupplier.DEFAULT_SHAPE_SEQUENCE));
		return theme;
	}

	/**
	 * A chart in the house style: the title, the subtitle lines under it, the legend
	 * below the plot.
	 */
	static JFreeChart chart(String title, org.jfree.chart.plot.Plot plot, String... subtitles) {
		JFreeChart chart = new JFreeChart(title, new Font(FONT, Font.BOLD, 17), plot, true);
		THEME.apply(chart);
		chart.setPadding(new RectangleInsets(8, 8, 6, 12));
		chart.getTitle().setHorizontalAlignment(HorizontalAlignment.LEFT);
		chart.getTitle().setMargin(new RectangleInsets(0, 4, 2, 0));
		for (String line : subtitles) {
			TextTitle subtitle = new TextTitle(line, new Font(FONT, Font.PLAIN, 12));
			subtitle.setPaint(GREY);
			subtitle.setHorizontalAlignment(HorizontalAlignment.LEFT);
			subtitle.setMargin(new RectangleInsets(0, 4, 4, 0));
			chart.addSubtitle(subtitle);
		}
		// Grid lines mark the ticks; tick marks would only add to the image.
		if (plot instanceof XYPlot xy) {
			xy.getDomainAxis().setTickMarksVisible(false);
			xy.getRangeAxis().setTickMarksVisible(false);
		}
		else if (plot instanceof CategoryPlot category) {
			category.getDomainAxis().setTickMarksVisible(false);
			category.getRangeAxis().setTickMarksVisible(false);
		}
		LegendTitle legend = chart.getLegend();
		legend.setPosition(RectangleEdge.BOTTOM);
		legend.setFrame(BlockBorder.NONE);
		legend.setItemFont(new Font(FONT, Font.PLAIN, 12));
		return chart;
	}

	/**
	 * A dashed line across the plot at {@code value}, with a label on a white ground.
	 */
	static ValueMarker marker(double value, String label, RectangleAnchor anchor, TextAnchor textAnchor) {
		ValueMarker marker = new ValueMarker(value, INK, DASHED);
		marker.setLabel(label);
		marker.setLabelFont(new Font(FONT, Font.PLAIN, 11));
		marker.setLabelPaint(INK);
		marker.setLabelBackgroundColor(new Color(255, 255, 255, 220));
		marker.setLabelAnchor(anchor);
		marker.setLabelTextAnchor(textAnchor);
		return marker;
	}

	/** The paint of series {@code i}. */
	static Paint series(int i) {
		return PALETTE[i % PALETTE.length];
	}

	/** A number for a title: 4 significant digits, no exponent between 1e-4 and 1e6. */
	static String number(double x) {
		if (x == 0 || !Double.isFinite(x)) {
			return (x == 0) ? "0" : Double.toString(x);
		}
		double magnitude = Math.abs(x);
		if (magnitude >= 1e-4 && magnitude < 1e6) {
			return new java.math.BigDecimal(x).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString();
		}
		return String.format(Locale.ROOT, "%.3e", x);
	}

	/** A count with thousands separators: 1,000,000. */
	static String count(long n) {
		return String.format(Locale.ROOT, "%,d", n);
	}

	/**
	 * Tick labels of an axis of decimal logarithms, as the numbers they stand for: plain
	 * from 0.001 up (0.001, 1, 1000), powers of ten below (1e-4, 1e-6).
	 */
	static NumberFormat powersOfTen() {
		return new NumberFormat() {

			private final DecimalFormat plain = new DecimalFormat("0.###",
					DecimalFormatSymbols.getInstance(Locale.ROOT));

			@Override
			public StringBuffer format(double exponent, StringBuffer to, FieldPosition position) {
				long decade = Math.round(exponent);
				if (decade < -3) {
					return to.append("1e").append(decade);
				}
				return this.plain.format(Math.pow(10, decade), to, position);
			}

			@Override
			public StringBuffer format(long number, StringBuffer to, FieldPosition position) {
				return to.append(number);
			}

			@Override
			public Number parse(String source, ParsePosition position) {
				return this.plain.parse(source, position);
			}

		};
	}

}
