package dev.xent.spark;

import java.io.Serializable;

import dev.xent.loss.InputType;
import dev.xent.loss.InvalidBatchException;
import dev.xent.loss.Loss;
import dev.xent.loss.Summaries;
import dev.xent.loss.Violations;
import dev.xent.loss.options.LossEndpoint;
import dev.xent.loss.options.MalformedOptionsException;
import dev.xent.loss.options.ParsedBody;
import dev.xent.loss.options.QueryOptions;
import dev.xent.loss.options.RequestOptions;

/**
 * An endpoint and its options as a query string, the same parameters as for an Arrow body
 * (API.md, "Options as query parameters"), read and checked by the kernels' own parser
 * ({@link QueryOptions}, {@link LossEndpoint}) as the service reads them. It travels to
 * the executors as the two strings, and each shard builds its own {@link Loss} and
 * {@link Summaries} from them (both hold per-request state).
 * <p>
 * Spark answers as the service answers a streamed body with JSON: aggregates and
 * summaries. {@code reduction} is accepted (it changes only gradients, which Spark does
 * not compute); {@code includeLosses} and {@code includeGradients} may be false, and true
 * is refused.
 *
 * @param path the endpoint below {@code /v1/}: {@code cross-entropy/binary}
 * @param query the options, URL-encoded ({@code summaries=stderr,accuracy&epsilon=1e-7}),
 * or empty
 * @param maxGroups most distinct groups (the service's {@code xent.limits.max-groups})
 */
record ScoringRequest(String path, String query, int maxGroups) implements Serializable {

	/** The service's default limit of distinct groups. */
	static final int DEFAULT_MAX_GROUPS = 10_000;

	/** The longest option value, as the service's default string limit. */
	private static final int MAX_VALUE_LENGTH = 10_000;

	/**
	 * The endpoint of {@link #path}.
	 * @throws IllegalArgumentException for an unknown endpoint
	 */
	LossEndpoint endpoint() {
		String name = this.path.startsWith("/v1/") ? this.path.substring(4) : this.path;
		LossEndpoint endpoint = LossEndpoint.of(name);
		if (endpoint == null) {
			throw new IllegalArgumentException("Unknown endpoint \"" + this.path + "\"; the endpoints are "
					+ String.join(", ", java.util.Arrays.stream(LossEndpoint.values()).map(LossEndpoint::path).toList())
					+ ".");
		}
		return endpoint;
	}

	/**
	 * Reads and checks every option, as the service does before it reads a body.
	 * @throws MalformedOptionsException for an unknown, repeated or malformed parameter
	 * (the service's 400)
	 * @throws InvalidBatchException listing every option value the contract refuses (the
	 * service's 422)
	 */
	Built build() {
		LossEndpoint endpoint = endpoint();
		ParsedBody options = QueryOptions.parse(this.query, endpoint.fields(), MAX_VALUE_LENGTH);
		Violations v = options.violations();
		RequestOptions common = RequestOptions.of(options, endpoint.inputTypes(), v);
		Loss loss = endpoint.loss(common.inputType(), options, v);
		Summaries summaries = endpoint.summaries(common.inputType(), options, v);
		perSampleOff(common.includeLosses(), "includeLosses", v);
		perSampleOff(common.includeGradients(), "includeGradients", v);
		v.throwIfAny();
		Long worstK = options.integer("worstK");
		return new Built(endpoint, common.inputType(), loss, summaries,
				(worstK != null) ? worstK.intValue() : Summaries.DEFAULT_WORST_K);
	}

	private static void perSampleOff(Boolean given, String field, Violations v) {
		if (Boolean.TRUE.equals(given)) {
			v.add("/" + field, "cannot be true: Spark answers with the aggregates and summaries only, as the service "
					+ "answers a streamed body with JSON; score per sample with the service (Arrow output).");
		}
	}

	/**
	 * A request's checked options: a fresh loss and fresh summaries.
	 *
	 * @param summaries the summaries, or {@code null} when none is asked for
	 * @param worstK how many of the worst samples the merged result keeps
	 */
	record Built(LossEndpoint endpoint, InputType inputType, Loss loss, Summaries summaries, int worstK) {
	}

}
