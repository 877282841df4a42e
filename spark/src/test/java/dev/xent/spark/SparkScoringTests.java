package dev.xent.spark;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import dev.xent.loss.InvalidBatchException;
import dev.xent.loss.Violation;
import dev.xent.loss.options.MalformedOptionsException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * {@link SparkScoring} in Spark local mode against the kernels' single pass over the same
 * samples in order (which is what the service computes for one request; the service
 * itself is compared in {@link SparkServiceComparisonTests}): every endpoint family, file
 * and in-memory DataFrames, the columnar and the row reader, and the refusals.
 */
class SparkScoringTests extends SparkTests {

	private static final String ALL = "summaries=stderr,accuracy,calibration,worst,groups";

	@Test
	void binaryParquetInManySplitsMatchesOnePass() {
		TestData data = TestData.binary(6000, 1, false);
		Dataset<Row> frame = parquet(data, "binary");
		assertThat(frame.rdd().getNumPartitions()).isGreaterThan(2);
		assertThat(SparkScoring.columnar(frame, "cross-entropy/binary")).isTrue();
		String query = ALL + ",perplexity,divergence&worstK=7&indexOffset=100";
		String spark = SparkScoring.score(frame, "cross-entropy/binary", query);
		String one = data.onePass("cross-entropy/binary", query);
		Results.assertClose(spark, one, 1e-12);
		JsonNode s = Results.tree(spark);
		JsonNode o = Results.tree(one);
		assertThat(s.get("count").longValue()).isEqualTo(6000);
		assertThat(s.get("weightSum").doubleValue()).isCloseTo(o.get("weightSum").doubleValue(),
				org.assertj.core.data.Offset.offset(1e-12 * o.get("weightSum").doubleValue()));
		// The worst samples are named by their row in the files, in file order, plus the
		// offset; the groups keep the single pass's first-seen order.
		assertThat(s.get("summaries").get("worst")).isEqualTo(o.get("summaries").get("worst"));
		assertThat(s.get("summaries").get("groups").fieldNames()).toIterable()
			.containsExactlyElementsOf(() -> o.get("summaries").get("groups").fieldNames());
	}

	@Test
	void rowReaderGivesTheColumnarReadersBits() {
		TestData data = TestData.binary(3000, 2, true);
		Dataset<Row> frame = parquet(data, "logits");
		String query = "inputType=logits&" + ALL;
		// A filter between the scan and the scoring: the rows come one by one.
		Dataset<Row> filtered = frame.filter(col("predictions").isNotNull());
		assertThat(SparkScoring.columnar(filtered, "cross-entropy/binary")).isFalse();
		assertThat(SparkScoring.score(filtered, "cross-entropy/binary", query))
			.isEqualTo(SparkScoring.score(frame, "cross-entropy/binary", query));
	}

	@Test
	void inMemoryDataFrameIsNumberedInPartitionOrder() {
		TestData data = TestData.categorical(2000, 7, 3, false, -100L);
		Dataset<Row> frame = data.frame(spark);
		assertThat(frame.rdd().getNumPartitions()).isEqualTo(2);
		String query = "ignoreIndex=-100&classWeights=1,2,1,0.5,1,1,3&" + ALL;
		String spark = SparkScoring.score(frame, "cross-entropy/categorical", query);
		Results.assertClose(spark, data.onePass("cross-entropy/categorical", query), 1e-12);
		assertThat(Results.tree(spark).get("summaries").get("accuracy").get("topK").get("k").intValue()).isEqualTo(5);
	}

	@Test
	void categoricalTargetsInFloat32() {
		TestData data = TestData.categorical(1500, 4, 4, true, null);
		TestData widened = new TestData(data.n(), data.width(), false, floats(data.predictions()), null, null,
				floats(data.targets()), data.weights(), data.groups(), true);
		String query = "labelSmoothing=0.1&summaries=stderr,accuracy,calibration,divergence,groups&calibrationBins=7";
		Results.assertClose(SparkScoring.score(parquet(widened, "targets"), "cross-entropy/categorical", query),
				widened.onePass("cross-entropy/categorical", query), 1e-12);
	}

