package dev.xent.loss.options;

import java.util.List;
import java.util.stream.Stream;

import dev.xent.loss.BinaryFocalLoss;
import dev.xent.loss.BinaryLoss;
import dev.xent.loss.CategoricalFocalLoss;
import dev.xent.loss.CategoricalLoss;
import dev.xent.loss.Compat;
import dev.xent.loss.InputType;
import dev.xent.loss.Loss;
import dev.xent.loss.Summaries;
import dev.xent.loss.Violations;

/**
 * The scoring endpoints as the kernels see them: for each, its fields (columns and
 * options, in the contract's order), its input types, and how its options become a
 * checked {@link Loss} and {@link Summaries}. The service's endpoints (which add the
 * request records that document them, and their body formats) and the Spark integration
 * both build their losses here, so that the same options give the same loss and the same
 * refusals.
 * <p>
 * A focal endpoint also lists the cross-entropy fields that do not apply to focal losses
 * ({@code posWeight}, {@code classWeights}), so that a request copied from a
 * cross-entropy endpoint is refused with a violation that names them rather than as an
 * unknown field; {@link #refusedFields} lists them.
 */
public enum LossEndpoint {

	/** {@code cross-entropy/binary}. */
	BINARY("cross-entropy/binary", Summaries.Family.BINARY,
			"inputType:s predictions:v labels:v sampleWeights:v posWeight:n labelSmoothing:n epsilon:n compat:s "
					+ "reduction:s includeLosses:b includeGradients:b summaries:ss calibrationBins:i worstK:i "
					+ "indexOffset:i groups:g",
			List.of(InputType.PROBABILITIES, InputType.LOGITS)) {

		@Override
		public Loss loss(InputType inputType, ParsedBody o, Violations v) {
			return BinaryLoss.of(new BinaryLoss.Options(inputType, true, o.number("posWeight"), null, null,
					o.number("labelSmoothing"), o.number("epsilon"), RequestOptions.compat(o, v)), v);
		}

	},

	/** {@code cross-entropy/multilabel}. */
	MULTILABEL("cross-entropy/multilabel", Summaries.Family.MULTILABEL,
			"inputType:s predictions:m labels:m sampleWeights:v posWeight:nv classWeights:v labelSmoothing:n "
					+ "epsilon:n compat:s reduction:s includeLosses:b includeGradients:b summaries:ss "
					+ "calibrationBins:i worstK:i indexOffset:i groups:g",
			List.of(InputType.PROBABILITIES, InputType.LOGITS)) {

		@Override
		public Loss loss(InputType inputType, ParsedBody o, Violations v) {
			Object posWeight = o.get("posWeight");
			return BinaryLoss
				.of(new BinaryLoss.Options(inputType, false, (posWeight instanceof Double scalar) ? scalar : null,
						(posWeight instanceof double[] perColumn) ? perColumn : null, o.vector("classWeights"),
						o.number("labelSmoothing"), o.number("epsilon"), RequestOptions.compat(o, v)), v);
		}

	},

	/** {@code cross-entropy/categorical}. */
	CATEGORICAL("cross-entropy/categorical", Summaries.Family.CATEGORICAL,
			"inputType:s predictions:m labels:iv targets:m sampleWeights:v classWeights:v ignoreIndex:i "
					+ "labelSmoothing:n renormalize:b epsilon:n compat:s reduction:s includeLosses:b "
					+ "includeGradients:b summaries:ss topK:i calibrationBins:i worstK:i indexOffset:i groups:g",
			List.of(InputType.PROBABILITIES, InputType.LOGITS, InputType.LOG_PROBABILITIES)) {

		@Override
		public Loss loss(InputType inputType, ParsedBody o, Violations v) {
			return CategoricalLoss.of(new CategoricalLoss.Options(inputType, o.vector("classWeights"),
					o.integer("ignoreIndex"), o.number("labelSmoothing"), o.bool("renormalize"), o.number("epsilon"),
					RequestOptions.compat(o, v)), v);
		}

	},

