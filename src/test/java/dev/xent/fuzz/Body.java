package dev.xent.fuzz;

import java.util.ArrayList;
import java.util.List;

/**
 * A request body under construction: its top-level fields in order, each name as the text
 * between its quotes and each value as JSON text. Structural mutations work on this list
 * (drop, repeat, retype a field); text and byte mutations work on {@link #toJson()}.
 */
final class Body {

	/**
	 * One field: {@code name} is written between quotes as it is, so it may hold escapes.
	 */
	record Field(String name, String json) {
	}

	private final List<Field> fields = new ArrayList<>();

	Body put(String name, String json) {
		this.fields.add(new Field(name, json));
		return this;
	}

	List<Field> fields() {
		return this.fields;
	}

	String toJson() {
		StringBuilder json = new StringBuilder(64 + this.fields.size() * 32);
		json.append('{');
		for (int i = 0; i < this.fields.size(); i++) {
			Field field = this.fields.get(i);
			if (i > 0) {
				json.append(',');
			}
			json.append('"').append(field.name()).append("\":").append(field.json());
		}
		return json.append('}').toString();
	}

}
