# syntax=docker/dockerfile:1
#
# xent: the cross-entropy scoring service, built from source.
#
#   docker build -t xent:local .          (Docker with BuildKit)
#   scripts/stack-check.sh                (podman on the build machines: stand-in base images,
#                                          build, compose stack, end-to-end checks)
#
# Stages: build (Maven wrapper, dependency layer cached) -> runtime (Spring Boot layers,
# AOT cache trained at build time, non-root, health check without curl).
# Base images are pinned by tag; pin by digest as well where a registry can be reached.

############################################################################################
# 1. Build the jar from source with the project's Maven wrapper and JDK 25 (release 17).
############################################################################################
FROM eclipse-temurin:25-jdk-noble AS build
LABEL org.opencontainers.image.title="xent"
WORKDIR /workspace

# Dependency step: depends only on the pom and the wrapper (whose Maven distribution ships in
# .mvn/wrapper, so nothing is downloaded for Maven itself), so it is skipped while they are
# unchanged. The local repository is a build cache mount: it survives pom changes too, so a
# changed pom downloads only what changed.
COPY --chmod=0755 mvnw ./
COPY .mvn/ .mvn/
# The build's poms: the root (aggregator), the library, the service, and the Spark module's, which
# Maven needs to read the build but which the image never builds (-pl :xent -am).
COPY pom.xml service.pom.xml ./
COPY kernels/pom.xml kernels/
COPY spark/pom.xml spark/
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw --batch-mode --no-transfer-progress --quiet -pl :xent -am dependency:go-offline

# Sources last. Tests are not part of the image build (src/test is in .dockerignore); CI runs
# them. Not offline (-o): go-offline misses a few plugin dependencies resolved at run time.
# The library (kernels/) and the service (src/); Spring AOT's processing runs in `package`
# (its bean definitions are used at run time with -Dspring.aot.enabled=true, below).
COPY kernels/src/main/ kernels/src/main/
COPY src/main/ src/main/
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw --batch-mode --no-transfer-progress --quiet -DskipTests -pl :xent -am package \
 && cp target/xent-*.jar app.jar

# Spring Boot layers (Boot 4.1 "tools" jar mode; layertools is gone). No --launcher: the
# extracted application jar with its lib/ class path runs with plain `java -jar`, so every
# class is loaded by the JDK's application class loader and can be stored in the AOT cache
# (classes loaded by Spring Boot's launcher class loader cannot; measured here: start-up
# 6.2 s -> 2.4 s with the cache and this layout, 5.2 s -> 4.0 s with --launcher).
RUN java -Djarmode=tools -jar app.jar extract --layers --destination extracted

############################################################################################
# 2. Runtime: JRE only, non-root, read-only friendly (writes only to /tmp).
############################################################################################
FROM eclipse-temurin:25-jre-noble

LABEL org.opencontainers.image.title="xent" \
      org.opencontainers.image.description="Cross-entropy scoring REST service"

RUN groupadd --system --gid 10001 xent \
 && useradd --system --uid 10001 --gid 10001 --home-dir /app --no-create-home \
      --shell /usr/sbin/nologin xent

WORKDIR /app
# One image layer per Spring Boot layer, least often changed first.
COPY --from=build /workspace/extracted/dependencies/ ./
COPY --from=build /workspace/extracted/spring-boot-loader/ ./
COPY --from=build /workspace/extracted/snapshot-dependencies/ ./
COPY --from=build /workspace/extracted/application/ ./
COPY --chmod=0755 scripts/container/healthcheck.sh /usr/local/bin/xent-healthcheck

# Container-aware JVM: heap sized from the container's memory limit, die fast on OOM (the
# orchestrator restarts), no hsperfdata files (the root file system may be read-only).
# Heap at half the container's memory: Arrow's buffers live off the heap (xent.arrow.max-memory).
# spring.aot.enabled: the bean definitions Spring AOT computed at build time (faster start-up).
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=50 -XX:InitialRAMPercentage=25 -XX:+ExitOnOutOfMemoryError -XX:-UsePerfData -Dspring.aot.enabled=true"
# Arrow's memory module needs java.nio opened, and on JDK 24+ the sun.misc.Unsafe memory
# access its unsafe allocator uses (the java launcher reads JDK_JAVA_OPTIONS).
ENV JDK_JAVA_OPTIONS="--add-opens=java.base/java.nio=org.apache.arrow.memory.core,ALL-UNNAMED --sun-misc-unsafe-memory-access=allow"
# Per-sample Arrow output beyond a request's memory share waits here (give it a disk-backed volume).
ENV XENT_SPOOL_DIR=/spool XENT_ARROW_MAX_MEMORY=256MB

# Fast start (docs/operations.md): Spring AOT's bean definitions (spring.aot.enabled, above)
# instead of classpath scanning and configuration parsing, and the JVM's AOT cache (JDK 25,
# JEP 483/514/515: classes loaded and linked, method profiles). One training run starts the service, answers its own warm-up requests (every
# endpoint and body format, xent.warm-up) and exits, so the cache holds the request path too,
# not only start-up. It must be trained by the same JVM and class path that run it, hence here
# in the runtime stage. Port 0: the training run must not depend on 8080 being free here.
RUN java -XX:AOTCacheOutput=app.aot -Dxent.warm-up.exit=true -Dserver.port=0 -Dserver.address=127.0.0.1 \
      -jar app.jar > /tmp/aot-training.log 2>&1 \
      || { cat /tmp/aot-training.log; exit 1; } \
 && grep -q "Warmed up" /tmp/aot-training.log \
 && rm -f /tmp/aot-training.log \
 && test -s app.aot

USER 10001:10001
EXPOSE 8080
STOPSIGNAL SIGTERM

# No curl or wget in the image: bash /dev/tcp GET /actuator/health/readiness, expects UP.
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=3 \
  CMD ["/usr/local/bin/xent-healthcheck"]

ENTRYPOINT ["java", "-XX:AOTCache=app.aot", "-jar", "app.jar"]
