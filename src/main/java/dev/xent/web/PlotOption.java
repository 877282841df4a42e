package dev.xent.web;

import dev.xent.loss.Violations;
import dev.xent.loss.options.ParsedBody;
import dev.xent.loss.options.QueryOptions;
import dev.xent.plot.Plot;

/**
 * The {@code plot} option: the service's own (a picture is an answer format), so the
 * kernels' options, which the Spark integration shares, do not know it.
 */
final class PlotOption {

	private PlotOption() {
	}

	/**
	 * The request's {@code plot}, checked against its answer: a picture answer needs one,
	 * any other answer refuses it; an unknown name is added to v.
	 * @param picture whether the answer is an image (Accept: image/svg+xml or image/png)
	 * @return the plot, or {@code null} when none is given (or it is not known)
	 */
	static Plot plot(ParsedBody body, boolean picture, Violations v) {
		String name = body.string("plot");
		if (name == null) {
			if (picture) {
				v.add("/plot", "is required with a picture answer (Accept: image/svg+xml or image/png): name the plot, "
						+ Plot.names() + ".");
			}
			return null;
		}
		Plot plot = Plot.of(name);
		if (plot == null) {
			v.add("/plot", "must be " + Plot.names() + ", but is \"" + QueryOptions.clip(name) + "\".");
		}
		else if (!picture) {
			v.add("/plot", "applies only to a picture answer: send Accept: image/svg+xml (or image/png), or remove "
					+ "plot.");
		}
		return picture ? plot : null;
	}

}
