package dev.xent.fuzz;

import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The properties every answer to any body must have.
 * <ul>
 * <li>The status is 200, 400, 413 or 422: never a 5xx, nor anything else.</li>
 * <li>An error is {@code application/problem+json} with {@code status}, {@code title} and
 * {@code detail}; no stack trace, exception or class name, or library setting; no 72
 * characters of the input echoed back; a 422 lists its {@code errors}, at most 100.</li>
 * <li>A 200 is JSON with finite numbers only (a strict parser reads it), shaped as the
 * request: {@code losses} has N values and {@code gradients} the shape of
 * {@code predictions}, each present unless switched off; {@code sum} = Σ losses (relative
 * 1e-9); {@code mean} · {@code weightSum} = {@code sum} and {@code mean} is null exactly
 * when {@code weightSum} is 0 (then the gradients of the mean are all 0);
 * {@code weightSum} is the contract's (Σ sᵢ, or Σ sᵢ·w_{yᵢ} over counted samples);
 * {@code count} is N less the ignored samples, whose loss and gradient are 0; losses are
 * ≥ 0, or for log-probabilities ≥ −1e-6·sᵢ·max w, the most their row-sum tolerance
 * allows.</li>
 * </ul>
 */
final class ResponseChecker {

	static final Set<Integer> ALLOWED = Set.of(200, 400, 413, 422);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final List<String> LEAKS = List.of("Exception", "\tat ", "java.", "jakarta.", "tools.jackson",
			"org.springframework", "org.apache", "dev.xent", "Tomcat", "`", "Feature", "StreamRead", "[Source",
			"REDACTED");

	private static final int ECHO = 72;

	private static final double RELATIVE = 1e-9;

	private final List<String> problems = new ArrayList<>();

	/**
	 * @return what is wrong with the answer, empty when nothing is
	 */
	static List<String> check(Endpoint endpoint, byte[] request, int status, String contentType, String body) {
		ResponseChecker checker = new ResponseChecker();
		if (!ALLOWED.contains(status)) {
			checker.fail("status " + status);
		}
		else if (status == 200) {
			checker.scored(endpoint, request, contentType, body);
		}
		else {
			checker.problem(request, status, contentType, body);
		}
		return checker.problems;
	}

	private void problem(byte[] request, int status, String contentType, String body) {
		expect(contentType != null && contentType.startsWith("application/problem+json"),
				"content type " + contentType);
		expect(body.length() <= 32 * 1024, "problem of " + body.length() + " characters");
		String input = new String(request, StandardCharsets.UTF_8);
		for (String leak : LEAKS) {
			// A few characters of the input may be quoted back (an unknown field's name):
			// not a leak.
			expect(!body.contains(leak) || input.contains(leak), "problem contains " + Mutator.printable(leak));
		}
		JsonNode problem = parse(body, "problem");
		if (problem == null) {
			return;
		}
		expect(problem.path("status").isInt() && problem.path("status").intValue() == status,
				"problem status " + problem.path("status"));
		expect(problem.path("title").isString() && !problem.path("title").asString().isBlank(), "no title");
		String detail = problem.path("detail").asString("");
		expect(!detail.isBlank() && detail.length() <= 1000, "detail of " + detail.length() + " characters");
		StringBuilder text = new StringBuilder(detail);
		JsonNode errors = problem.path("errors");
		if (status == 422) {
			expect(errors.isArray() && !errors.isEmpty(), "422 without errors");
		}
		if (errors.isArray()) {
			expect(errors.size() <= 100, errors.size() + " errors");
			for (JsonNode error : errors) {
				String pointer = error.path("pointer").asString(null);
				expect(pointer != null && (pointer.isEmpty() || pointer.startsWith("/")), "pointer " + pointer);
				expect(error.path("detail").isString(), "error without detail");
				text.append('\n').append(pointer).append('\n').append(error.path("detail").asString(""));
			}
		}
		if (input.length() > ECHO) {
			int step = Math.max(1, (input.length() - ECHO) / 24);
			for (int at = 0; at + ECHO <= input.length(); at += step) {
				String window = input.substring(at, at + ECHO);
				if (body.contains(window) || text.indexOf(window) >= 0) {
					fail("echoes the input at " + at + ": " + Mutator.printable(window));
					return;
				}
			}
		}
	}

