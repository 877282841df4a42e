package dev.xent.loss;

import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.fail;

/**
 * Builders for batches, tolerant comparisons and a finite-difference gradient checker
 * shared by the kernel tests.
 * <p>
 * <b>Closeness</b>: {@link #assertClose(double, double)} accepts |a − e| ≤ 1e-12·|e| +
 * 1e-15. The relative part is a few thousand ulps, room for the different but equally
 * exact ways of evaluating a closed form (log1p(−p) against log(1 − p), a compensated sum
 * against a plain one). The absolute floor lets a value that is 0 in exact arithmetic
 * compare with rounding noise of a cancellation (1e-17 against 0); it is far below every
 * loss and gradient these tests expect, and the tests of results in the far tails
 * (e^−700, e^−40) pass a floor of 0 instead.
 * <p>
 * <b>Finite differences</b>: {@link #assertGradientsMatchFiniteDifferences} perturbs each
 * prediction by h = step·max(1, |x|) (step 1e-6 by default), rebuilds the batch through
 * the public factory, and compares the central difference of the scalar loss the
 * reduction selects (the sum, or sum / weightSum for the mean) with the analytic gradient
 * at |fd − g| ≤ 1e-6·max(|fd|, |g|) + 1e-8 + 8·ulp(f)/(2h): the truncation error of a
 * central difference is O(h²) and the last term bounds the rounding error of the loss
 * divided by the step.
 */
final class TestSupport {

	static final double RELATIVE = 1e-12;

	static final double ABSOLUTE = 1e-15;

	static final double FD_RELATIVE = 1e-6;

	static final double FD_ABSOLUTE = 1e-8;

	static final double FD_STEP = 1e-6;

	static final double EPS = BinaryBatch.DEFAULT_EPSILON;

	private TestSupport() {
	}

	// ---- batches ----

	/**
	 * What the gradient checker needs: the predictions, and a batch built around other
	 * ones.
	 */
	interface Spec {

		double[] predictions();

		LossBatch batch(double[] predictions);

		/**
		 * Whether these predictions are strictly inside the region where no clip applies.
		 */
		boolean unclipped(double[] predictions);

		default LossBatch batch() {
			return batch(predictions());
		}

	}

	/** Binary (vector) probabilities with default options. */
	static BinarySpec binary(double[] predictions, double... labels) {
		return new BinarySpec(InputType.PROBABILITIES, new double[][] { predictions }, true, new double[][] { labels });
	}

	/** Binary (vector) logits with default options. */
	static BinarySpec binaryLogits(double[] logits, double... labels) {
		return binary(logits, labels).type(InputType.LOGITS);
	}

	/** Multi-label probabilities (N×K) with default options. */
	static BinarySpec multilabel(double[][] predictions, double[][] labels) {
		return new BinarySpec(InputType.PROBABILITIES, predictions, false, labels);
	}

	/** Categorical probabilities with class-index labels and default options. */
	static CategoricalSpec categoricalLabels(double[][] predictions, long... labels) {
		return new CategoricalSpec(InputType.PROBABILITIES, predictions).labels(labels);
	}

	/** Categorical probabilities with target distributions and default options. */
	static CategoricalSpec categoricalTargets(double[][] predictions, double[][] targets) {
		return new CategoricalSpec(InputType.PROBABILITIES, predictions).targets(targets);
	}

	static final class BinarySpec implements Spec {

		private InputType type;

		private final double[] predictions;

		private final int rows;

		private final int columns;

		private final boolean vector;

		private final double[] labels;

		private final int labelRows;

		private final int labelColumns;

		private double[] sampleWeights;

		private Double posWeight;

		private double[] posWeights;

		private double[] classWeights;

		private Double labelSmoothing;

		private Double epsilon;

		private Compat compat;

		/**
		 * Whether the spec builds the focal loss (γ, α) rather than the cross-entropy.
		 */
		private boolean focal;

		private Double gamma;

		private Double alpha;

