package dev.xent.spark;

import java.io.Serializable;
import java.util.List;

/**
 * What one shard of a DataFrame (the rows of one file split, or of one partition when the
 * rows do not come from files) scored to, sent from an executor to the driver: the JSON
 * the service would answer for those rows as a request of its own, or why they could not
 * be scored. Row positions in it are local to the shard (its first row is 0); the driver
 * numbers the shards and shifts them.
 *
 * @param partition the Spark partition that scored it
 * @param file the file the rows came from, or {@code ""} when they did not come from a
 * file
 * @param start the byte offset of the file split (-1 without a file)
 * @param samples rows scored, ignored ones included (up to the first error)
 * @param width values per prediction row
 * @param vector whether predictions are vectors (binary endpoints)
 * @param json the shard's result as the service writes it ({@code ResultJson}), or
 * {@code null} on error
 * @param violations the shard's first offending values as (pointer, detail) pairs, local
 * pointers; or {@code null}
 * @param limit a limit exceeded (too many groups), or {@code null}
 */
record ShardResult(int partition, String file, long start, long samples, int width, boolean vector, String json,
		List<String[]> violations, String limit) implements Serializable {

	boolean failed() {
		return this.json == null;
	}

}
