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
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
classpath_file="$root/spark/target/classpath.txt"
jar="$root/spark/target/xent-spark-1.0.0-SNAPSHOT.jar"
if [[ ! -f "$classpath_file" || ! -f "$jar" ]]; then
	echo "spark-score: building the spark module (once) ..." >&2
	(cd "$root" && ./mvnw -q -pl spark -am package -DskipTests -Djacoco.skip=true) >&2
fi
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
# What Spark's own launcher adds on Java 17 and later (its JavaModuleOptions).
opens=(
	-XX:+IgnoreUnrecognizedVMOptions
	--add-opens=java.base/java.lang=ALL-UNNAMED
	--add-opens=java.base/java.lang.invoke=ALL-UNNAMED
	--add-opens=java.base/java.lang.reflect=ALL-UNNAMED
	--add-opens=java.base/java.io=ALL-UNNAMED
	--add-opens=java.base/java.net=ALL-UNNAMED
	--add-opens=java.base/java.nio=ALL-UNNAMED
	--add-opens=java.base/java.util=ALL-UNNAMED
	--add-opens=java.base/java.util.concurrent=ALL-UNNAMED
	--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED
	--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED
	--add-opens=java.base/sun.nio.ch=ALL-UNNAMED
	--add-opens=java.base/sun.nio.cs=ALL-UNNAMED
	--add-opens=java.base/sun.security.action=ALL-UNNAMED
	--add-opens=java.base/sun.util.calendar=ALL-UNNAMED
	-Djdk.reflect.useDirectMethodHandle=false
	-Dio.netty.tryReflectionSetAccessible=true
)
# Local mode: the driver binds to the loopback interface.
export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"
exec "$java" "${opens[@]}" -Xmx"${XENT_SPARK_MEMORY:-6g}" \
	-Dspark.master="${XENT_SPARK_MASTER:-local[2]}" \
	-Dlog4j2.configurationFile=xent-spark-log4j2.properties \
	-cp "$jar:$(cat "$classpath_file")" dev.xent.spark.SparkBenchmark "$@"
