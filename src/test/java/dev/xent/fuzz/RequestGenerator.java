package dev.xent.fuzz;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;

/**
 * Generates request bodies that follow the contract, with random shapes and a random
 * combination of options, and numbers drawn to reach the edges: 0 and 1, the clip bounds,
 * subnormals, ±0, logits of 1e300, weights of 0 and 1e300. A generated body may still be
 * answered 422 (a loss that overflows, an option that does not apply), never anything
 * else.
 */
final class RequestGenerator {

	static final double EPSILON = Math.ulp(1.0);

	private static final double[] SPECIAL_PROBABILITIES = { 0.0, 1.0, 0.5, -0.0, EPSILON, 1 - EPSILON, Double.MIN_VALUE,
			1e-320, 1e-300, 1e-17, 1 - 1e-16, 0.9999999, 1e-7 };

	private static final double[] SPECIAL_LOGITS = { 0.0, -0.0, 1e6, -1e6, 700, -700, 750, -750, 1e300, -1e300,
			Double.MAX_VALUE, -Double.MAX_VALUE, Double.MIN_VALUE, -Double.MIN_VALUE, 36.7, -36.7, 1e-300 };

	private static final double[] SPECIAL_WEIGHTS = { 0.0, -0.0, 1.0, 1e-320, Double.MIN_VALUE, 1e-300, 1e300, 1e308,
			Double.MAX_VALUE, 0.5, 7 };

	private final SplittableRandom random;

	RequestGenerator(SplittableRandom random) {
		this.random = random;
	}

	Body valid(Endpoint endpoint) {
		return switch (endpoint) {
			case BINARY, FOCAL_BINARY -> binary(endpoint.focal());
			case MULTILABEL, FOCAL_MULTILABEL -> multilabel(endpoint.focal());
			case CATEGORICAL, FOCAL_CATEGORICAL -> categorical(endpoint.focal());
		};
	}

	private Body binary(boolean focal) {
		int n = samples();
		String inputType = oneOf(null, null, "probabilities", "logits", "logits");
		boolean logits = "logits".equals(inputType);
		Body body = new Body();
		putIfNotNull(body, "inputType", string(inputType));
		body.put("predictions", vector(n, logits ? this::logit : this::probability));
		body.put("labels", vector(n, this::label));
		commonOptions(body, n, logits);
		if (chance(focal ? 0.03 : 0.2)) {
			body.put("posWeight", number(positive()));
		}
		if (chance(0.2)) {
			body.put("labelSmoothing", number(pick(0.0, 0.1, 0.5, 0.9999999, this.random.nextDouble())));
		}
		if (focal) {
			focalOptions(body, 0);
		}
		return shuffled(body);
	}

	private Body multilabel(boolean focal) {
		int n = samples();
		int k = 1 + this.random.nextInt(chance(0.9) ? 6 : 40);
		String inputType = oneOf(null, null, "probabilities", "logits", "logits");
		boolean logits = "logits".equals(inputType);
		Body body = new Body();
		putIfNotNull(body, "inputType", string(inputType));
		body.put("predictions", matrix(n, k, logits ? this::logit : this::probability));
		body.put("labels", matrix(n, k, this::label));
		commonOptions(body, n, logits);
		if (chance(focal ? 0.03 : 0.25)) {
			body.put("posWeight", chance(0.5) ? number(positive()) : vector(k, this::positive));
		}
		if (chance(focal ? 0.03 : 0.25)) {
			body.put("classWeights", vector(k, this::weight));
		}
		if (chance(0.2)) {
			body.put("labelSmoothing", number(pick(0.0, 0.2, 0.9999999, this.random.nextDouble())));
		}
		if (focal) {
			focalOptions(body, 0);
		}
		return shuffled(body);
	}

