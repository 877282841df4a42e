package dev.xent.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The restore image's entrypoint ({@code scripts/container/restore.sh}) decides between
 * restoring the saved JVM and starting one. The restore itself needs CRIU, root and
 * capabilities ({@code scripts/checkpoint-image.sh} checks it); these tests run the
 * script as it is with a stand-in {@code criu} and {@code java} and check each decision:
 * what it starts, what it tells CRIU, what it says, and how it ends. The checkpoint's
 * folder, the container's memory limit and the stand-ins are in a temporary folder.
 */
@EnabledOnOs(OS.LINUX)
class RestoreEntrypointTests {

	private static final Path SCRIPT = Path.of(System.getProperty("basedir", ""))
		.toAbsolutePath()
		.resolve("scripts/container/restore.sh");

	@TempDir
	Path work;

	private Path checkpoint;

	private Path bin;

	private Path out;

	private Path tmp;

	private Path cgroup;

	@BeforeEach
	void layOut() throws IOException {
		// Readable by the image's user too: as root, the script starts java as 10001.
		Files.setPosixFilePermissions(this.work, PosixFilePermissions.fromString("rwxr-xr-x"));
		this.checkpoint = Files.createDirectory(this.work.resolve("checkpoint"));
		this.bin = Files.createDirectory(this.work.resolve("bin"));
		this.out = Files.createDirectory(this.work.resolve("out"));
		Files.setPosixFilePermissions(this.out, PosixFilePermissions.fromString("rwxrwxrwx"));
		this.tmp = Files.createDirectory(this.work.resolve("tmp"));
		// No limit unless a test sets one.
		this.cgroup = Files.createDirectory(this.work.resolve("cgroup"));
		// java: says who ran it and with what, then exits.
		script("java", "echo \"$(id -u) $*\" > " + this.out.resolve("java"));
	}

	@Test
	void withoutACheckpointItStartsTheServiceAsTheImagesUser() throws Exception {
		criu("exit 1");
		Run run = run(Duration.ofSeconds(20));
		assertThat(run.stderr())
			.contains("xent-restore: no checkpoint in " + this.checkpoint + "; starting the service instead");
		assertThat(javaRun()).isEqualTo(imageUser() + " -XX:AOTCache=app.aot -jar app.jar");
		assertThat(this.out.resolve("criu")).as("CRIU is not run").doesNotExist();
	}

	@Test
	void aHostUpForLessTimeThanTheTrainingHostStartsTheService() throws Exception {
		saved("999999999.00");
		criu("exit 1");
		Run run = run(Duration.ofSeconds(20));
		assertThat(run.stderr()).containsPattern("xent-restore: this host's clock \\(up [0-9.]+ s\\) is behind the "
				+ "checkpoint's \\(999999999.00 s\\); starting the service instead");
		assertThat(javaRun()).isEqualTo(imageUser() + " -XX:AOTCache=app.aot -jar app.jar");
		assertThat(this.out.resolve("criu")).as("CRIU is not run").doesNotExist();
	}

	@Test
	void aMemoryLimitBelowTheTrainingContainersStartsTheService() throws Exception {
		saved("0.00");
		memoryLimit("536870912");
		criu("exit 1");
		Run run = run(Duration.ofSeconds(20));
		assertThat(run.stderr()).contains("xent-restore: this container's memory limit (536870912 bytes) is below "
				+ "the checkpoint's (1073741824); starting the service instead");
		assertThat(javaRun()).isEqualTo(imageUser() + " -XX:AOTCache=app.aot -jar app.jar");
		assertThat(this.out.resolve("criu")).as("CRIU is not run").doesNotExist();
	}

	@Test
	void theTrainingContainersMemoryLimitOrMoreOrNoneRestores() throws Exception {
		saved("0.00");
		criu(pidFileOf("sleep 1"));
		for (String limit : new String[] { "1073741824", "2147483648", "max" }) {
			memoryLimit(limit);
			Files.deleteIfExists(this.out.resolve("criu"));
			Run run = run(Duration.ofSeconds(20));
			assertThat(run.stderr()).as("memory limit %s", limit).contains("xent-restore: restored the warm service");
		}
		assertThat(this.out.resolve("java")).as("no JVM started").doesNotExist();
	}

