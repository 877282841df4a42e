package dev.xent.loss;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One request's group keys, interned to small ids as the codecs meet them, so a batch
 * carries an {@code int} per sample and a group table is indexed by id. Keys are strings
 * (an integer group is keyed by its decimal form); at most {@code maxGroups} distinct
 * ones per request (413 beyond), each at most {@value #MAX_KEY_BYTES} UTF-8 bytes (422
 * beyond, reported by the codec with its pointer).
 */
public final class GroupKeys {

	/** Longest group key, in UTF-8 bytes. */
	public static final int MAX_KEY_BYTES = 256;

	private final int maxGroups;

	private final Map<String, Integer> ids = new HashMap<>();

	private final List<String> keys = new ArrayList<>();

	public GroupKeys(int maxGroups) {
		this.maxGroups = maxGroups;
	}

	/**
	 * The id of a key, a new one the first time it is seen.
	 * @throws LimitExceededException past the distinct-group limit
	 */
	public int id(String key) {
		Integer id = this.ids.get(key);
		if (id != null) {
			return id;
		}
		if (this.keys.size() >= this.maxGroups) {
			throw new LimitExceededException("The request has more than " + this.maxGroups
					+ " distinct groups, the configured limit (xent.limits.max-groups).");
		}
		int next = this.keys.size();
		this.ids.put(key, next);
		this.keys.add(key);
		return next;
	}

	/** The key of an id. */
	public String key(int id) {
		return this.keys.get(id);
	}

	public int size() {
		return this.keys.size();
	}

	/** Whether a key is within {@link #MAX_KEY_BYTES}. */
	public static boolean fits(String key) {
		return key.length() * 3 <= MAX_KEY_BYTES || key.getBytes(StandardCharsets.UTF_8).length <= MAX_KEY_BYTES;
	}

}
