package dev.xent.web;

import java.io.IOException;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The OpenAPI description of the loss curves, kept apart from {@link CurvesController}.
 * The query parameters, with their exact bounds, are added by {@link ScoringApiDocs} from
 * the same field lists the controller reads.
 */
@Tag(name = "pictures", description = "The losses as curves, drawn by the endpoints' own kernels")
@ApiResponse(responseCode = "400", description = ApiDocs.CURVE_BAD_REQUEST,
		content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = ApiDocs.PROBLEM_SCHEMA),
				examples = @ExampleObject(name = "unknown parameter", value = ApiDocs.CURVE_BAD_REQUEST_EXAMPLE)))
@ApiResponse(responseCode = "422", description = ApiDocs.CURVE_UNPROCESSABLE,
		content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = ApiDocs.PROBLEM_SCHEMA),
				examples = @ExampleObject(name = "out of range", value = ApiDocs.CURVE_UNPROCESSABLE_EXAMPLE)))
interface CurvesApi {

	@Operation(summary = "Binary cross-entropy against the predicted probability, for y = 1 and y = 0",
			description = ApiDocs.BINARY_CURVE_DESCRIPTION)
	@ApiResponse(responseCode = "200", description = "The curves, 600 × 400.",
			content = @Content(mediaType = ScoringController.SVG, schema = @Schema(type = "string")))
	void binaryCurve(HttpServletRequest request, HttpServletResponse response) throws IOException;

	@Operation(summary = "Focal loss against p_t for several γ", description = ApiDocs.FOCAL_CURVE_DESCRIPTION)
	@ApiResponse(responseCode = "200", description = "The curves, 600 × 400.",
			content = @Content(mediaType = ScoringController.SVG, schema = @Schema(type = "string")))
	void focalCurve(HttpServletRequest request, HttpServletResponse response) throws IOException;

}