	private Body categorical(boolean focal) {
		int n = samples();
		int c = 2 + this.random.nextInt(chance(0.9) ? 7 : 60);
		String inputType = oneOf(null, "probabilities", "logits", "logits", "log-probabilities");
		boolean probabilities = inputType == null || "probabilities".equals(inputType);
		boolean renormalize = probabilities && chance(0.25);
		Body body = new Body();
		putIfNotNull(body, "inputType", string(inputType));
		StringBuilder rows = new StringBuilder("[");
		for (int i = 0; i < n; i++) {
			rows.append((i > 0) ? "," : "");
			double[] p = distribution(c);
			if ("logits".equals(inputType)) {
				double scale = pick(1.0, 1.0, 30.0, 1e4, 1e300);
				for (int j = 0; j < c; j++) {
					p[j] = chance(0.05) ? pick(SPECIAL_LOGITS) : this.random.nextDouble(-1, 1) * scale;
				}
			}
			else if ("log-probabilities".equals(inputType)) {
				for (int j = 0; j < c; j++) {
					p[j] = (p[j] > 0) ? Math.log(p[j]) : pick(-1e300, -800.0, -Double.MAX_VALUE);
				}
			}
			else if (renormalize) {
				double scale = pick(1.0, 1e-300, 1e-3, 1e3, 1e300);
				for (int j = 0; j < c; j++) {
					p[j] = p[j] * scale;
				}
			}
			rows.append(numbers(p));
		}
		body.put("predictions", rows.append(']').toString());
		boolean labels = chance(0.6);
		Long ignoreIndex = (labels && chance(0.3)) ? pickLong(-100L, -1L, 0L, c - 1L, (long) c, 1_000_000_000_000L)
				: null;
		if (labels) {
			StringBuilder l = new StringBuilder("[");
			for (int i = 0; i < n; i++) {
				long label = (ignoreIndex != null && chance(0.3)) ? ignoreIndex : this.random.nextInt(c);
				l.append((i > 0) ? "," : "").append(label);
			}
			body.put("labels", l.append(']').toString());
		}
		else {
			StringBuilder t = new StringBuilder("[");
			for (int i = 0; i < n; i++) {
				t.append((i > 0) ? "," : "").append(numbers(distribution(c)));
			}
			body.put("targets", t.append(']').toString());
		}
		commonOptions(body, n, !probabilities);
		if (ignoreIndex != null) {
			body.put("ignoreIndex", Long.toString(ignoreIndex));
		}
		if (chance(focal ? 0.03 : 0.25)) {
			body.put("classWeights", vector(c, this::weight));
		}
		if (chance(0.25)) {
			body.put("labelSmoothing", number(pick(0.0, 0.1, 1.0, this.random.nextDouble())));
		}
		if (probabilities && (renormalize || chance(0.1))) {
			body.put("renormalize", Boolean.toString(renormalize));
		}
		if (focal) {
			focalOptions(body, c);
		}
		return shuffled(body);
	}

	/**
	 * γ (mostly the edges: 0, between 0 and 1, integers) and α: binary and multi-label
	 * one number in [0, 1]; categorical ({@code classes} &gt; 0) one number or one per
	 * class, zeros included; rarely out of range.
	 */
	private void focalOptions(Body body, int classes) {
		if (chance(0.7)) {
			body.put("gamma", number(pick(0.0, 0.5, 1.0, 2.0, 5.0, 0.01, 1e-300, 0.999, 40.0,
					3 * this.random.nextDouble(), chance(0.05) ? -1.0 : 2.0)));
		}
		if (chance(0.5)) {
			if (classes > 0 && chance(0.5)) {
				body.put("alpha", vector(chance(0.05) ? classes + 1 : classes,
						() -> pick(0.0, 0.25, 1.0, 3.0, 1e300, this.random.nextDouble())));
			}
			else {
				body.put("alpha", number(pick(0.0, 0.25, 0.75, 1.0, this.random.nextDouble(), chance(0.05) ? 1.5 : 0.5,
						(classes > 0) ? 4.0 : 0.5)));
			}
		}
	}

	/**
	 * sampleWeights, epsilon, reduction, includeLosses, includeGradients, sometimes an
	 * explicit null.
	 */
	private void commonOptions(Body body, int n, boolean notProbabilities) {
		if (chance(0.3)) {
			body.put("sampleWeights", vector(n, this::weight));
		}
		if (chance(notProbabilities ? 0.03 : 0.2)) {
			body.put("epsilon", number(pick(0.0, 1e-15, 1e-7, 0.1, 0.49999, EPSILON)));
		}
		if (chance(0.5)) {
			body.put("reduction", string(oneOf("mean", "sum", "none")));
		}
		if (chance(notProbabilities ? 0.1 : 0.3)) {
			body.put("compat", string(oneOf("sklearn", "keras", "torch", "keras", "torch")));
		}
		if (chance(0.3)) {
			body.put("includeLosses", Boolean.toString(chance(0.7)));
		}
		if (chance(0.3)) {
			body.put("includeGradients", Boolean.toString(chance(0.7)));
		}
		if (chance(0.1)) {
			body.put(oneOf("sampleWeights", "epsilon", "reduction", "includeLosses", "labelSmoothing"), "null");
		}
	}

