/**
 * Configuration: the {@code xent.*} properties, the HTTP message converters and the body
 * limit, the OpenAPI document's metadata, and Tomcat itself: its own error responses,
 * what follows a 408, and the first step of a graceful shutdown.
 */
package dev.xent.config;
