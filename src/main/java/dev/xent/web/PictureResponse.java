package dev.xent.web;

import java.io.IOException;

import dev.xent.plot.ChartImage;
import jakarta.servlet.http.HttpServletResponse;
import org.jfree.chart.JFreeChart;

/**
 * Writes a chart as the answer, SVG or PNG. The image is drawn in full before a byte is
 * sent, so a failure is still a complete problem response; an SVG may not run scripts or
 * load anything, whoever opens it (its Content-Security-Policy).
 */
final class PictureResponse {

	/** What an SVG answer may do: draw itself with its inline styles, nothing else. */
	static final String SVG_POLICY = "default-src 'none'; style-src 'unsafe-inline'";

	private PictureResponse() {
	}

	static void write(boolean svg, JFreeChart chart, HttpServletResponse response) throws IOException {
		byte[] image = svg ? ChartImage.svg(chart) : ChartImage.png(chart);
		response.setContentType(svg ? ChartImage.SVG : ChartImage.PNG);
		if (svg) {
			response.setHeader("Content-Security-Policy", SVG_POLICY);
		}
		response.setHeader("X-Content-Type-Options", "nosniff");
		response.setContentLength(image.length);
		response.getOutputStream().write(image);
	}

}
