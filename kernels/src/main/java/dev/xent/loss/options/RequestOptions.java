package dev.xent.loss.options;

import java.util.Arrays;
import java.util.List;

import dev.xent.loss.Compat;
import dev.xent.loss.InputType;
import dev.xent.loss.Reduction;
import dev.xent.loss.Violations;

/**
 * The options every scoring request shares, however they came (JSON fields or query
 * parameters).
 *
 * @param inputType what the predictions hold
 * @param reduction which loss the gradients differentiate
 * @param includeLosses as given, or {@code null}: the default depends on the response
 * @param includeGradients as given, or {@code null}
 */
public record RequestOptions(InputType inputType, Reduction reduction, Boolean includeLosses,
		Boolean includeGradients) {

	/** Reads the shared options, adding every value that is not in the contract to v. */
	public static RequestOptions of(ParsedBody body, List<InputType> inputTypes, Violations v) {
		InputType inputType = InputType.PROBABILITIES;
		String type = body.string("inputType");
		if (type != null) {
			inputType = inputTypes.stream().filter((t) -> t.wireName().equals(type)).findFirst().orElse(null);
			if (inputType == null) {
				v.add("/inputType",
						"must be one of "
								+ String.join(", ", inputTypes.stream().map((t) -> "\"" + t.wireName() + "\"").toList())
								+ ", but is \"" + QueryOptions.clip(type) + "\".");
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
				v.add("/reduction", "must be \"mean\", \"sum\" or \"none\", but is \"" + QueryOptions.clip(r) + "\".");
				reduction = Reduction.MEAN;
			}
		}
		return new RequestOptions(inputType, reduction, body.bool("includeLosses"), body.bool("includeGradients"));
	}

	/**
	 * The framework-compatibility preset, or {@code null} when not given (sklearn); an
	 * unknown name is added to v.
	 */
	public static Compat compat(ParsedBody body, Violations v) {
		String name = body.string("compat");
		if (name == null) {
			return null;
		}
		Compat compat = Compat.of(name);
		if (compat == null) {
			v.add("/compat",
					"must be \"sklearn\", \"keras\" or \"torch\", but is \"" + QueryOptions.clip(name) + "\".");
		}
		return compat;
	}

}
