/**
 * The cross-entropy kernels and the checked batches they run on.
 * <p>
 * Pure Java, no Spring: a batch is built by a factory that checks every value against the
 * API contract and reports each offending value as a {@link dev.xent.loss.Violation} with
 * a JSON Pointer, so a kernel only ever sees valid input. {@link dev.xent.loss.Scorer} is
 * the one place that reduces (sum, weighted mean) and assembles a
 * {@link dev.xent.loss.LossResult}.
 */
package dev.xent.loss;
