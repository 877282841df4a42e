package dev.xent.loss;

/**
 * Builds a whole binary or multi-label request as a {@link LossBatch}, checking the
 * options, the shapes and every value as the service does for a JSON document.
 */
final class BinaryBatch {

	static final double DEFAULT_EPSILON = BinaryLoss.DEFAULT_EPSILON;

	record Input(InputType inputType, Matrix predictions, boolean vector, Matrix labels, double[] sampleWeights,
			Double posWeight, double[] posWeights, double[] classWeights, Double labelSmoothing, Double epsilon,
			Compat compat) {

		Input(InputType inputType, Matrix predictions, boolean vector, Matrix labels, double[] sampleWeights,
				Double posWeight, double[] posWeights, double[] classWeights, Double labelSmoothing, Double epsilon) {
			this(inputType, predictions, vector, labels, sampleWeights, posWeight, posWeights, classWeights,
					labelSmoothing, epsilon, null);
		}

	}

	private BinaryBatch() {
	}

	static LossBatch of(Input in) {
		return of(in, (v) -> BinaryLoss.of(new BinaryLoss.Options(in.inputType(), in.vector(), in.posWeight(),
				in.posWeights(), in.classWeights(), in.labelSmoothing(), in.epsilon(), in.compat()), v));
	}

	/**
	 * The focal loss of the same samples: γ and α on top of the options (posWeight and
	 * classWeights must be absent).
	 */
	static LossBatch focal(Input in, Double gamma, Double alpha) {
		return of(in, (v) -> BinaryFocalLoss.of(new BinaryFocalLoss.Options(in.inputType(), in.vector(), gamma, alpha,
				in.labelSmoothing(), in.epsilon(), in.compat()), v));
	}

	static LossBatch of(Input in, java.util.function.Function<Violations, Loss> factory) {
		Violations v = new Violations();
		Matrix p = in.predictions();
		int n = p.rows();
		int k = p.columns();
		if (n == 0) {
			v.add("/predictions", "must hold at least one sample.");
		}
		else if (k == 0) {
			v.add("/predictions/0", "must hold at least one column.");
		}
		if (in.labels() == null) {
			v.add("/labels", "is required.");
		}
		else {
			v.length("labels", in.labels().rows(), n, "one per sample");
		}
		if (in.sampleWeights() != null) {
			v.length("sampleWeights", in.sampleWeights().length, n, "one per sample");
		}
		Loss loss = factory.apply(v);
		v.throwIfAny();
		SampleBatch batch = new SampleBatch(0, n, k, p.values(), in.labels().values(), in.labels().columns(), null,
				null, 0, in.sampleWeights(), null, null);
		loss.start(batch, v);
		loss.check(batch, v);
		v.throwIfAny();
		return new LossBatch(loss, batch);
	}

}