	@Test
	void multilabelAndFocalEndpoints() {
		TestData multilabel = TestData.multilabel(2500, 3, 5);
		Dataset<Row> frame = parquet(multilabel, "multilabel");
		for (String[] c : new String[][] { { "cross-entropy/multilabel", "posWeight=1,2,3&" + ALL },
				{ "focal/multilabel", "gamma=1.5&alpha=0.25&compat=keras&" + ALL } }) {
			Results.assertClose(SparkScoring.score(frame, c[0], c[1]), multilabel.onePass(c[0], c[1]), 1e-12);
		}
		TestData categorical = TestData.categorical(2500, 6, 6, false, null).withoutGroups();
		String query = "gamma=2&alpha=0.5,1,1,1,1,2&compat=torch&summaries=stderr,accuracy,worst&topK=2";
		Results.assertClose(SparkScoring.score(parquet(categorical, "focal"), "focal/categorical", query),
				categorical.onePass("focal/categorical", query), 1e-12);
	}

	@Test
	void unweightedIntegerSumsAreExact() {
		TestData data = TestData.binary(4000, 7, false).withoutWeights().withoutGroups();
		JsonNode s = Results.tree(SparkScoring.score(parquet(data, "unweighted"), "cross-entropy/binary", ""));
		assertThat(s.get("count").longValue()).isEqualTo(4000);
		assertThat(s.get("weightSum").doubleValue()).isEqualTo(4000.0);
	}

	@Test
	void missingColumnsArePointedAtAsTheServiceDoes() {
		Dataset<Row> frame = TestData.binary(10, 1, false).frame(spark).drop("labels");
		assertThatExceptionOfType(InvalidBatchException.class)
			.isThrownBy(() -> SparkScoring.score(frame, "cross-entropy/binary", ""))
			.satisfies((ex) -> assertThat(ex.violations()).containsExactly(new Violation("/labels", "is required.")));
		Dataset<Row> both = TestData.categorical(10, 3, 1, true, null)
			.frame(spark)
			.withColumn("labels", org.apache.spark.sql.functions.lit(1L));
		assertThatExceptionOfType(InvalidBatchException.class)
			.isThrownBy(() -> SparkScoring.score(both, "cross-entropy/categorical", ""))
			.satisfies((ex) -> assertThat(ex.violations().get(0).pointer()).isEqualTo("/targets"));
	}

