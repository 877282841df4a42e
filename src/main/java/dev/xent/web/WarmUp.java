package dev.xent.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The readiness gate: once the server listens, the instance sends itself a few scoring
 * requests over loopback HTTP — every endpoint, the three body formats, summaries and an
 * Arrow answer — and reports ready only when they have all been answered. The requests go
 * through everything a caller's would (Tomcat, the filters, the codecs, the kernels), so
 * an instance that joins the load balancer answers at its warm speed, and a broken one
 * never joins.
 * <p>
 * The readiness group ({@code /actuator/health/readiness}) includes this indicator as
 * {@code warmUp}; liveness does not. With {@code xent.warm-up.exit=true} the process
 * exits after the warm-up: the container image's build runs it so to train its AOT cache
 * on the requests' code path, not only on start-up.
 */
@Component("warmUp")
class WarmUp implements HealthIndicator {

	private static final Logger logger = LoggerFactory.getLogger(WarmUp.class);

	/**
	 * How often each request is sent: enough for the interpreter's profiles, little time.
	 */
	static final int ROUNDS = 3;

	/**
	 * The warm-up's settings, {@code xent.warm-up.*}.
	 *
	 * @param enabled whether the instance warms up before it reports ready; when off, it
	 * is ready as soon as it listens
	 * @param exit exit the process once warmed up (the AOT cache's training run)
	 * @param timeout longest wait for one warm-up answer
	 */
	@ConfigurationProperties("xent.warm-up")
	record Settings(@DefaultValue("true") boolean enabled, @DefaultValue("false") boolean exit,
			@DefaultValue("10s") Duration timeout) {
	}

	/** One request: where it goes, its headers and its body. */
	record Call(String path, String contentType, String accept, byte[] body) {
	}

	private final Settings settings;

	private volatile boolean warm;

	private volatile String failure;

	private volatile int answered;

	WarmUp(Settings settings) {
		this.settings = settings;
	}

	@Override
	public Health health() {
		if (this.warm) {
			return Health.up().build();
		}
		return (this.failure != null) ? Health.down().withDetail("warmUp", this.failure).build()
				: Health.outOfService().build();
	}

	/** Whether the warm-up has finished with every request answered (or is off). */
	boolean isWarm() {
		return this.warm;
	}

	/** How many warm-up requests have been answered with a 200. */
	int answered() {
		return this.answered;
	}

	@EventListener
	void onReady(ApplicationReadyEvent event) {
		if (!this.settings.enabled()) {
			this.warm = true;
			return;
		}
		ConfigurableApplicationContext context = event.getApplicationContext();
		if (!(context instanceof WebServerApplicationContext web) || web.getWebServer() == null
				|| web.getWebServer().getPort() <= 0) {
			this.warm = true; // no server listening (a test's mock environment): nothing
								// to warm
			return;
		}
		String base = "http://127.0.0.1:" + web.getWebServer().getPort()
				+ context.getEnvironment().getProperty("server.servlet.context-path", "");
		Thread thread = new Thread(() -> run(base, context), "xent-warm-up");
		thread.setDaemon(true);
		thread.start();
	}

