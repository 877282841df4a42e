package dev.xent.fuzz;

/** The scoring endpoints, cross-entropy and focal, and what their bodies look like. */
enum Endpoint {

	BINARY("cross-entropy/binary", false), MULTILABEL("cross-entropy/multilabel", true),
	CATEGORICAL("cross-entropy/categorical", true), FOCAL_BINARY("focal/binary", false),
	FOCAL_MULTILABEL("focal/multilabel", true), FOCAL_CATEGORICAL("focal/categorical", true);

	private final String path;

	private final boolean matrix;

	Endpoint(String name, boolean matrix) {
		this.path = "/v1/" + name;
		this.matrix = matrix;
	}

	String path() {
		return this.path;
	}

	/** Whether the loss is a focal loss (γ, α; no posWeight or classWeights). */
	boolean focal() {
		return this.path.startsWith("/v1/focal/");
	}

	/** Whether labels are class indices (or targets are given), over softmax rows. */
	boolean categorical() {
		return this.path.endsWith("/categorical");
	}

	/** Whether predictions (and gradients) are N×K rows rather than a vector. */
	boolean matrix() {
		return this.matrix;
	}

}
