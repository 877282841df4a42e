/**
 * Tests of the service's settings.
 */
package dev.xent.config;
