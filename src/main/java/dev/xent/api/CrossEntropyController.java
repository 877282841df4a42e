package dev.xent.api;

import java.util.List;

import dev.xent.loss.InputType;
import dev.xent.loss.LossBatch;
import dev.xent.loss.LossResult;
import dev.xent.loss.Scorer;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The three scoring endpoints. Each one only names its request record; reading, checking,
 * scoring and writing are the same path for all of them ({@link #score}).
 */
@RestController
@RequestMapping(path = "/v1/cross-entropy", consumes = MediaType.APPLICATION_JSON_VALUE,
		produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "cross-entropy", description = "Cross-entropy losses and their gradients")
@ApiResponse(responseCode = "400", description = ApiDocs.BAD_REQUEST,
		content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = ApiDocs.PROBLEM_SCHEMA),
				examples = @ExampleObject(name = "unknown field", value = ApiDocs.BAD_REQUEST_EXAMPLE)))
@ApiResponse(responseCode = "413", description = ApiDocs.TOO_LARGE,
		content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = ApiDocs.PROBLEM_SCHEMA),
				examples = @ExampleObject(name = "too many numbers", value = ApiDocs.TOO_LARGE_EXAMPLE)))
@ApiResponse(responseCode = "408", description = ApiDocs.TIMEOUT,
		content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = ApiDocs.PROBLEM_SCHEMA)))
@ApiResponse(responseCode = "415", description = "The body is not application/json.",
		content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = ApiDocs.PROBLEM_SCHEMA)))
@ApiResponse(responseCode = "422", description = ApiDocs.UNPROCESSABLE,
		content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = ApiDocs.PROBLEM_SCHEMA),
				examples = @ExampleObject(name = "invalid values", value = ApiDocs.UNPROCESSABLE_EXAMPLE)))
class CrossEntropyController {

	/** Turns a parsed body and its shared options into a checked batch. */
	@FunctionalInterface
	interface BatchFactory {

		LossBatch create(ParsedBody body, RequestOptions options);

	}

	private final ScoringMetrics metrics;

	CrossEntropyController(ScoringMetrics metrics) {
		this.metrics = metrics;
	}

	@PostMapping("/binary")
	@Operation(summary = "Binary cross-entropy (log loss)", description = ApiDocs.BINARY_DESCRIPTION)
	@ApiResponse(responseCode = "200", description = "Scored",
			content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
					schema = @Schema(implementation = ScoreResponse.class),
					examples = @ExampleObject(name = "scored", value = ApiDocs.BINARY_RESPONSE)))
	LossResult binary(@io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
			mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = BinaryRequest.class),
			examples = { @ExampleObject(name = ApiDocs.BINARY_EXAMPLE_1_NAME, value = ApiDocs.BINARY_EXAMPLE_1),
					@ExampleObject(name = ApiDocs.BINARY_EXAMPLE_2_NAME,
							value = ApiDocs.BINARY_EXAMPLE_2) })) @RequestBody JsonRequest<BinaryRequest> request) {
		return score("binary", request, BinaryRequest.INPUT_TYPES, BinaryRequest::toBatch);
	}

	@PostMapping("/multilabel")
	@Operation(summary = "Multi-label cross-entropy (a sigmoid per column)",
			description = ApiDocs.MULTILABEL_DESCRIPTION)
	@ApiResponse(responseCode = "200", description = "Scored",
			content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
					schema = @Schema(implementation = ScoreResponse.class),
					examples = @ExampleObject(name = "scored", value = ApiDocs.MULTILABEL_RESPONSE)))
	LossResult multilabel(@io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
			mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = MultilabelRequest.class),
			examples = { @ExampleObject(name = ApiDocs.MULTILABEL_EXAMPLE_1_NAME, value = ApiDocs.MULTILABEL_EXAMPLE_1),
					@ExampleObject(name = ApiDocs.MULTILABEL_EXAMPLE_2_NAME,
							value = ApiDocs.MULTILABEL_EXAMPLE_2) })) @RequestBody JsonRequest<MultilabelRequest> request) {
		return score("multilabel", request, MultilabelRequest.INPUT_TYPES, MultilabelRequest::toBatch);
	}

	@PostMapping("/categorical")
	@Operation(summary = "Categorical cross-entropy (softmax over C classes)",
			description = ApiDocs.CATEGORICAL_DESCRIPTION)
	@ApiResponse(responseCode = "200", description = "Scored",
			content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
					schema = @Schema(implementation = ScoreResponse.class),
					examples = @ExampleObject(name = "scored", value = ApiDocs.CATEGORICAL_RESPONSE)))
	LossResult categorical(@io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
			mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = CategoricalRequest.class),
			examples = {
					@ExampleObject(name = ApiDocs.CATEGORICAL_EXAMPLE_1_NAME, value = ApiDocs.CATEGORICAL_EXAMPLE_1),
					@ExampleObject(name = ApiDocs.CATEGORICAL_EXAMPLE_2_NAME,
							value = ApiDocs.CATEGORICAL_EXAMPLE_2) })) @RequestBody JsonRequest<CategoricalRequest> request) {
		return score("categorical", request, CategoricalRequest.INPUT_TYPES, CategoricalRequest::toBatch);
	}

	private LossResult score(String endpoint, JsonRequest<?> request, List<InputType> inputTypes,
			BatchFactory factory) {
		ParsedBody body = request.body();
		RequestOptions options = RequestOptions.of(body, inputTypes);
		LossBatch batch = factory.create(body, options);
		LossResult result = Scorer.score(batch, options.reduction(), options.includeLosses(),
				options.includeGradients());
		this.metrics.scored(endpoint, batch.samples());
		return result;
	}

}
