package dev.xent.web;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.xent.codec.ColumnLayout;
import dev.xent.loss.options.FieldKind;
import dev.xent.loss.options.RequestFields;
import dev.xent.plot.Curves;
import dev.xent.plot.Plot;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.BinarySchema;
import io.swagger.v3.oas.models.media.BooleanSchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.NumberSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import org.springdoc.core.customizers.OpenApiCustomizer;

import org.springframework.stereotype.Component;

/**
 * Adds to every scoring operation what the annotations do not say: the streamed body
 * formats (Arrow IPC stream, JSON Lines), the options as query parameters for them (one
 * per request field that is not a column, from the same request record the JSON schema
 * documents, so the two cannot drift), the per-sample Arrow answer, every error status
 * with an example, and the exact bounds the service enforces (OpenAPI 3.1's numeric
 * exclusive bounds, minItems, item ranges, numeric defaults), which the annotations
 * cannot all express.
 */
@Component
class ScoringApiDocs implements OpenApiCustomizer {

	private static final String PNG = org.springframework.http.MediaType.IMAGE_PNG_VALUE;

	/** The plots a scoring request may ask for. */
	private static final List<String> PLOTS = Arrays.stream(Plot.values()).map(Plot::wireName).toList();

	static final String ARROW_BODY = "An Arrow IPC stream: one schema, any number of record batches, the "
			+ "end-of-stream marker. Columns by name: predictions (float64/float32, or a FixedSizeList or List of "
			+ "them), labels, targets (categorical), sampleWeights, groups; columns named __* are ignored. Options "
			+ "are query parameters. Batches within xent.limits.max-batch-bytes (pyarrow: "
			+ "write_table(t, max_chunksize=1_000_000)); LZ4_FRAME and ZSTD body compression accepted.";

	static final String JSON_LINES_BODY = "JSON Lines: one sample per line, {\"prediction\": …, \"label\": …} "
			+ "with, as the endpoint allows, target, sampleWeight, group. Blank lines are skipped. Options are query "
			+ "parameters.";

	static final String ARROW_ANSWER = "With Accept: application/vnd.apache.arrow.stream, any body format: one "
			+ "row per sample in request order: loss (float64), weight (float64, the sample's share of weightSum), "
			+ "gradient (float64, or FixedSizeList of float64; absent with includeGradients=false). The schema's "
			+ "metadata holds the aggregates (and any summaries) as JSON under the key xent.";

	@Override
	public void customise(OpenAPI openApi) {
		nullableIntervals(openApi);
		for (Endpoint endpoint : Endpoint.values()) {
			PathItem item = openApi.getPaths().get("/v1/" + endpoint.path());
			if (item == null || item.getPost() == null) {
				continue;
			}
			Operation post = item.getPost();
			Content body = post.getRequestBody().getContent();
			body.addMediaType(ScoringController.ARROW,
					new MediaType().schema(new BinarySchema().description(ARROW_BODY)));
			MediaType lines = new MediaType().schema(new StringSchema().description(JSON_LINES_BODY))
				.example(example(endpoint));
			body.addMediaType("application/x-ndjson", lines);
			body.addMediaType("application/jsonl", lines);
			RequestFields fields = endpoint.fields();
			for (int i = 0; i < fields.size(); i++) {
				String name = fields.name(i);
				if (ColumnLayout.COLUMNS.contains(name)) {
					continue;
				}
				boolean refused = endpoint.refusedFields().contains(name);
				post.addParametersItem(new Parameter().in("query")
					.name(name)
					.required(false)
					.description(refused
							? "Refused on this endpoint whatever its value (422): the request field " + name
									+ " does not apply here."
							: "For Arrow and JSON Lines bodies only (a JSON body carries it in the document, and "
									+ "query parameters with a JSON body are a 400): the request field " + name + ".")
					.schema(refused ? new Schema<>().not(new Schema<>())
							: "plot".equals(name) ? new StringSchema()._enum(PLOTS) : schema(fields.kind(i))));
			}
			addProblems(post, endpoint);
			ApiResponse ok = post.getResponses().get("200");
			if (ok != null) {
				ok.getContent()
					.addMediaType(ScoringController.ARROW,
							new MediaType().schema(new BinarySchema().description(ARROW_ANSWER)));
				ok.getContent()
					.addMediaType(ScoringController.SVG,
							new MediaType().schema(new StringSchema().description(ApiDocs.PICTURE_ANSWER)));
				ok.getContent()
					.addMediaType(PNG, new MediaType().schema(new BinarySchema().description(ApiDocs.PICTURE_ANSWER)));
			}
		}
		curves(openApi);
	}

