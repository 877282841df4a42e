package dev.xent.web;

import java.io.IOException;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.MediaType;

/**
 * The OpenAPI description of the cross-entropy endpoints, kept apart from the controller
 * that implements them ({@link ScoringController}). The JSON request bodies and answers
 * are described here; the streamed body formats, their query parameters and the Arrow
 * answers are added to every scoring operation by {@link ScoringApiDocs}, from the same
 * request records.
 */
@Tag(name = "cross-entropy", description = "Cross-entropy losses and their gradients")
@ApiResponse(responseCode = "400", description = ApiDocs.BAD_REQUEST,
		content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = ApiDocs.PROBLEM_SCHEMA),
				examples = @ExampleObject(name = "unknown field", value = ApiDocs.BAD_REQUEST_EXAMPLE)))
@ApiResponse(responseCode = "413", description = ApiDocs.TOO_LARGE,
		content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = ApiDocs.PROBLEM_SCHEMA),
				examples = @ExampleObject(name = "too many numbers", value = ApiDocs.TOO_LARGE_EXAMPLE)))
@ApiResponse(responseCode = "408", description = ApiDocs.TIMEOUT,
		content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = ApiDocs.PROBLEM_SCHEMA)))
@ApiResponse(responseCode = "415", description = ApiDocs.UNSUPPORTED,
		content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = ApiDocs.PROBLEM_SCHEMA)))
@ApiResponse(responseCode = "422", description = ApiDocs.UNPROCESSABLE,
		content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = ApiDocs.PROBLEM_SCHEMA),
				examples = @ExampleObject(name = "invalid values", value = ApiDocs.UNPROCESSABLE_EXAMPLE)))
interface CrossEntropyApi {

	@Operation(summary = "Binary cross-entropy (log loss)", description = ApiDocs.BINARY_DESCRIPTION,
			requestBody = @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
					schema = @Schema(implementation = BinaryRequest.class),
					examples = { @ExampleObject(name = ApiDocs.BINARY_EXAMPLE_1_NAME, value = ApiDocs.BINARY_EXAMPLE_1),
							@ExampleObject(name = ApiDocs.BINARY_EXAMPLE_2_NAME, value = ApiDocs.BINARY_EXAMPLE_2),
							@ExampleObject(name = ApiDocs.BINARY_EXAMPLE_3_NAME, value = ApiDocs.BINARY_EXAMPLE_3) })))
	@ApiResponse(responseCode = "200", description = ApiDocs.SCORED, content = @Content(
			mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = ScoreResponse.class),
			examples = { @ExampleObject(name = "scored", value = ApiDocs.BINARY_RESPONSE),
					@ExampleObject(name = ApiDocs.BINARY_EXAMPLE_3_NAME, value = ApiDocs.BINARY_SUMMARIES_RESPONSE) }))
	void binary(HttpServletRequest request, HttpServletResponse response) throws IOException;

	@Operation(summary = "Multi-label cross-entropy (a sigmoid per column)",
			description = ApiDocs.MULTILABEL_DESCRIPTION,
			requestBody = @RequestBody(required = true,
					content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
							schema = @Schema(implementation = MultilabelRequest.class),
							examples = {
									@ExampleObject(name = ApiDocs.MULTILABEL_EXAMPLE_1_NAME,
											value = ApiDocs.MULTILABEL_EXAMPLE_1),
									@ExampleObject(name = ApiDocs.MULTILABEL_EXAMPLE_2_NAME,
											value = ApiDocs.MULTILABEL_EXAMPLE_2) })))
	@ApiResponse(responseCode = "200", description = ApiDocs.SCORED,
			content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
					schema = @Schema(implementation = ScoreResponse.class),
					examples = @ExampleObject(name = "scored", value = ApiDocs.MULTILABEL_RESPONSE)))
	void multilabel(HttpServletRequest request, HttpServletResponse response) throws IOException;

	@Operation(summary = "Categorical cross-entropy (softmax over C classes)",
			description = ApiDocs.CATEGORICAL_DESCRIPTION,
			requestBody = @RequestBody(required = true,
					content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
							schema = @Schema(implementation = CategoricalRequest.class),
							examples = {
									@ExampleObject(name = ApiDocs.CATEGORICAL_EXAMPLE_1_NAME,
											value = ApiDocs.CATEGORICAL_EXAMPLE_1),
									@ExampleObject(name = ApiDocs.CATEGORICAL_EXAMPLE_2_NAME,
											value = ApiDocs.CATEGORICAL_EXAMPLE_2),
									@ExampleObject(name = ApiDocs.CATEGORICAL_EXAMPLE_3_NAME,
											value = ApiDocs.CATEGORICAL_EXAMPLE_3) })))
	@ApiResponse(responseCode = "200", description = ApiDocs.SCORED,
			content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
					schema = @Schema(implementation = ScoreResponse.class),
					examples = { @ExampleObject(name = "scored", value = ApiDocs.CATEGORICAL_RESPONSE),
							@ExampleObject(name = ApiDocs.CATEGORICAL_EXAMPLE_3_NAME,
									value = ApiDocs.CATEGORICAL_SUMMARIES_RESPONSE) }))
	void categorical(HttpServletRequest request, HttpServletResponse response) throws IOException;

}
