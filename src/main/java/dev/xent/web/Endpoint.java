package dev.xent.web;

import java.util.List;

import dev.xent.codec.ColumnLayout;
import dev.xent.codec.ColumnLayout.Shape;
import dev.xent.codec.json.ParsedBody;
import dev.xent.codec.json.RequestFields;
import dev.xent.loss.BinaryFocalLoss;
import dev.xent.loss.BinaryLoss;
import dev.xent.loss.CategoricalFocalLoss;
import dev.xent.loss.CategoricalLoss;
import dev.xent.loss.InputType;
import dev.xent.loss.Loss;
import dev.xent.loss.Summaries;
import dev.xent.loss.Violations;

/**
 * The scoring endpoints: for each, the request record that documents its fields (and is
 * what every codec accepts), the shape of its columns, its input types, and how its
 * options become a checked {@link Loss}. Adding an endpoint is one constant here and one
 * mapping in the controller.
 * <p>
 * A focal request record also carries the cross-entropy fields that do not apply to focal
 * losses ({@code posWeight}, {@code classWeights}), so that a request copied from a
 * cross-entropy endpoint is refused with a 422 that names them rather than a 400 for an
 * unknown field; {@link #refusedFields} lists them.
 */
enum Endpoint {

	BINARY("cross-entropy/binary", BinaryRequest.class, new ColumnLayout(Shape.VECTOR, Shape.VECTOR, false),
			List.of(InputType.PROBABILITIES, InputType.LOGITS)) {

		@Override
		Loss loss(InputType inputType, ParsedBody o, Violations v) {
			return BinaryLoss.of(new BinaryLoss.Options(inputType, true, o.number("posWeight"), null, null,
					o.number("labelSmoothing"), o.number("epsilon"), RequestOptions.compat(o, v)), v);
		}

	},

	MULTILABEL("cross-entropy/multilabel", MultilabelRequest.class, new ColumnLayout(Shape.MATRIX, Shape.MATRIX, false),
			List.of(InputType.PROBABILITIES, InputType.LOGITS)) {

		@Override
		Loss loss(InputType inputType, ParsedBody o, Violations v) {
			Object posWeight = o.get("posWeight");
			return BinaryLoss
				.of(new BinaryLoss.Options(inputType, false, (posWeight instanceof Double scalar) ? scalar : null,
						(posWeight instanceof double[] perColumn) ? perColumn : null, o.vector("classWeights"),
						o.number("labelSmoothing"), o.number("epsilon"), RequestOptions.compat(o, v)), v);
		}

	},

	CATEGORICAL("cross-entropy/categorical", CategoricalRequest.class,
			new ColumnLayout(Shape.MATRIX, Shape.CLASS_INDEX, true),
			List.of(InputType.PROBABILITIES, InputType.LOGITS, InputType.LOG_PROBABILITIES)) {

		@Override
		Loss loss(InputType inputType, ParsedBody o, Violations v) {
			return CategoricalLoss.of(new CategoricalLoss.Options(inputType, o.vector("classWeights"),
					o.integer("ignoreIndex"), o.number("labelSmoothing"), o.bool("renormalize"), o.number("epsilon"),
					RequestOptions.compat(o, v)), v);
		}

	},

	FOCAL_BINARY("focal/binary", FocalBinaryRequest.class, new ColumnLayout(Shape.VECTOR, Shape.VECTOR, false),
			List.of(InputType.PROBABILITIES, InputType.LOGITS), "posWeight") {

		@Override
		Loss loss(InputType inputType, ParsedBody o, Violations v) {
			refuse(o, v);
			return BinaryFocalLoss.of(new BinaryFocalLoss.Options(inputType, true, o.number("gamma"), o.number("alpha"),
					o.number("labelSmoothing"), o.number("epsilon"), RequestOptions.compat(o, v)), v);
		}

	},

