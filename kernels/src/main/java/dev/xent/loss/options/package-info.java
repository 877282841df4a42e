/**
 * A request's options as the contract names them, read and checked without any web
 * framework: {@link dev.xent.loss.options.QueryOptions} parses a query string (the
 * options of streamed bodies, and of the Spark integration) into a
 * {@link dev.xent.loss.options.ParsedBody}, and
 * {@link dev.xent.loss.options.LossEndpoint} turns parsed options into the endpoint's
 * checked {@link dev.xent.loss.Loss} and {@link dev.xent.loss.Summaries}. The service and
 * the Spark integration share these classes, so that the same options are accepted or
 * refused with the same messages.
 */
package dev.xent.loss.options;