	/** Mostly a handful of samples, sometimes dozens, rarely hundreds. */
	private int samples() {
		double r = this.random.nextDouble();
		if (r < 0.7) {
			return 1 + this.random.nextInt(8);
		}
		return (r < 0.95) ? 9 + this.random.nextInt(56) : 65 + this.random.nextInt(400);
	}

	/**
	 * A probability row of length c: one-hot, uniform, spread, or with tiny and zero
	 * entries.
	 */
	double[] distribution(int c) {
		double[] p = new double[c];
		switch (this.random.nextInt(4)) {
			case 0 -> p[this.random.nextInt(c)] = 1.0;
			case 1 -> java.util.Arrays.fill(p, 1.0 / c);
			default -> {
				double sum = 0;
				for (int j = 0; j < c; j++) {
					p[j] = chance(0.1) ? pick(0.0, 1e-300, Double.MIN_VALUE) : -Math.log(1 - this.random.nextDouble());
					sum += p[j];
				}
				if (sum == 0) {
					p[0] = sum = 1;
				}
				for (int j = 0; j < c; j++) {
					p[j] /= sum;
				}
			}
		}
		return p;
	}

	private double probability() {
		return chance(0.2) ? pick(SPECIAL_PROBABILITIES) : this.random.nextDouble();
	}

	private double logit() {
		return chance(0.15) ? pick(SPECIAL_LOGITS) : this.random.nextDouble(-1, 1) * pick(1.0, 5.0, 50.0, 1e4);
	}

	private double label() {
		return chance(0.8) ? this.random.nextInt(2) : pick(0.5, 1e-300, 1 - 1e-16, this.random.nextDouble());
	}

	private double weight() {
		return chance(0.2) ? pick(SPECIAL_WEIGHTS) : this.random.nextDouble() * pick(1.0, 10.0, 1e-3);
	}

	private double positive() {
		return chance(0.2) ? pick(1e-300, 1e300, Double.MIN_VALUE, 1.0) : 1e-3 + this.random.nextDouble() * 10;
	}

	String vector(int n, DoubleSupplier values) {
		StringBuilder json = new StringBuilder(n * 20 + 2).append('[');
		for (int i = 0; i < n; i++) {
			json.append((i > 0) ? "," : "").append(number(values.getAsDouble()));
		}
		return json.append(']').toString();
	}

	String matrix(int n, int k, DoubleSupplier values) {
		StringBuilder json = new StringBuilder(n * (k * 20 + 2) + 2).append('[');
		for (int i = 0; i < n; i++) {
			json.append((i > 0) ? "," : "").append(vector(k, values));
		}
		return json.append(']').toString();
	}

	private String numbers(double[] values) {
		StringBuilder json = new StringBuilder(values.length * 20 + 2).append('[');
		for (int i = 0; i < values.length; i++) {
			json.append((i > 0) ? "," : "").append(number(values[i]));
		}
		return json.append(']').toString();
	}

	/**
	 * A finite double in one of JSON's spellings of it: 0.5, 5E-1, 5e-1, 5.0E+0, or 1 for
	 * 1.0.
	 */
	String number(double x) {
		String text = Double.toString(x);
		switch (this.random.nextInt(10)) {
			case 0 -> text = text.replace('E', 'e');
			case 1 -> text = text.contains("E-") ? text : text.replace("E", "E+");
			case 2 -> {
				if (x == Math.rint(x) && Math.abs(x) < 1e15 && !(x == 0 && 1 / x < 0)) {
					text = Long.toString((long) x);
				}
			}
			case 3 -> {
				String plain = new BigDecimal(text).toPlainString();
				text = (plain.length() <= 40) ? plain : text;
			}
			default -> {
			}
		}
		return text;
	}

	private static String string(String value) {
		return (value != null) ? "\"" + value + "\"" : null;
	}

	private static void putIfNotNull(Body body, String name, String json) {
		if (json != null) {
			body.put(name, json);
		}
	}

	private Body shuffled(Body body) {
		if (chance(0.3)) {
			Collections.shuffle(body.fields(), new java.util.Random(this.random.nextLong()));
		}
		return body;
	}

	boolean chance(double p) {
		return this.random.nextDouble() < p;
	}

	@SafeVarargs
	final <T> T oneOf(T... values) {
		return values[this.random.nextInt(values.length)];
	}

	double pick(double... values) {
		return values[this.random.nextInt(values.length)];
	}

	long pickLong(long... values) {
		return values[this.random.nextInt(values.length)];
	}

}
