package dev.xent.spark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import dev.xent.loss.Aggregates;
import dev.xent.loss.GroupKeys;
import dev.xent.loss.SampleBatch;
import dev.xent.loss.Scoring;
import dev.xent.loss.Reduction;
import dev.xent.loss.SummaryReport;
import dev.xent.loss.json.ResultJson;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Random samples of one endpoint family as Java arrays, and the same samples as a Spark
 * DataFrame, a JSON request body, and the kernels' single pass over them in order (one
 * {@link Scoring}, as the service scores one request).
 *
 * @param predictions n values (binary) or n rows of width
 * @param labels binary and multi-label labels, or {@code null}
 * @param classes categorical class indices, or {@code null}
 * @param targets categorical target rows, or {@code null}
 * @param weights sample weights, or {@code null}
 * @param groups group keys, or {@code null}
 * @param float32 whether the DataFrame stores predictions (and targets) as float, the
 * arrays holding the float values widened
 */
record TestData(int n, int width, boolean vector, double[] predictions, double[] labels, long[] classes,
		double[] targets, double[] weights, String[] groups, boolean float32) {

	static TestData binary(int n, long seed, boolean logits) {
		SplittableRandom r = new SplittableRandom(seed);
		double[] p = new double[n];
		double[] y = new double[n];
		for (int i = 0; i < n; i++) {
			double q = r.nextDouble();
			p[i] = logits ? Math.log(q / (1 - q)) : q;
			y[i] = (r.nextDouble() < q) ? 1 : 0;
		}
		return new TestData(n, 1, true, p, y, null, null, weights(r, n), groups(r, n), false);
	}

	static TestData multilabel(int n, int k, long seed) {
		SplittableRandom r = new SplittableRandom(seed);
		double[] p = new double[n * k];
		double[] y = new double[n * k];
		for (int j = 0; j < n * k; j++) {
			p[j] = (float) r.nextDouble();
			y[j] = (r.nextDouble() < p[j]) ? 1 : 0;
		}
		return new TestData(n, k, false, p, y, null, null, weights(r, n), groups(r, n), true);
	}

	/**
	 * @param targets whether to give target rows rather than class indices
	 * @param ignored a class index to put on every 17th sample, or {@code null}
	 */
	static TestData categorical(int n, int c, long seed, boolean targets, Long ignored) {
		SplittableRandom r = new SplittableRandom(seed);
		double[] p = new double[n * c];
		double[] t = targets ? new double[n * c] : null;
		long[] labels = targets ? null : new long[n];
		for (int i = 0; i < n; i++) {
			softmax(r, p, i * c, c);
			if (targets) {
				softmax(r, t, i * c, c);
			}
			else {
				labels[i] = (ignored != null && i % 17 == 5) ? ignored : r.nextInt(c);
			}
		}
		return new TestData(n, c, false, p, null, labels, t, weights(r, n), groups(r, n), false);
	}

	/** A random probability row, as exactly as doubles allow (one division per value). */
	private static void softmax(SplittableRandom r, double[] out, int from, int c) {
		double total = 0;
		for (int j = 0; j < c; j++) {
			out[from + j] = Math.exp(3 * r.nextDouble());
			total += out[from + j];
		}
		for (int j = 0; j < c; j++) {
			out[from + j] /= total;
		}
	}

	private static double[] weights(SplittableRandom r, int n) {
		double[] w = new double[n];
		for (int i = 0; i < n; i++) {
			w[i] = 2 * r.nextDouble();
		}
		return w;
	}

	private static String[] groups(SplittableRandom r, int n) {
		String[] names = { "north", "south", "east", "west", "éàü" };
		String[] g = new String[n];
		for (int i = 0; i < n; i++) {
			g[i] = names[r.nextInt(names.length)];
		}
		return g;
	}

	TestData withoutWeights() {
		return new TestData(this.n, this.width, this.vector, this.predictions, this.labels, this.classes, this.targets,
				null, this.groups, this.float32);
	}

	TestData withoutGroups() {
		return new TestData(this.n, this.width, this.vector, this.predictions, this.labels, this.classes, this.targets,
				this.weights, null, this.float32);
	}

	/**
	 * The samples as a DataFrame of the contract's columns, in order (its partitions, as
	 * many as the session's default parallelism, hold consecutive rows).
	 */
	Dataset<Row> frame(SparkSession spark) {
		List<StructField> fields = new ArrayList<>();
		DataType element = this.float32 ? DataTypes.FloatType : DataTypes.DoubleType;
		fields.add(DataTypes.createStructField("predictions",
				this.vector ? element : DataTypes.createArrayType(element, false), false));
		if (this.labels != null) {
			fields.add(DataTypes.createStructField("labels",
					this.vector ? DataTypes.DoubleType : DataTypes.createArrayType(DataTypes.DoubleType, false),
					false));
		}
		if (this.classes != null) {
			fields.add(DataTypes.createStructField("labels", DataTypes.LongType, false));
		}
		if (this.targets != null) {
			fields.add(DataTypes.createStructField("targets", DataTypes.createArrayType(element, false), false));
		}
		if (this.weights != null) {
			fields.add(DataTypes.createStructField("sampleWeights", DataTypes.DoubleType, false));
		}
		if (this.groups != null) {
			fields.add(DataTypes.createStructField("groups", DataTypes.StringType, false));
		}
		List<Row> rows = new ArrayList<>(this.n);
		for (int i = 0; i < this.n; i++) {
			List<Object> values = new ArrayList<>();
			values.add(this.vector ? value(this.predictions[i]) : row(this.predictions, i, this.float32));
			if (this.labels != null) {
				values.add(this.vector ? (Object) this.labels[i] : row(this.labels, i, false));
			}
			if (this.classes != null) {
				values.add(this.classes[i]);
			}
			if (this.targets != null) {
				values.add(row(this.targets, i, this.float32));
			}
			if (this.weights != null) {
				values.add(this.weights[i]);
			}
			if (this.groups != null) {
				values.add(this.groups[i]);
			}
			rows.add(RowFactory.create(values.toArray()));
		}
		return spark.createDataFrame(rows, DataTypes.createStructType(fields));
	}

	private Object value(double v) {
		return this.float32 ? (Object) (float) v : (Object) v;
	}

	private Object row(double[] values, int i, boolean floats) {
		if (floats) {
			Float[] row = new Float[this.width];
			for (int j = 0; j < this.width; j++) {
				row[j] = (float) values[i * this.width + j];
			}
			return row;
		}
		Double[] row = new Double[this.width];
		for (int j = 0; j < this.width; j++) {
			row[j] = values[i * this.width + j];
		}
		return row;
	}

	/**
	 * The kernels' single pass over every sample in order, as the service scores one
	 * request: its result JSON.
	 */
	String onePass(String endpoint, String query) {
		ScoringRequest.Built built = new ScoringRequest(endpoint, query, 10_000).build();
		GroupKeys keys = new GroupKeys(10_000);
		int[] ids = null;
		if (this.groups != null) {
			ids = new int[this.n];
			for (int i = 0; i < this.n; i++) {
				ids[i] = keys.id(this.groups[i]);
			}
		}
		Scoring scoring = new Scoring(built.loss(), Reduction.MEAN, null, Long.MAX_VALUE, built.summaries());
		scoring.accept(new SampleBatch(0, this.n, this.width, this.predictions, this.labels, this.width, this.classes,
				this.targets, (this.targets != null) ? this.width : 0, this.weights, ids, null));
		Aggregates a = scoring.finish();
		SummaryReport report = (built.summaries() != null) ? built.summaries().report(a, keys) : null;
		return ResultJson.toJson(a, report);
	}

	/** The samples as the service's JSON document, with extra members (the options). */
	String json(String options) {
		StringBuilder b = new StringBuilder("{\"predictions\":");
		if (this.vector) {
			b.append(Arrays.toString(this.predictions).replace(" ", ""));
		}
		else {
			matrix(b, this.predictions);
		}
		if (this.labels != null) {
			b.append(",\"labels\":");
			if (this.vector) {
				b.append(Arrays.toString(this.labels).replace(" ", ""));
			}
			else {
				matrix(b, this.labels);
			}
		}
		if (this.classes != null) {
			b.append(",\"labels\":").append(Arrays.toString(this.classes).replace(" ", ""));
		}
		if (this.targets != null) {
			b.append(",\"targets\":");
			matrix(b, this.targets);
		}
		if (this.weights != null) {
			b.append(",\"sampleWeights\":").append(Arrays.toString(this.weights).replace(" ", ""));
		}
		if (this.groups != null) {
			b.append(",\"groups\":[");
			for (int i = 0; i < this.n; i++) {
				b.append((i > 0) ? "," : "").append('"').append(this.groups[i]).append('"');
			}
			b.append(']');
		}
		if (!options.isEmpty()) {
			b.append(',').append(options);
		}
		return b.append('}').toString();
	}

	private void matrix(StringBuilder b, double[] values) {
		b.append('[');
		for (int i = 0; i < this.n; i++) {
			b.append((i > 0) ? ",[" : "[");
			for (int j = 0; j < this.width; j++) {
				b.append((j > 0) ? "," : "").append(values[i * this.width + j]);
			}
			b.append(']');
		}
		b.append(']');
	}

}
