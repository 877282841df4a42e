package dev.xent.codec.json;

import java.io.InputStream;

import dev.xent.codec.ColumnLayout;
import dev.xent.codec.ColumnLayout.Shape;
import dev.xent.codec.SampleSource;
import dev.xent.loss.GroupKeys;
import dev.xent.loss.SampleBatch;
import dev.xent.loss.Violations;
import dev.xent.loss.options.ParsedBody;
import dev.xent.loss.options.RequestFields;

/**
 * A JSON request document as a {@link SampleSource}: the fields are read (by
 * {@link JsonRequestReader}) before the first batch, since a document may give its
 * columns in any order; the whole document is then one batch. Its size is bounded by the
 * JSON document limit.
 */
public final class JsonDocument implements SampleSource {

	private final ParsedBody body;

	private final ColumnLayout layout;

	private boolean done;

	private JsonDocument(ParsedBody body, ColumnLayout layout) {
		this.body = body;
		this.layout = layout;
	}

	/** Reads a whole document: every field, columns and options. */
	public static JsonDocument read(JsonRequestReader reader, InputStream in, RequestFields fields,
			ColumnLayout layout) {
		return new JsonDocument(reader.read(in, fields), layout);
	}

	/**
	 * Reads a whole document, its {@code groups} (when the request type has them)
	 * interned in the request's group keys.
	 */
	public static JsonDocument read(JsonRequestReader reader, InputStream in, RequestFields fields, ColumnLayout layout,
			GroupKeys groups) {
		return new JsonDocument(reader.read(in, fields, groups), layout);
	}

	/**
	 * The document's fields, options included, and what the reader already found wrong
	 * (ragged rows, integers beyond 64 bits): add option violations to
	 * {@link ParsedBody#violations()}, then {@link #checkShapes}.
	 */
	public ParsedBody fields() {
		return this.body;
	}

	/**
	 * Checks that the columns agree in length: a missing or extra row is reported at the
	 * first row that is missing or one too many.
	 */
	public void checkShapes(Violations v) {
		ParsedBody b = this.body;
		if (!b.has("predictions")) {
			v.add("/predictions", "is required.");
			return;
		}
		long n = rows("predictions", this.layout.predictions());
		boolean hasTargets = this.layout.targets() && b.has("targets");
		this.layout.checkPresence(v, b.has("labels"), hasTargets);
		if (b.has("labels")) {
			v.length("labels", rows("labels", this.layout.labels()), n, "one per sample");
		}
		if (hasTargets) {
			v.length("targets", rows("targets", Shape.MATRIX), n, "one per sample");
		}
		if (b.has("sampleWeights")) {
			v.length("sampleWeights", b.vector("sampleWeights").length, n, "one per sample");
		}
		if (b.optional("groups") != null) {
			v.length("groups", b.groups("groups").length, n, "one per sample");
		}
		if (n == 0) {
			v.add("/predictions", "must hold at least one sample.");
		}
		else if (this.layout.predictions() == Shape.MATRIX && matrix(b, "predictions").columns() == 0) {
			v.add("/predictions/0", "must hold at least one column.");
		}
	}

	private long rows(String field, Shape shape) {
		return switch (shape) {
			case VECTOR -> this.body.vector(field).length;
			case MATRIX -> matrix(this.body, field).rows();
			case CLASS_INDEX -> this.body.integers(field).length;
		};
	}

	@Override
	public SampleBatch next() {
		if (this.done) {
			return null;
		}
		this.done = true;
		ParsedBody b = this.body;
		double[] predictions;
		int rows;
		int width;
		if (this.layout.predictions() == Shape.VECTOR) {
			predictions = b.vector("predictions");
			rows = predictions.length;
			width = 1;
		}
		else {
			ParsedMatrix m = matrix(b, "predictions");
			predictions = m.values();
			rows = m.rows();
			width = m.columns();
		}
		double[] labels = null;
		int labelWidth = 0;
		long[] classes = null;
		if (b.has("labels")) {
			switch (this.layout.labels()) {
				case VECTOR -> {
					labels = b.vector("labels");
					labelWidth = 1;
				}
				case MATRIX -> {
					labels = matrix(b, "labels").values();
					labelWidth = matrix(b, "labels").columns();
				}
				case CLASS_INDEX -> classes = b.integers("labels");
			}
		}
		double[] targets = null;
		int targetWidth = 0;
		if (this.layout.targets() && b.has("targets")) {
			targets = matrix(b, "targets").values();
			targetWidth = matrix(b, "targets").columns();
		}
		return new SampleBatch(0, rows, width, predictions, labels, labelWidth, classes, targets, targetWidth,
				b.vector("sampleWeights"), (int[]) b.optional("groups"), null);
	}

	private static ParsedMatrix matrix(ParsedBody body, String field) {
		return (ParsedMatrix) body.get(field);
	}

}
