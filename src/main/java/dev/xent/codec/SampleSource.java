package dev.xent.codec;

import java.io.IOException;

import dev.xent.loss.SampleBatch;

/**
 * A request body decoded into sample batches, pulled one at a time: a codec reads only as
 * much of the body as the next batch needs, so memory is a function of the batch size,
 * never of the request size. Errors are {@link MalformedRequestException} (400),
 * {@link dev.xent.loss.InvalidBatchException} (422) and
 * {@link dev.xent.loss.LimitExceededException} (413), with pointers that count rows
 * across batches.
 */
public interface SampleSource {

	/**
	 * The next batch, or {@code null} once the body has ended properly (an Arrow stream
	 * with its end-of-stream marker, the end of a JSON document or of the last line). A
	 * batch is valid until the next call.
	 */
	SampleBatch next() throws IOException;

}
