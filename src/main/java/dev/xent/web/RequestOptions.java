package dev.xent.web;

import java.util.Arrays;
import java.util.List;

import dev.xent.codec.json.JsonRequestReader;
import dev.xent.codec.json.ParsedBody;
import dev.xent.loss.Compat;
import dev.xent.loss.InputType;
import dev.xent.loss.Reduction;
import dev.xent.loss.Violations;
import dev.xent.plot.Plot;

/**
 * The options every scoring request shares, however they came (JSON fields or query
 * parameters).
 *
 * @param inputType what the predictions hold
 * @param reduction which loss the gradients differentiate
 * @param includeLosses as given, or {@code null}: the default depends on the response
 * @param includeGradients as given, or {@code null}
 */
record RequestOptions(InputType inputType, Reduction reduction, Boolean includeLosses, Boolean includeGradients) {

	/** Reads the shared options, adding every value that is not in the contract to v. */
	static RequestOptions of(ParsedBody body, List<InputType> inputTypes, Violations v) {
		InputType inputType = InputType.PROBABILITIES;
		String type = body.string("inputType");
		if (type != null) {
			inputType = inputTypes.stream().filter((t) -> t.wireName().equals(type)).findFirst().orElse(null);
			if (inputType == null) {
				v.add("/inputType",
						"must be one of "
								+ String.join(", ", inputTypes.stream().map((t) -> "\"" + t.wireName() + "\"").toList())
								+ ", but is \"" + JsonRequestReader.clip(type) + "\".");
				inputType = InputType.PROBABILITIES;
			}
		}
		Reduction reduction = Reduction.MEAN;
		String r = body.string("reduction");
		if (r != null) {
			reduction = Arrays.stream(Reduction.values())
				.filter((x) -> x.wireName().equals(r))
				.findFirst()
				.orElse(null);
			if (reduction == null) {
				v.add("/reduction",
						"must be \"mean\", \"sum\" or \"none\", but is \"" + JsonRequestReader.clip(r) + "\".");
				reduction = Reduction.MEAN;
			}
		}
		return new RequestOptions(inputType, reduction, body.bool("includeLosses"), body.bool("includeGradients"));
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
			v.add("/plot", "must be " + Plot.names() + ", but is \"" + JsonRequestReader.clip(name) + "\".");
		}
		else if (!picture) {
			v.add("/plot", "applies only to a picture answer: send Accept: image/svg+xml (or image/png), or remove "
					+ "plot.");
		}
		return picture ? plot : null;
	}

	/**
	 * The framework-compatibility preset, or {@code null} when not given (sklearn); an
	 * unknown name is added to v.
	 */
	static Compat compat(ParsedBody body, Violations v) {
		String name = body.string("compat");
		if (name == null) {
			return null;
		}
		Compat compat = Compat.of(name);
		if (compat == null) {
			v.add("/compat",
					"must be \"sklearn\", \"keras\" or \"torch\", but is \"" + JsonRequestReader.clip(name) + "\".");
		}
		return compat;
	}

}
