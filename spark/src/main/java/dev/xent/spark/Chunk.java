package dev.xent.spark;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import dev.xent.loss.GroupKeys;
import dev.xent.loss.SampleBatch;
import dev.xent.loss.Violations;
import dev.xent.spark.ColumnPlan.Column;
import dev.xent.spark.ColumnPlan.Element;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.vectorized.ColumnVector;
import org.apache.spark.sql.vectorized.ColumnarBatch;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * Rows of one shard decoded into the arrays of a {@link SampleBatch}, as a codec decodes
 * an Arrow record batch: float widened to double exactly, integer labels to double (or
 * kept as 64-bit class indices), group keys interned in the shard's {@link GroupKeys}. A
 * null value, a ragged array row or a group key too long is a violation with its pointer
 * (local to the shard), reported with the Arrow codec's words; the chunk is then not
 * scored. The arrays are reused from one chunk to the next.
 * <p>
 * Rows come either a columnar batch at a time (Spark's vectorized Parquet reader: plain
 * columns without nulls are copied in one loop each) or one {@link InternalRow} at a
 * time.
 */
final class Chunk {

	private final ColumnPlan plan;

	private final Column predictionsColumn;

	private final Column labelsColumn;

	private final Column targetsColumn;

	private final Column weightsColumn;

	private final Column groupsColumn;

	private final boolean classIndices;

	private long firstRow;

	private int rows;

	/** Values per row of each array column, -1 until the chunk's first row. */
	private int width = -1;

	private int labelWidth = -1;

	private int targetWidth = -1;

	private double[] predictions = new double[0];

	private double[] labels = new double[0];

	private long[] classes = new long[0];

	private double[] targets = new double[0];

	private double[] weights = new double[0];

	private int[] groups = new int[0];

	private Violations violations = new Violations();

	private GroupKeys keys;

	private final Map<UTF8String, Integer> stringIds = new HashMap<>();

	private final Map<Long, Integer> integerIds = new HashMap<>();

	Chunk(ColumnPlan plan, boolean classIndices) {
		this.plan = plan;
		this.predictionsColumn = plan.column(ColumnPlan.Role.PREDICTIONS);
		this.labelsColumn = plan.column(ColumnPlan.Role.LABELS);
		this.targetsColumn = plan.column(ColumnPlan.Role.TARGETS);
		this.weightsColumn = plan.column(ColumnPlan.Role.SAMPLE_WEIGHTS);
		this.groupsColumn = plan.column(ColumnPlan.Role.GROUPS);
		this.classIndices = classIndices;
	}

	/** Starts a new shard: positions from 0, its own group keys. */
	void startShard(GroupKeys keys) {
		this.keys = keys;
		this.stringIds.clear();
		this.integerIds.clear();
		this.firstRow = 0;
		clear();
	}

	/** Empties the chunk; its first row follows the last one handed on. */
	private void clear() {
		this.rows = 0;
		this.width = -1;
		this.labelWidth = -1;
		this.targetWidth = -1;
		this.violations = new Violations();
	}

	int rows() {
		return this.rows;
	}

	/**
	 * The chunk as a sample batch, and the chunk emptied for the next rows (the batch is
	 * valid until the next rows are added).
	 * @throws dev.xent.loss.InvalidBatchException for the chunk's offending values
	 */
	SampleBatch take() {
		Violations v = this.violations;
		v.throwIfAny();
		int n = this.rows;
		SampleBatch batch = new SampleBatch(this.firstRow, n, Math.max(this.width, 1), this.predictions,
				(this.labelsColumn != null && !this.classIndices) ? this.labels : null, Math.max(this.labelWidth, 1),
				(this.labelsColumn != null && this.classIndices) ? this.classes : null,
				(this.targetsColumn != null) ? this.targets : null, Math.max(this.targetWidth, 0),
				(this.weightsColumn != null) ? this.weights : null, (this.groupsColumn != null) ? this.groups : null,
				null);
		this.firstRow += n;
		clear();
		return batch;
	}

	/** Adds every row of a columnar batch. */
	void add(ColumnarBatch batch) {
		int n = batch.numRows();
		int base = this.rows;
		reserve(base + n);
		for (Column c : this.plan.columns()) {
			ColumnVector v = batch.column(c.ordinal());
			if (!c.array() && !v.hasNull() && c.element() != Element.STRING) {
				bulk(c, v, base, n);
				continue;
			}
			for (int i = 0; i < n; i++) {
				int row = base + i;
				if (v.isNullAt(i)) {
					nullValue(c, row);
				}
				else if (c.array()) {
					array(c, row, v.getArray(i));
				}
				else if (c.element() == Element.STRING) {
					this.groups[row] = stringGroup(row, v.getUTF8String(i));
				}
				else if (c.element().integer()) {
					integer(c, row, integer(v, i, c.element()));
				}
				else {
					number(c, row, (c.element() == Element.FLOAT64) ? v.getDouble(i) : v.getFloat(i));
				}
			}
		}
		this.rows = base + n;
	}