	@Test
	void whenCriuRefusesItsErrorsAreShownAndTheServiceStarts() throws Exception {
		saved("0.00");
		criu(logTo("echo 'Error (criu/cr-restore.c:1237): Can'\"'\"'t fork for 1007: Operation not permitted'")
				+ "\nexit 1");
		Run run = run(Duration.ofSeconds(20));
		assertThat(run.stderr())
			.contains(
					"xent-restore: criu: Error (criu/cr-restore.c:1237): Can't fork for 1007: Operation not permitted")
			.contains("xent-restore: CRIU could not restore the checkpoint; starting the service instead");
		assertThat(javaRun()).isEqualTo(imageUser() + " -XX:AOTCache=app.aot -jar app.jar");
	}

	@Test
	void aRestoreThatHangsIsEndedItsHalfRestoredProcessKilledAndTheServiceStarted() throws Exception {
		saved("0.00");
		// Leaves a "restored" process behind and never returns.
		criu(pidFileOf("sleep 120") + "\nsleep 120");
		Run run = run(Duration.ofSeconds(20), Map.of("XENT_RESTORE_TIMEOUT", "1"));
		assertThat(run.stderr()).contains("CRIU could not restore the checkpoint; starting the service instead");
		assertThat(javaRun()).isEqualTo(imageUser() + " -XX:AOTCache=app.aot -jar app.jar");
		assertGone(restoredPid());
	}

	@Test
	void aRestoredServiceGetsTheStopSignalAndItsEndEndsTheEntrypoint() throws Exception {
		saved("0.00");
		criu(pidFileOf("sleep 120"));
		Process entrypoint = start(Map.of());
		long restored = awaitRestored(entrypoint);
		assertThat(running(restored)).as("the restored process").isTrue();
		// What CRIU was asked: the checkpoint, unprivileged, the container's stdout and
		// stderr for the saved ones, connections closed, the CPU checked, detached.
		List<String> args = List.of(read(this.out.resolve("criu")).trim().split(" "));
		assertThat(args).startsWith("restore", "--unprivileged", "-D", this.checkpoint.toString())
			.contains("--cpu-cap=cpu", "--tcp-close", "--restore-detached")
			.containsSubsequence("--inherit-fd", "fd[1]:pipe:[11]")
			.containsSubsequence("--inherit-fd", "fd[2]:pipe:[12]")
			.containsSubsequence("--pidfile", this.tmp.resolve("xent.pid").toString());
		assertThat(this.out.resolve("java")).as("no JVM started").doesNotExist();

		entrypoint.destroy(); // SIGTERM, as podman stop or the kubelet sends it
		assertThat(entrypoint.waitFor(10, TimeUnit.SECONDS)).as("the entrypoint ends").isTrue();
		assertThat(entrypoint.exitValue()).as("exit status after a stop that was asked for").isZero();
		assertGone(restored);
	}

	@Test
	void aRestoredServiceThatExitsByItselfEndsTheEntrypointWithAFailure() throws Exception {
		saved("0.00");
		criu(pidFileOf("sleep 1"));
		Run run = run(Duration.ofSeconds(20));
		assertThat(run.stderr()).contains("xent-restore: restored the warm service")
			.contains("xent-restore: the service exited");
		assertThat(run.status()).isEqualTo(1);
		assertThat(this.out.resolve("java")).as("no JVM started").doesNotExist();
	}

	@Test
	void aStalePidFileOfAnEarlierRunIsNotKilled() throws Exception {
		saved("0.00");
		Process bystander = new ProcessBuilder("sleep", "120").start();
		try {
			Files.writeString(this.tmp.resolve("xent.pid"), bystander.pid() + "\n");
			criu(logTo("echo 'Error (criu/x.c:1): no'") + "\nexit 1");
			Run run = run(Duration.ofSeconds(20));
			assertThat(run.stderr()).contains("CRIU could not restore the checkpoint");
			assertThat(bystander.isAlive()).as("the process named by the earlier run's pid file").isTrue();
		}
		finally {
			bystander.destroyForcibly();
		}
	}

	// ---- the stand-ins ----

	/** A checkpoint folder as checkpoint.sh leaves it, saved at the given uptime. */
	private void saved(String uptime) throws IOException {
		Files.writeString(this.checkpoint.resolve("inventory.img"), "images");
		Files.writeString(this.checkpoint.resolve("process"),
				"stdout=pipe:[11]\nstderr=pipe:[12]\nuptime=" + uptime + "\nmemory=1073741824\n");
	}

