package dev.xent.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The Kubernetes manifests under deploy/k8s (and, where cheap, docker-compose.yml, the
 * nginx gateway and the Dockerfile) agree with the service's
 * src/main/resources/application.yml: the port, the actuator probe paths, the shutdown
 * timing, the non-root user, the body limit.
 * <p>
 * A plain unit test: the files are parsed with SnakeYAML, no Spring context is started.
 */
class KubernetesManifestsTests {

	private static final Path ROOT = Path.of(System.getProperty("basedir", "")).toAbsolutePath();

	private static final Path K8S = ROOT.resolve("deploy/k8s");

	private static final Pattern PLACEHOLDER = Pattern.compile("^\\$\\{[^:}]+:(.*)}$");

	private static Map<String, Object> application;

	private static List<Map<String, Object>> manifests;

	@BeforeAll
	static void load() {
		List<Map<String, Object>> appDocuments = loadAll(ROOT.resolve("src/main/resources/application.yml"));
		assertThat(appDocuments).as("documents in application.yml").isNotEmpty();
		// The first document holds the defaults; later ones are profile-specific.
		application = appDocuments.get(0);
		manifests = new ArrayList<>();
		for (Path file : k8sFiles()) {
			if (!file.getFileName().toString().startsWith("kustomization.")) {
				manifests.addAll(loadAll(file));
			}
		}
	}

	// ---- the checks ----

	@Test
	void everyManifestIsListedInTheKustomization() {
		Set<String> files = k8sFiles().stream()
			.map((file) -> file.getFileName().toString())
			.filter((name) -> !name.startsWith("kustomization."))
			.collect(Collectors.toCollection(TreeSet::new));
		Map<String, Object> kustomization = single(loadAll(K8S.resolve("kustomization.yaml")));
		assertThat(kustomization.get("kind")).isEqualTo("Kustomization");
		assertThat(strings(kustomization.get("resources"))).as("kustomization resources")
			.containsExactlyInAnyOrderElementsOf(files);
		for (Map<String, Object> manifest : manifests) {
			assertThat(manifest).as("a manifest in deploy/k8s").containsKeys("apiVersion", "kind", "metadata");
		}
	}

	@Test
	void containerPortIsTheDefaultServerPort() {
		int serverPort = serverPort();
		Map<String, Object> port = httpPort();
		assertThat(port.get("containerPort")).as("containerPort of the port named http").isEqualTo(serverPort);
		for (Map<String, Object> env : maps(container().get("env"))) {
			if ("PORT".equals(env.get("name"))) {
				assertThat(env.get("value")).as("PORT in the container's env").isEqualTo(String.valueOf(serverPort));
			}
		}
	}

	@Test
	void actuatorProbesAreEnabledAndExposed() {
		assertThat(property("management.endpoint.health.probes.enabled"))
			.as("management.endpoint.health.probes.enabled in application.yml")
			.isIn(true, "true");
		assertThat(list(property("management.endpoints.web.exposure.include")))
			.as("management.endpoints.web.exposure.include in application.yml")
			.contains("health");
		assertThat(property("management.server.port"))
			.as("management.server.port: the probes would have to use the management port")
			.isNull();
	}

