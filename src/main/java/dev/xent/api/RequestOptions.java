package dev.xent.api;

import java.util.List;

import dev.xent.loss.InputType;
import dev.xent.loss.InvalidBatchException;
import dev.xent.loss.Matrix;
import dev.xent.loss.Reduction;
import dev.xent.loss.Violation;
import dev.xent.loss.Violations;

/**
 * The fields every scoring request shares, read once for all endpoints.
 *
 * @param inputType what the predictions hold
 * @param reduction which loss the gradients differentiate
 * @param includeLosses return per-sample losses
 * @param includeGradients return gradients
 */
record RequestOptions(InputType inputType, Reduction reduction, boolean includeLosses, boolean includeGradients) {

	/**
	 * Reads the shared options and fails with every enum value that is not in the
	 * contract, and with anything the reader already found (ragged rows, oversized
	 * integers).
	 */
	static RequestOptions of(ParsedBody body, List<InputType> inputTypes) {
		Violations v = body.violations();
		InputType inputType = InputType.PROBABILITIES;
		String type = body.string("inputType");
		if (type != null) {
			inputType = inputTypes.stream().filter((t) -> t.wireName().equals(type)).findFirst().orElse(null);
			if (inputType == null) {
				v.add("/inputType",
						"must be one of "
								+ String.join(", ", inputTypes.stream().map((t) -> "\"" + t.wireName() + "\"").toList())
								+ ", but is \"" + JsonRequestReader.clip(type) + "\".");
			}
		}
		Reduction reduction = Reduction.MEAN;
		String r = body.string("reduction");
		if (r != null) {
			reduction = java.util.Arrays.stream(Reduction.values())
				.filter((x) -> x.wireName().equals(r))
				.findFirst()
				.orElse(null);
			if (reduction == null) {
				v.add("/reduction",
						"must be \"mean\", \"sum\" or \"none\", but is \"" + JsonRequestReader.clip(r) + "\".");
			}
		}
		if (!body.has("predictions")) {
			v.add("/predictions", "is required.");
		}
		v.throwIfAny();
		return new RequestOptions(inputType, reduction, !Boolean.FALSE.equals(body.bool("includeLosses")),
				!Boolean.FALSE.equals(body.bool("includeGradients")));
	}

	/**
	 * A required 1-D field as an N×1 matrix, or an empty one when absent (the batch
	 * reports it).
	 */
	static Matrix column(double[] values) {
		return Matrix.column((values != null) ? values : new double[0]);
	}

	/** A 2-D field, or {@code null} when absent. */
	static Matrix matrix(ParsedMatrix parsed) {
		return (parsed != null) ? parsed.toMatrix() : null;
	}

	static InvalidBatchException missing(String field, String detail) {
		return new InvalidBatchException(List.of(new Violation("/" + field, detail)));
	}

}
