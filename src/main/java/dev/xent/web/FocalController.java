package dev.xent.web;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The focal-loss endpoints: each names its {@link Endpoint}; everything else is
 * {@link ScoringService}'s one path, as for the cross-entropy endpoints
 * ({@link ScoringController}). A controller of its own, so that the OpenAPI document
 * keeps the two families' tags and error examples apart.
 */
@RestController
class FocalController implements FocalApi {

	private final ScoringService service;

	FocalController(ScoringService service) {
		this.service = service;
	}

	@Override
	@PostMapping(path = "/v1/focal/binary",
			consumes = { MediaType.APPLICATION_JSON_VALUE, ScoringController.ARROW, MediaType.APPLICATION_NDJSON_VALUE,
					"application/jsonl" },
			produces = { MediaType.APPLICATION_JSON_VALUE, ScoringController.ARROW, ScoringController.SVG,
					MediaType.IMAGE_PNG_VALUE })
	public void focalBinary(HttpServletRequest request, HttpServletResponse response) throws IOException {
		this.service.score(Endpoint.FOCAL_BINARY, request, response);
	}

	@Override
	@PostMapping(path = "/v1/focal/multilabel",
			consumes = { MediaType.APPLICATION_JSON_VALUE, ScoringController.ARROW, MediaType.APPLICATION_NDJSON_VALUE,
					"application/jsonl" },
			produces = { MediaType.APPLICATION_JSON_VALUE, ScoringController.ARROW, ScoringController.SVG,
					MediaType.IMAGE_PNG_VALUE })
	public void focalMultilabel(HttpServletRequest request, HttpServletResponse response) throws IOException {
		this.service.score(Endpoint.FOCAL_MULTILABEL, request, response);
	}

	@Override
	@PostMapping(path = "/v1/focal/categorical",
			consumes = { MediaType.APPLICATION_JSON_VALUE, ScoringController.ARROW, MediaType.APPLICATION_NDJSON_VALUE,
					"application/jsonl" },
			produces = { MediaType.APPLICATION_JSON_VALUE, ScoringController.ARROW, ScoringController.SVG,
					MediaType.IMAGE_PNG_VALUE })
	public void focalCategorical(HttpServletRequest request, HttpServletResponse response) throws IOException {
		this.service.score(Endpoint.FOCAL_CATEGORICAL, request, response);
	}

}
