package dev.xent.codec.jsonl;

import java.io.IOException;
import java.io.InputStream;

import dev.xent.codec.ColumnLayout;
import dev.xent.codec.SampleSource;
import dev.xent.loss.GroupKeys;
import dev.xent.loss.SampleBatch;

/**
 * A JSON Lines body as sample batches (work in progress).
 */
public final class JsonLinesSampleSource implements SampleSource {

	/**
	 * Limits checked while reading.
	 *
	 * @param maxLineBytes longest line (413)
	 * @param maxColumns widest row (413)
	 * @param maxNumberLength most digits in a number literal (400)
	 * @param maxStringLength longest string or member name (400)
	 * @param batchRows samples per batch handed on
	 */
	public record Limits(int maxLineBytes, int maxColumns, int maxNumberLength, int maxStringLength, int batchRows) {
	}

	/**
	 * @param groups interns the {@code group} members' keys
	 */
	public JsonLinesSampleSource(InputStream in, ColumnLayout layout, Limits limits, GroupKeys groups) {
	}

	@Override
	public SampleBatch next() throws IOException {
		throw new UnsupportedOperationException("JSON Lines bodies are not read yet");
	}

}
