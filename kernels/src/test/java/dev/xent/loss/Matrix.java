package dev.xent.loss;

/**
 * A dense row-major matrix of doubles for tests: {@code values[row * columns + column]}.
 */
record Matrix(double[] values, int rows, int columns) {

	Matrix {
		if (values.length != (long) rows * columns) {
			throw new IllegalArgumentException("a " + rows + "×" + columns + " matrix needs " + ((long) rows * columns)
					+ " values, not " + values.length);
		}
	}

	static Matrix column(double[] values) {
		return new Matrix(values, values.length, 1);
	}

	double get(int row, int column) {
		return this.values[row * this.columns + column];
	}

}
