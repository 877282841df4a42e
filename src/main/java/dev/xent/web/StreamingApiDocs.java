package dev.xent.web;

import dev.xent.codec.ColumnLayout;
import dev.xent.codec.json.FieldKind;
import dev.xent.codec.json.RequestFields;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
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
 * documents, so the two cannot drift), and the per-sample Arrow answer.
 */
@Component
class StreamingApiDocs implements OpenApiCustomizer {

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
			+ "metadata holds the aggregates as JSON under the key xent.";

	@Override
	public void customise(OpenAPI openApi) {
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
				post.addParametersItem(new Parameter().in("query")
					.name(name)
					.required(false)
					.description("For Arrow and JSON Lines bodies only (a JSON body carries it in the document, and "
							+ "query parameters with a JSON body are a 400): the request field " + name + ".")
					.schema(schema(fields.kind(i))));
			}
			ApiResponse ok = post.getResponses().get("200");
			if (ok != null) {
				ok.getContent()
					.addMediaType(ScoringController.ARROW,
							new MediaType().schema(new BinarySchema().description(ARROW_ANSWER)));
			}
		}
	}

	private static String example(Endpoint endpoint) {
		return switch (endpoint) {
			case BINARY -> "{\"prediction\": 0.9, \"label\": 1}\n{\"prediction\": 0.2, \"label\": 0}\n";
			case MULTILABEL -> "{\"prediction\": [0.9, 0.1], \"label\": [1, 0]}\n"
					+ "{\"prediction\": [0.3, 0.8], \"label\": [0, 1], \"sampleWeight\": 2}\n";
			case CATEGORICAL -> "{\"prediction\": [0.7, 0.2, 0.1], \"label\": 0}\n"
					+ "{\"prediction\": [0.1, 0.3, 0.6], \"label\": 2}\n";
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
			case INTEGER_VECTOR, MATRIX -> new ArraySchema();
		};
	}

}