		private BinarySpec(InputType type, double[][] predictions, boolean vector, double[][] labels) {
			this.type = type;
			this.vector = vector;
			if (vector) {
				this.predictions = predictions[0].clone();
				this.rows = this.predictions.length;
				this.columns = 1;
				this.labels = labels[0].clone();
				this.labelRows = this.labels.length;
				this.labelColumns = 1;
			}
			else {
				this.predictions = flatten(predictions);
				this.rows = predictions.length;
				this.columns = (predictions.length > 0) ? predictions[0].length : 0;
				this.labels = flatten(labels);
				this.labelRows = labels.length;
				this.labelColumns = (labels.length > 0) ? labels[0].length : 0;
			}
		}

		BinarySpec type(InputType type) {
			this.type = type;
			return this;
		}

		BinarySpec logits() {
			return type(InputType.LOGITS);
		}

		BinarySpec sampleWeights(double... weights) {
			this.sampleWeights = weights;
			return this;
		}

		BinarySpec posWeight(double weight) {
			this.posWeight = weight;
			return this;
		}

		BinarySpec posWeights(double... weights) {
			this.posWeights = weights;
			return this;
		}

		BinarySpec classWeights(double... weights) {
			this.classWeights = weights;
			return this;
		}

		BinarySpec labelSmoothing(double a) {
			this.labelSmoothing = a;
			return this;
		}

		BinarySpec epsilon(double epsilon) {
			this.epsilon = epsilon;
			return this;
		}

		BinarySpec compat(Compat compat) {
			this.compat = compat;
			return this;
		}

		/** The focal loss with default γ and no α. */
		BinarySpec focal() {
			this.focal = true;
			return this;
		}

		/** The focal loss with this γ. */
		BinarySpec gamma(double gamma) {
			this.focal = true;
			this.gamma = gamma;
			return this;
		}

		/** The focal loss with this α. */
		BinarySpec alpha(double alpha) {
			this.focal = true;
			this.alpha = alpha;
			return this;
		}

		BinaryBatch.Input input(double[] predictions) {
			Matrix labelMatrix = new Matrix(this.labels.clone(), this.labelRows, this.labelColumns);
			Matrix predictionMatrix = this.vector ? Matrix.column(predictions.clone())
					: new Matrix(predictions.clone(), this.rows, this.columns);
			return new BinaryBatch.Input(this.type, predictionMatrix, this.vector, labelMatrix, this.sampleWeights,
					this.posWeight, this.posWeights, this.classWeights, this.labelSmoothing, this.epsilon, this.compat);
		}

		BinaryBatch.Input input() {
			return input(this.predictions);
		}

		@Override
		public double[] predictions() {
			return this.predictions.clone();
		}

		@Override
		public LossBatch batch(double[] predictions) {
			return this.focal ? BinaryBatch.focal(input(predictions), this.gamma, this.alpha)
					: BinaryBatch.of(input(predictions));
		}

		@Override
		public LossBatch batch() {
			return batch(this.predictions);
		}

		@Override
		public boolean unclipped(double[] x) {
			if (this.type != InputType.PROBABILITIES) {
				return true;
			}
			if (this.compat == Compat.TORCH) {
				return Arrays.stream(x).allMatch((p) -> p * (1 - p) > ProbabilityRule.TORCH_DELTA);
			}
			double e = (this.compat == Compat.KERAS) ? ProbabilityRule.KERAS_EPSILON
					: (this.epsilon != null) ? this.epsilon : EPS;
			return Arrays.stream(x).allMatch((p) -> p > e && p < 1 - e);
		}

	}

	static final class CategoricalSpec implements Spec {

		private InputType type;

		private final double[] predictions;

		private final int rows;

		private final int classes;

		private long[] labels;

		private Matrix targets;

		private double[] sampleWeights;

		private double[] classWeights;

		private Long ignoreIndex;

		private Double labelSmoothing;

		private Boolean renormalize;

		private Double epsilon;

		private Compat compat;

		/**
		 * Whether the spec builds the focal loss (γ, α) rather than the cross-entropy.
		 */
		private boolean focal;

		private Double gamma;

		private Double alpha;

		private double[] alphas;

		CategoricalSpec(InputType type, double[][] predictions) {
			this.type = type;
			this.predictions = flatten(predictions);
			this.rows = predictions.length;
			this.classes = (predictions.length > 0) ? predictions[0].length : 0;
		}

		CategoricalSpec type(InputType type) {
			this.type = type;
			return this;
		}

		CategoricalSpec logits() {
			return type(InputType.LOGITS);
		}