	/** This container's memory limit, as cgroup v2 gives it. */
	private void memoryLimit(String limit) throws IOException {
		Files.writeString(this.cgroup.resolve("memory.max"), limit + "\n");
	}

	/** The stand-in criu: records its arguments, then runs {@code body}. */
	private void criu(String body) throws IOException {
		script("criu", "echo \"$*\" > " + this.out.resolve("criu") + "\n"
				+ "while [[ $# -gt 0 ]]; do case \"$1\" in -o) log=\"$2\"; shift ;; --pidfile) pidfile=\"$2\"; shift ;; esac; shift; done\n"
				+ body);
	}

	/** criu's log lines, written where restore.sh told it to. */
	private static String logTo(String command) {
		return command + " > \"$log\"";
	}

	/**
	 * Starts {@code command} detached, as CRIU leaves a restored process, and writes its
	 * pid.
	 */
	private String pidFileOf(String command) {
		return "setsid " + command + " < /dev/null > /dev/null 2>&1 &\n" + "echo $! > \"$pidfile\"\n" + "echo $! > "
				+ this.out.resolve("restored");
	}

	private void script(String name, String body) throws IOException {
		Path file = this.bin.resolve(name);
		Files.writeString(file, "#!/bin/bash\n" + body + "\n");
		Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
	}

	// ---- running the entrypoint ----

	record Run(int status, String stderr) {
	}

	private Process start(Map<String, String> env) throws IOException {
		ProcessBuilder builder = new ProcessBuilder("bash", SCRIPT.toString());
		builder.environment().put("PATH", this.bin + ":" + System.getenv("PATH"));
		builder.environment().put("XENT_CHECKPOINT_DIR", this.checkpoint.toString());
		builder.environment().put("XENT_CRIU", this.bin.resolve("criu").toString());
		builder.environment().put("XENT_RESTORE_TMP", this.tmp.toString());
		builder.environment().put("XENT_CGROUP", this.cgroup.toString());
		builder.environment().putAll(env);
		builder.redirectErrorStream(false);
		builder.redirectError(this.work.resolve("stderr").toFile());
		builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
		return builder.start();
	}

	private Run run(Duration limit) throws Exception {
		return run(limit, Map.of());
	}

	private Run run(Duration limit, Map<String, String> env) throws Exception {
		Process process = start(env);
		if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
			process.destroyForcibly();
			throw new AssertionError(
					"restore.sh did not end within " + limit + ": " + read(this.work.resolve("stderr")));
		}
		return new Run(process.exitValue(), read(this.work.resolve("stderr")));
	}

	private long awaitRestored(Process entrypoint) throws Exception {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (!read(this.work.resolve("stderr")).contains("xent-restore: restored the warm service")) {
			assertThat(entrypoint.isAlive()).as("the entrypoint, stderr: %s", read(this.work.resolve("stderr")))
				.isTrue();
			assertThat(System.nanoTime()).as("restored within 10 s").isLessThan(deadline);
			Thread.sleep(20);
		}
		return restoredPid();
	}

	private long restoredPid() throws IOException {
		return Long.parseLong(read(this.out.resolve("restored")).trim());
	}

	private static void assertGone(long pid) throws Exception {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
		while (running(pid) && System.nanoTime() < deadline) {
			Thread.sleep(20);
		}
		assertThat(running(pid)).as("process %d running", pid).isFalse();
	}

	/** Running, not ended nor a zombie that nobody has reaped yet. */
	private static boolean running(long pid) throws IOException {
		Path stat = Path.of("/proc", Long.toString(pid), "stat");
		String text;
		try {
			text = Files.readString(stat);
		}
		catch (java.nio.file.NoSuchFileException ex) {
			return false;
		}
		String rest = text.substring(text.lastIndexOf(") ") + 2);
		return !rest.startsWith("Z");
	}

	private String javaRun() throws IOException {
		Path file = this.out.resolve("java");
		assertThat(file).as("java was started").exists();
		return read(file).trim();
	}

	/** Who the service runs as: the image's user when started as root, else this user. */
	private static String imageUser() throws Exception {
		Process id = new ProcessBuilder("id", "-u").start();
		String uid = new String(id.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
		id.waitFor();
		return uid.equals("0") ? "10001" : uid;
	}

	private static String read(Path file) throws IOException {
		return Files.exists(file) ? Files.readString(file) : "";
	}

}
