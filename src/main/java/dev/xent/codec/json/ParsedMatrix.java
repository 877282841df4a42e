package dev.xent.codec.json;

/**
 * A 2-D array as read: row-major values and its shape. A ragged row has already been
 * reported as a violation by the reader; such a matrix is never turned into a batch.
 */
public record ParsedMatrix(double[] values, int rows, int columns) {

}
