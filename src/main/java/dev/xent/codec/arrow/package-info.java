/**
 * The Arrow IPC stream codec: {@link dev.xent.codec.arrow.ArrowSampleSource} turns a
 * request body (schema, record batches, dictionary batches, end-of-stream marker) into
 * sample batches, one per record batch, checking every declared length against the batch
 * limit before it allocates; {@link dev.xent.codec.arrow.ArrowResponseWriter} writes the
 * per-sample results (loss, weight, gradient) as a stream with the aggregates in its
 * schema metadata. Buffers live in the caller's bounded allocator; nothing here knows a
 * loss.
 */
package dev.xent.codec.arrow;
