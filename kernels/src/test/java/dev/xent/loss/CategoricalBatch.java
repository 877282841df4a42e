package dev.xent.loss;

/**
 * Builds a whole categorical request as a {@link LossBatch}, checking the options, the
 * shapes and every value as the service does for a JSON document.
 */
final class CategoricalBatch {

	record Input(InputType inputType, Matrix predictions, long[] labels, Matrix targets, double[] sampleWeights,
			double[] classWeights, Long ignoreIndex, Double labelSmoothing, Boolean renormalize, Double epsilon,
			Compat compat) {

		Input(InputType inputType, Matrix predictions, long[] labels, Matrix targets, double[] sampleWeights,
				double[] classWeights, Long ignoreIndex, Double labelSmoothing, Boolean renormalize, Double epsilon) {
			this(inputType, predictions, labels, targets, sampleWeights, classWeights, ignoreIndex, labelSmoothing,
					renormalize, epsilon, null);
		}

	}

	private CategoricalBatch() {
	}

	static LossBatch of(Input in) {
		return of(in, (v) -> CategoricalLoss.of(new CategoricalLoss.Options(in.inputType(), in.classWeights(),
				in.ignoreIndex(), in.labelSmoothing(), in.renormalize(), in.epsilon(), in.compat()), v));
	}

	/**
	 * The focal loss of the same samples: γ and α (one for every class, or per class) on
	 * top of the options (classWeights must be absent).
	 */
	static LossBatch focal(Input in, Double gamma, Double alpha, double[] alphas) {
		return of(in, (v) -> CategoricalFocalLoss.of(new CategoricalFocalLoss.Options(in.inputType(), gamma, alpha,
				alphas, in.ignoreIndex(), in.labelSmoothing(), in.renormalize(), in.epsilon(), in.compat()), v));
	}

	static LossBatch of(Input in, java.util.function.Function<Violations, Loss> factory) {
		Violations v = new Violations();
		Matrix p = in.predictions();
		int n = p.rows();
		if (n == 0) {
			v.add("/predictions", "must hold at least one sample.");
		}
		if (in.labels() == null && in.targets() == null) {
			v.add("/labels", "is required: give labels (class indices) or targets (distributions).");
		}
		else if (in.labels() != null && in.targets() != null) {
			v.add("/targets", "give labels or targets, not both.");
		}
		else if (in.labels() != null) {
			v.length("labels", in.labels().length, n, "one per sample");
		}
		else {
			v.length("targets", in.targets().rows(), n, "one per sample");
		}
		if (in.sampleWeights() != null) {
			v.length("sampleWeights", in.sampleWeights().length, n, "one per sample");
		}
		boolean targets = in.targets() != null;
		Loss loss = factory.apply(v);
		v.throwIfAny();
		SampleBatch batch = new SampleBatch(0, n, p.columns(), p.values(), null, 0, in.labels(),
				targets ? in.targets().values() : null, targets ? in.targets().columns() : 0, in.sampleWeights(), null,
				null);
		loss.start(batch, v);
		v.throwIfAny();
		loss.check(batch, v);
		v.throwIfAny();
		return new LossBatch(loss, batch);
	}

}
