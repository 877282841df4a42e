package dev.xent.error;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.List;
import java.util.Map;

import dev.xent.codec.BodyLimitExceededException;
import dev.xent.codec.BodyReadTimeoutException;
import dev.xent.codec.MalformedRequestException;
import dev.xent.codec.SpoolBudget.SpoolUnavailableException;
import dev.xent.loss.InvalidBatchException;
import dev.xent.loss.LimitExceededException;
import dev.xent.web.ServiceBusyException;
import dev.xent.loss.Violation;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Maps every failure of a request to problem details: the service's own exceptions here,
 * and Spring MVC's (404, 405, 406, 415, unreadable bodies) through
 * {@link ResponseEntityExceptionHandler}, whose details are replaced by plain sentences.
 */
@RestControllerAdvice
class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

	private static final Log log = LogFactory.getLog(ProblemDetailsAdvice.class);

	@ExceptionHandler(MalformedRequestException.class)
	ResponseEntity<Object> malformed(MalformedRequestException ex, HttpServletRequest request) {
		ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, ProblemTypes.MALFORMED_REQUEST, "Malformed request",
				ex.getMessage(), request);
		if (ex.pointer() != null) {
			problem.setProperty("errors", List.of(error(ex.pointer(), ex.getMessage(), ex.line())));
		}
		else if (ex.line() > 0) {
			problem.setProperty("line", ex.line());
		}
		return respond(problem);
	}

	@ExceptionHandler(InvalidBatchException.class)
	ResponseEntity<Object> invalid(InvalidBatchException ex, HttpServletRequest request) {
		List<Violation> violations = ex.violations();
		String detail = (violations.size() == 1)
				? "1 value breaks the contract: " + violations.get(0).pointer() + " " + violations.get(0).detail()
				: violations.size() + ((violations.size() >= 100) ? " or more" : "")
						+ " values break the contract; see errors.";
		ProblemDetail problem = problem(HttpStatus.UNPROCESSABLE_CONTENT, ProblemTypes.INVALID_VALUES, "Invalid values",
				detail, request);
		problem.setProperty("errors",
				violations.stream().map((v) -> error(v.pointer(), v.detail(), v.line())).toList());
		return respond(problem);
	}

	/** An error entry; {@code line} only for JSON Lines bodies. */
	private static Map<String, Object> error(String pointer, String detail, long line) {
		Map<String, Object> error = new java.util.LinkedHashMap<>();
		error.put("pointer", pointer);
		error.put("detail", detail);
		if (line > 0) {
			error.put("line", line);
		}
		return error;
	}

	@ExceptionHandler(LimitExceededException.class)
	ResponseEntity<Object> tooLarge(LimitExceededException ex, HttpServletRequest request) {
		return respond(tooLarge(ex.getMessage(), request));
	}

	@ExceptionHandler({ ServiceBusyException.class, SpoolUnavailableException.class,
			org.apache.arrow.memory.OutOfMemoryException.class })
	ResponseEntity<Object> busy(RuntimeException ex, HttpServletRequest request) {
		String detail = (ex instanceof org.apache.arrow.memory.OutOfMemoryException)
				? "The service's memory for Arrow buffers is taken by other requests now; try again shortly."
				: ex.getMessage();
		ProblemDetail problem = problem(HttpStatus.SERVICE_UNAVAILABLE, ProblemTypes.BUSY, "Busy", detail, request);
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "1").body(problem);
	}

	private static ProblemDetail tooLarge(String detail, HttpServletRequest request) {
		// The rest of the body is not read; Tomcat drains a little of it
		// (server.tomcat.max-swallow-size)
		// so that the client sees this answer, then closes the connection.
		return problem(HttpStatus.CONTENT_TOO_LARGE, ProblemTypes.PAYLOAD_TOO_LARGE, "Payload too large", detail,
				request);
	}

	@ExceptionHandler(UncheckedIOException.class)
	ResponseEntity<Object> io(UncheckedIOException ex, HttpServletRequest request) {
		IOException cause = ex.getCause();
		if (cause instanceof BodyReadTimeoutException timeout) {
			// Sent while the client is still sending; the connection is closed after it,
			// not drained.
			log.info("Request body too slow (" + request.getRequestURI() + "): " + timeout.getMessage());
			return respond(problem(HttpStatus.REQUEST_TIMEOUT, ProblemTypes.REQUEST_TIMEOUT, "Request timeout",
					timeout.getMessage(), request));
		}
		if (cause instanceof java.util.zip.ZipException) {
			return respond(problem(HttpStatus.BAD_REQUEST, ProblemTypes.MALFORMED_REQUEST, "Malformed request",
					"The body is not valid data of its Content-Encoding (gzip, or deflate as zlib; raw deflate is "
							+ "not accepted).",
					request));
		}
		log.info("Request body could not be read (" + request.getRequestURI() + "): "
				+ ((cause != null) ? cause.getClass().getSimpleName() + ": " + cause.getMessage() : ex.getMessage()));
		return respond(problem(HttpStatus.BAD_REQUEST, ProblemTypes.MALFORMED_REQUEST, "Malformed request",
				"The request body could not be read to its end.", request));
	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<Object> unexpected(Exception ex, HttpServletRequest request) {
		log.error("Unexpected failure serving " + request.getMethod() + " " + request.getRequestURI(), ex);
		return respond(problem(HttpStatus.INTERNAL_SERVER_ERROR, ProblemTypes.INTERNAL, "Internal error",
				"The service failed to answer this request; it has been logged.", request));
	}

	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		// Spring peeks at the first byte of the body before any converter: the body limit
		// can trip there.
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof BodyLimitExceededException) {
				HttpServletRequest servletRequest = ((ServletWebRequest) request).getRequest();
				return handleExceptionInternal(ex, tooLarge(cause.getMessage(), servletRequest), headers,
						HttpStatus.CONTENT_TOO_LARGE, request);
			}
		}
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
				"The body is missing or is not readable JSON.");
		problem.setType(ProblemTypes.MALFORMED_REQUEST);
		problem.setTitle("Malformed request");
		return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
	}

	/**
	 * Spring's own problems (404, 405, 406, 415, ...) get the service's type for their
	 * status, and the request path as {@code instance}.
	 */
	@Override
	protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
			HttpStatusCode statusCode, WebRequest request) {
		ResponseEntity<Object> response = super.handleExceptionInternal(ex, body, headers, statusCode, request);
		if (response != null && response.getBody() instanceof ProblemDetail problem) {
			URI type = ProblemTypes.forStatus(problem.getStatus());
			if (type != null && (problem.getType() == null || "about:blank".equals(problem.getType().toString()))) {
				problem.setType(type);
			}
			if (problem.getInstance() == null && request instanceof ServletWebRequest servlet) {
				problem.setInstance(URI.create(servlet.getRequest().getRequestURI()));
			}
		}
		return response;
	}

	private static ProblemDetail problem(HttpStatus status, URI type, String title, String detail,
			HttpServletRequest request) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(type);
		problem.setTitle(title);
		problem.setInstance(URI.create(request.getRequestURI()));
		return problem;
	}

	private static ResponseEntity<Object> respond(ProblemDetail problem) {
		return ResponseEntity.status(problem.getStatus()).body(problem);
	}

}
