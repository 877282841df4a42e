/**
 * xent's losses and summaries over Spark DataFrames: {@link dev.xent.spark.SparkScoring}
 * scores a DataFrame whose columns are the contract's Arrow columns with the kernels,
 * shard by shard on the executors, and merges the shards' results on the driver by the
 * contract's shard rules, printing the JSON the service would answer;
 * {@link dev.xent.spark.SparkScore} is the entry point of {@code scripts/spark-score.sh}
 * (Spark in local mode over Parquet files).
 */
package dev.xent.spark;
