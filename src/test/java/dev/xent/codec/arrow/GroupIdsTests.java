package dev.xent.codec.arrow;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import dev.xent.loss.GroupKeys;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link GroupIds} on enough keys that its table's probes meet other keys: each key gets
 * its own id, in order of first appearance, however it is laid out in its buffer.
 */
class GroupIdsTests {

	/**
	 * Every key of 'a' and 'b' of up to 12 bytes (8,191 of them, the empty key included),
	 * and 1,000 keys of 24 bytes with the same first and last 8 bytes: each key found
	 * again gets its id, whether read from the middle of a little-endian buffer, from its
	 * end (fewer than 16 bytes left), or from a big-endian one.
	 */
	@Test
	void findsEveryKeyAgainByItsBytes() {
		List<String> keys = new ArrayList<>();
		for (int length = 0; length <= 12; length++) {
			for (int bits = 0; bits < (1 << length); bits++) {
				StringBuilder key = new StringBuilder();
				for (int i = 0; i < length; i++) {
					key.append(((bits >> i) & 1) == 0 ? 'a' : 'b');
				}
				keys.add(key.toString());
			}
		}
		for (int i = 0; i < 1000; i++) {
			keys.add("prefix--" + String.format("%08d", i) + "--suffix");
		}
		GroupKeys groups = new GroupKeys(10_000);
		GroupIds ids = new GroupIds(groups);
		for (int i = 0; i < keys.size(); i++) {
			assertThat(ids.ofBytes(middle(keys.get(i)), 8, length(keys.get(i)))).isEqualTo(i);
		}
		for (int i = keys.size() - 1; i >= 0; i--) {
			String key = keys.get(i);
			assertThat(ids.ofBytes(middle(key), 8, length(key))).as(key).isEqualTo(i);
			ByteBuffer end = ByteBuffer.wrap(bytes("xyz" + key)).order(ByteOrder.LITTLE_ENDIAN);
			assertThat(ids.ofBytes(end, 3, length(key))).as(key).isEqualTo(i);
			ByteBuffer big = ByteBuffer.wrap(bytes("xyz" + key + "0123456789abcdef"));
			assertThat(ids.ofBytes(big, 3, length(key))).as(key).isEqualTo(i);
		}
		assertThat(groups.size()).isEqualTo(keys.size());
		assertThat(ids.stringKeys()).as("each key held once").isEqualTo(keys.size());
	}

	/**
	 * The key with 8 bytes before it and 16 after it, in a direct little-endian buffer.
	 */
	private static ByteBuffer middle(String key) {
		byte[] bytes = bytes("........" + key + "0123456789abcdef");
		return ByteBuffer.allocateDirect(bytes.length).order(ByteOrder.LITTLE_ENDIAN).put(0, bytes);
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private static int length(String key) {
		return bytes(key).length;
	}

}
