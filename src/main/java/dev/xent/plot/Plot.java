package dev.xent.plot;

import java.util.List;
import java.util.Locale;

import dev.xent.loss.Aggregates;
import dev.xent.loss.LossHistogram;
import dev.xent.loss.Summaries;
import dev.xent.loss.SummaryReport;
import org.jfree.chart.JFreeChart;

/**
 * The pictures of a scored request ({@code plot} in requests), each drawn from what the
 * scoring pass accumulated, never from the samples: {@link #needs()} says what that is,
 * whether or not the request's {@code summaries} list it.
 */
public enum Plot {

	/** The per-sample losses in fixed log-spaced bins ({@link LossHistogramChart}). */
	LOSSES(new Summaries.Needs(List.of(), true)),

	/**
	 * The calibration bins against the diagonal, ECE in the title
	 * ({@link ReliabilityChart}).
	 */
	RELIABILITY(new Summaries.Needs(List.of(Summaries.Kind.CALIBRATION), false)),

	/** The mean loss of each group with its 95% interval ({@link GroupChart}). */
	GROUPS(new Summaries.Needs(List.of(Summaries.Kind.GROUPS), false));

	private final Summaries.Needs needs;

	Plot(Summaries.Needs needs) {
		this.needs = needs;
	}

	/** The name in requests: {@code "losses"}. */
	public String wireName() {
		return name().toLowerCase(Locale.ROOT);
	}

	/** The plot of this name, or {@code null}. */
	public static Plot of(String name) {
		for (Plot plot : values()) {
			if (plot.wireName().equals(name)) {
				return plot;
			}
		}
		return null;
	}

	/** The names, for messages: "losses", "reliability" or "groups". */
	public static String names() {
		return "\"losses\", \"reliability\" or \"groups\"";
	}

	/** What the scoring pass must accumulate for this picture. */
	public Summaries.Needs needs() {
		return this.needs;
	}

	/**
	 * The chart of a scored request.
	 * @param aggregates the request's aggregates
	 * @param report its summaries, with those {@link #needs()} names
	 * @param histogram its losses in bins (for {@link #LOSSES})
	 * @param family binary, multi-label or categorical (the reliability diagram's axes)
	 * @param loss the endpoint, for the subtitle: {@code "focal/binary"}
	 */
	public JFreeChart chart(Aggregates aggregates, SummaryReport report, LossHistogram histogram,
			Summaries.Family family, String loss) {
		return switch (this) {
			case LOSSES -> LossHistogramChart.create(histogram, aggregates, loss);
			case RELIABILITY -> ReliabilityChart.create(report.calibration(), family, loss);
			case GROUPS -> GroupChart.create(report.groups(), aggregates.mean(), loss);
		};
	}

}
