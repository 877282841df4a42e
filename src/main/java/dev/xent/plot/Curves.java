package dev.xent.plot;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.xent.loss.BinaryFocalLoss;
import dev.xent.loss.BinaryLoss;
import dev.xent.loss.InputType;
import dev.xent.loss.Loss;
import dev.xent.loss.NeumaierSum;
import dev.xent.loss.SampleBatch;
import dev.xent.loss.Violations;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.SeriesRenderingOrder;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The losses themselves, as curves against the predicted probability: the seed of the
 * project, binary cross-entropy for y = 1 and y = 0, and the focal loss against p_t for
 * several γ (Lin et al., 2017, figure 1). Each curve is computed by the endpoints' own
 * kernels ({@link BinaryLoss}, {@link BinaryFocalLoss}) on a grid of probabilities, with
 * the options checked as the endpoints check them, so a curve is exactly what a request
 * with those options returns; out of range, the options are refused with the same
 * pointers ({@link dev.xent.loss.InvalidBatchException}).
 */
public final class Curves {

	/** The largest posWeight drawn: beyond it the y = 1 curve only dwarfs the other. */
	public static final double MAX_POS_WEIGHT = 1000;

	/** The largest γ drawn: beyond it (1 − p_t)^γ is 0 on the whole plot. */
	public static final double MAX_GAMMA = 50;

	/** The most curves one focal picture shows. */
	public static final int MAX_GAMMAS = 8;

	/** The γ of the focal-loss paper's first figure. */
	public static final double[] DEFAULT_GAMMAS = { 0, 0.5, 1, 2, 5 };

	/** Points per curve (plus the clipping's corners, where they fall inside). */
	static final int POINTS = 101;

	/** The binary curves' p range: log 0.001 ≈ −6.9 keeps both curves on one scale. */
	static final double P_LOW = 0.001;

	/** The focal curves' p_t range starts here, as in the paper's figure (loss ≈ 5.3). */
	static final double PT_LOW = 0.005;

	private Curves() {
	}

	/**
	 * Binary cross-entropy against p for y = 1 and y = 0, with the binary endpoint's
	 * options ({@code null}: not given).
	 * @throws dev.xent.loss.InvalidBatchException for an option out of range
	 */
	public static JFreeChart binary(Double posWeight, Double labelSmoothing, Double epsilon) {
		Violations v = new Violations();
		BinaryLoss loss = BinaryLoss.of(new BinaryLoss.Options(InputType.PROBABILITIES, true, posWeight, null, null,
				labelSmoothing, epsilon, null), v);
		if (posWeight != null && Double.isFinite(posWeight) && posWeight > MAX_POS_WEIGHT) {
			v.add("/posWeight",
					"must be at most " + ChartStyle.number(MAX_POS_WEIGHT) + " for a curve, but is " + posWeight + ".");
		}
		v.throwIfAny();
		double eps = (epsilon != null) ? epsilon : BinaryLoss.DEFAULT_EPSILON;
		double[] p = grid(P_LOW, 1 - P_LOW, eps, 1 - eps);
		double[] positive = losses(loss, p, 1);
		double[] negative = losses(loss, p, 0);
		double a = (labelSmoothing != null) ? labelSmoothing : 0;
		boolean plain = posWeight == null && a == 0;
		String one = plain ? "y = 1: −log p" : "y = 1";
		String zero = plain ? "y = 0: −log(1 − p)" : "y = 0";
		List<String> options = new ArrayList<>();
		if (posWeight != null) {
			options.add("posWeight " + ChartStyle.number(posWeight));
		}
		if (a != 0) {
			options.add("labelSmoothing " + ChartStyle.number(a) + " (y' = " + ChartStyle.number(1 - a / 2) + ", "
					+ ChartStyle.number(a / 2) + ")");
		}
		options.add("p clipped to [ε, 1 − ε], ε = " + ChartStyle.number(eps));
		return chart("Binary cross-entropy (log loss)", "predicted probability p = P(y = 1)", p, List.of(one, zero),
				List.of(positive, negative), String.join(" · ", options));
	}

