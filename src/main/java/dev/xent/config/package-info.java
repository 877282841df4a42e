/**
 * Configuration: the {@code xent.*} properties, the HTTP message converters and the body
 * limit, and the OpenAPI document's metadata.
 */
package dev.xent.config;
