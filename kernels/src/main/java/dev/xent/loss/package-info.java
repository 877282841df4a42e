/**
 * The loss kernels: pure Java, no Spring, no knowledge of body formats.
 * <p>
 * A codec hands {@link dev.xent.loss.SampleBatch}es to one request's
 * {@link dev.xent.loss.Scoring}, which checks each against its endpoint's
 * {@link dev.xent.loss.Loss} (every offending value a {@link dev.xent.loss.Violation}
 * with a JSON Pointer that counts rows across batches), scores it, and carries the
 * compensated sums across batches, so a kernel only ever sees valid input and the result
 * does not depend on how the request was split.
 * <p>
 * One {@link dev.xent.loss.Loss} per endpoint: {@link dev.xent.loss.BinaryLoss} and
 * {@link dev.xent.loss.CategoricalLoss} (cross-entropy, kernels
 * {@code BinaryCrossEntropy}, {@code CategoricalCrossEntropy}),
 * {@link dev.xent.loss.BinaryFocalLoss} and {@link dev.xent.loss.CategoricalFocalLoss}
 * (focal, kernels {@code BinaryFocal}, {@code CategoricalFocal}, which share the
 * cross-entropy's terms and coefficients). How probability inputs are clipped under each
 * {@link dev.xent.loss.Compat} preset lives in one place, {@code ProbabilityRule}.
 */
package dev.xent.loss;
