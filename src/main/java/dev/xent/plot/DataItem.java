package dev.xent.plot;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jfree.data.ItemKey;

/**
 * One drawn data item (a bar, a curve) with its numbers: JFreeChart hands the key to the
 * SVG writer, which puts {@link #toJSONString()} in the item's group as its
 * {@code jfreesvg:ref} attribute, and the {@link #title} becomes the group's
 * {@code <title>} (a tooltip, and what a screen reader says).
 *
 * @param title the item in words
 * @param fields the item's numbers, in order (strings, numbers, {@code null})
 */
record DataItem(String title, Map<String, Object> fields) implements ItemKey {

	/** An item of the series named {@code series}, at {@code index}, with its numbers. */
	static DataItem of(String title, String series, int index, Object... namesAndValues) {
		Map<String, Object> fields = new LinkedHashMap<>();
		fields.put("seriesKey", series);
		fields.put("itemIndex", index);
		for (int i = 0; i < namesAndValues.length; i += 2) {
			fields.put((String) namesAndValues[i], namesAndValues[i + 1]);
		}
		return new DataItem(title, fields);
	}

	@Override
	public String toJSONString() {
		StringBuilder json = new StringBuilder("{");
		for (Map.Entry<String, Object> field : this.fields.entrySet()) {
			if (json.length() > 1) {
				json.append(", ");
			}
			string(json, field.getKey());
			json.append(": ");
			Object value = field.getValue();
			if (value instanceof String text) {
				string(json, text);
			}
			else if (value instanceof Double x && !Double.isFinite(x)) {
				json.append("null");
			}
			else {
				json.append(value);
			}
		}
		return json.append('}').toString();
	}

	private static void string(StringBuilder json, String text) {
		json.append('"');
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			switch (c) {
				case '"' -> json.append("\\\"");
				case '\\' -> json.append("\\\\");
				default -> {
					if (c < 0x20) {
						json.append(String.format("\\u%04x", (int) c));
					}
					else {
						json.append(c);
					}
				}
			}
		}
		json.append('"');
	}

}