	@Test
	void wrongTypesAndUnknownColumnsAreNamed() {
		Dataset<Row> frame = TestData.binary(10, 1, false).frame(spark);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> SparkScoring.score(frame.withColumn("labels", col("labels").cast("string")),
					"cross-entropy/binary", ""))
			.withMessage("Column \"labels\" has type string; it must be double, float or an integer type.");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> SparkScoring.score(frame.withColumnRenamed("sampleWeights", "sampleWeight"),
					"cross-entropy/binary", ""))
			.withMessageStartingWith("Column \"sampleWeight\" is not a column of cross-entropy/binary");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> SparkScoring.score(frame, "cross-entropy/categorical", ""))
			.withMessage("Column \"predictions\" has type double; it must be array of double or float.");
		// Columns whose names start with __ are ignored, as pandas' index in an Arrow
		// body.
		assertThat(SparkScoring.score(frame.withColumn("__index_level_0__", col("labels")), "cross-entropy/binary", ""))
			.isEqualTo(SparkScoring.score(frame, "cross-entropy/binary", ""));
		assertThatIllegalArgumentException().isThrownBy(() -> SparkScoring.score(frame, "cross-entropy/binaryy", ""))
			.withMessageStartingWith("Unknown endpoint \"cross-entropy/binaryy\"");
	}

	@Test
	void nullsAndBadValuesArePointedAtByTheirRowInTheWhole() {
		StructType schema = DataTypes
			.createStructType(List.of(DataTypes.createStructField("predictions", DataTypes.DoubleType, true),
					DataTypes.createStructField("labels", DataTypes.DoubleType, true)));
		List<Row> rows = new java.util.ArrayList<>();
		for (int i = 0; i < 5000; i++) {
			rows.add(RowFactory.create(0.5, (i == 4321) ? null : 1.0));
		}
		Dataset<Row> frame = spark.createDataFrame(rows, schema);
		assertThatExceptionOfType(InvalidBatchException.class)
			.isThrownBy(() -> SparkScoring.score(frame, "cross-entropy/binary", ""))
			.satisfies((ex) -> assertThat(ex.violations())
				.containsExactly(new Violation("/labels/4321", "is null; every value must be present.")));
		rows.set(4321, RowFactory.create(0.5, 1.5));
		assertThatExceptionOfType(InvalidBatchException.class)
			.isThrownBy(() -> SparkScoring.score(spark.createDataFrame(rows, schema), "cross-entropy/binary", ""))
			.satisfies((ex) -> assertThat(ex.violations().get(0).pointer()).isEqualTo("/labels/4321"));
	}

	@Test
	void raggedRowsAndNullElementsArePointedAt() {
		StructType schema = DataTypes.createStructType(List.of(
				DataTypes.createStructField("predictions", DataTypes.createArrayType(DataTypes.DoubleType, true), true),
				DataTypes.createStructField("labels", DataTypes.LongType, true)));
		List<Row> rows = new java.util.ArrayList<>();
		for (int i = 0; i < 100; i++) {
			rows.add(RowFactory.create(new Double[] { 0.25, 0.75 }, 1L));
		}
		rows.set(70, RowFactory.create(new Double[] { 0.25, 0.5, 0.25 }, 1L));
		assertThatExceptionOfType(InvalidBatchException.class)
			.isThrownBy(() -> SparkScoring.score(spark.createDataFrame(rows, schema), "cross-entropy/categorical", ""))
			.satisfies((ex) -> assertThat(ex.violations().get(0).pointer()).isEqualTo("/predictions/70"));
		rows.set(70, RowFactory.create(new Double[] { 0.25, null }, 1L));
		assertThatExceptionOfType(InvalidBatchException.class)
			.isThrownBy(() -> SparkScoring.score(spark.createDataFrame(rows, schema), "cross-entropy/categorical", ""))
			.satisfies((ex) -> assertThat(ex.violations())
				.containsExactly(new Violation("/predictions/70/1", "is null; every value must be present.")));
	}

	@Test
	void optionsAreRefusedAsTheServiceRefusesThem() {
		Dataset<Row> frame = TestData.binary(10, 1, false).frame(spark);
		assertThatExceptionOfType(MalformedOptionsException.class)
			.isThrownBy(() -> SparkScoring.score(frame, "cross-entropy/binary", "label_smoothing=0.1"))
			.satisfies((ex) -> assertThat(ex.pointer()).isEqualTo("/label_smoothing"))
			.withMessage("Unknown query parameter \"label_smoothing\"; did you mean \"labelSmoothing\"?");
		assertThatExceptionOfType(MalformedOptionsException.class)
			.isThrownBy(() -> SparkScoring.score(frame, "cross-entropy/binary", "epsilon=1e-7&epsilon=1e-7"))
			.withMessage("Repeated query parameter \"epsilon\".");
		assertThatExceptionOfType(MalformedOptionsException.class)
			.isThrownBy(() -> SparkScoring.score(frame, "cross-entropy/binary", "epsilon=.5"))
			.satisfies((ex) -> assertThat(ex.pointer()).isEqualTo("/epsilon"));
		assertThatExceptionOfType(InvalidBatchException.class)
			.isThrownBy(() -> SparkScoring.score(frame, "cross-entropy/binary",
					"epsilon=0.7&summaries=stderr,nope&includeLosses=true"))
			.satisfies((ex) -> assertThat(ex.violations()).extracting(Violation::pointer)
				.containsExactly("/epsilon", "/summaries/1", "/includeLosses"));
		assertThatExceptionOfType(InvalidBatchException.class)
			.isThrownBy(() -> SparkScoring.score(frame, "focal/binary", "posWeight=2&summaries=perplexity"))
			.satisfies((ex) -> assertThat(ex.violations()).extracting(Violation::pointer)
				.containsExactly("/posWeight", "/summaries/0"));
		assertThat(SparkScoring.score(frame, "cross-entropy/binary", "includeLosses=false&reduction=sum"))
			.isEqualTo(SparkScoring.score(frame, "cross-entropy/binary", ""));
	}

	@Test
	void typedAggregatorGivesTheSameResult() {
		TestData data = TestData.binary(5000, 8, false);
		Dataset<Row> frame = parquet(data, "aggregator");
		String query = "summaries=stderr,accuracy,worst,groups";
		ScoreAggregator aggregator = SparkScoring.aggregator("cross-entropy/binary", query, frame.schema());
		String typed = frame.select(aggregator.toColumn()).first();
		assertThat(typed).isEqualTo(SparkScoring.score(frame, "cross-entropy/binary", query));
		Results.assertClose(typed, data.onePass("cross-entropy/binary", query), 1e-12);
	}

	@Test
	void aggregatorPerGroupOfRows() {
		TestData data = TestData.binary(4000, 9, false).withoutGroups();
		Dataset<Row> frame = parquet(data, "per-model").withColumn("model",
				org.apache.spark.sql.functions.when(col("sampleWeights").lt(1), "a").otherwise("b"));
		Dataset<Row> columns = frame.select("predictions", "labels", "sampleWeights");
		var score = org.apache.spark.sql.functions.udaf(
				SparkScoring.aggregator("cross-entropy/binary", "summaries=stderr", columns.schema()),
				org.apache.spark.sql.Encoders.row(columns.schema()));
		List<Row> perModel = frame.groupBy("model")
			.agg(score.apply(col("predictions"), col("labels"), col("sampleWeights")).as("xent"))
			.orderBy("model")
			.collectAsList();
		assertThat(perModel).hasSize(2);
		for (Row r : perModel) {
			Dataset<Row> slice = frame.filter(col("model").equalTo(r.getString(0))).drop("model");
			Results.assertClose(r.getString(1), SparkScoring.score(slice, "cross-entropy/binary", "summaries=stderr"),
					1e-12);
		}
	}

	@Test
	void nullInAParquetSplitIsPointedAtByItsRowInTheFile() {
		StructType schema = DataTypes
			.createStructType(List.of(DataTypes.createStructField("predictions", DataTypes.DoubleType, true),
					DataTypes.createStructField("labels", DataTypes.DoubleType, true)));
		List<Row> rows = new java.util.ArrayList<>();
		for (int i = 0; i < 6000; i++) {
			rows.add(RowFactory.create(0.25 + i * 1e-5, (i == 5123) ? null : 1.0));
		}
		String path = work.resolve("nulls").toString();
		spark.createDataFrame(rows, schema).coalesce(1).write().option("parquet.block.size", 8192).parquet(path);
		Dataset<Row> frame = spark.read().parquet(path);
		assertThat(frame.rdd().getNumPartitions()).isGreaterThan(2);
		assertThat(SparkScoring.columnar(frame, "cross-entropy/binary")).isTrue();
		assertThatExceptionOfType(InvalidBatchException.class)
			.isThrownBy(() -> SparkScoring.score(frame, "cross-entropy/binary", ""))
			.satisfies((ex) -> assertThat(ex.violations())
				.containsExactly(new Violation("/labels/5123", "is null; every value must be present.")));
	}

	@Test
	void integerLabelsAndGroupsReadAsTheirValues() {
		TestData data = TestData.binary(3000, 10, false);
		Dataset<Row> doubles = parquet(data, "integer-columns").withColumn("groups",
				org.apache.spark.sql.functions.length(col("groups")).cast("string"));
		Dataset<Row> integers = doubles.withColumn("labels", col("labels").cast("int"))
			.withColumn("groups", col("groups").cast("long"));
		String query = "summaries=stderr,accuracy,groups";
		assertThat(SparkScoring.score(integers, "cross-entropy/binary", query))
			.isEqualTo(SparkScoring.score(doubles, "cross-entropy/binary", query));
	}

	@Test
	void emptyInputsTooManyGroupsAndRowsOfAnotherWidthAreRefused() {
		Dataset<Row> frame = TestData.binary(100, 11, false).frame(spark);
		assertThatExceptionOfType(InvalidBatchException.class)
			.isThrownBy(() -> SparkScoring.score(frame.filter(col("predictions").lt(0)), "cross-entropy/binary", ""))
			.satisfies((ex) -> assertThat(ex.violations())
				.containsExactly(new Violation("/predictions", "must hold at least one sample.")));
		assertThatExceptionOfType(dev.xent.loss.LimitExceededException.class)
			.isThrownBy(() -> SparkScoring.result(frame, "cross-entropy/binary", "summaries=groups", 3))
			.withMessageContaining("more than 3 distinct groups");
		Dataset<Row> three = TestData.categorical(50, 3, 12, false, null).withoutGroups().frame(spark).coalesce(1);
		Dataset<Row> four = TestData.categorical(50, 4, 13, false, null).withoutGroups().frame(spark).coalesce(1);
		assertThatExceptionOfType(InvalidBatchException.class)
			.isThrownBy(() -> SparkScoring.score(three.union(four), "cross-entropy/categorical", ""))
			.satisfies((ex) -> assertThat(ex.violations().get(0).pointer()).isEqualTo("/predictions/50"));
	}

	@Test
	void pointersShiftByTheShardsFirstRow() {
		assertThat(ShardMerge.shift("/predictions/12/3", 1000)).isEqualTo("/predictions/1012/3");
		assertThat(ShardMerge.shift("/labels/0", 5)).isEqualTo("/labels/5");
		assertThat(ShardMerge.shift("/sampleWeights", 5)).isEqualTo("/sampleWeights");
	}

	private static double[] floats(double[] values) {
		double[] out = new double[values.length];
		for (int i = 0; i < values.length; i++) {
			out[i] = (float) values[i];
		}
		return out;
	}

}