	/** A plain column without nulls, in one loop. */
	private void bulk(Column c, ColumnVector v, int base, int n) {
		Element e = c.element();
		if (c == this.groupsColumn) {
			for (int i = 0; i < n; i++) {
				this.groups[base + i] = integerGroup(integer(v, i, e));
			}
			return;
		}
		if (c == this.labelsColumn && this.classIndices) {
			long[] out = this.classes;
			for (int i = 0; i < n; i++) {
				out[base + i] = integer(v, i, e);
			}
			return;
		}
		double[] out = (c == this.predictionsColumn) ? this.predictions
				: (c == this.labelsColumn) ? this.labels : this.weights;
		switch (e) {
			case FLOAT64 -> {
				for (int i = 0; i < n; i++) {
					out[base + i] = v.getDouble(i);
				}
			}
			case FLOAT32 -> {
				for (int i = 0; i < n; i++) {
					out[base + i] = v.getFloat(i);
				}
			}
			default -> {
				for (int i = 0; i < n; i++) {
					out[base + i] = integer(v, i, e);
				}
			}
		}
		if (c == this.predictionsColumn) {
			this.width = 1;
		}
		else if (c == this.labelsColumn) {
			this.labelWidth = 1;
		}
	}

	/** Adds one row. */
	void add(InternalRow r) {
		int row = this.rows;
		reserve(row + 1);
		for (Column c : this.plan.columns()) {
			int o = c.ordinal();
			if (r.isNullAt(o)) {
				nullValue(c, row);
			}
			else if (c.array()) {
				array(c, row, r.getArray(o));
			}
			else {
				switch (c.element()) {
					case STRING -> this.groups[row] = stringGroup(row, r.getUTF8String(o));
					case FLOAT64 -> number(c, row, r.getDouble(o));
					case FLOAT32 -> number(c, row, r.getFloat(o));
					case INT8 -> integer(c, row, r.getByte(o));
					case INT16 -> integer(c, row, r.getShort(o));
					case INT32 -> integer(c, row, r.getInt(o));
					case INT64 -> integer(c, row, r.getLong(o));
				}
			}
		}
		this.rows = row + 1;
	}

	/**
	 * Adds one row of a DataFrame as a typed aggregator sees it: numbers boxed, arrays as
	 * lists.
	 */
	void add(Row r) {
		int row = this.rows;
		reserve(row + 1);
		for (Column c : this.plan.columns()) {
			int o = c.ordinal();
			if (r.isNullAt(o)) {
				nullValue(c, row);
			}
			else if (c.array()) {
				array(c, row, r.getList(o));
			}
			else if (c.element() == Element.STRING) {
				this.groups[row] = stringGroup(row, UTF8String.fromString(r.getString(o)));
			}
			else if (c.element().integer()) {
				integer(c, row, ((Number) r.get(o)).longValue());
			}
			else {
				number(c, row, ((Number) r.get(o)).doubleValue());
			}
		}
		this.rows = row + 1;
	}

	private static long integer(ColumnVector v, int i, Element e) {
		return switch (e) {
			case INT8 -> v.getByte(i);
			case INT16 -> v.getShort(i);
			case INT32 -> v.getInt(i);
			default -> v.getLong(i);
		};
	}

	private void number(Column c, int row, double value) {
		if (c == this.predictionsColumn) {
			this.predictions[row] = value;
			this.width = 1;
		}
		else if (c == this.labelsColumn) {
			this.labels[row] = value;
			this.labelWidth = 1;
		}
		else {
			this.weights[row] = value;
		}
	}

	private void integer(Column c, int row, long value) {
		if (c == this.groupsColumn) {
			this.groups[row] = integerGroup(value);
		}
		else if (c == this.labelsColumn && this.classIndices) {
			this.classes[row] = value;
		}
		else {
			number(c, row, value);
		}
	}

	private void nullValue(Column c, int row) {
		this.violations.add(pointer(c.name(), row), "is null; every value must be present.");
	}