	FOCAL_MULTILABEL("focal/multilabel", FocalMultilabelRequest.class,
			new ColumnLayout(Shape.MATRIX, Shape.MATRIX, false), List.of(InputType.PROBABILITIES, InputType.LOGITS),
			"posWeight", "classWeights") {

		@Override
		Loss loss(InputType inputType, ParsedBody o, Violations v) {
			refuse(o, v);
			return BinaryFocalLoss.of(new BinaryFocalLoss.Options(inputType, false, o.number("gamma"),
					o.number("alpha"), o.number("labelSmoothing"), o.number("epsilon"), RequestOptions.compat(o, v)),
					v);
		}

	},

	FOCAL_CATEGORICAL("focal/categorical", FocalCategoricalRequest.class,
			new ColumnLayout(Shape.MATRIX, Shape.CLASS_INDEX, true),
			List.of(InputType.PROBABILITIES, InputType.LOGITS, InputType.LOG_PROBABILITIES), "classWeights") {

		@Override
		Loss loss(InputType inputType, ParsedBody o, Violations v) {
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

	private final RequestFields fields;

	private final ColumnLayout layout;

	private final List<InputType> inputTypes;

	private final List<String> refusedFields;

	Endpoint(String path, Class<? extends Record> request, ColumnLayout layout, List<InputType> inputTypes,
			String... refusedFields) {
		this.path = path;
		this.fields = RequestFields.of(request);
		this.layout = layout;
		this.inputTypes = inputTypes;
		this.refusedFields = List.of(refusedFields);
	}

	/** The path below {@code /v1/}, and the endpoint's name in metrics. */
	String path() {
		return this.path;
	}

	RequestFields fields() {
		return this.fields;
	}

	ColumnLayout layout() {
		return this.layout;
	}

	List<InputType> inputTypes() {
		return this.inputTypes;
	}

	/**
	 * Fields of the request record that the endpoint refuses whatever their value (422):
	 * the cross-entropy options a focal loss has no use for.
	 */
	List<String> refusedFields() {
		return this.refusedFields;
	}

	/** Adds a violation for each refused field the request carries. */
	void refuse(ParsedBody o, Violations v) {
		for (String field : this.refusedFields) {
			if (o.has(field)) {
				v.add("/" + field, "does not apply to focal losses; remove it (alpha weighs the classes).");
			}
		}
	}

	/** The endpoint's loss with its options, each offending option added to {@code v}. */
	abstract Loss loss(InputType inputType, ParsedBody options, Violations v);

	/**
	 * The family of the endpoint's samples, from the shape of its columns: the summaries
	 * depend on it, not on the loss.
	 */
	Summaries.Family family() {
		if (this.layout.predictions() == Shape.VECTOR) {
			return Summaries.Family.BINARY;
		}
		return (this.layout.labels() == Shape.MATRIX) ? Summaries.Family.MULTILABEL : Summaries.Family.CATEGORICAL;
	}

	/**
	 * The request's evaluation summaries, or {@code null} when it asks for none and its
	 * picture needs none, each offending summary option added to {@code v}. The same for
	 * every endpoint of a family: the options that change what a prediction or a label
	 * means are read by name, where the endpoint has them.
	 * @param needs what the request's picture is drawn from, computed in the same pass
	 */
	Summaries summaries(InputType inputType, ParsedBody o, Summaries.Needs needs, Violations v) {
		// Fields the endpoint refuses anyway (focal's posWeight, classWeights) are not
		// refused twice.
		List<String> classWeighting = java.util.stream.Stream.of("classWeights", "posWeight", "alpha")
			.filter((name) -> o.optional(name) != null && !this.refusedFields.contains(name))
			.toList();
		Object compat = o.optional("compat");
		Summaries.Convention convention = new Summaries.Convention(family(), inputType,
				(Double) o.optional("labelSmoothing"), (Double) o.optional("epsilon"),
				(compat instanceof String name) ? dev.xent.loss.Compat.of(name) : null,
				Boolean.TRUE.equals(o.optional("renormalize")), (Long) o.optional("ignoreIndex"),
				this.path.startsWith("cross-entropy/"), classWeighting);
		return Summaries.of(new Summaries.Options((String[]) o.optional("summaries"), (Long) o.optional("topK"),
				(Long) o.optional("calibrationBins"), (Long) o.optional("worstK"), (Long) o.optional("indexOffset")),
				convention, needs, v);
	}

}
