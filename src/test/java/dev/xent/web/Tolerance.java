package dev.xent.web;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Compares numbers and arrays of numbers from JSON at |a − e| ≤ 1e-12·|e| + 1e-15:
 * relative 1e-12, with an absolute floor far below any meaningful loss or gradient so
 * that values that are 0 in exact arithmetic (a gradient of 1e-17 against 0) still
 * compare.
 */
final class Tolerance {

	static final double RELATIVE = 1e-12;

	static final double ABSOLUTE = 1e-15;

	private Tolerance() {
	}

	static void assertClose(String path, JsonNode expected, JsonNode actual) {
		assertThat(actual).as(path + " is missing").isNotNull();
		if (expected.isArray()) {
			assertThat(actual.isArray()).as(path + " is an array").isTrue();
			assertThat(actual.size()).as(path + " size").isEqualTo(expected.size());
			for (int i = 0; i < expected.size(); i++) {
				assertClose(path + "/" + i, expected.get(i), actual.get(i));
			}
			return;
		}
		assertThat(actual.isNumber()).as(path + " is a number: " + actual).isTrue();
		assertClose(path, expected.asDouble(), actual.asDouble());
	}

	static void assertClose(String path, double expected, double actual) {
		double allowed = RELATIVE * Math.abs(expected) + ABSOLUTE;
		if (!(Math.abs(actual - expected) <= allowed)) {
			fail(path + ": expected " + expected + " but was " + actual + " (difference " + Math.abs(actual - expected)
					+ " > " + allowed + ")");
		}
	}

}
