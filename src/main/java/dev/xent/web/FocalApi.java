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
 * The OpenAPI description of the focal-loss endpoints, kept apart from the controller
 * that implements them ({@link FocalController}), as {@link CrossEntropyApi} is for the
 * cross-entropy ones. The streamed body formats, their query parameters, the Arrow
 * answers and every error status are added by {@link ScoringApiDocs}, from the same
 * request records.
 */
@Tag(name = "focal", description = "Focal losses (torchvision, Keras) and their gradients")
@ApiResponse(responseCode = "400", description = ApiDocs.BAD_REQUEST,
		content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = ApiDocs.PROBLEM_SCHEMA),
				examples = @ExampleObject(name = "wrong type", value = ApiDocs.FOCAL_BAD_REQUEST_EXAMPLE)))
@ApiResponse(responseCode = "413", description = ApiDocs.TOO_LARGE,
		content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = ApiDocs.PROBLEM_SCHEMA),
				examples = @ExampleObject(name = "too many numbers", value = ApiDocs.TOO_LARGE_EXAMPLE)))
@ApiResponse(responseCode = "408", description = ApiDocs.TIMEOUT,
		content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = ApiDocs.PROBLEM_SCHEMA)))
@ApiResponse(responseCode = "415", description = ApiDocs.UNSUPPORTED,
		content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = ApiDocs.PROBLEM_SCHEMA)))
@ApiResponse(responseCode = "422", description = ApiDocs.UNPROCESSABLE,
		content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = ApiDocs.PROBLEM_SCHEMA),
				examples = @ExampleObject(name = "invalid values", value = ApiDocs.FOCAL_UNPROCESSABLE_EXAMPLE)))
interface FocalApi {

	@Operation(summary = "Binary focal loss", description = ApiDocs.FOCAL_BINARY_DESCRIPTION,
			requestBody = @RequestBody(required = true,
					content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
							schema = @Schema(implementation = FocalBinaryRequest.class),
							examples = {
									@ExampleObject(name = ApiDocs.FOCAL_BINARY_EXAMPLE_1_NAME,
											value = ApiDocs.FOCAL_BINARY_EXAMPLE_1),
									@ExampleObject(name = ApiDocs.FOCAL_BINARY_EXAMPLE_2_NAME,
											value = ApiDocs.FOCAL_BINARY_EXAMPLE_2) })))
	@ApiResponse(responseCode = "200", description = ApiDocs.SCORED,
			content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
					schema = @Schema(implementation = ScoreResponse.class),
					examples = @ExampleObject(name = "scored", value = ApiDocs.FOCAL_BINARY_RESPONSE)))
	void focalBinary(HttpServletRequest request, HttpServletResponse response) throws IOException;

	@Operation(summary = "Multi-label focal loss (a sigmoid per column)",
			description = ApiDocs.FOCAL_MULTILABEL_DESCRIPTION,
			requestBody = @RequestBody(required = true,
					content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
							schema = @Schema(implementation = FocalMultilabelRequest.class),
							examples = {
									@ExampleObject(name = ApiDocs.FOCAL_MULTILABEL_EXAMPLE_1_NAME,
											value = ApiDocs.FOCAL_MULTILABEL_EXAMPLE_1),
									@ExampleObject(name = ApiDocs.FOCAL_MULTILABEL_EXAMPLE_2_NAME,
											value = ApiDocs.FOCAL_MULTILABEL_EXAMPLE_2) })))
	@ApiResponse(responseCode = "200", description = ApiDocs.SCORED,
			content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
					schema = @Schema(implementation = ScoreResponse.class),
					examples = @ExampleObject(name = "scored", value = ApiDocs.FOCAL_MULTILABEL_RESPONSE)))
	void focalMultilabel(HttpServletRequest request, HttpServletResponse response) throws IOException;

	@Operation(summary = "Categorical focal loss (softmax over C classes)",
			description = ApiDocs.FOCAL_CATEGORICAL_DESCRIPTION,
			requestBody = @RequestBody(required = true,
					content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
							schema = @Schema(implementation = FocalCategoricalRequest.class),
							examples = {
									@ExampleObject(name = ApiDocs.FOCAL_CATEGORICAL_EXAMPLE_1_NAME,
											value = ApiDocs.FOCAL_CATEGORICAL_EXAMPLE_1),
									@ExampleObject(name = ApiDocs.FOCAL_CATEGORICAL_EXAMPLE_2_NAME,
											value = ApiDocs.FOCAL_CATEGORICAL_EXAMPLE_2) })))
	@ApiResponse(responseCode = "200", description = ApiDocs.SCORED,
			content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
					schema = @Schema(implementation = ScoreResponse.class),
					examples = @ExampleObject(name = "scored", value = ApiDocs.FOCAL_CATEGORICAL_RESPONSE)))
	void focalCategorical(HttpServletRequest request, HttpServletResponse response) throws IOException;

}