	/** {@code focal/binary}. */
	FOCAL_BINARY("focal/binary", Summaries.Family.BINARY,
			"inputType:s predictions:v labels:v sampleWeights:v gamma:n alpha:n labelSmoothing:n epsilon:n "
					+ "compat:s reduction:s includeLosses:b includeGradients:b posWeight:n summaries:ss "
					+ "calibrationBins:i worstK:i indexOffset:i groups:g",
			List.of(InputType.PROBABILITIES, InputType.LOGITS), "posWeight") {

		@Override
		public Loss loss(InputType inputType, ParsedBody o, Violations v) {
			refuse(o, v);
			return BinaryFocalLoss.of(new BinaryFocalLoss.Options(inputType, true, o.number("gamma"), o.number("alpha"),
					o.number("labelSmoothing"), o.number("epsilon"), RequestOptions.compat(o, v)), v);
		}

	},

	/** {@code focal/multilabel}. */
	FOCAL_MULTILABEL("focal/multilabel", Summaries.Family.MULTILABEL,
			"inputType:s predictions:m labels:m sampleWeights:v gamma:n alpha:n labelSmoothing:n epsilon:n "
					+ "compat:s reduction:s includeLosses:b includeGradients:b posWeight:nv classWeights:v "
					+ "summaries:ss calibrationBins:i worstK:i indexOffset:i groups:g",
			List.of(InputType.PROBABILITIES, InputType.LOGITS), "posWeight", "classWeights") {

		@Override
		public Loss loss(InputType inputType, ParsedBody o, Violations v) {
			refuse(o, v);
			return BinaryFocalLoss.of(new BinaryFocalLoss.Options(inputType, false, o.number("gamma"),
					o.number("alpha"), o.number("labelSmoothing"), o.number("epsilon"), RequestOptions.compat(o, v)),
					v);
		}

	},

	/** {@code focal/categorical}. */
	FOCAL_CATEGORICAL("focal/categorical", Summaries.Family.CATEGORICAL,
			"inputType:s predictions:m labels:iv targets:m sampleWeights:v gamma:n alpha:nv ignoreIndex:i "
					+ "labelSmoothing:n renormalize:b epsilon:n compat:s reduction:s includeLosses:b "
					+ "includeGradients:b classWeights:v summaries:ss topK:i calibrationBins:i worstK:i "
					+ "indexOffset:i groups:g",
			List.of(InputType.PROBABILITIES, InputType.LOGITS, InputType.LOG_PROBABILITIES), "classWeights") {

		@Override
		public Loss loss(InputType inputType, ParsedBody o, Violations v) {
			refuse(o, v);
			Object alpha = o.get("alpha");
			return CategoricalFocalLoss.of(new CategoricalFocalLoss.Options(inputType, o.number("gamma"),
					(alpha instanceof Double scalar) ? scalar : null,
					(alpha instanceof double[] perClass) ? perClass : null, o.integer("ignoreIndex"),
					o.number("labelSmoothing"), o.bool("renormalize"), o.number("epsilon"),
					RequestOptions.compat(o, v)), v);
		}

	};

	private final String path;

	private final Summaries.Family family;

	private final RequestFields fields;

	private final List<InputType> inputTypes;

	private final List<String> refusedFields;

	/**
	 * @param fields each field as {@code name:kind}, kind one of s (string), n (number),
	 * i (integer), b (boolean), v (vector), iv (integer vector), m (matrix), nv (number
	 * or vector), ss (strings), g (groups)
	 */
	LossEndpoint(String path, Summaries.Family family, String fields, List<InputType> inputTypes,
			String... refusedFields) {
		this.path = path;
		this.family = family;
		RequestFields.Builder builder = RequestFields.builder();
		for (String field : fields.split(" ")) {
			int colon = field.indexOf(':');
			builder.add(field.substring(0, colon), kind(field.substring(colon + 1)));
		}
		this.fields = builder.build();
		this.inputTypes = inputTypes;
		this.refusedFields = List.of(refusedFields);
	}

