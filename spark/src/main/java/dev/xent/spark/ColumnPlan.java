package dev.xent.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.xent.loss.InvalidBatchException;
import dev.xent.loss.Summaries;
import dev.xent.loss.Violation;
import dev.xent.loss.options.LossEndpoint;
import dev.xent.loss.options.QueryOptions;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The columns of a DataFrame that an endpoint reads, found by name and checked against
 * the contract's Arrow columns (API.md, "Body formats") before any row is read:
 * {@code predictions}, {@code labels}, {@code targets} (categorical),
 * {@code sampleWeights} and {@code groups}. Columns whose names start with {@code __} are
 * ignored; any other column is refused, as an Arrow body refuses it (a misspelt
 * {@code sampleWeight} must not be silently left out). A missing column, a column of a
 * type the contract does not allow, or a column given twice is an
 * {@link IllegalArgumentException} that names the column.
 * <p>
 * Types: predictions double or float (binary), array of double or float (multi-label,
 * categorical); labels as predictions, integer types also accepted (binary, multi-label),
 * or any integer type (categorical class indices); targets as categorical predictions;
 * sampleWeights double or float; groups string or any integer type. float is widened to
 * double exactly.
 *
 * @param columns the columns read, in schema order, each with its position in the schema
 */
record ColumnPlan(List<Column> columns) implements Serializable {

	/** The element type of a column (of its arrays, for an array column). */
	enum Element {

		FLOAT64, FLOAT32, INT8, INT16, INT32, INT64, STRING;

		boolean integer() {
			return this == INT8 || this == INT16 || this == INT32 || this == INT64;
		}

		boolean floating() {
			return this == FLOAT64 || this == FLOAT32;
		}

		static Element of(DataType type) {
			if (type instanceof DoubleType) {
				return FLOAT64;
			}
			if (type instanceof FloatType) {
				return FLOAT32;
			}
			if (type instanceof ByteType) {
				return INT8;
			}
			if (type instanceof ShortType) {
				return INT16;
			}
			if (type instanceof IntegerType) {
				return INT32;
			}
			if (type instanceof LongType) {
				return INT64;
			}
			if (type instanceof StringType) {
				return STRING;
			}
			return null;
		}

	}

	/** What a column is to the endpoint. */
	enum Role {

		PREDICTIONS, LABELS, TARGETS, SAMPLE_WEIGHTS, GROUPS;

		String wireName() {
			return QueryOptions.COLUMNS.get(ordinal());
		}

	}

	/**
	 * One column read.
	 *
	 * @param role what it holds
	 * @param ordinal its position in the selected DataFrame
	 * @param array whether each value is an array (a row of a matrix)
	 * @param element the type of its values
	 */
	record Column(Role role, int ordinal, boolean array, Element element) implements Serializable {

		String name() {
			return this.role.wireName();
		}

	}

	/** The column of a role, or {@code null} when the DataFrame has none. */
	Column column(Role role) {
		for (Column c : this.columns) {
			if (c.role() == role) {
				return c;
			}
		}
		return null;
	}

	/**
	 * The plan of the DataFrame selected to {@link #names()}: the same columns at
	 * positions 0, 1, ...
	 */
	ColumnPlan selected() {
		List<Column> renumbered = new ArrayList<>();
		for (Column c : this.columns) {
			renumbered.add(new Column(c.role(), renumbered.size(), c.array(), c.element()));
		}
		return new ColumnPlan(List.copyOf(renumbered));
	}

	/** The names of the columns read, in their order. */
	String[] names() {
		return this.columns.stream().map(Column::name).toArray(String[]::new);
	}

	/**
	 * Finds and checks the endpoint's columns in a schema.
	 * @throws IllegalArgumentException naming the first offending column
	 * @throws InvalidBatchException for missing columns, with the pointers a JSON body's
	 * missing fields would have ({@code /labels})
	 */
	static ColumnPlan of(StructType schema, LossEndpoint endpoint) {
		Summaries.Family family = endpoint.family();
		boolean categorical = family == Summaries.Family.CATEGORICAL;
		List<Column> columns = new ArrayList<>();
		StructField[] fields = schema.fields();
		for (int position = 0; position < fields.length; position++) {
			StructField field = fields[position];
			String name = field.name();
			if (name.startsWith("__")) {
				continue;
			}
			int index = QueryOptions.COLUMNS.indexOf(name);
			if (index < 0 || (Role.values()[index] == Role.TARGETS && !categorical)) {
				throw new IllegalArgumentException("Column \"" + name + "\" is not a column of " + endpoint.path()
						+ ", which takes " + String.join(", ", columnNames(categorical))
						+ " (columns whose names start with \"__\" are ignored; select the columns to score).");
			}
			Role role = Role.values()[index];
			if (columns.stream().anyMatch((c) -> c.role() == role)) {
				throw new IllegalArgumentException("Column \"" + name + "\" appears twice in the schema.");
			}
			columns.add(column(role, position, field.dataType(), family));
		}
		List<Violation> missing = new ArrayList<>();
		boolean labels = columns.stream().anyMatch((c) -> c.role() == Role.LABELS);
		boolean targets = columns.stream().anyMatch((c) -> c.role() == Role.TARGETS);
		if (columns.stream().noneMatch((c) -> c.role() == Role.PREDICTIONS)) {
			missing.add(new Violation("/predictions", "is required."));
		}
		if (!categorical) {
			if (!labels) {
				missing.add(new Violation("/labels", "is required."));
			}
		}
		else if (!labels && !targets) {
			missing
				.add(new Violation("/labels", "is required: give labels (class indices) or targets (distributions)."));
		}
		else if (labels && targets) {
			missing.add(new Violation("/targets", "give labels or targets, not both."));
		}
		if (!missing.isEmpty()) {
			throw new InvalidBatchException(missing);
		}
		return new ColumnPlan(List.copyOf(columns));
	}

	private static List<String> columnNames(boolean categorical) {
		return QueryOptions.COLUMNS.stream().filter((c) -> categorical || !c.equals("targets")).toList();
	}

	private static Column column(Role role, int ordinal, DataType type, Summaries.Family family) {
		boolean vector = family == Summaries.Family.BINARY;
		boolean array = type instanceof ArrayType;
		Element element = Element.of(array ? ((ArrayType) type).elementType() : type);
		String expected = switch (role) {
			case PREDICTIONS -> vector ? "double or float" : "array of double or float";
			case LABELS -> switch (family) {
				case BINARY -> "double, float or an integer type";
				case MULTILABEL -> "array of double, float or an integer type";
				case CATEGORICAL -> "an integer type (class indices)";
			};
			case TARGETS -> "array of double or float";
			case SAMPLE_WEIGHTS -> "double or float";
			case GROUPS -> "string or an integer type";
		};
		boolean ok = element != null && switch (role) {
			case PREDICTIONS, TARGETS -> array == (role == Role.TARGETS || !vector) && element.floating();
			case LABELS -> (family == Summaries.Family.CATEGORICAL) ? !array && element.integer()
					: array == (family == Summaries.Family.MULTILABEL) && element != Element.STRING;
			case SAMPLE_WEIGHTS -> !array && element.floating();
			case GROUPS -> !array;
		};
		if (!ok) {
			throw new IllegalArgumentException("Column \"" + role.wireName() + "\" has type "
					+ type.simpleString().toLowerCase(Locale.ROOT) + "; it must be " + expected + ".");
		}
		return new Column(role, ordinal, array, element);
	}

}
