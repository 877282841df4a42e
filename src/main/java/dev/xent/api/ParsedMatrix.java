package dev.xent.api;

import dev.xent.loss.Matrix;

/**
 * A 2-D array as read: row-major values and its shape. A ragged row has already been
 * reported as a violation by the reader; such a matrix is never turned into a
 * {@link Matrix}.
 */
record ParsedMatrix(double[] values, int rows, int columns) {

	Matrix toMatrix() {
		return new Matrix(this.values, this.rows, this.columns);
	}

}
