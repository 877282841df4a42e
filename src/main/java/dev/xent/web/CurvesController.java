package dev.xent.web;

import java.io.IOException;

import dev.xent.loss.options.FieldKind;
import dev.xent.loss.options.ParsedBody;
import dev.xent.loss.options.RequestFields;
import dev.xent.config.XentProperties;
import dev.xent.plot.Curves;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jfree.chart.JFreeChart;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The loss curves as SVG ({@link Curves}): the options are query parameters read as the
 * scoring endpoints read theirs ({@link QueryOptions}: an unknown, repeated or malformed
 * parameter is a 400), and checked as the losses check them (422 with the parameter's
 * pointer). A curve depends on its query only, so it may be cached.
 */
@RestController
class CurvesController implements CurvesApi {

	static final String BINARY_PATH = "/v1/curves/binary.svg";

	static final String FOCAL_PATH = "/v1/curves/focal.svg";

	/** The binary endpoint's options a binary curve takes. */
	static final RequestFields BINARY = RequestFields.builder()
		.add("posWeight", FieldKind.NUMBER)
		.add("labelSmoothing", FieldKind.NUMBER)
		.add("epsilon", FieldKind.NUMBER)
		.build();

	/** The focal curves' γ, a comma-separated list. */
	static final RequestFields FOCAL = RequestFields.builder().add("gamma", FieldKind.VECTOR).build();

	private final int maxLength;

	CurvesController(XentProperties properties) {
		this.maxLength = properties.limits().maxStringLength();
	}

	@Override
	@GetMapping(path = BINARY_PATH, produces = ScoringController.SVG)
	public void binaryCurve(HttpServletRequest request, HttpServletResponse response) throws IOException {
		ParsedBody o = options(request, BINARY);
		answer(Curves.binary(o.number("posWeight"), o.number("labelSmoothing"), o.number("epsilon")), response);
	}

	@Override
	@GetMapping(path = FOCAL_PATH, produces = ScoringController.SVG)
	public void focalCurve(HttpServletRequest request, HttpServletResponse response) throws IOException {
		answer(Curves.focal(options(request, FOCAL).vector("gamma")), response);
	}

	private ParsedBody options(HttpServletRequest request, RequestFields fields) {
		ParsedBody options = ScoringService.queryOptions(request.getQueryString(), fields, this.maxLength);
		options.violations().throwIfAny();
		return options;
	}

	private static void answer(JFreeChart chart, HttpServletResponse response) throws IOException {
		response.setHeader("Cache-Control", "public, max-age=86400");
		PictureResponse.write(true, chart, response);
	}

}
