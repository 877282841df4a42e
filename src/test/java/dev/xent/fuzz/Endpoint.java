package dev.xent.fuzz;

/** The three scoring endpoints and what their bodies look like. */
enum Endpoint {

	BINARY("binary", false), MULTILABEL("multilabel", true), CATEGORICAL("categorical", true);

	private final String path;

	private final boolean matrix;

	Endpoint(String name, boolean matrix) {
		this.path = "/v1/cross-entropy/" + name;
		this.matrix = matrix;
	}

	String path() {
		return this.path;
	}

	/** Whether predictions (and gradients) are N×K rows rather than a vector. */
	boolean matrix() {
		return this.matrix;
	}

}
