package dev.xent.loss;

/**
 * How a {@link Compat} preset turns a probability into the logarithms a loss takes, with
 * its ε resolved: the one place where the clipping rules live, for the cross-entropy and
 * the focal kernels alike.
 *
 * <pre>
 *   sklearn  log p = log(clip(p)),  log(1 − p) = log1p(−clip(p)),  clip to [ε, 1 − ε]
 *   keras    the same with ε = 1e-7; categorical rows are divided by their sum first, and
 *            categorical focal takes (1 − p) from the clipped p
 *   torch    log p = max(log p, −100),  log(1 − p) = max(log1p(−p), −100), no clip
 * </pre>
 *
 * Where the clip changes p, or the clamp takes −100, the derivative of that log is 0
 * ({@link #flat}). Under {@code torch} the binary gradient is PyTorch's
 * {@code binary_cross_entropy} backward, ∂b/∂p = (p − y)/max(p(1 − p), δ), whether or not
 * a clamp acts ({@link #TORCH_DELTA}).
 */
final class ProbabilityRule {

	/** Keras's {@code backend.epsilon()}. */
	static final double KERAS_EPSILON = 1e-7;

	/** PyTorch clamps each log of {@code binary_cross_entropy} to at least this. */
	static final double LOG_FLOOR = -100;

	/**
	 * δ of PyTorch's {@code binary_cross_entropy} backward: the float32 value of 1e-12,
	 * which it uses for every dtype.
	 */
	static final double TORCH_DELTA = (double) 1e-12f;

	/** The default preset with the default ε. */
	static final ProbabilityRule DEFAULT = of(Compat.SKLEARN, null);

	final Compat compat;

	/** The clip's bounds (0 and 1 under {@code torch}, where nothing is clipped). */
	final double lower;

	final double upper;

	/** {@code torch}: logs clamped at −100 instead of a clip. */
	final boolean clampLogs;

	/** {@code keras}: categorical rows are divided by their sum. */
	final boolean dividesRows;

	/** {@code keras}: categorical focal takes 1 − p from the clipped p. */
	final boolean clippedComplement;

	private ProbabilityRule(Compat compat, double epsilon) {
		this.compat = compat;
		this.lower = epsilon;
		this.upper = 1 - epsilon;
		this.clampLogs = compat == Compat.TORCH;
		this.dividesRows = compat == Compat.KERAS;
		this.clippedComplement = compat == Compat.KERAS;
	}

	/**
	 * @param compat the preset, or {@code null} for the default ({@code sklearn})
	 * @param epsilon the request's ε ({@code sklearn} only; {@code null} for the default)
	 */
	static ProbabilityRule of(Compat compat, Double epsilon) {
		Compat c = (compat != null) ? compat : Compat.SKLEARN;
		return switch (c) {
			case SKLEARN -> new ProbabilityRule(c, (epsilon != null) ? epsilon : BinaryLoss.DEFAULT_EPSILON);
			case KERAS -> new ProbabilityRule(c, KERAS_EPSILON);
			case TORCH -> new ProbabilityRule(c, 0.0);
		};
	}

	/** p as the logs see it: clipped to [lower, upper], or p itself under torch. */
	double clip(double p) {
		return (p < this.lower) ? this.lower : Math.min(p, this.upper);
	}

	/** log p under the preset ({@link Logs#log}). */
	double log(double p) {
		return this.clampLogs ? Math.max(Logs.log(p), LOG_FLOOR) : Logs.log(clip(p));
	}

	/** log(1 − p) under the preset, as log1p(−p). */
	double log1m(double p) {
		return this.clampLogs ? Math.max(BinaryCrossEntropy.log1p(-p), LOG_FLOOR) : BinaryCrossEntropy.log1p(-clip(p));
	}

	/**
	 * Whether the derivative of log p is 0 at p: the clip changed p, or the clamp acts.
	 */
	boolean flat(double p) {
		return this.clampLogs ? !(Logs.log(p) >= LOG_FLOOR) : (p < this.lower || p > this.upper);
	}

	/** Whether the derivative of log(1 − p) is 0 at p. */
	boolean flat1m(double p) {
		return this.clampLogs ? !(BinaryCrossEntropy.log1p(-p) >= LOG_FLOOR) : (p < this.lower || p > this.upper);
	}

}
