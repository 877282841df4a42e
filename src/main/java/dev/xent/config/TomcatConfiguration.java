package dev.xent.config;

import java.io.IOException;
import java.io.Writer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.servlet.ServletException;
import org.apache.catalina.Host;
import org.apache.catalina.Pipeline;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.catalina.valves.ValveBase;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.coyote.ActionCode;
import org.apache.coyote.ProtocolHandler;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.boot.web.server.context.WebServerGracefulShutdownLifecycle;
import org.springframework.context.ApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * Five things about Tomcat itself: the size of its socket reads (64 KiB, not 8), when it
 * says {@code 100 Continue} (on the first read of the body, after the service's
 * admission), and the three below.
 * <p>
 * Its own error responses, those it sends before a request reaches Spring MVC (a
 * malformed request line or header, a bad URI) or without it (a body read that timed
 * out): Tomcat writes them with its {@link ErrorReportValve}, an HTML page that by
 * default names the server and its version. Here that valve is replaced by one that never
 * does, and answers with problem details like the rest of the service. Boot installs a
 * quiet valve only while {@code server.error.include-stacktrace} is {@code never}; this
 * replaces it whatever that setting, so that no configuration change can bring the
 * version back.
 * <p>
 * And what follows a 408: Tomcat reads ("swallows") the rest of an unread body before it
 * finishes a response, so that the connection can be kept alive. After a 408 the client
 * is too slow by definition, and the swallow would hold the thread, and the response, for
 * up to another connection timeout. A 408 closes the connection instead, as a 413 does.
 * <p>
 * And graceful shutdown, which without {@link ConnectionDrain} drops the requests a busy
 * Tomcat has received but not yet started.
 */
@Configuration(proxyBeanMethods = false)
class TomcatConfiguration {

	@Bean
	WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> problemErrorReportValveCustomizer() {
		return new ProblemErrorReportValveCustomizer();
	}

	/**
	 * {@code 100 Continue} only when the body is first read, not as soon as the headers
	 * arrive: every decision that needs only the headers (415, 413 on a declared length,
	 * memory admission) is made before, so a client that sent {@code Expect:
	 * 100-continue} with a body it may not send is told so before it sends a byte of it.
	 */
	@Bean
	WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> continueOnReadCustomizer() {
		return (factory) -> factory
			.addConnectorCustomizers((connector) -> connector.setProperty("continueResponseTiming", "onRead"));
	}

	/**
	 * Reads from the socket in pieces of up to 64 KiB instead of Tomcat's 8 KiB: a large
	 * body arrives in far fewer system calls (a 160 MB Arrow body on 127.0.0.1: the
	 * server's system time per request halved, 100 → 50 ms). The buffer is per
	 * connection, held while Tomcat keeps the connection's channel.
	 */
	@Bean
	WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> readBufferCustomizer() {
		return (factory) -> factory.addConnectorCustomizers(
				(connector) -> connector.setProperty("socket.appReadBufSize", String.valueOf(READ_BUFFER_BYTES)));
	}

	/**
	 * Bytes of a connection's socket read buffer (Tomcat's
	 * {@code socket.appReadBufSize}).
	 */
	static final int READ_BUFFER_BYTES = 64 * 1024;

	@Bean
	WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> requestTimeoutValveCustomizer() {
		return (factory) -> factory.addEngineValves(new NoSwallowAfterTimeoutValve());
	}

	@Bean
	@ConditionalOnProperty(name = "server.shutdown", havingValue = "graceful", matchIfMissing = true)
	ConnectionDrain connectionDrain(ApplicationContext context,
			@Value("${spring.lifecycle.timeout-per-shutdown-phase:30s}") Duration timeout) {
		return new ConnectionDrain(context, timeout);
	}

	/**
	 * The first step of a graceful shutdown, before Boot's own: Tomcat stops accepting
	 * connections (new ones are refused), and keeps serving the ones it has accepted
	 * until no request is left on them, answering each with {@code Connection: close}.
	 * <p>
	 * Boot's step alone pauses the connector and waits for the requests that are in a
	 * servlet. But a paused Tomcat drops, without an answer, every request it has
	 * received and not yet started: on a busy server, requests whose bodies are already
	 * sent, queued for a thread. This step answers them first. It ends when every
	 * connection is closed, or when no thread has had work for {@value #QUIET_MILLIS} ms
	 * (only idle keep-alive connections are left, which Boot's step then closes), or
	 * after {@code spring.lifecycle.timeout-per-shutdown-phase}.
	 */
	static final class ConnectionDrain implements SmartLifecycle {

		static final int QUIET_MILLIS = 500;

		private static final Log log = LogFactory.getLog(ConnectionDrain.class);

		private final ApplicationContext context;

		private final Duration timeout;

		private volatile boolean running;

		ConnectionDrain(ApplicationContext context, Duration timeout) {
			this.context = context;
			this.timeout = timeout;
		}

		@Override
		public void start() {
			this.running = true;
		}

