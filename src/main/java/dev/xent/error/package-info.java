/**
 * The one place that turns failures into RFC 9457 problem details: stable {@code type}
 * URIs, a one-sentence {@code detail}, and for invalid values an {@code errors} list of
 * JSON Pointers. No stack trace, exception class or large piece of input ever reaches a
 * response.
 */
package dev.xent.error;