	/**
	 * The focal loss −(1 − p_t)^γ·log p_t against p_t, one curve per γ ({@code null}:
	 * {@link #DEFAULT_GAMMAS}).
	 * @throws dev.xent.loss.InvalidBatchException for a γ out of range, repeated, or too
	 * many
	 */
	public static JFreeChart focal(double[] gammas) {
		double[] g = (gammas != null) ? gammas : DEFAULT_GAMMAS;
		Violations v = new Violations();
		if (g.length > MAX_GAMMAS) {
			v.add("/gamma", "must list at most " + MAX_GAMMAS + " values, but lists " + g.length + ".");
		}
		for (int i = 0; i < g.length && !v.isFull(); i++) {
			if (!(Double.isFinite(g[i]) && g[i] >= 0 && g[i] <= MAX_GAMMA)) {
				v.add("/gamma/" + i, "must be in [0, " + ChartStyle.number(MAX_GAMMA) + "], but is " + g[i] + ".");
			}
			else {
				for (int j = 0; j < i; j++) {
					if (g[j] == g[i]) {
						v.add("/gamma/" + i, "repeats γ = " + ChartStyle.number(g[i]) + "; give each value once.");
						break;
					}
				}
			}
		}
		v.throwIfAny();
		double[] p = grid(PT_LOW, 1, Double.NaN, Double.NaN);
		List<String> names = new ArrayList<>();
		List<double[]> curves = new ArrayList<>();
		for (double gamma : g) {
			Loss loss = BinaryFocalLoss
				.of(new BinaryFocalLoss.Options(InputType.PROBABILITIES, true, gamma, null, null, null, null), v);
			names.add("γ = " + ChartStyle.number(gamma) + ((gamma == 0) ? " (cross-entropy)" : ""));
			curves.add(losses(loss, p, 1));
		}
		return chart("Focal loss", "probability of the ground-truth class p_t", p, names, curves,
				"FL(p_t) = −(1 − p_t)^γ · log p_t, as in Lin et al. (2017), figure 1; γ = 0 is the cross-entropy");
	}

	/**
	 * POINTS probabilities from {@code from} to {@code to}, evenly spaced in log-odds
	 * (dense near 0 and 1, where the curves bend, sparse in the middle), {@code to}
	 * itself last (1 included), with the clip's corners {@code c1} and {@code c2} added
	 * where they fall strictly inside.
	 */
	static double[] grid(double from, double to, double c1, double c2) {
		double[] p = new double[POINTS + 2];
		double low = logit(from);
		double high = logit(Math.min(to, 1 - from));
		int n = 0;
		for (int i = 0; i < POINTS - 1; i++) {
			p[n++] = sigmoid(low + (high - low) * i / (POINTS - 2));
		}
		if (to > p[n - 1]) {
			p[n++] = to;
		}
		int grid = n;
		for (double corner : new double[] { c1, c2 }) {
			if (corner > from && corner < to && Arrays.binarySearch(p, 0, grid, corner) < 0) {
				p[n++] = corner;
			}
		}
		p = Arrays.copyOf(p, n);
		Arrays.sort(p);
		return p;
	}

	private static double logit(double p) {
		return Math.log(p / (1 - p));
	}

	private static double sigmoid(double z) {
		return 1 / (1 + Math.exp(-z));
	}

	/** Each p's loss with label y, as the endpoint's kernel computes it. */
	private static double[] losses(Loss loss, double[] p, double y) {
		double[] labels = new double[p.length];
		Arrays.fill(labels, y);
		SampleBatch batch = new SampleBatch(0, p.length, 1, p, labels, 1, null, null, 0, null, null, null);
		Violations v = new Violations();
		loss.start(batch, v);
		loss.check(batch, v);
		v.throwIfAny();
		double[] l = new double[p.length];
		loss.evaluate(batch, l, null, null, new NeumaierSum(), new NeumaierSum());
		return l;
	}

	private static JFreeChart chart(String title, String xLabel, double[] p, List<String> names, List<double[]> curves,
			String subtitle) {
		XYSeriesCollection data = new XYSeriesCollection();
		List<DataItem> items = new ArrayList<>();
		for (int s = 0; s < names.size(); s++) {
			XYSeries series = new XYSeries(names.get(s), false, true);
			double[] l = curves.get(s);
			double max = 0;
			for (int i = 0; i < p.length; i++) {
				series.add(p[i], l[i]);
				max = Math.max(max, l[i]);
			}
			data.addSeries(series);
			items.add(DataItem.of(
					names.get(s) + ": " + p.length + " points, p from " + ChartStyle.number(p[0]) + " to "
							+ ChartStyle.number(p[p.length - 1]) + ", largest loss " + ChartStyle.number(max),
					names.get(s), 0, "points", p.length, "pFrom", p[0], "pTo", p[p.length - 1], "lossAtPFrom", l[0],
					"lossAtPTo", l[p.length - 1], "maxLoss", max));
		}
		DataRenderers.Lines lines = new DataRenderers.Lines(items);
		for (int s = 0; s < names.size(); s++) {
			lines.setSeriesPaint(s, ChartStyle.series(s));
			lines.setSeriesStroke(s, ChartStyle.LINE);
		}
		NumberAxis x = new NumberAxis(xLabel);
		x.setRange(0, 1);
		NumberAxis y = new NumberAxis("loss (nats)");
		y.setAutoRangeIncludesZero(true);
		XYPlot plot = new XYPlot(data, x, y, lines);
		plot.setSeriesRenderingOrder(SeriesRenderingOrder.FORWARD);
		return ChartStyle.chart(title, plot, subtitle);
	}

}
