package dev.xent.loss;

/**
 * Builds a whole categorical request as a {@link LossBatch}, checking the options, the
 * shapes and every value as the service does for a JSON document.
 */
final class CategoricalBatch {

	record Input(InputType inputType, Matrix predictions, long[] labels, Matrix targets, double[] sampleWeights,
			double[] classWeights, Long ignoreIndex, Double labelSmoothing, Boolean renormalize, Double epsilon) {
	}

	private CategoricalBatch() {
	}

	static LossBatch of(Input in) {
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
		CategoricalLoss loss = CategoricalLoss.of(new CategoricalLoss.Options(in.inputType(), in.classWeights(),
				in.ignoreIndex(), in.labelSmoothing(), in.renormalize(), in.epsilon()), v);
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
