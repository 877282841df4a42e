package dev.xent.web;

import java.util.List;

import dev.xent.codec.ColumnLayout;
import dev.xent.codec.ColumnLayout.Shape;
import dev.xent.loss.InputType;
import dev.xent.loss.Loss;
import dev.xent.loss.Summaries;
import dev.xent.loss.Violations;
import dev.xent.loss.options.LossEndpoint;
import dev.xent.loss.options.ParsedBody;
import dev.xent.loss.options.RequestFields;

/**
 * The scoring endpoints: for each, the request record that documents its fields (and is
 * what every codec accepts), the shape of its columns, and the kernels' view of it
 * ({@link LossEndpoint}: its input types and how its options become a checked
 * {@link Loss} and {@link Summaries}, shared with the Spark integration). Adding an
 * endpoint is one constant here, one in {@link LossEndpoint} and one mapping in the
 * controller.
 */
enum Endpoint {

	BINARY(LossEndpoint.BINARY, BinaryRequest.class, new ColumnLayout(Shape.VECTOR, Shape.VECTOR, false)),

	MULTILABEL(LossEndpoint.MULTILABEL, MultilabelRequest.class, new ColumnLayout(Shape.MATRIX, Shape.MATRIX, false)),

	CATEGORICAL(LossEndpoint.CATEGORICAL, CategoricalRequest.class,
			new ColumnLayout(Shape.MATRIX, Shape.CLASS_INDEX, true)),

	FOCAL_BINARY(LossEndpoint.FOCAL_BINARY, FocalBinaryRequest.class,
			new ColumnLayout(Shape.VECTOR, Shape.VECTOR, false)),

	FOCAL_MULTILABEL(LossEndpoint.FOCAL_MULTILABEL, FocalMultilabelRequest.class,
			new ColumnLayout(Shape.MATRIX, Shape.MATRIX, false)),

	FOCAL_CATEGORICAL(LossEndpoint.FOCAL_CATEGORICAL, FocalCategoricalRequest.class,
			new ColumnLayout(Shape.MATRIX, Shape.CLASS_INDEX, true));

	private final LossEndpoint kernel;

	private final Class<? extends Record> request;

	private final RequestFields fields;

	private final ColumnLayout layout;

	Endpoint(LossEndpoint kernel, Class<? extends Record> request, ColumnLayout layout) {
		this.kernel = kernel;
		this.request = request;
		this.fields = RequestFields.of(request);
		this.layout = layout;
	}

	/** The path below {@code /v1/}, and the endpoint's name in metrics. */
	String path() {
		return this.kernel.path();
	}

	/** The kernels' view of the endpoint (shared with the Spark integration). */
	LossEndpoint kernel() {
		return this.kernel;
	}

	/** The request record that documents the endpoint's fields. */
	Class<? extends Record> request() {
		return this.request;
	}

	/** The fields of the request record: what every codec accepts. */
	RequestFields fields() {
		return this.fields;
	}

	ColumnLayout layout() {
		return this.layout;
	}

	List<InputType> inputTypes() {
		return this.kernel.inputTypes();
	}

	/**
	 * Fields of the request record that the endpoint refuses whatever their value (422):
	 * the cross-entropy options a focal loss has no use for.
	 */
	List<String> refusedFields() {
		return this.kernel.refusedFields();
	}

	/** The endpoint's loss with its options, each offending option added to {@code v}. */
	Loss loss(InputType inputType, ParsedBody options, Violations v) {
		return this.kernel.loss(inputType, options, v);
	}

	/**
	 * The family of the endpoint's samples: the summaries depend on it, not on the loss.
	 */
	Summaries.Family family() {
		return this.kernel.family();
	}

	/**
	 * The request's evaluation summaries, or {@code null} when it asks for none and its
	 * picture needs none, each offending summary option added to {@code v}.
	 * @param needs what the request's picture is drawn from, computed in the same pass
	 */
	Summaries summaries(InputType inputType, ParsedBody o, Summaries.Needs needs, Violations v) {
		return this.kernel.summaries(inputType, o, needs, v);
	}

}
