/**
 * The HTTP layer: the scoring controller, the request and response types that document
 * the API, and the streaming reader that turns a JSON body into primitive arrays and then
 * into a checked {@link dev.xent.loss.LossBatch}.
 * <p>
 * Requests are read by {@link dev.xent.web.ScoringRequestConverter} straight from the
 * body stream into {@code double[]} and {@code long[]}: no boxed numbers, no JSON tree,
 * no per-element allocation. Responses are written by
 * {@link dev.xent.web.ScoreResponseConverter} straight to the output stream.
 */
package dev.xent.web;
