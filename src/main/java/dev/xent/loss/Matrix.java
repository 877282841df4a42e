package dev.xent.loss;

/**
 * A dense row-major matrix of doubles: {@code values[row * columns + column]}.
 *
 * @param values exactly {@code rows * columns} values
 * @param rows number of rows
 * @param columns number of columns
 */
public record Matrix(double[] values, int rows, int columns) {

	public Matrix {
		if (values.length != (long) rows * columns) {
			throw new IllegalArgumentException("a " + rows + "×" + columns + " matrix needs " + ((long) rows * columns)
					+ " values, not " + values.length);
		}
	}

	/** A vector seen as an N×1 matrix. */
	public static Matrix column(double[] values) {
		return new Matrix(values, values.length, 1);
	}

	public double get(int row, int column) {
		return this.values[row * this.columns + column];
	}

}