	/**
	 * The curves' query parameters, with the bounds {@link Curves} checks, from the field
	 * lists {@link CurvesController} reads.
	 */
	private static void curves(OpenAPI openApi) {
		PathItem binary = openApi.getPaths().get(CurvesController.BINARY_PATH);
		if (binary != null && binary.getGet() != null) {
			Operation get = binary.getGet();
			get.addParametersItem(query("posWeight",
					"Weight of the positive term, as posWeight of "
							+ "/v1/cross-entropy/binary; at most 1000 for a curve. Default 1.",
					number().exclusiveMinimumValue(BigDecimal.ZERO)
						.maximum(BigDecimal.valueOf(Curves.MAX_POS_WEIGHT))
						._default(BigDecimal.ONE)));
			get.addParametersItem(query("labelSmoothing", "a in [0, 1): y' = y·(1 − a) + a/2. Default 0.",
					number().minimum(BigDecimal.ZERO).exclusiveMaximumValue(BigDecimal.ONE)._default(BigDecimal.ZERO)));
			get.addParametersItem(query("epsilon",
					"Probabilities are clipped to [ε, 1 − ε] before the log, in "
							+ "[0, 0.5). Default 2.220446049250313e-16.",
					number().minimum(BigDecimal.ZERO)
						.exclusiveMaximumValue(new BigDecimal("0.5"))
						._default(new BigDecimal("2.220446049250313E-16"))));
			curveProblems(get, CurvesController.BINARY_PATH);
		}
		PathItem focal = openApi.getPaths().get(CurvesController.FOCAL_PATH);
		if (focal != null && focal.getGet() != null) {
			Operation get = focal.getGet();
			ArraySchema gammas = new ArraySchema();
			gammas.items(number().minimum(BigDecimal.ZERO).maximum(BigDecimal.valueOf(Curves.MAX_GAMMA)))
				.minItems(1)
				.maxItems(Curves.MAX_GAMMAS)
				.uniqueItems(true);
			gammas.setDefault(Arrays.stream(Curves.DEFAULT_GAMMAS).boxed().toList());
			get.addParametersItem(
					query("gamma", "Focusing parameters γ, comma-separated: one curve each. Default " + "0,0.5,1,2,5.",
							gammas)
						.style(Parameter.StyleEnum.FORM)
						.explode(false));
			curveProblems(get, CurvesController.FOCAL_PATH);
		}
	}

	private static NumberSchema number() {
		NumberSchema schema = new NumberSchema();
		schema.format("double");
		return schema;
	}

	private static Parameter query(String name, String description, Schema<?> schema) {
		return new Parameter().in("query").name(name).required(false).description(description).schema(schema);
	}

	/** The statuses a curve has beyond its own 400 and 422, each with an example. */
	private static void curveProblems(Operation get, String instance) {
		problem(get, "404", "No such path.", "not-found", "Not Found", "Not Found.", instance + "s");
		problem(get, "405", "Only GET (and HEAD) is allowed here.", "method-not-allowed", "Method Not Allowed",
				"Method 'POST' is not supported.", instance);
		problem(get, "406", "The Accept header does not take image/svg+xml.", "not-acceptable", "Not Acceptable",
				"Acceptable representations: [image/svg+xml].", instance);
	}

	/**
	 * A confidence interval is null with its standard error; the annotations cannot say
	 * so of an array.
	 */
	@SuppressWarnings("rawtypes")
	private static void nullableIntervals(OpenAPI openApi) {
		Map<String, Schema> schemas = (openApi.getComponents() != null) ? openApi.getComponents().getSchemas() : null;
		if (schemas == null) {
			return;
		}
		for (String name : new String[] { "StderrSummary", "GroupSummary" }) {
			Schema<?> schema = schemas.get(name);
			Schema<?> interval = (schema != null && schema.getProperties() != null) ? schema.getProperties().get("ci95")
					: null;
			if (interval != null) {
				interval.setTypes(new java.util.LinkedHashSet<>(List.of("array", "null")));
			}
		}
	}

