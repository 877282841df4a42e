#!/usr/bin/env bash
# Scores a Parquet file or directory with Spark in local mode and prints the JSON the service would
# answer for the same rows and options (aggregates and summaries) on stdout; logs go to stderr.
#
#   scripts/spark-score.sh <parquet file or directory> <endpoint> [options as a URL query string]
#   scripts/spark-score.sh eval.parquet cross-entropy/binary 'summaries=stderr,calibration&epsilon=1e-7'
#
# Columns are named as the contract's Arrow columns (predictions, labels, targets, sampleWeights,
# groups); options are the query parameters of an Arrow body. docs/spark.md has the details.
#
# Environment: XENT_SPARK_MASTER (default local[*]), XENT_SPARK_MEMORY (driver heap, default 4g),
# JAVA_HOME (Java 17 or later). The first run builds the spark module (./mvnw -pl spark -am package).
exec "$(dirname "$0")/spark-run.sh" dev.xent.spark.SparkScore 4g 'local[*]' "$@"