	@Test
	void probesUseTheActuatorProbePathsOnTheContainerPort() {
		String base = Objects.toString(property("server.servlet.context-path"), "")
				+ Objects.toString(property("management.endpoints.web.base-path"), "/actuator");
		String liveness = base + "/health/liveness";
		String readiness = base + "/health/readiness";
		Map<String, Object> container = container();

		assertThat(probePath(container, "livenessProbe")).isEqualTo(liveness);
		assertThat(probePath(container, "readinessProbe")).isEqualTo(readiness);
		assertThat(probePath(container, "startupProbe")).isIn(liveness, readiness);
		for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
			assertThat(isHttpPort(map(map(container.get(probe)).get("httpGet")).get("port")))
				.as("%s port %s is the container port", probe,
						map(map(container.get(probe)).get("httpGet")).get("port"))
				.isTrue();
		}
		// Fast scale-out: the probes look often enough that a pod that starts in about a
		// second joins within about a second more.
		assertThat(intValue(map(container.get("readinessProbe")).get("periodSeconds")))
			.as("readinessProbe periodSeconds")
			.isLessThanOrEqualTo(2);
		assertThat(intValue(map(container.get("startupProbe")).get("periodSeconds"))).as("startupProbe periodSeconds")
			.isLessThanOrEqualTo(2);
		int startupBudget = intValue(map(container.get("startupProbe")).get("periodSeconds"))
				* intValue(map(container.get("startupProbe")).get("failureThreshold"));
		assertThat(startupBudget).as("seconds the startupProbe allows").isBetween(30, 600);
	}

	@Test
	void serviceTargetsThePodsHttpPort() {
		Map<String, Object> service = only("Service");
		Map<String, Object> spec = map(service.get("spec"));
		List<Map<String, Object>> ports = maps(spec.get("ports"));
		assertThat(ports).as("Service ports").hasSize(1);
		assertThat(ports.get(0).get("port")).as("Service port").isEqualTo(80);
		assertThat(isHttpPort(ports.get(0).get("targetPort")))
			.as("Service targetPort %s is the container port", ports.get(0).get("targetPort"))
			.isTrue();

		Map<String, Object> podLabels = map(map(map(deploymentSpec().get("template")).get("metadata")).get("labels"));
		assertThat(map(spec.get("selector"))).as("Service selector").isNotEmpty();
		assertThat(podLabels).as("pod labels vs the Service selector").containsAllEntriesOf(map(spec.get("selector")));
		Map<String, Object> matchLabels = map(map(deploymentSpec().get("selector")).get("matchLabels"));
		assertThat(matchLabels).as("Deployment selector").isNotEmpty();
		assertThat(podLabels).as("pod labels vs the Deployment selector").containsAllEntriesOf(matchLabels);
		for (Map<String, Object> pdb : all("PodDisruptionBudget")) {
			Map<String, Object> pdbLabels = map(map(map(pdb.get("spec")).get("selector")).get("matchLabels"));
			assertThat(pdbLabels).as("PodDisruptionBudget selector").isNotEmpty();
			assertThat(podLabels).as("pod labels vs the PodDisruptionBudget selector").containsAllEntriesOf(pdbLabels);
		}
	}

	@Test
	void deploymentRunsTwoReplicas() {
		assertThat(deploymentSpec().get("replicas")).as("Deployment replicas").isEqualTo(2);
	}

	@Test
	void readinessWaitsForTheWarmUpAndLivenessDoesNot() {
		assertThat(list(property("management.endpoint.health.group.readiness.include")))
			.as("management.endpoint.health.group.readiness.include in application.yml")
			.containsExactlyInAnyOrder("readinessState", "warmUp");
		assertThat(property("management.endpoint.health.group.liveness.include"))
			.as("liveness must not wait for the warm-up")
			.isNull();
	}

	@Test
	void horizontalPodAutoscalerScalesUpAtOnceAndDownSlowly() {
		Map<String, Object> behavior = map(map(only("HorizontalPodAutoscaler").get("spec")).get("behavior"));
		assertThat(intValue(map(behavior.get("scaleUp")).get("stabilizationWindowSeconds")))
			.as("scaleUp stabilizationWindowSeconds")
			.isZero();
		assertThat(intValue(map(behavior.get("scaleDown")).get("stabilizationWindowSeconds")))
			.as("scaleDown stabilizationWindowSeconds")
			.isGreaterThanOrEqualTo(60);
	}

	@Test
	void horizontalPodAutoscalerScalesTheDeploymentOnCpu() {
		Map<String, Object> hpa = only("HorizontalPodAutoscaler");
		assertThat(hpa.get("apiVersion")).isEqualTo("autoscaling/v2");
		Map<String, Object> spec = map(hpa.get("spec"));
		Map<String, Object> target = map(spec.get("scaleTargetRef"));
		assertThat(target.get("kind")).isEqualTo("Deployment");
		assertThat(target.get("apiVersion")).isEqualTo(only("Deployment").get("apiVersion"));
		assertThat(target.get("name")).as("HPA scaleTargetRef.name")
			.isEqualTo(map(only("Deployment").get("metadata")).get("name"));
		assertThat(intValue(spec.get("minReplicas"))).as("HPA minReplicas").isGreaterThanOrEqualTo(2);
		assertThat(intValue(spec.get("maxReplicas"))).as("HPA maxReplicas")
			.isGreaterThanOrEqualTo(intValue(spec.get("minReplicas")));
		List<Map<String, Object>> metrics = maps(spec.get("metrics"));
		assertThat(metrics).as("HPA metrics").anySatisfy((metric) -> {
			assertThat(metric.get("type")).isEqualTo("Resource");
			assertThat(map(metric.get("resource")).get("name")).isEqualTo("cpu");
			assertThat(map(map(metric.get("resource")).get("target")).get("type")).isEqualTo("Utilization");
		});
		// Utilization is relative to the request: without one the HPA cannot compute it.
		assertThat(map(map(container().get("resources")).get("requests")).get("cpu")).as("the container's CPU request")
			.isNotNull();
	}

	@Test
	void resourcesAreRequestedAndLimited() {
		Map<String, Object> resources = map(container().get("resources"));
		assertThat(map(resources.get("requests"))).as("resources.requests").containsKeys("cpu", "memory");
		assertThat(map(resources.get("limits"))).as("resources.limits").containsKey("memory");
	}

	@Test
	void terminationGraceCoversThePreStopPauseAndTheShutdownPhase() {
		assertThat(property("server.shutdown")).as("server.shutdown in application.yml").isEqualTo("graceful");
		Duration shutdownPhase = shutdownPhase();
		List<String> preStop = strings(
				map(map(map(container().get("lifecycle")).get("preStop")).get("exec")).get("command"));
		assertThat(preStop).as("preStop exec command").hasSize(2).first().isEqualTo("sleep");
		Duration pause = Duration.ofSeconds(Long.parseLong(preStop.get(1)));
		Duration grace = Duration.ofSeconds(intValue(podSpec().get("terminationGracePeriodSeconds")));
		assertThat(grace).as("terminationGracePeriodSeconds vs preStop %s + shutdown phase %s", pause, shutdownPhase)
			.isGreaterThan(pause.plus(shutdownPhase));
	}

	@Test
	void podRunsAsTheImagesNonRootUserWithAReadOnlyRoot() {
		long imageUid = dockerfileUid();
		assertThat(imageUid).as("the Dockerfile's USER").isNotZero();
		Map<String, Object> podSecurity = map(podSpec().get("securityContext"));
		Map<String, Object> containerSecurity = map(container().get("securityContext"));
		Object runAsNonRoot = containerSecurity.getOrDefault("runAsNonRoot", podSecurity.get("runAsNonRoot"));
		assertThat(runAsNonRoot).as("runAsNonRoot").isEqualTo(true);
		Object runAsUser = containerSecurity.getOrDefault("runAsUser", podSecurity.get("runAsUser"));
		assertThat(runAsUser).as("runAsUser").isNotNull();
		assertThat(((Number) runAsUser).longValue()).as("runAsUser vs the Dockerfile's USER").isEqualTo(imageUid);
		assertThat(containerSecurity.get("readOnlyRootFilesystem")).as("readOnlyRootFilesystem").isEqualTo(true);
		assertThat(containerSecurity.get("allowPrivilegeEscalation")).as("allowPrivilegeEscalation").isEqualTo(false);

		Map<String, Object> tmpMount = maps(container().get("volumeMounts")).stream()
			.filter((mount) -> "/tmp".equals(mount.get("mountPath")))
			.findFirst()
			.orElseGet(() -> fail("no volume mounted at /tmp, which a read-only root needs"));
		Map<String, Object> tmpVolume = maps(podSpec().get("volumes")).stream()
			.filter((volume) -> Objects.equals(volume.get("name"), tmpMount.get("name")))
			.findFirst()
			.orElseGet(() -> fail("no volume named %s", tmpMount.get("name")));
		assertThat(tmpVolume).as("the /tmp volume").containsKey("emptyDir");
	}

	/**
	 * deploy/k8s-restore is deploy/k8s with the restore image and the one capability its
	 * CRIU needs (given through file capabilities, which no_new_privs would void), and
	 * nothing else: same user, same read-only root, every other capability dropped.
	 */
	@Test
	void restoreOverlayAddsTheCheckpointCapabilityAndNothingElse() {
		Map<String, Object> overlay = single(loadAll(ROOT.resolve("deploy/k8s-restore/kustomization.yaml")));
		assertThat(overlay.get("kind")).isEqualTo("Kustomization");
		assertThat(strings(overlay.get("resources"))).as("the overlay's base").containsExactly("../k8s");
		Map<String, Object> image = single(maps(overlay.get("images")));
		assertThat(image.get("name")).as("the image the overlay replaces").isEqualTo(container().get("image"));
		assertThat(String.valueOf(image.get("newName"))).as("the restore image").contains("restore");

		Map<String, Object> patch = single(maps(overlay.get("patches")));
		assertThat(map(patch.get("target"))).containsEntry("kind", "Deployment")
			.containsEntry("name", map(only("Deployment").get("metadata")).get("name"));
		Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
		List<Map<String, Object>> operations = maps(yaml.load(String.valueOf(patch.get("patch"))));
		Map<String, Object> securityContext = new java.util.HashMap<>(map(container().get("securityContext")));
		String prefix = "/spec/template/spec/containers/0/securityContext/";
		for (Map<String, Object> operation : operations) {
			assertThat(operation.get("op")).as("a patch operation").isEqualTo("replace");
			String path = String.valueOf(operation.get("path"));
			assertThat(path).as("what the overlay patches").startsWith(prefix);
			String key = path.substring(prefix.length());
			assertThat(securityContext).as("the base's container securityContext").containsKey(key);
			securityContext.put(key, operation.get("value"));
		}
		assertThat(securityContext.get("allowPrivilegeEscalation")).as("file capabilities need it").isEqualTo(true);
		Map<String, Object> capabilities = map(securityContext.get("capabilities"));
		assertThat(strings(capabilities.get("drop"))).containsExactly("ALL");
		assertThat(strings(capabilities.get("add"))).containsExactly("CHECKPOINT_RESTORE");
		assertThat(securityContext).containsEntry("runAsNonRoot", true)
			.containsEntry("readOnlyRootFilesystem", true)
			.containsEntry("runAsUser", map(container().get("securityContext")).get("runAsUser"));
		assertThat(operations).as("one operation per changed field").hasSize(2);
	}

	@Test
	void theSpoolIsADiskBackedVolumeLargerThanItsBudget() {
		Map<String, String> env = new java.util.HashMap<>();
		for (Map<String, Object> variable : maps(container().get("env"))) {
			env.put(String.valueOf(variable.get("name")), String.valueOf(variable.get("value")));
		}
		String dir = env.get("XENT_SPOOL_DIR");
		assertThat(dir).as("XENT_SPOOL_DIR").isNotNull();
		Map<String, Object> mount = maps(container().get("volumeMounts")).stream()
			.filter((m) -> dir.equals(m.get("mountPath")))
			.findFirst()
			.orElseGet(() -> fail("no volume mounted at the spool directory %s", dir));
		Map<String, Object> volume = maps(podSpec().get("volumes")).stream()
			.filter((v) -> Objects.equals(v.get("name"), mount.get("name")))
			.findFirst()
			.orElseGet(() -> fail("no volume named %s", mount.get("name")));
		Map<String, Object> emptyDir = map(volume.get("emptyDir"));
		assertThat(emptyDir.get("medium")).as("the spool is on disk, not in memory").isNotEqualTo("Memory");
		String sizeLimit = String.valueOf(emptyDir.get("sizeLimit"));
		long limit = parseDataSize(sizeLimit.replace("Gi", "GB").replace("Mi", "MB"));
		long budget = parseDataSize(Objects.requireNonNullElse(env.get("XENT_SPOOL_BUDGET"), "1GB"));
		assertThat(limit).as("the spool volume's size vs the spool budget").isGreaterThanOrEqualTo(budget);

		Map<String, Object> compose = single(loadAll(ROOT.resolve("docker-compose.yml")));
		for (Object service : map(compose.get("services")).values()) {
			Map<String, Object> replica = map(service);
			if (!replica.containsKey("build")) {
				continue;
			}
			String composeDir = String.valueOf(map(replica.get("environment")).get("XENT_SPOOL_DIR"));
			assertThat(strings(replica.get("volumes"))).as("compose mounts a volume at the spool directory")
				.anySatisfy((v) -> assertThat(v).endsWith(composeDir));
			assertThat(strings(replica.get("tmpfs"))).as("the spool is not a tmpfs").doesNotContain(composeDir);
		}
		String dockerfile = read(ROOT.resolve("Dockerfile"));
		assertThat(dockerfile).as("Dockerfile opens java.nio to Arrow")
			.contains("--add-opens=java.base/java.nio=org.apache.arrow.memory.core,ALL-UNNAMED")
			.contains("--sun-misc-unsafe-memory-access=allow");
	}

	@Test
	void composeStackAgreesWithTheService() {
		Map<String, Object> compose = single(loadAll(ROOT.resolve("docker-compose.yml")));
		Map<String, Object> services = map(compose.get("services"));
		String port = String.valueOf(serverPort());
		List<String> replicas = services.entrySet()
			.stream()
			.filter((entry) -> map(entry.getValue()).containsKey("build"))
			.map(Map.Entry::getKey)
			.toList();
		assertThat(replicas).as("services built from the Dockerfile").hasSizeGreaterThanOrEqualTo(2);

		String readiness = Objects.toString(property("management.endpoints.web.base-path"), "/actuator")
				+ "/health/readiness";
		Duration shutdownPhase = shutdownPhase();
		Map<String, Object> gateway = map(services.get("gateway"));
		for (String replica : replicas) {
			Map<String, Object> service = map(services.get(replica));
			assertThat(strings(service.get("expose"))).as("%s expose", replica).contains(port);
			List<String> healthcheck = strings(map(service.get("healthcheck")).get("test"));
			assertThat(String.join(" ", healthcheck)).as("%s healthcheck", replica).contains(readiness);
			assertThat(parseDuration(String.valueOf(service.get("stop_grace_period"))))
				.as("%s stop_grace_period vs the shutdown phase", replica)
				.isGreaterThan(shutdownPhase);
			assertThat(map(map(gateway.get("depends_on")).get(replica)).get("condition"))
				.as("gateway depends_on %s", replica)
				.isEqualTo("service_healthy");
		}

		String nginx = read(ROOT.resolve("deploy/nginx/nginx.conf"));
		Matcher upstream = Pattern.compile("(?m)^\\s*server\\s+([\\w.-]+):(\\d+)").matcher(nginx);
		Set<String> upstreams = new TreeSet<>();
		while (upstream.find()) {
			assertThat(upstream.group(2)).as("nginx upstream port of %s", upstream.group(1)).isEqualTo(port);
			upstreams.add(upstream.group(1));
		}
		assertThat(upstreams).as("nginx upstream servers").containsExactlyInAnyOrderElementsOf(replicas);
		assertThat(nginxBytes(nginx, "client_max_body_size")).as("nginx client_max_body_size vs the service's limit")
			.isEqualTo(maxBodyBytes());
		assertThat(strings(gateway.get("ports"))).as("gateway ports")
			.singleElement(InstanceOfAssertFactories.STRING)
			.endsWith(":" + nginxListenPort(nginx));

		String dockerfile = read(ROOT.resolve("Dockerfile"));
		assertThat(dockerfile).as("Dockerfile").containsPattern("(?m)^EXPOSE\\s+" + port + "\\s*$");
		assertThat(dockerfile).as("Dockerfile").containsPattern("(?m)^HEALTHCHECK\\s");
	}

	// ---- application.yml ----

	/**
	 * A property of application.yml, nested or dotted keys, placeholders left as written.
	 */
	private static Object property(String name) {
		return lookup(application, name);
	}

	private static Object lookup(Map<String, Object> node, String name) {
		String[] parts = name.split("\\.");
		for (int i = parts.length; i >= 1; i--) {
			String key = String.join(".", Arrays.asList(parts).subList(0, i));
			if (node.containsKey(key)) {
				Object value = node.get(key);
				if (i == parts.length) {
					return value;
				}
				if (value instanceof Map<?, ?>) {
					Object found = lookup(map(value), String.join(".", Arrays.asList(parts).subList(i, parts.length)));
					if (found != null) {
						return found;
					}
				}
			}
		}
		return null;
	}

	/**
	 * The value a property has when no environment variable overrides it:
	 * {@code ${X:8080}} is 8080.
	 */
	private static String defaultValue(Object value) {
		if (value == null) {
			return null;
		}
		String text = String.valueOf(value).trim();
		Matcher matcher = PLACEHOLDER.matcher(text);
		return matcher.matches() ? matcher.group(1) : text;
	}

	private static int serverPort() {
		String port = defaultValue(property("server.port"));
		assertThat(port).as("server.port in application.yml (default of its placeholder)").isNotNull().matches("\\d+");
		return Integer.parseInt(port);
	}

	private static Duration shutdownPhase() {
		String value = defaultValue(property("spring.lifecycle.timeout-per-shutdown-phase"));
		// Spring Boot's default when the property is not set.
		return (value != null) ? parseDuration(value) : Duration.ofSeconds(30);
	}

	private static long maxBodyBytes() {
		String value = defaultValue(property("xent.limits.max-body-bytes"));
		// Not in application.yml: the default of XentProperties (@DefaultValue("64MB")).
		return (value != null) ? parseDataSize(value) : 64L * 1024 * 1024;
	}

	/** Spring Boot's simple duration format (30s, 500ms, 1m) or ISO-8601 (PT30S). */
	static Duration parseDuration(String text) {
		Matcher matcher = Pattern.compile("^(\\d+)\\s*(ns|us|ms|s|m|h|d)?$")
			.matcher(text.trim().toLowerCase(Locale.ROOT));
		if (!matcher.matches()) {
			return Duration.parse(text.trim());
		}
		long amount = Long.parseLong(matcher.group(1));
		String unit = (matcher.group(2) != null) ? matcher.group(2) : "ms";
		return switch (unit) {
			case "ns" -> Duration.ofNanos(amount);
			case "us" -> Duration.ofNanos(amount * 1000);
			case "ms" -> Duration.ofMillis(amount);
			case "s" -> Duration.ofSeconds(amount);
			case "m" -> Duration.ofMinutes(amount);
			case "h" -> Duration.ofHours(amount);
			default -> Duration.ofDays(amount);
		};
	}

	/**
	 * Spring Boot's DataSize format: 67108864, 64MB, 64KB (binary multiples, B by
	 * default).
	 */
	static long parseDataSize(String text) {
		Matcher matcher = Pattern.compile("^(\\d+)\\s*(B|KB|MB|GB|TB)?$").matcher(text.trim().toUpperCase(Locale.ROOT));
		assertThat(matcher.matches()).as("a data size: %s", text).isTrue();
		long amount = Long.parseLong(matcher.group(1));
		String unit = (matcher.group(2) != null) ? matcher.group(2) : "B";
		return switch (unit) {
			case "KB" -> amount << 10;
			case "MB" -> amount << 20;
			case "GB" -> amount << 30;
			case "TB" -> amount << 40;
			default -> amount;
		};
	}

	// ---- Dockerfile and nginx.conf ----

	private static long dockerfileUid() {
		Matcher matcher = Pattern.compile("(?m)^USER\\s+(\\d+)(:\\d+)?\\s*$").matcher(read(ROOT.resolve("Dockerfile")));
		assertThat(matcher.find()).as("a numeric USER in the Dockerfile").isTrue();
		return Long.parseLong(matcher.group(1));
	}

	private static long nginxBytes(String nginx, String directive) {
		Matcher matcher = Pattern.compile("(?m)^\\s*" + directive + "\\s+(\\d+)([kKmMgG]?)\\s*;").matcher(nginx);
		assertThat(matcher.find()).as("%s in nginx.conf", directive).isTrue();
		long amount = Long.parseLong(matcher.group(1));
		return switch (matcher.group(2).toLowerCase(Locale.ROOT)) {
			case "k" -> amount << 10;
			case "m" -> amount << 20;
			case "g" -> amount << 30;
			default -> amount;
		};
	}

	private static String nginxListenPort(String nginx) {
		Matcher matcher = Pattern.compile("(?m)^\\s*listen\\s+(?:[\\d.]+:)?(\\d+)").matcher(nginx);
		assertThat(matcher.find()).as("listen in nginx.conf").isTrue();
		return matcher.group(1);
	}

	// ---- the manifests ----

	private static List<Path> k8sFiles() {
		try (Stream<Path> files = Files.list(K8S)) {
			List<Path> yaml = files.filter((file) -> file.getFileName().toString().matches(".*\\.ya?ml"))
				.sorted()
				.toList();
			assertThat(yaml).as("YAML files in %s", K8S).isNotEmpty();
			return yaml;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static List<Map<String, Object>> all(String kind) {
		return manifests.stream().filter((manifest) -> kind.equals(manifest.get("kind"))).toList();
	}

	private static Map<String, Object> only(String kind) {
		List<Map<String, Object>> found = all(kind);
		assertThat(found).as("manifests of kind %s in deploy/k8s", kind).hasSize(1);
		return found.get(0);
	}

	private static Map<String, Object> deploymentSpec() {
		return map(only("Deployment").get("spec"));
	}

	private static Map<String, Object> podSpec() {
		return map(map(deploymentSpec().get("template")).get("spec"));
	}

	private static Map<String, Object> container() {
		List<Map<String, Object>> containers = maps(podSpec().get("containers"));
		assertThat(containers).as("containers of the Deployment").hasSize(1);
		return containers.get(0);
	}

	private static Map<String, Object> httpPort() {
		return maps(container().get("ports")).stream()
			.filter((port) -> "http".equals(port.get("name")))
			.findFirst()
			.orElseGet(() -> fail("the container has no port named http"));
	}

	/**
	 * A port reference (probe port, Service targetPort) that names or numbers the http
	 * port.
	 */
	private static boolean isHttpPort(Object reference) {
		Map<String, Object> port = httpPort();
		return Objects.equals(reference, port.get("name")) || Objects.equals(reference, port.get("containerPort"));
	}

	private static String probePath(Map<String, Object> container, String probe) {
		assertThat(container).as("the container's probes").containsKey(probe);
		Object path = map(map(container.get(probe)).get("httpGet")).get("path");
		assertThat(path).as("%s httpGet path", probe).isNotNull();
		return String.valueOf(path);
	}

	// ---- YAML ----

	private static List<Map<String, Object>> loadAll(Path file) {
		Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
		List<Map<String, Object>> documents = new ArrayList<>();
		for (Object document : yaml.loadAll(read(file))) {
			if (document != null) {
				documents.add(map(document));
			}
		}
		return documents;
	}

	private static Map<String, Object> single(List<Map<String, Object>> documents) {
		assertThat(documents).as("YAML documents").hasSize(1);
		return documents.get(0);
	}

	private static String read(Path file) {
		assertThat(file).as("a file the deployment is checked against").isRegularFile();
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Object value) {
		if (value == null) {
			return Map.of();
		}
		assertThat(value).as("a YAML mapping").isInstanceOf(Map.class);
		return (Map<String, Object>) value;
	}

	private static List<Map<String, Object>> maps(Object value) {
		return list(value).stream().map(KubernetesManifestsTests::map).toList();
	}

	private static List<String> strings(Object value) {
		return list(value).stream().map(String::valueOf).toList();
	}

	/**
	 * A YAML sequence, or a comma-separated string (Spring's list notation), as a list.
	 */
	private static List<Object> list(Object value) {
		if (value == null) {
			return List.of();
		}
		if (value instanceof String text) {
			return Arrays.stream(text.split(",")).map(String::trim).map(Object.class::cast).toList();
		}
		assertThat(value).as("a YAML sequence").isInstanceOf(List.class);
		return new ArrayList<>((List<?>) value);
	}

	private static int intValue(Object value) {
		assertThat(value).as("an integer").isInstanceOf(Integer.class);
		return (Integer) value;
	}

}