	/** Every error status, each as problem details with an example. */
	private static void addProblems(Operation post, Endpoint endpoint) {
		String instance = "/v1/" + endpoint.path();
		problem(post, "400", ApiDocs.BAD_REQUEST, "malformed-request", "Malformed request",
				"Unknown field \"label_smoothing\"; did you mean \"labelSmoothing\"?", instance);
		problem(post, "404", "No such path.", "not-found", "Not Found", "Not Found.", instance + "s");
		problem(post, "405", "Only POST is allowed here.", "method-not-allowed", "Method Not Allowed",
				"Method 'GET' is not supported.", instance);
		problem(post, "406",
				"The Accept header names no answer the endpoint has (application/json, " + ScoringController.ARROW
						+ ", image/svg+xml, image/png).",
				"not-acceptable", "Not Acceptable",
				"Acceptable representations: [application/json, application/vnd.apache.arrow.stream, image/svg+xml, "
						+ "image/png].",
				instance);
		problem(post, "408", ApiDocs.TIMEOUT, "request-timeout", "Request timeout",
				"The request body did not arrive within 60 s, the configured limit (xent.limits.body-read-timeout).",
				instance);
		problem(post, "413", ApiDocs.TOO_LARGE, "payload-too-large", "Payload too large",
				"The request body is larger than 67108864 bytes, the configured limit (xent.limits.max-body-bytes).",
				instance);
		problem(post, "415", ApiDocs.UNSUPPORTED, "unsupported-media-type", "Unsupported media type",
				"The Content-Encoding is not supported; send the body as is, or compressed with gzip or deflate (zlib).",
				instance);
		problem(post, "422", ApiDocs.UNPROCESSABLE, "invalid-values", "Invalid values",
				"1 value breaks the contract: /labels/0 must be a label in [0, 1] (0/1, or a soft label), but is 2.0.",
				instance);
		problem(post, "503",
				"The service's memory or spool is taken by other requests now: retry after the "
						+ "Retry-After header's seconds.",
				"busy", "Busy", "The service's memory is taken by other requests now; try again shortly.", instance);
	}

	private static void problem(Operation post, String status, String description, String type, String title,
			String detail, String instance) {
		ApiResponse response = post.getResponses().get(status);
		if (response == null) {
			response = new ApiResponse().description(description);
			post.getResponses().addApiResponse(status, response);
		}
		if (response.getContent() == null) {
			response.setContent(new Content());
		}
		MediaType problem = response.getContent().get("application/problem+json");
		if (problem == null) {
			problem = new MediaType().schema(new Schema<>().$ref(ApiDocs.PROBLEM_SCHEMA));
			response.getContent().addMediaType("application/problem+json", problem);
		}
		if (problem.getExamples() == null || problem.getExamples().isEmpty()) {
			Map<String, Object> value = new LinkedHashMap<>();
			value.put("type", "urn:xent:problem:" + type);
			value.put("title", title);
			value.put("status", Integer.parseInt(status));
			value.put("detail", detail);
			value.put("instance", instance);
			problem.addExamples(type, new Example().value(value));
		}
		if ("503".equals(status)) {
			response.addHeaderObject("Retry-After",
					new Header().description("Seconds to wait before retrying.").schema(new IntegerSchema()));
		}
		if ("415".equals(status)) {
			response.addHeaderObject("Accept-Encoding",
					new Header()
						.description("With an unsupported Content-Encoding: the codings that are (gzip, " + "deflate).")
						.schema(new StringSchema()));
		}
	}

	private static String example(Endpoint endpoint) {
		return switch (endpoint) {
			case BINARY -> "{\"prediction\": 0.9, \"label\": 1}\n{\"prediction\": 0.2, \"label\": 0}\n";
			case MULTILABEL -> "{\"prediction\": [0.9, 0.1], \"label\": [1, 0]}\n"
					+ "{\"prediction\": [0.3, 0.8], \"label\": [0, 1], \"sampleWeight\": 2}\n";
			case CATEGORICAL -> "{\"prediction\": [0.7, 0.2, 0.1], \"label\": 0}\n"
					+ "{\"prediction\": [0.1, 0.3, 0.6], \"label\": 2}\n";
			case FOCAL_BINARY -> "{\"prediction\": 2.2, \"label\": 1}\n{\"prediction\": -1.4, \"label\": 0}\n";
			case FOCAL_MULTILABEL -> "{\"prediction\": [0.9, 0.1], \"label\": [1, 0]}\n"
					+ "{\"prediction\": [0.3, 0.8], \"label\": [0, 1], \"sampleWeight\": 2}\n";
			case FOCAL_CATEGORICAL -> "{\"prediction\": [2.0, 0.5, -1.0], \"label\": 0}\n"
					+ "{\"prediction\": [0.1, 0.2, 3.0], \"label\": 2}\n";
		};
	}

	private static Schema<?> schema(FieldKind kind) {
		return switch (kind) {
			case STRING -> new StringSchema();
			case NUMBER -> new NumberSchema();
			case INTEGER -> new IntegerSchema().format("int64");
			case BOOLEAN -> new BooleanSchema();
			case VECTOR,
					NUMBER_OR_VECTOR ->
				new StringSchema().pattern("^[^,]+(,[^,]+)*$")
					.description("Comma-separated numbers (JSON number syntax), no empty item"
							+ ((kind == FieldKind.NUMBER_OR_VECTOR) ? "; or one number" : "") + ".");
			case STRINGS -> new StringSchema().pattern("^[^,]+(,[^,]+)*$")
				.description("Comma-separated names, no empty item, e.g. stderr,accuracy,calibration,worst,groups.");
			case INTEGER_VECTOR, MATRIX, GROUPS -> new ArraySchema();
		};
	}

}