	/** One array row as a list (a typed aggregator's row). */
	private void array(Column c, int row, java.util.List<Object> list) {
		double[] values = new double[list.size()];
		boolean[] nulls = new boolean[list.size()];
		for (int j = 0; j < values.length; j++) {
			Object x = list.get(j);
			nulls[j] = x == null;
			values[j] = (x != null) ? ((Number) x).doubleValue() : 0;
		}
		array(c, row, values.length, (j) -> nulls[j], (j) -> values[j]);
	}

	/** One array row of predictions, multi-label labels or targets. */
	private void array(Column c, int row, ArrayData a) {
		Element e = c.element();
		array(c, row, a.numElements(), a::isNullAt, (j) -> switch (e) {
			case FLOAT64 -> a.getDouble(j);
			case FLOAT32 -> a.getFloat(j);
			case INT8 -> a.getByte(j);
			case INT16 -> a.getShort(j);
			case INT32 -> a.getInt(j);
			default -> a.getLong(j);
		});
	}

	private void array(Column c, int row, int length, java.util.function.IntPredicate isNull,
			java.util.function.IntToDoubleFunction value) {
		int expected = (c == this.predictionsColumn) ? this.width
				: (c == this.labelsColumn) ? this.labelWidth : this.targetWidth;
		if (expected < 0) {
			expected = length;
			if (c == this.predictionsColumn) {
				if (length == 0) {
					this.violations.add(pointer(c.name(), row), "must hold at least one column.");
					return;
				}
				this.width = length;
			}
			else if (c == this.labelsColumn) {
				this.labelWidth = length;
			}
			else {
				this.targetWidth = length;
			}
			reserveValues(c, this.rows + 1, length);
		}
		if (length != expected) {
			this.violations.add(pointer(c.name(), row), "has " + length + " values, but the rows before it have "
					+ expected + "; every row must have the same length.");
			return;
		}
		double[] out = values(c, row + 1, expected);
		int at = row * expected;
		for (int j = 0; j < length; j++) {
			if (isNull.test(j)) {
				this.violations.add(pointer(c.name(), row) + "/" + j, "is null; every value must be present.");
				continue;
			}
			out[at + j] = value.applyAsDouble(j);
		}
	}

	/** The value array of an array column, with room for {@code rows} rows. */
	private double[] values(Column c, int rows, int width) {
		reserveValues(c, rows, width);
		return (c == this.predictionsColumn) ? this.predictions : (c == this.labelsColumn) ? this.labels : this.targets;
	}

	private void reserveValues(Column c, int rows, int width) {
		int needed = Math.multiplyExact(rows, width);
		if (c == this.predictionsColumn) {
			this.predictions = grow(this.predictions, needed);
		}
		else if (c == this.labelsColumn) {
			this.labels = grow(this.labels, needed);
		}
		else {
			this.targets = grow(this.targets, needed);
		}
	}

	/** Room for {@code rows} rows of every scalar column. */
	private void reserve(int rows) {
		if (!this.predictionsColumn.array()) {
			this.predictions = grow(this.predictions, rows);
		}
		if (this.labelsColumn != null && !this.labelsColumn.array()) {
			if (this.classIndices) {
				if (this.classes.length < rows) {
					this.classes = Arrays.copyOf(this.classes, Math.max(rows, 2 * this.classes.length));
				}
			}
			else {
				this.labels = grow(this.labels, rows);
			}
		}
		if (this.weightsColumn != null) {
			this.weights = grow(this.weights, rows);
		}
		if (this.groupsColumn != null && this.groups.length < rows) {
			this.groups = Arrays.copyOf(this.groups, Math.max(rows, 2 * this.groups.length));
		}
	}

	private static double[] grow(double[] array, int size) {
		return (array.length >= size) ? array : Arrays.copyOf(array, Math.max(size, 2 * array.length));
	}

	private int stringGroup(int row, UTF8String key) {
		Integer id = this.stringIds.get(key);
		if (id != null) {
			return id;
		}
		if (key.numBytes() > GroupKeys.MAX_KEY_BYTES) {
			this.violations.add(pointer("groups", row), "is longer than " + GroupKeys.MAX_KEY_BYTES + " UTF-8 bytes.");
			return 0;
		}
		int next = this.keys.id(key.toString());
		this.stringIds.put(key.copy(), next);
		return next;
	}

	private int integerGroup(long key) {
		Integer id = this.integerIds.get(key);
		if (id == null) {
			id = this.keys.id(Long.toString(key));
			this.integerIds.put(key, id);
		}
		return id;
	}

	private String pointer(String field, int row) {
		return "/" + field + "/" + (this.firstRow + row);
	}

}
