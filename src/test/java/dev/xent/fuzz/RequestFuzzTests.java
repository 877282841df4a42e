package dev.xent.fuzz;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.boot.webmvc.test.autoconfigure.MockMvcPrint;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * Fuzzes the six scoring endpoints (cross-entropy and focal) through the whole
 * application (MockMvc, every filter and converter): valid bodies with random options,
 * and bodies broken structurally, in their numbers, as text and as bytes
 * ({@link RequestGenerator}, {@link Mutator}). Every answer must satisfy
 * {@link ResponseChecker}: never a 5xx, clean problem details, and for a 200 the
 * contract's invariants.
 * <p>
 * The limits are small here ({@code max-numbers} 20000, {@code max-classes} 50, 256 KB),
 * so that some generated bodies cross them. The run is reproducible from its seed:
 *
 * <pre>
 * ./mvnw test -Dtest='*Fuzz*'                                   # default: 1500 cases per endpoint, fixed seed
 * ./mvnw test -Dtest='*Fuzz*' -Dxent.fuzz.iterations=200000     # a long run
 * ./mvnw test -Dtest='*Fuzz*' -Dxent.fuzz.seed=-4242424242      # replays a run (printed on failure)
 * </pre>
 */
@SpringBootTest(properties = { "xent.limits.max-numbers=20000", "xent.limits.max-classes=50",
		"xent.limits.max-body-bytes=256KB", "logging.level.dev.xent.error=WARN" })
@AutoConfigureMockMvc(print = MockMvcPrint.NONE)
class RequestFuzzTests {

	/**
	 * The default build uses a fixed seed, so CI is repeatable;
	 * {@code -Dxent.fuzz.seed=random} explores.
	 */
	static final long SEED = seed(System.getProperty("xent.fuzz.seed", "20261123"));

	static final int ITERATIONS = Integer.getInteger("xent.fuzz.iterations", 1500);

	@Autowired
	private MockMvc mvc;

	@ParameterizedTest
	@EnumSource(Endpoint.class)
	void everyBodyGetsAnAnswerThatKeepsTheContract(Endpoint endpoint) throws Exception {
		Map<Integer, Integer> statuses = new TreeMap<>();
		long start = System.nanoTime();
		for (int i = 0; i < ITERATIONS; i++) {
			SplittableRandom random = new SplittableRandom(caseSeed(endpoint.ordinal(), i));
			RequestGenerator generator = new RequestGenerator(random);
			Mutator mutator = new Mutator(random, generator);
			byte[] request = body(endpoint, random, generator, mutator);
			int status = send(endpoint, endpoint, i, request, mutator.log());
			statuses.merge(status, 1, Integer::sum);
		}
		report(endpoint.name().toLowerCase(), statuses, start);
		if (ITERATIONS >= 500) {
			// The generator still reaches every outcome: valid bodies, broken ones, and
			// invalid values.
			assertThat(statuses.getOrDefault(200, 0)).as("200s").isGreaterThan(ITERATIONS / 10);
			assertThat(statuses.getOrDefault(400, 0)).as("400s").isGreaterThan(ITERATIONS / 10);
			assertThat(statuses.getOrDefault(422, 0)).as("422s").isGreaterThan(ITERATIONS / 20);
			assertThat(statuses.getOrDefault(413, 0)).as("413s").isPositive();
		}
	}

	@Test
	void aBodyForAnotherEndpointGetsAnAnswerThatKeepsTheContract() throws Exception {
		Map<Integer, Integer> statuses = new TreeMap<>();
		long start = System.nanoTime();
		Endpoint[] endpoints = Endpoint.values();
		for (int i = 0; i < ITERATIONS / 3; i++) {
			SplittableRandom random = new SplittableRandom(caseSeed(endpoints.length, i));
			RequestGenerator generator = new RequestGenerator(random);
			Endpoint from = endpoints[random.nextInt(endpoints.length)];
			Endpoint to = endpoints[random.nextInt(endpoints.length)];
			byte[] request = generator.valid(from).toJson().getBytes(StandardCharsets.UTF_8);
			statuses.merge(send(from, to, i, request, List.of(from + " body")), 1, Integer::sum);
		}
		report("cross-endpoint", statuses, start);
	}

	/**
	 * 40% valid as generated; the rest broken in fields, in text or bytes, or both; 1%
	 * too big.
	 */
	static byte[] body(Endpoint endpoint, SplittableRandom random, RequestGenerator generator, Mutator mutator) {
		Body body = generator.valid(endpoint);
		double r = random.nextDouble();
		if (r < 0.01) {
			mutator.log().add("25000 predictions");
			body.fields()
				.add(0, new Body.Field("predictions", endpoint.matrix() ? generator.matrix(2500, 10, () -> 0.5)
						: generator.vector(25_000, () -> 0.5)));
			return body.toJson().getBytes(StandardCharsets.UTF_8);
		}
		if (r < 0.41) {
			return body.toJson().getBytes(StandardCharsets.UTF_8);
		}
		if (r < 0.75) {
			mutator.mutateFields(body);
			return body.toJson().getBytes(StandardCharsets.UTF_8);
		}
		if (r < 0.93) {
			return mutator.mutateBytes(body.toJson());
		}
		mutator.mutateFields(body);
		return mutator.mutateBytes(body.toJson());
	}

	private int send(Endpoint from, Endpoint to, int index, byte[] request, List<String> mutations) {
		int status;
		List<String> problems;
		String contentType = null;
		String content = "";
		try {
			MockHttpServletResponse response = this.mvc
				.perform(post(to.path()).contentType(MediaType.APPLICATION_JSON).content(request))
				.andReturn()
				.getResponse();
			status = response.getStatus();
			contentType = response.getContentType();
			content = response.getContentAsString(StandardCharsets.UTF_8);
			problems = ResponseChecker.check(to, request, status, contentType, content);
		}
		catch (Exception ex) {
			status = 500;
			problems = List.of("threw " + ex);
		}
		if (!problems.isEmpty()) {
			fail("Fuzz case " + to.name().toLowerCase() + " #" + index + " failed: " + problems
					+ "\n  replay: ./mvnw test -Dtest='*Fuzz*' -Dxent.fuzz.seed=" + SEED + " -Dxent.fuzz.iterations="
					+ (index + 1) + "\n  mutations: " + mutations + "\n  request (" + request.length + " bytes): "
					+ excerpt(new String(request, StandardCharsets.UTF_8)) + "\n  response " + status + " "
					+ contentType + ": " + excerpt(content));
		}
		return status;
	}

	/**
	 * Seeds each case apart (SplitMix64 of the run's seed, the stream and the index), so
	 * any case replays alone.
	 */
	static long caseSeed(int stream, int index) {
		long z = SEED + 0x9E3779B97F4A7C15L * (((long) stream << 32) + index + 1);
		z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
		z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
		return z ^ (z >>> 31);
	}

	private static void report(String what, Map<Integer, Integer> statuses, long start) {
		System.out.printf("xent fuzz %s: seed %d, %d cases in %.1f s, statuses %s%n", what, SEED,
				statuses.values().stream().mapToInt(Integer::intValue).sum(), (System.nanoTime() - start) / 1e9,
				statuses);
	}

	private static String excerpt(String text) {
		String printable = Mutator.printable(text);
		return (printable.length() > 2000) ? printable.substring(0, 2000) + "... (" + printable.length() + ")"
				: printable;
	}

	private static long seed(String value) {
		return "random".equals(value) ? new SecureRandom().nextLong() : Long.parseLong(value);
	}

}
