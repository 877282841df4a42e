package dev.xent.config;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.NumberSchema;
import io.swagger.v3.oas.models.media.Schema;

/**
 * States in the request schemas exactly what the service enforces, where the annotations
 * cannot (OpenAPI 3.1's numeric exclusive bounds, item ranges of nested arrays, numeric
 * defaults): the bounds the loss checks hold (see {@code dev.xent.loss.Checks} and the
 * {@code BinaryLoss} / {@code CategoricalLoss} checks, γ and α of the focal losses, and
 * {@code Summaries}'s checks of the summary options), and the shapes N ≥ 1, K ≥ 1, C ≥ 2.
 * The cross-entropy fields a focal request refuses whatever their value
 * ({@code posWeight}, {@code classWeights}) get the schema that no value satisfies
 * ({@code not: {}}).
 */
final class RequestSchemaBounds {

	private static final BigDecimal ZERO = BigDecimal.ZERO;

	private static final BigDecimal ONE = BigDecimal.ONE;

	/** The double machine epsilon, the default ε. */
	private static final BigDecimal EPSILON = new BigDecimal("2.220446049250313E-16");

	/** The request schemas, cross-entropy and focal. */
	static final List<String> REQUESTS = List.of("BinaryRequest", "MultilabelRequest", "CategoricalRequest",
			"FocalBinaryRequest", "FocalMultilabelRequest", "FocalCategoricalRequest");

	private static final BigDecimal DEFAULT_GAMMA = new BigDecimal("2");

	private RequestSchemaBounds() {
	}

	@SuppressWarnings("rawtypes")
	static void apply(Map<String, Schema> schemas) {
		for (String name : REQUESTS) {
			Schema<?> request = schemas.get(name);
			if (request == null || request.getProperties() == null) {
				continue;
			}
			Map<String, Schema> p = request.getProperties();
			summaryBounds(p);
			boolean binary = name.endsWith("BinaryRequest");
			boolean categorical = name.endsWith("CategoricalRequest");
			boolean focal = name.startsWith("Focal");
			if (focal) {
				replace(p, "gamma", atLeast(ZERO).description(description(p, "gamma"))._default(DEFAULT_GAMMA));
				if (categorical) {
					Schema<Object> alpha = new Schema<>();
					alpha.oneOf(List.of(atLeast(ZERO), vector(atLeast(ZERO)).minItems(2)))
						.description(description(p, "alpha"));
					replace(p, "alpha", alpha);
				}
				else {
					replace(p, "alpha", closed(ZERO, ONE).description(description(p, "alpha")));
				}
				replace(p, "posWeight", refused().description(description(p, "posWeight")));
				replace(p, "classWeights", refused().description(description(p, "classWeights")));
			}
			replace(p, "epsilon",
					closedOpen(ZERO, new BigDecimal("0.5")).description(description(p, "epsilon"))._default(EPSILON));
			replace(p, "labelSmoothing",
					(categorical ? closed(ZERO, ONE) : closedOpen(ZERO, ONE))
						.description(description(p, "labelSmoothing"))
						._default(ZERO));
			replace(p, "sampleWeights", vector(atLeast(ZERO)).description(description(p, "sampleWeights")));
			if (binary) {
				replace(p, "predictions",
						vector(new NumberSchema()).minItems(1).description(description(p, "predictions")));
				replace(p, "labels", vector(closed(ZERO, ONE)).minItems(1).description(description(p, "labels")));
				if (!focal) {
					replace(p, "posWeight", above(ZERO).description(description(p, "posWeight"))._default(ONE));
				}
				continue;
			}
			if (!focal) {
				replace(p, "classWeights", vector(atLeast(ZERO)).minItems(categorical ? 2 : 1)
					.description(description(p, "classWeights")));
			}
			int width = categorical ? 2 : 1;
			replace(p, "predictions", vector(vector(new NumberSchema()).minItems(width)).minItems(1)
				.description(description(p, "predictions")));
			if (categorical) {
				replace(p, "labels",
						vector(new IntegerSchema().format("int64")).minItems(1).description(description(p, "labels")));
				replace(p, "targets", vector(vector(closed(ZERO, ONE)).minItems(2)).minItems(1)
					.description(description(p, "targets")));
			}
			else {
				replace(p, "labels", vector(vector(closed(ZERO, ONE)).minItems(1)).minItems(1)
					.description(description(p, "labels")));
				if (focal) {
					continue;
				}
				Schema<?> perColumn = vector(above(ZERO)).minItems(1);
				Schema<Object> posWeight = new Schema<>();
				posWeight.oneOf(List.of(above(ZERO), perColumn)).description(description(p, "posWeight"))._default(ONE);
				replace(p, "posWeight", posWeight);
			}
		}
	}

	/**
	 * The summary options: integer bounds and defaults as {@code dev.xent.loss.Summaries}
	 * checks them, each name once, and groups all strings or all integers.
	 */
	@SuppressWarnings("rawtypes")
	private static void summaryBounds(Map<String, Schema> p) {
		Schema<?> summaries = p.get("summaries");
		if (summaries != null) {
			summaries.uniqueItems(true);
		}
		replace(p, "topK", integer(1, null).description(description(p, "topK"))._default(5));
		replace(p, "calibrationBins", integer(2, 1000L).description(description(p, "calibrationBins"))._default(15));
		replace(p, "worstK", integer(1, 1000L).description(description(p, "worstK"))._default(10));
		replace(p, "indexOffset", integer(0, (1L << 53) - 1).description(description(p, "indexOffset"))._default(0));
		Schema<Object> groups = new Schema<>();
		groups.oneOf(java.util.List.of(vector(new io.swagger.v3.oas.models.media.StringSchema()).minItems(1),
				vector(new IntegerSchema().format("int64")).minItems(1)))
			.description(description(p, "groups"));
		replace(p, "groups", groups);
	}

	private static IntegerSchema integer(long min, Long max) {
		IntegerSchema schema = new IntegerSchema();
		schema.format("int64").minimum(BigDecimal.valueOf(min));
		if (max != null) {
			schema.maximum(BigDecimal.valueOf(max));
		}
		return schema;
	}

	@SuppressWarnings("rawtypes")
	private static String description(Map<String, Schema> properties, String name) {
		Schema<?> schema = properties.get(name);
		return (schema != null) ? schema.getDescription() : null;
	}

	@SuppressWarnings({ "rawtypes", "unchecked" })
	private static void replace(Map<String, Schema> properties, String name, Schema schema) {
		if (properties.containsKey(name)) {
			properties.put(name, schema);
		}
	}

	/** The schema no value satisfies: a field that is refused whatever its value. */
	private static Schema<Object> refused() {
		return new Schema<>().not(new Schema<>());
	}

	private static ArraySchema vector(Schema<?> items) {
		return new ArraySchema().items(items);
	}

	private static NumberSchema atLeast(BigDecimal min) {
		NumberSchema schema = new NumberSchema();
		schema.format("double").minimum(min);
		return schema;
	}

	private static NumberSchema above(BigDecimal min) {
		NumberSchema schema = new NumberSchema();
		schema.format("double").exclusiveMinimumValue(min);
		return schema;
	}

	private static NumberSchema closed(BigDecimal min, BigDecimal max) {
		NumberSchema schema = new NumberSchema();
		schema.format("double").minimum(min).maximum(max);
		return schema;
	}

	private static NumberSchema closedOpen(BigDecimal min, BigDecimal max) {
		NumberSchema schema = new NumberSchema();
		schema.format("double").minimum(min).exclusiveMaximumValue(max);
		return schema;
	}

}
