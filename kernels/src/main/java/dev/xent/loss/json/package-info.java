/**
 * Results as the contract's JSON: {@link dev.xent.loss.json.ResultJson} writes the
 * aggregates and summaries, {@link dev.xent.loss.json.JsonOutput} buffers ASCII with
 * every double in its shortest round-tripping form
 * ({@link dev.xent.loss.json.ShortestDouble}). The service and the Spark integration both
 * print results with these classes, so the same numbers are the same bytes.
 */
package dev.xent.loss.json;
