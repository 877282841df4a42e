/**
 * xent, the cross-entropy scoring service: {@code loss} computes, {@code api} speaks
 * HTTP, {@code error} turns failures into problem details, {@code config} holds the
 * settings.
 */
package dev.xent;
