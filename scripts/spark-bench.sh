#!/usr/bin/env bash
# The Spark benchmark: generates a Parquet file of binary samples under the temporary directory,
# then times, warm and alternately, the plain Spark SQL expression a user would write and
# SparkScoring (columnar path, with summaries, and the typed aggregator); prints medians and
# ratios, and deletes the file.
#
#   scripts/spark-bench.sh [rows, default 1e8] [repeats, default 5] [dir]   (docs/spark.md)
#
# Environment: XENT_SPARK_MASTER (default local[2]), XENT_SPARK_MEMORY (driver heap, default 6g).
exec "$(dirname "$0")/spark-run.sh" dev.xent.spark.SparkBenchmark 6g 'local[2]' "$@"
