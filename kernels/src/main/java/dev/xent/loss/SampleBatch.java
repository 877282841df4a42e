package dev.xent.loss;

/**
 * A run of consecutive samples of one request, as a codec decoded them: the unit that
 * flows from the codecs (JSON, Arrow, JSON Lines) to the kernels. Only the first
 * {@code rows} (times the width) values of each array count; a codec may reuse larger
 * arrays from one batch to the next, so a batch is valid until the codec's next one.
 *
 * @param firstRow the position in the request of row 0 (rows are counted across batches,
 * so pointers in errors address the whole request)
 * @param rows samples in this batch
 * @param width values per prediction row: 1 for a vector (binary), K or C otherwise
 * @param predictions {@code rows × width} values, row-major
 * @param labels binary and multi-label labels, {@code rows × labelWidth}; or {@code null}
 * @param labelWidth values per label row (must equal {@code width}; a codec reports what
 * it read)
 * @param classes categorical class-index labels; or {@code null}
 * @param targets categorical target rows, {@code rows × targetWidth}; or {@code null}
 * @param targetWidth values per target row
 * @param sampleWeights one weight per sample; or {@code null} (all 1)
 * @param groups one group id per sample, interned per request; or {@code null}
 * @param lines the 1-based physical line of each row (JSON Lines); or {@code null}
 */
public record SampleBatch(long firstRow, int rows, int width, double[] predictions, double[] labels, int labelWidth,
		long[] classes, double[] targets, int targetWidth, double[] sampleWeights, int[] groups, long[] lines) {

	/** The JSON Pointer of row {@code row} of a column: {@code /labels/1234567}. */
	public String pointer(String field, int row) {
		return "/" + field + "/" + (this.firstRow + row);
	}

	/** The JSON Pointer of one value of a 2-D column: {@code /predictions/1234567/2}. */
	public String pointer(String field, int row, int column) {
		return "/" + field + "/" + (this.firstRow + row) + "/" + column;
	}

	/** The physical line of a row, or 0 when the format has no lines. */
	public long line(int row) {
		return (this.lines != null) ? this.lines[row] : 0;
	}

}