	private static FieldKind kind(String code) {
		return switch (code) {
			case "s" -> FieldKind.STRING;
			case "n" -> FieldKind.NUMBER;
			case "i" -> FieldKind.INTEGER;
			case "b" -> FieldKind.BOOLEAN;
			case "v" -> FieldKind.VECTOR;
			case "iv" -> FieldKind.INTEGER_VECTOR;
			case "m" -> FieldKind.MATRIX;
			case "nv" -> FieldKind.NUMBER_OR_VECTOR;
			case "ss" -> FieldKind.STRINGS;
			case "g" -> FieldKind.GROUPS;
			default -> throw new IllegalArgumentException("no field kind " + code);
		};
	}

	/** The endpoint at a path below {@code /v1/} ({@code focal/categorical}), or null. */
	public static LossEndpoint of(String path) {
		return Stream.of(values()).filter((e) -> e.path.equals(path)).findFirst().orElse(null);
	}

	/** The path below {@code /v1/}, and the endpoint's name in metrics. */
	public String path() {
		return this.path;
	}

	/**
	 * The family of the endpoint's samples (what a prediction and a label are): the
	 * summaries depend on it, not on the loss.
	 */
	public Summaries.Family family() {
		return this.family;
	}

	/**
	 * Every field the endpoint takes, columns and options, in the contract's order: the
	 * service's request record for the endpoint has exactly these.
	 */
	public RequestFields fields() {
		return this.fields;
	}

	public List<InputType> inputTypes() {
		return this.inputTypes;
	}

	/**
	 * Fields the endpoint refuses whatever their value (422): the cross-entropy options a
	 * focal loss has no use for.
	 */
	public List<String> refusedFields() {
		return this.refusedFields;
	}

	/** Adds a violation for each refused field the request carries. */
	public void refuse(ParsedBody o, Violations v) {
		for (String field : this.refusedFields) {
			if (o.has(field)) {
				v.add("/" + field, "does not apply to focal losses; remove it (alpha weighs the classes).");
			}
		}
	}

	/** The endpoint's loss with its options, each offending option added to {@code v}. */
	public abstract Loss loss(InputType inputType, ParsedBody options, Violations v);

	/**
	 * The request's evaluation summaries, or {@code null} when it asks for none, each
	 * offending summary option added to {@code v}. The same for every endpoint of a
	 * family: the options that change what a prediction or a label means are read by
	 * name, where the endpoint has them.
	 */
	public Summaries summaries(InputType inputType, ParsedBody o, Violations v) {
		return summaries(inputType, o, Summaries.Needs.NONE, v);
	}

	/**
	 * The request's evaluation summaries, or {@code null} when it asks for none and
	 * {@code needs} is empty, each offending summary option added to {@code v}.
	 * @param needs what else the caller draws from the same pass (a picture's bins)
	 */
	public Summaries summaries(InputType inputType, ParsedBody o, Summaries.Needs needs, Violations v) {
		// Fields the endpoint refuses anyway (focal's posWeight, classWeights) are not
		// refused twice.
		List<String> classWeighting = Stream.of("classWeights", "posWeight", "alpha")
			.filter((name) -> o.optional(name) != null && !this.refusedFields.contains(name))
			.toList();
		Object compat = o.optional("compat");
		Summaries.Convention convention = new Summaries.Convention(this.family, inputType,
				(Double) o.optional("labelSmoothing"), (Double) o.optional("epsilon"),
				(compat instanceof String name) ? Compat.of(name) : null,
				Boolean.TRUE.equals(o.optional("renormalize")), (Long) o.optional("ignoreIndex"),
				this.path.startsWith("cross-entropy/"), classWeighting);
		return Summaries.of(new Summaries.Options((String[]) o.optional("summaries"), (Long) o.optional("topK"),
				(Long) o.optional("calibrationBins"), (Long) o.optional("worstK"), (Long) o.optional("indexOffset")),
				convention, needs, v);
	}

}
