package dev.xent.spark;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Compares two results (the service's JSON) member by member: the same members in the
 * same order, counts and indices exactly, every other number to within a relative
 * tolerance of its own size, or of the document's largest number for those near 0 (a
 * centred moment such as {@code cross} is a difference of sums of that size).
 */
final class Results {

	/** Members that are counts or positions: equal exactly. */
	private static final Set<String> EXACT = Set.of("count", "n", "index", "k");

	private static final ObjectMapper MAPPER = new ObjectMapper();

	private Results() {
	}

	static JsonNode tree(String json) {
		try {
			return MAPPER.readTree(json);
		}
		catch (JsonProcessingException ex) {
			throw new AssertionError("not JSON: " + json, ex);
		}
	}

	/** Asserts that two results agree to {@code tolerance}, relative. */
	static void assertClose(String actual, String expected, double tolerance) {
		JsonNode a = tree(actual);
		JsonNode e = tree(expected);
		double scale = largest(e);
		List<String> differences = new ArrayList<>();
		compare("", a, e, tolerance, scale, differences);
		assertThat(differences).as("%s%nagainst%n%s", actual, expected).isEmpty();
	}

	private static void compare(String at, JsonNode a, JsonNode e, double tolerance, double scale, List<String> out) {
		if (e.isObject()) {
			List<String> names = new ArrayList<>();
			e.fieldNames().forEachRemaining(names::add);
			List<String> actual = new ArrayList<>();
			a.fieldNames().forEachRemaining(actual::add);
			if (!names.equals(actual)) {
				out.add(at + ": members " + actual + ", expected " + names);
				return;
			}
			for (Iterator<Map.Entry<String, JsonNode>> it = e.fields(); it.hasNext();) {
				Map.Entry<String, JsonNode> m = it.next();
				compare(at + "/" + m.getKey(), a.get(m.getKey()), m.getValue(), tolerance, scale, out);
			}
		}
		else if (e.isArray()) {
			if (!a.isArray() || a.size() != e.size()) {
				out.add(at + ": " + a + ", expected " + e);
				return;
			}
			for (int i = 0; i < e.size(); i++) {
				compare(at + "/" + i, a.get(i), e.get(i), tolerance, scale, out);
			}
		}
		else if (e.isNumber()) {
			String name = at.substring(at.lastIndexOf('/') + 1);
			if (!a.isNumber()) {
				out.add(at + ": " + a + ", expected " + e);
			}
			else if (EXACT.contains(name)) {
				if (a.longValue() != e.longValue()) {
					out.add(at + ": " + a + ", expected exactly " + e);
				}
			}
			else {
				double x = a.doubleValue();
				double y = e.doubleValue();
				double bound = tolerance * Math.max(Math.max(Math.abs(x), Math.abs(y)), 1e-3 * scale);
				if (!(Math.abs(x - y) <= bound)) {
					out.add(at + ": " + x + ", expected " + y + " (relative " + Math.abs(x - y) / Math.abs(y) + ")");
				}
			}
		}
		else if (!a.equals(e)) {
			out.add(at + ": " + a + ", expected " + e);
		}
	}

	private static double largest(JsonNode n) {
		double max = 0;
		if (n.isNumber()) {
			return Math.abs(n.doubleValue());
		}
		for (JsonNode child : n) {
			max = Math.max(max, largest(child));
		}
		return max;
	}

}
