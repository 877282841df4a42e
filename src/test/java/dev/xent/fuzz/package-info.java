/**
 * Fuzz tests of the scoring endpoints, in the default suite: a seeded generator of valid
 * request bodies, mutations that break them, and the properties every answer must have.
 * {@code -Dxent.fuzz.iterations} sets the length of a run, {@code -Dxent.fuzz.seed}
 * replays one.
 */
package dev.xent.fuzz;
