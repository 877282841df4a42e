package dev.xent.codec;

/**
 * The sample columns an endpoint takes, and the shape of each: what a codec needs to know
 * of an endpoint. Columns are named as the JSON fields (Arrow columns alike; JSON Lines
 * members in the singular).
 *
 * @param predictions {@link Shape#VECTOR} (binary) or {@link Shape#MATRIX}
 * @param labels {@link Shape#VECTOR}, {@link Shape#MATRIX} (multi-label) or
 * {@link Shape#CLASS_INDEX} (categorical)
 * @param targets whether target rows may be given instead of labels (categorical)
 */
public record ColumnLayout(Shape predictions, Shape labels, boolean targets) {

	/** Every column name a body may hold: these are never options. */
	public static final java.util.List<String> COLUMNS = dev.xent.loss.options.QueryOptions.COLUMNS;

	/**
	 * Checks that a body carries the label columns the endpoint needs: labels, or for
	 * categorical exactly one of labels and targets.
	 */
	public void checkPresence(dev.xent.loss.Violations v, boolean labels, boolean targets) {
		if (!this.targets) {
			if (!labels) {
				v.add("/labels", "is required.");
			}
		}
		else if (!labels && !targets) {
			v.add("/labels", "is required: give labels (class indices) or targets (distributions).");
		}
		else if (labels && targets) {
			v.add("/targets", "give labels or targets, not both.");
		}
	}

	/** The shape of one column. */
	public enum Shape {

		/** One number per sample. */
		VECTOR,

		/** A row of numbers per sample, every row as long. */
		MATRIX,

		/** One integer class index per sample. */
		CLASS_INDEX

	}

}