	private void run(String base, ConfigurableApplicationContext context) {
		long start = System.nanoTime();
		int answered = 0;
		try {
			List<Call> calls = calls();
			HttpClient client = HttpClient.newBuilder()
				.version(HttpClient.Version.HTTP_1_1)
				.connectTimeout(this.settings.timeout())
				.build();
			for (int round = 0; round < ROUNDS; round++) {
				for (Call call : calls) {
					HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + call.path()))
						.timeout(this.settings.timeout())
						.header("Content-Type", call.contentType())
						.POST(HttpRequest.BodyPublishers.ofByteArray(call.body()));
					if (call.accept() != null) {
						request.header("Accept", call.accept());
					}
					HttpResponse<byte[]> response = client.send(request.build(),
							HttpResponse.BodyHandlers.ofByteArray());
					if (response.statusCode() != 200) {
						throw new IllegalStateException(call.path() + " (" + call.contentType() + ") answered "
								+ response.statusCode() + ": " + new String(response.body(), StandardCharsets.UTF_8));
					}
					this.answered = ++answered;
				}
			}
			this.warm = true;
			logger.info("Warmed up: {} requests answered in {} ms; ready for traffic", answered,
					(System.nanoTime() - start) / 1_000_000);
		}
		catch (IOException | RuntimeException ex) {
			this.failure = ex.getMessage();
			logger.error("Warm-up failed after {} answers: {}; the instance stays out of service", answered,
					ex.toString());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.failure = "interrupted";
		}
		if (this.settings.exit()) {
			int code = SpringApplication.exit(context, () -> this.warm ? 0 : 1);
			System.exit(code);
		}
	}

	/** The requests: small, valid, and covering every endpoint and body format. */
	static List<Call> calls() throws IOException {
		String json = "application/json";
		String binary = "{\"predictions\":[0.9,0.2,0.6,0.4],\"labels\":[1,0,1,0],\"sampleWeights\":[1,2,1,1]}";
		String multilabel = "{\"predictions\":[[0.9,0.2],[0.3,0.7]],\"labels\":[[1,0],[0,1]]}";
		String categorical = "{\"predictions\":[[0.7,0.2,0.1],[0.1,0.3,0.6]],\"labels\":[0,2]}";
		String logits = "{\"predictions\":[[2.0,0.5,-1.0],[0.1,0.3,1.6]],\"targets\":[[0.9,0.05,0.05],[0,0.2,0.8]],"
				+ "\"inputType\":\"logits\",\"summaries\":[\"stderr\",\"accuracy\",\"calibration\",\"worst\","
				+ "\"divergence\",\"perplexity\"]}";
		String grouped = "{\"predictions\":[0.9,0.2,0.6,0.4],\"labels\":[1,0,1,0],\"groups\":[\"a\",\"b\",\"a\",\"b\"],"
				+ "\"summaries\":[\"groups\",\"stderr\"],\"includeLosses\":true,\"includeGradients\":true}";
		String lines = "{\"prediction\":0.9,\"label\":1}\n{\"prediction\":0.2,\"label\":0}\n";
		byte[] arrow = arrowBinary();
		String arrowType = "application/vnd.apache.arrow.stream";
		return List.of(new Call("/v1/cross-entropy/binary", json, null, bytes(binary)),
				new Call("/v1/cross-entropy/binary", json, null, bytes(grouped)),
				new Call("/v1/cross-entropy/multilabel", json, null, bytes(multilabel)),
				new Call("/v1/cross-entropy/categorical", json, null, bytes(categorical)),
				new Call("/v1/cross-entropy/categorical", json, null, bytes(logits)),
				new Call("/v1/focal/binary", json, null, bytes(binary)),
				new Call("/v1/focal/multilabel", json, null, bytes(multilabel)),
				new Call("/v1/focal/categorical", json, null, bytes(categorical)),
				new Call("/v1/cross-entropy/binary", "application/x-ndjson", null, bytes(lines)),
				new Call("/v1/cross-entropy/binary", arrowType, null, arrow),
				new Call("/v1/cross-entropy/binary", arrowType, arrowType, arrow));
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * Four binary samples as an Arrow IPC stream: {@code predictions}, {@code labels}.
	 */
	private static byte[] arrowBinary() throws IOException {
		double[] predictions = { 0.9, 0.2, 0.6, 0.4 };
		double[] labels = { 1, 0, 1, 0 };
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (BufferAllocator allocator = new RootAllocator(1 << 20);
				Float8Vector p = new Float8Vector("predictions", allocator);
				Float8Vector y = new Float8Vector("labels", allocator)) {
			p.allocateNew(predictions.length);
			y.allocateNew(labels.length);
			for (int i = 0; i < predictions.length; i++) {
				p.set(i, predictions[i]);
				y.set(i, labels[i]);
			}
			p.setValueCount(predictions.length);
			y.setValueCount(labels.length);
			try (VectorSchemaRoot root = VectorSchemaRoot.of(p, y);
					ArrowStreamWriter writer = new ArrowStreamWriter(root, null, Channels.newChannel(out))) {
				writer.start();
				writer.writeBatch();
				writer.end();
			}
		}
		return out.toByteArray();
	}

}
