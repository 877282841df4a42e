#!/usr/bin/env bash
# Runs a main class of the spark module in local mode, with the JVM flags Spark needs on Java 17+:
#
#   scripts/spark-run.sh <main class> <default driver heap> <default master> [arguments...]
#
# Used by scripts/spark-score.sh and scripts/spark-bench.sh. Environment: XENT_SPARK_MASTER,
# XENT_SPARK_MEMORY (override the defaults), JAVA_HOME (Java 17 or later). The first run builds the
# spark module (./mvnw -pl spark -am package).
main_class="$1" default_memory="$2" default_master="$3"
shift 3
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
classpath_file="$root/spark/target/classpath.txt"
jar="$root/spark/target/xent-spark-1.0.0-SNAPSHOT.jar"
if [[ ! -f "$classpath_file" || ! -f "$jar" ]]; then
	echo "spark: building the spark module (once) ..." >&2
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
exec "$java" "${opens[@]}" -Xmx"${XENT_SPARK_MEMORY:-$default_memory}" \
	-Dspark.master="${XENT_SPARK_MASTER:-$default_master}" \
	-Dlog4j2.configurationFile=xent-spark-log4j2.properties \
	-cp "$jar:$(cat "$classpath_file")" "$main_class" "$@"
