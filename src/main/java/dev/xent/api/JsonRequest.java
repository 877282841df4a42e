package dev.xent.api;

/**
 * A request body read by {@link ScoringRequestConverter} for the request record
 * {@code T}: the values are in primitive arrays, not in a {@code T}, which only documents
 * the fields.
 *
 * @param <T> the request record that declares the accepted fields
 */
public final class JsonRequest<T extends Record> {

	private final ParsedBody body;

	JsonRequest(ParsedBody body) {
		this.body = body;
	}

	ParsedBody body() {
		return this.body;
	}

}