		@Override
		public void stop() {
			this.running = false;
			if (!(this.context instanceof WebServerApplicationContext web)
					|| !(web.getWebServer() instanceof TomcatWebServer server)) {
				return;
			}
			List<ProtocolHandler> handlers = new ArrayList<>();
			for (Connector connector : server.getTomcat().getService().findConnectors()) {
				handlers.add(connector.getProtocolHandler());
			}
			handlers.forEach(ProtocolHandler::closeServerSocketGraceful);
			log.info("Stopped accepting connections; answering the requests on open ones");
			long start = System.nanoTime();
			long deadline = start + this.timeout.toNanos();
			long quietSince = start;
			while (System.nanoTime() < deadline) {
				boolean closed = true;
				boolean busy = false;
				for (ProtocolHandler handler : handlers) {
					// sleeps 50 ms unless all connections are closed
					closed &= handler.awaitConnectionsClose(50) > 0;
					busy |= busy(handler.getExecutor());
				}
				long now = System.nanoTime();
				if (busy) {
					quietSince = now;
				}
				if (closed || now - quietSince >= QUIET_MILLIS * 1_000_000L) {
					break;
				}
			}
			log.info("Open connections drained in " + (System.nanoTime() - start) / 1_000_000 + " ms");
		}

		private static boolean busy(Executor executor) {
			if (executor instanceof org.apache.tomcat.util.threads.ThreadPoolExecutor pool) {
				return pool.getActiveCount() > 0 || !pool.getQueue().isEmpty();
			}
			return false;
		}

		@Override
		public boolean isRunning() {
			return this.running;
		}

		/**
		 * Not stopped when a context is merely paused (as the test framework pauses
		 * cached contexts): stopping closes the server socket, which a restart does not
		 * reopen.
		 */
		@Override
		public boolean isPauseable() {
			return false;
		}

		/**
		 * Stopped before the phase of Boot's graceful shutdown (higher phases stop
		 * first).
		 */
		@Override
		public int getPhase() {
			return WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE + 1;
		}

	}

	/**
	 * Runs after Boot's customizer, whose context customizer adds the valve that this one
	 * replaces.
	 */
	private static final class ProblemErrorReportValveCustomizer
			implements WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory>, Ordered {

		@Override
		public void customize(ConfigurableTomcatWebServerFactory factory) {
			factory.addContextCustomizers((context) -> {
				Host host = (Host) context.getParent();
				Pipeline pipeline = host.getPipeline();
				for (Valve valve : pipeline.getValves()) {
					if (valve instanceof ErrorReportValve) {
						pipeline.removeValve(valve);
					}
				}
				pipeline.addValve(new ProblemErrorReportValve());
				if (host instanceof StandardHost standardHost) {
					// Otherwise the host adds its default valve when it starts, as there
					// is none of that class.
					standardHost.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
				}
			});
		}

		@Override
		public int getOrder() {
			return Ordered.LOWEST_PRECEDENCE;
		}

	}

	/**
	 * After a 408 response, closes the connection rather than reading the rest of the
	 * body.
	 */
	static final class NoSwallowAfterTimeoutValve extends ValveBase {

		NoSwallowAfterTimeoutValve() {
			super(true);
		}

		@Override
		public void invoke(Request request, Response response) throws IOException, ServletException {
			getNext().invoke(request, response);
			if (response.getStatus() == HttpStatus.REQUEST_TIMEOUT.value()) {
				// What Tomcat does itself for a 413: no draining, and the connection
				// closes after the response.
				request.getCoyoteRequest().action(ActionCode.DISABLE_SWALLOW_INPUT, null);
			}
		}

	}

	/**
	 * Writes {@code {"title", "status", "detail"}} as {@code application/problem+json}
	 * for an error response that has no body yet; never the server's name, a message or a
	 * stack trace.
	 */
	public static final class ProblemErrorReportValve extends ErrorReportValve {

		public ProblemErrorReportValve() {
			setShowReport(false);
			setShowServerInfo(false);
		}

		@Override
		protected void report(Request request, Response response, Throwable throwable) {
			int status = response.getStatus();
			if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
				return;
			}
			AtomicBoolean ioAllowed = new AtomicBoolean(false);
			response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
			if (!ioAllowed.get()) {
				return;
			}
			HttpStatus known = HttpStatus.resolve(status);
			String title = (known != null) ? known.getReasonPhrase() : "Error";
			String detail = title + ".";
			try {
				response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
				response.setCharacterEncoding("UTF-8");
				Writer writer = response.getReporter();
				if (writer != null) {
					java.net.URI type = dev.xent.error.ProblemTypes.forStatus(status);
					writer.write("{" + ((type != null) ? "\"type\":\"" + type + "\"," : "") + "\"title\":\"" + title
							+ "\",\"status\":" + status + ",\"detail\":\"" + detail + "\"}");
					response.finishResponse();
				}
			}
			catch (IOException | IllegalStateException ex) {
				// The client is gone or the response is committed: nothing is left to
				// tell it.
			}
		}

	}

}
