package dev.xent.loss;

/**
 * One value that breaks the contract.
 *
 * @param pointer RFC 6901 JSON Pointer to the offending value in the request, e.g.
 * {@code /predictions/3/1}
 * @param detail one sentence saying what is wrong
 */
public record Violation(String pointer, String detail) {
}