		CategoricalSpec logProbabilities() {
			return type(InputType.LOG_PROBABILITIES);
		}

		CategoricalSpec labels(long... labels) {
			this.labels = labels;
			return this;
		}

		CategoricalSpec targets(double[][] targets) {
			this.targets = new Matrix(flatten(targets), targets.length, (targets.length > 0) ? targets[0].length : 0);
			return this;
		}

		CategoricalSpec sampleWeights(double... weights) {
			this.sampleWeights = weights;
			return this;
		}

		CategoricalSpec classWeights(double... weights) {
			this.classWeights = weights;
			return this;
		}

		CategoricalSpec ignoreIndex(long index) {
			this.ignoreIndex = index;
			return this;
		}

		CategoricalSpec labelSmoothing(double a) {
			this.labelSmoothing = a;
			return this;
		}

		CategoricalSpec renormalize(boolean renormalize) {
			this.renormalize = renormalize;
			return this;
		}

		CategoricalSpec epsilon(double epsilon) {
			this.epsilon = epsilon;
			return this;
		}

		CategoricalSpec compat(Compat compat) {
			this.compat = compat;
			return this;
		}

		/** The focal loss with default γ and no α. */
		CategoricalSpec focal() {
			this.focal = true;
			return this;
		}

		/** The focal loss with this γ. */
		CategoricalSpec gamma(double gamma) {
			this.focal = true;
			this.gamma = gamma;
			return this;
		}

		/** The focal loss with one α for every class. */
		CategoricalSpec alpha(double alpha) {
			this.focal = true;
			this.alpha = alpha;
			return this;
		}

		/** The focal loss with α per class. */
		CategoricalSpec alphas(double... alphas) {
			this.focal = true;
			this.alphas = alphas;
			return this;
		}

		CategoricalBatch.Input input(double[] predictions) {
			return new CategoricalBatch.Input(this.type, new Matrix(predictions.clone(), this.rows, this.classes),
					this.labels, this.targets, this.sampleWeights, this.classWeights, this.ignoreIndex,
					this.labelSmoothing, this.renormalize, this.epsilon, this.compat);
		}

		CategoricalBatch.Input input() {
			return input(this.predictions);
		}

		@Override
		public double[] predictions() {
			return this.predictions.clone();
		}

		@Override
		public LossBatch batch(double[] predictions) {
			return this.focal ? CategoricalBatch.focal(input(predictions), this.gamma, this.alpha, this.alphas)
					: CategoricalBatch.of(input(predictions));
		}

		@Override
		public LossBatch batch() {
			return batch(this.predictions);
		}

		@Override
		public boolean unclipped(double[] x) {
			if (this.type != InputType.PROBABILITIES) {
				return true;
			}
			double e = (this.compat == Compat.KERAS) ? ProbabilityRule.KERAS_EPSILON
					: (this.compat == Compat.TORCH) ? 0 : (this.epsilon != null) ? this.epsilon : EPS;
			boolean renorm = Boolean.TRUE.equals(this.renormalize) || this.compat == Compat.KERAS;
			for (int i = 0; i < this.rows; i++) {
				double rowSum = 0;
				for (int c = 0; c < this.classes; c++) {
					rowSum += x[i * this.classes + c];
				}
				for (int c = 0; c < this.classes; c++) {
					double p = renorm ? x[i * this.classes + c] / rowSum : x[i * this.classes + c];
					if (!(p > e && p < 1 - e)) {
						return false;
					}
				}
			}
			return true;
		}

	}

	static double[] flatten(double[][] rows) {
		return Arrays.stream(rows).flatMapToDouble(Arrays::stream).toArray();
	}

	// ---- scoring ----

	static LossResult score(LossBatch batch, Reduction reduction) {
		return Scorer.score(batch, reduction, true, true);
	}

	static LossResult score(Spec spec, Reduction reduction) {
		return score(spec.batch(), reduction);
	}

	/**
	 * The scalar whose gradient the reduction returns: the sum, or sum / weightSum (0 if
	 * undefined).
	 */
	static double objective(LossBatch batch, Reduction reduction) {
		LossResult r = Scorer.score(batch, reduction, false, false);
		if (reduction == Reduction.MEAN) {
			return (r.mean() != null) ? r.mean() : 0.0;
		}
		return r.sum();
	}