	private void scored(Endpoint endpoint, byte[] requestBytes, String contentType, String body) {
		expect(contentType != null && contentType.startsWith("application/json"), "content type " + contentType);
		JsonNode response = parse(body, "response");
		JsonNode request = parse(requestBytes, "request answered 200");
		if (response == null || request == null) {
			return;
		}
		JsonNode predictions = request.path("predictions");
		int n = predictions.size();
		int k = endpoint.matrix() ? predictions.path(0).size() : 0;
		double[] s = vector(request.path("sampleWeights"), n, 1.0);
		double[] w = vector(request.path("classWeights"), Math.max(k, 1), 1.0);
		JsonNode labels = request.path("labels");
		JsonNode ignoreIndex = request.path("ignoreIndex");
		boolean[] ignored = new boolean[n];
		int count = n;
		double weightSum = 0;
		for (int i = 0; i < n; i++) {
			if (endpoint.categorical() && labels.isArray()) {
				long label = labels.path(i).longValue();
				ignored[i] = ignoreIndex.isIntegralNumber() && label == ignoreIndex.longValue();
				if (ignored[i]) {
					count--;
					continue;
				}
				weightSum += s[i] * w[(int) label];
			}
			else {
				weightSum += s[i];
			}
		}
		expect(response.path("count").isInt() && response.path("count").intValue() == count,
				"count " + response.path("count") + ", expected " + count);
		double actualWeightSum = number(response, "weightSum");
		double sum = number(response, "sum");
		expect(actualWeightSum >= 0 && close(actualWeightSum, weightSum, Math.abs(weightSum)),
				"weightSum " + actualWeightSum + ", expected " + weightSum);
		JsonNode mean = response.path("mean");
		if (actualWeightSum > 0) {
			expect(mean.isNumber(), "mean " + mean + " with weightSum " + actualWeightSum);
			if (mean.isNumber()) {
				// Exactly, as a product near the largest double would overflow.
				BigDecimal product = new BigDecimal(mean.doubleValue()).multiply(new BigDecimal(actualWeightSum));
				double error = product.subtract(new BigDecimal(sum)).abs().doubleValue();
				// A mean of 1e-318 has few digits left: allow its last one.
				expect(error <= RELATIVE * Math.abs(sum) + 2 * Double.MIN_VALUE * actualWeightSum + 1e-300,
						"mean·weightSum " + product + " ≠ sum " + sum);
			}
		}
		else {
			expect(mean.isNull(), "mean " + mean + " with weightSum 0");
		}
		boolean includeLosses = !request.path("includeLosses").isBoolean()
				|| request.path("includeLosses").booleanValue();
		boolean includeGradients = !request.path("includeGradients").isBoolean()
				|| request.path("includeGradients").booleanValue();
		JsonNode losses = response.path("losses");
		expect(losses.isArray() == includeLosses, "losses present: " + losses.isArray());
		if (losses.isArray()) {
			expect(losses.size() == n, losses.size() + " losses for " + n + " samples");
			boolean logProbabilities = "log-probabilities".equals(request.path("inputType").asString(""));
			double maxClassWeight = 0;
			// a focal loss has no class weights, and α (≥ 0) scales each class's term
			JsonNode alpha = request.path("alpha");
			for (double c : endpoint.focal()
					? vector(alpha, alpha.isArray() ? alpha.size() : 1, alpha.isNumber() ? alpha.doubleValue() : 1.0)
					: w) {
				maxClassWeight = Math.max(maxClassWeight, c);
			}
			BigDecimal total = BigDecimal.ZERO;
			double magnitude = 0;
			for (int i = 0; i < losses.size(); i++) {
				double loss = losses.path(i).doubleValue();
				double floor = logProbabilities ? -1.01e-6 * s[i] * maxClassWeight : 0;
				expect(loss >= floor, "loss " + i + " is " + loss);
				expect(!ignored[i] || loss == 0, "ignored sample " + i + " has loss " + loss);
				total = total.add(new BigDecimal(loss), MathContext.DECIMAL128);
				magnitude += Math.abs(loss) / losses.size();
			}
			double error = total.subtract(new BigDecimal(sum)).abs().doubleValue();
			expect(error <= RELATIVE * magnitude * losses.size() + 1e-300, "sum " + sum + " ≠ Σ losses " + total);
		}
		JsonNode gradients = response.path("gradients");
		expect(gradients.isArray() == includeGradients, "gradients present: " + gradients.isArray());
		if (gradients.isArray()) {
			expect(gradients.size() == n, gradients.size() + " gradient rows for " + n + " samples");
			boolean meanOfNothing = actualWeightSum == 0 && "mean".equals(request.path("reduction").asString("mean"));
			for (int i = 0; i < gradients.size() && i < n; i++) {
				JsonNode row = gradients.path(i);
				if (endpoint.matrix()) {
					expect(row.isArray() && row.size() == k, "gradient row " + i + " is " + row);
					for (JsonNode g : row) {
						expect(g.isNumber(), "gradient " + g);
						expect(!(ignored[i] || meanOfNothing) || g.doubleValue() == 0, "gradient of ignored " + i);
					}
				}
				else {
					expect(row.isNumber(), "gradient " + i + " is " + row);
					expect(!meanOfNothing || row.doubleValue() == 0, "gradient of a mean over nothing");
				}
			}
		}
	}

	private static double[] vector(JsonNode node, int length, double fallback) {
		double[] values = new double[length];
		for (int i = 0; i < length; i++) {
			values[i] = node.isArray() ? node.path(i).doubleValue() : fallback;
		}
		return values;
	}

	private double number(JsonNode object, String name) {
		JsonNode value = object.path(name);
		expect(value.isNumber(), name + " is " + value);
		return value.doubleValue();
	}

	/** Equal at relative 1e-9 of {@code scale}, with a floor for sums of subnormals. */
	private static boolean close(double actual, double expected, double scale) {
		return Math.abs(actual - expected) <= RELATIVE * scale + 1e-300;
	}

	private JsonNode parse(String json, String what) {
		return parse(json.getBytes(StandardCharsets.UTF_8), what);
	}

	/**
	 * Bytes, so that the encoding is detected as the service detects it (a BOM, UTF-16).
	 */
	private JsonNode parse(byte[] json, String what) {
		try {
			return JSON.readTree(json);
		}
		catch (RuntimeException ex) {
			fail(what + " is not strict JSON: " + ex.getMessage());
			return null;
		}
	}

	private void expect(boolean ok, String problem) {
		if (!ok) {
			fail(problem);
		}
	}

	private void fail(String problem) {
		if (this.problems.size() < 10) {
			this.problems.add(problem);
		}
	}

}
