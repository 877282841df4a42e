package dev.xent.web;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The scoring endpoints: each names its {@link Endpoint}; everything else is
 * {@link ScoringService}'s one path. Each answers JSON, per-sample Arrow, or a picture of
 * the request (SVG or PNG, with {@code plot}). Spring answers 415 for a body format and
 * 406 for an answer format that no endpoint has.
 */
@RestController
class ScoringController implements CrossEntropyApi {

	static final String ARROW = "application/vnd.apache.arrow.stream";

	/** A picture answer ({@code plot}), also {@link MediaType#IMAGE_PNG_VALUE}. */
	static final String SVG = "image/svg+xml";

	private final ScoringService service;

	ScoringController(ScoringService service) {
		this.service = service;
	}

	@Override
	@PostMapping(path = "/v1/cross-entropy/binary",
			consumes = { MediaType.APPLICATION_JSON_VALUE, ARROW, MediaType.APPLICATION_NDJSON_VALUE,
					"application/jsonl" },
			produces = { MediaType.APPLICATION_JSON_VALUE, ARROW, SVG, MediaType.IMAGE_PNG_VALUE })
	public void binary(HttpServletRequest request, HttpServletResponse response) throws IOException {
		this.service.score(Endpoint.BINARY, request, response);
	}

	@Override
	@PostMapping(path = "/v1/cross-entropy/multilabel",
			consumes = { MediaType.APPLICATION_JSON_VALUE, ARROW, MediaType.APPLICATION_NDJSON_VALUE,
					"application/jsonl" },
			produces = { MediaType.APPLICATION_JSON_VALUE, ARROW, SVG, MediaType.IMAGE_PNG_VALUE })
	public void multilabel(HttpServletRequest request, HttpServletResponse response) throws IOException {
		this.service.score(Endpoint.MULTILABEL, request, response);
	}

	@Override
	@PostMapping(path = "/v1/cross-entropy/categorical",
			consumes = { MediaType.APPLICATION_JSON_VALUE, ARROW, MediaType.APPLICATION_NDJSON_VALUE,
					"application/jsonl" },
			produces = { MediaType.APPLICATION_JSON_VALUE, ARROW, SVG, MediaType.IMAGE_PNG_VALUE })
	public void categorical(HttpServletRequest request, HttpServletResponse response) throws IOException {
		this.service.score(Endpoint.CATEGORICAL, request, response);
	}

}