	/** The violations a factory reports; fails if it does not throw. */
	static List<Violation> violations(Supplier<?> factory) {
		InvalidBatchException e = catchThrowableOfType(InvalidBatchException.class, factory::get);
		assertThat(e).as("the factory should reject the input").isNotNull();
		return e.violations();
	}

	static List<String> pointers(Supplier<?> factory) {
		return violations(factory).stream().map(Violation::pointer).toList();
	}

	// ---- comparisons ----

	static void assertClose(double expected, double actual) {
		assertClose(expected, actual, RELATIVE);
	}

	static void assertClose(double expected, double actual, double relative) {
		assertClose("value", expected, actual, relative, ABSOLUTE);
	}

	/** Purely relative when {@code absolute} is 0: for values in the far tails. */
	static void assertClose(double expected, double actual, double relative, double absolute) {
		assertClose("value", expected, actual, relative, absolute);
	}

	static void assertClose(String what, double expected, double actual, double relative, double absolute) {
		double allowed = relative * Math.abs(expected) + absolute;
		if (!(Math.abs(actual - expected) <= allowed)) {
			fail(what + ": expected " + expected + " but was " + actual + " (difference " + Math.abs(actual - expected)
					+ " > " + allowed + ")");
		}
	}

	static void assertClose(double[] expected, double[] actual) {
		assertClose(expected, actual, RELATIVE);
	}

	static void assertClose(double[] expected, double[] actual, double relative) {
		assertThat(actual).as("array").isNotNull().hasSameSizeAs(expected);
		for (int i = 0; i < expected.length; i++) {
			assertClose("[" + i + "]", expected[i], actual[i], relative, ABSOLUTE);
		}
	}

	/** Exactly 0 (either sign), not merely small. */
	static void assertExactlyZero(double[] values) {
		for (int i = 0; i < values.length; i++) {
			if (values[i] != 0.0) {
				fail("[" + i + "]: expected exactly 0 but was " + values[i]);
			}
		}
	}

	// ---- finite differences ----

	static void assertGradientsMatchFiniteDifferences(Spec spec, Reduction reduction) {
		assertGradientsMatchFiniteDifferences(spec, reduction, FD_STEP);
	}

	/**
	 * Central differences of {@link #objective} against the analytic gradient, one
	 * prediction at a time.
	 * @param step the relative step; probability rows that must sum to 1 need a step well
	 * inside the ±1e-6 tolerance of the factory, e.g. 1e-8
	 */
	static void assertGradientsMatchFiniteDifferences(Spec spec, Reduction reduction, double step) {
		double[] x = spec.predictions();
		double[] analytic = Scorer.score(spec.batch(x), reduction, false, true).gradients();
		assertThat(analytic).hasSize(x.length);
		boolean anyNonZero = false;
		for (int j = 0; j < x.length; j++) {
			double h = step * Math.max(1, Math.abs(x[j]));
			double[] plus = x.clone();
			double[] minus = x.clone();
			plus[j] = x[j] + h;
			minus[j] = x[j] - h;
			if (!spec.unclipped(plus) || !spec.unclipped(minus)) {
				fail("the step at prediction " + j + " crosses a clip boundary; check that point another way");
			}
			double fPlus = objective(spec.batch(plus), reduction);
			double fMinus = objective(spec.batch(minus), reduction);
			double width = plus[j] - minus[j];
			double fd = (fPlus - fMinus) / width;
			double rounding = 8 * Math.ulp(Math.max(Math.abs(fPlus), Math.abs(fMinus))) / width;
			double allowed = FD_RELATIVE * Math.max(Math.abs(fd), Math.abs(analytic[j])) + FD_ABSOLUTE + rounding;
			if (!(Math.abs(fd - analytic[j]) <= allowed)) {
				fail("gradient [" + j + "] (" + reduction + "): analytic " + analytic[j] + " but finite difference "
						+ fd + " (difference " + Math.abs(fd - analytic[j]) + " > " + allowed + ")");
			}
			anyNonZero |= analytic[j] != 0;
		}
		assertThat(anyNonZero).as("a gradient check needs at least one non-zero gradient").isTrue();
	}

}
