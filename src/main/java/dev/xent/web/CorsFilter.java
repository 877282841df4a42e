package dev.xent.web;

import java.io.IOException;
import java.util.List;

import dev.xent.error.ProblemResponses;
import dev.xent.error.ProblemTypes;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsUtils;
import org.springframework.web.cors.DefaultCorsProcessor;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Cross-origin requests from browsers ({@code xent.cors.*}), in front of everything that
 * may answer them, so that a page on an allowed origin can read every answer, errors of
 * the body filter included. Each path lists only the methods it has: POST for the scoring
 * endpoints, GET and HEAD for the curves. A preflight is answered here; a request from an
 * origin, with a method or a header that is not allowed is a 403 problem.
 */
final class CorsFilter extends OncePerRequestFilter {

	/** Headers a cross-origin request may send beyond the CORS-safelisted ones. */
	static final List<String> ALLOWED_HEADERS = List.of(HttpHeaders.CONTENT_TYPE, HttpHeaders.CONTENT_ENCODING,
			HttpHeaders.ACCEPT);

	private final UrlBasedCorsConfigurationSource paths = new UrlBasedCorsConfigurationSource();

	/**
	 * Spring's checks and headers; the refusal is written by {@link #doFilterInternal}.
	 */
	private final DefaultCorsProcessor processor = new DefaultCorsProcessor() {

		@Override
		protected void rejectRequest(ServerHttpResponse response) {
		}

	};

	/**
	 * @param origins allowed origins or origin patterns
	 * @param maxAgeSeconds how long a preflight's answer may be kept
	 * @param postPaths the paths that take POST (the scoring endpoints)
	 * @param getPaths the paths that take GET and HEAD (the curves)
	 */
	CorsFilter(List<String> origins, long maxAgeSeconds, List<String> postPaths, List<String> getPaths) {
		for (String path : postPaths) {
			this.paths.registerCorsConfiguration(path, configuration(origins, maxAgeSeconds, List.of("POST")));
		}
		for (String path : getPaths) {
			this.paths.registerCorsConfiguration(path, configuration(origins, maxAgeSeconds, List.of("GET", "HEAD")));
		}
	}

	private static CorsConfiguration configuration(List<String> origins, long maxAgeSeconds, List<String> methods) {
		CorsConfiguration configuration = new CorsConfiguration();
		configuration.setAllowedOriginPatterns(origins);
		configuration.setAllowedMethods(methods);
		configuration.setAllowedHeaders(ALLOWED_HEADERS);
		configuration.setExposedHeaders(List.of(HttpHeaders.RETRY_AFTER));
		configuration.setAllowCredentials(false);
		configuration.setMaxAge(maxAgeSeconds);
		return configuration;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		CorsConfiguration configuration = CorsUtils.isCorsRequest(request) ? this.paths.getCorsConfiguration(request)
				: null;
		if (configuration != null) {
			if (!this.processor.processRequest(configuration, request, response)) {
				ProblemResponses.write(response, HttpStatus.FORBIDDEN, ProblemTypes.FORBIDDEN, "Forbidden",
						"This cross-origin request is not allowed: its origin, method or headers are not among those "
								+ "allowed here (xent.cors.allowed-origins; "
								+ String.join(", ", configuration.getAllowedMethods()) + "; headers "
								+ String.join(", ", ALLOWED_HEADERS) + ").",
						request.getRequestURI());
				return;
			}
			if (CorsUtils.isPreFlightRequest(request)) {
				return;
			}
		}
		chain.doFilter(request, response);
	}

}
