package dev.xent.codec.arrow;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import dev.xent.loss.GroupKeys;

/**
 * Turns the groups column's raw keys (UTF-8 bytes, integers, dictionary entries) into the
 * request's group ids without a string per row: each distinct key is decoded and interned
 * ({@link GroupKeys#id}) once, then found again by its bytes (hashed and compared 8 at a
 * time) or its value in a small open-addressing table, or, for an integer in [0, 1024),
 * by its value in a table of 4&nbsp;KB. The tables hold at most the request's distinct
 * groups, so they stay small whatever the number of rows.
 */
final class GroupIds {

	/** A key longer than {@link GroupKeys#MAX_KEY_BYTES}. */
	static final int TOO_LONG = -2;

	/** A key that is not valid UTF-8. */
	static final int NOT_UTF8 = -3;

	/** A null dictionary entry. */
	static final int NULL = -4;

	private static final int UNRESOLVED = -1;

	private final GroupKeys keys;

	private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder();

	/**
	 * Per slot, the key's length + 1 (0 for an empty slot), its first and last words
	 * ({@link #ofBytes}), the words of a key longer than 16 bytes ({@link #words}), its
	 * hash and its id.
	 */
	private int[] byteLengths = new int[64];

	private long[] byteFirsts = new long[64];

	private long[] byteLasts = new long[64];

	private long[][] byteWords = new long[64][];

	private int[] byteHashes = new int[64];

	private int[] byteIds = new int[64];

	/** The words of the key being looked up. */
	private final long[] words = new long[(GroupKeys.MAX_KEY_BYTES + 7) / 8];

	private int byteCount;

	/**
	 * Integer keys in [0, {@link #SMALL}), the commonest (class or slice numbers): id + 1
	 * by the key itself, 0 until seen; one load a row instead of a probe of the table.
	 */
	private static final int SMALL = 1024;

	private final int[] smallSlots = new int[SMALL];

	private long[] longKeys = new long[64];

	/** id + 1 per slot; 0 for an empty slot. */
	private int[] longSlots = new int[64];

	private int longCount;

	private byte[] dictionaryData = new byte[0];

	private int[] dictionaryOffsets = new int[1];

	private int[] dictionaryIds = new int[0];

	private int dictionaryEntries;

	private boolean dictionaryLoaded;

	GroupIds(GroupKeys keys) {
		this.keys = keys;
	}

	/**
	 * The id of the UTF-8 key {@code data[from, from + length)}, or {@link #TOO_LONG} or
	 * {@link #NOT_UTF8}.
	 * @throws dev.xent.loss.LimitExceededException past the distinct-group limit
	 */
	int ofBytes(ByteBuffer data, int from, int length) {
		if (length > GroupKeys.MAX_KEY_BYTES) {
			return TOO_LONG;
		}
		// A key as its first min(length, 8) bytes and, beyond 8 bytes, its last 8: all of
		// a key of up to 16 bytes, read in two loads and selected without a branch on its
		// length where the buffer has 16 bytes from the key's start.
		long first;
		long last;
		if (from + 16 <= data.limit() && data.order() == ByteOrder.LITTLE_ENDIAN) {
			long head = data.getLong(from);
			long tail = data.getLong(from + Math.max(length - 8, 0));
			int low = Math.min(length, 8);
			first = (low == 0) ? 0 : head & (-1L >>> (64 - 8 * low));
			last = (length > 8) ? tail : 0;
		}
		else {
			first = bytes(data, from, Math.min(length, 8));
			last = (length > 8) ? bytes(data, from + length - 8, 8) : 0;
		}
		long hash = (length + (first ^ (first >>> 29))) * 0x9E3779B97F4A7C15L;
		hash = (hash + (last ^ (last >>> 29))) * 0x9E3779B97F4A7C15L;
		long[] words = this.words;
		int n = 0;
		if (length > 16) {
			n = words(data, from, length, words);
			for (int i = 0; i < n; i++) {
				long w = words[i];
				hash = (hash + (w ^ (w >>> 29))) * 0x9E3779B97F4A7C15L;
			}
		}
		// The product's high half: every bit of the folded words reaches its low bits.
		int h = (int) (hash >>> 32);
		int mask = this.byteLengths.length - 1;
		int slot = h & mask;
		for (int stored; (stored = this.byteLengths[slot]) != 0; slot = (slot + 1) & mask) {
			if (stored == length + 1 && this.byteFirsts[slot] == first && this.byteLasts[slot] == last
					&& (length <= 16 || same(this.byteWords[slot], words))) {
				return this.byteIds[slot];
			}
		}
		byte[] key = new byte[length];
		data.get(from, key);
		String text;
		try {
			text = this.utf8.decode(ByteBuffer.wrap(key)).toString();
		}
		catch (CharacterCodingException ex) {
			return NOT_UTF8;
		}
		int id = this.keys.id(text);
		this.byteLengths[slot] = length + 1;
		this.byteFirsts[slot] = first;
		this.byteLasts[slot] = last;
		this.byteWords[slot] = (length > 16) ? Arrays.copyOf(words, n) : null;
		this.byteHashes[slot] = h;
		this.byteIds[slot] = id;
		if (++this.byteCount * 2 > this.byteLengths.length) {
			growBytes();
		}
		return id;
	}

	/** The distinct string keys held (each once, however its rows lay it out). */
	int stringKeys() {
		return this.byteCount;
	}

	/** Up to 8 bytes from {@code from} as a little-endian word, one at a time. */
	private static long bytes(ByteBuffer data, int from, int count) {
		long word = 0;
		for (int i = 0; i < count; i++) {
			word |= (data.get(from + i) & 0xFFL) << (8 * i);
		}
		return word;
	}

	/**
	 * A key longer than 16 bytes, {@code data[from, from + length)}, as words: its whole
	 * words, then, when the length is not a multiple of 8, its last 8 bytes. Keys of one
	 * length have the same words exactly when they have the same bytes, in either buffer
	 * order.
	 * @return how many words
	 */
	private static int words(ByteBuffer data, int from, int length, long[] words) {
		boolean little = data.order() == ByteOrder.LITTLE_ENDIAN;
		int whole = length >>> 3;
		for (int i = 0; i < whole; i++) {
			words[i] = word(data, from + 8 * i, little);
		}
		if ((length & 7) == 0) {
			return whole;
		}
		words[whole] = word(data, from + length - 8, little);
		return whole + 1;
	}

	/** The 8 bytes from {@code at} as a little-endian word, in either buffer order. */
	private static long word(ByteBuffer data, int at, boolean little) {
		return little ? data.getLong(at) : bytes(data, at, 8);
	}

	/** Whether a stored key's words are the first of {@code words}. */
	private static boolean same(long[] key, long[] words) {
		for (int i = 0; i < key.length; i++) {
			if (key[i] != words[i]) {
				return false;
			}
		}
		return true;
	}

	private void growBytes() {
		int[] lengths = this.byteLengths;
		long[] firsts = this.byteFirsts;
		long[] lasts = this.byteLasts;
		long[][] words = this.byteWords;
		int[] hashes = this.byteHashes;
		int[] ids = this.byteIds;
		int size = lengths.length * 2;
		this.byteLengths = new int[size];
		this.byteFirsts = new long[size];
		this.byteLasts = new long[size];
		this.byteWords = new long[size][];
		this.byteHashes = new int[size];
		this.byteIds = new int[size];
		int mask = size - 1;
		for (int i = 0; i < lengths.length; i++) {
			if (lengths[i] != 0) {
				int slot = hashes[i] & mask;
				while (this.byteLengths[slot] != 0) {
					slot = (slot + 1) & mask;
				}
				this.byteLengths[slot] = lengths[i];
				this.byteFirsts[slot] = firsts[i];
				this.byteLasts[slot] = lasts[i];
				this.byteWords[slot] = words[i];
				this.byteHashes[slot] = hashes[i];
				this.byteIds[slot] = ids[i];
			}
		}
	}

	/**
	 * The id of an integer key, keyed by its decimal form.
	 * @param unsigned whether {@code value} holds a uint64
	 */
	int ofLong(long value, boolean unsigned) {
		if (value >= 0 && value < SMALL) {
			int s = this.smallSlots[(int) value];
			if (s != 0) {
				return s - 1;
			}
			int id = this.keys.id(Long.toString(value));
			this.smallSlots[(int) value] = id + 1;
			return id;
		}
		int mask = this.longKeys.length - 1;
		int slot = mix(value) & mask;
		for (int s; (s = this.longSlots[slot]) != 0; slot = (slot + 1) & mask) {
			if (this.longKeys[slot] == value) {
				return s - 1;
			}
		}
		int id = this.keys.id(unsigned ? Long.toUnsignedString(value) : Long.toString(value));
		this.longKeys[slot] = value;
		this.longSlots[slot] = id + 1;
		if (++this.longCount * 2 > this.longKeys.length) {
			long[] keys = this.longKeys;
			int[] slots = this.longSlots;
			this.longKeys = new long[keys.length * 2];
			this.longSlots = new int[keys.length * 2];
			int m = this.longKeys.length - 1;
			for (int i = 0; i < keys.length; i++) {
				if (slots[i] != 0) {
					int at = mix(keys[i]) & m;
					while (this.longSlots[at] != 0) {
						at = (at + 1) & m;
					}
					this.longKeys[at] = keys[i];
					this.longSlots[at] = slots[i];
				}
			}
		}
		return id;
	}

	private static int mix(long value) {
		long h = value * 0x9E3779B97F4A7C15L;
		return (int) (h ^ (h >>> 32));
	}

	/** Whether a dictionary has been loaded for the groups column. */
	boolean hasDictionary() {
		return this.dictionaryLoaded;
	}

	int dictionaryEntries() {
		return this.dictionaryEntries;
	}

	/**
	 * Bytes the dictionary would hold with {@code entries} more entries of {@code bytes}.
	 */
	long dictionarySize(boolean delta, int entries, long bytes) {
		long held = delta ? this.dictionaryOffsets[this.dictionaryEntries] + 4L * this.dictionaryEntries : 0;
		return held + bytes + 4L * entries;
	}

	/**
	 * Loads a dictionary batch of the groups column: a replacement, or a delta appended
	 * to the entries so far. The values are copied, so the batch's buffers can go at
	 * once.
	 * @param validity the values' validity bitmap (empty when {@code nulls} is 0)
	 * @param offsets {@code entries + 1} offsets of {@code offsetBytes} each, already
	 * checked to be non-decreasing and inside {@code data}
	 */
	void loadDictionary(boolean delta, int entries, ByteBuffer validity, long nulls, ByteBuffer offsets,
			int offsetBytes, ByteBuffer data) {
		if (!delta) {
			this.dictionaryEntries = 0;
		}
		this.dictionaryLoaded = true;
		if (entries == 0) {
			return;
		}
		int base = this.dictionaryEntries;
		int start = this.dictionaryOffsets[base];
		long first = offset(offsets, offsetBytes, 0);
		int bytes = (int) (offset(offsets, offsetBytes, entries) - first);
		int total = base + entries;
		if (this.dictionaryOffsets.length < total + 1) {
			this.dictionaryOffsets = Arrays.copyOf(this.dictionaryOffsets, Math.max(total + 1, 2 * base + 2));
		}
		if (this.dictionaryIds.length < total) {
			this.dictionaryIds = Arrays.copyOf(this.dictionaryIds, Math.max(total, 2 * base));
		}
		if (this.dictionaryData.length < start + bytes) {
			this.dictionaryData = Arrays.copyOf(this.dictionaryData, Math.max(start + bytes, 2 * start));
		}
		data.get((int) first, this.dictionaryData, start, bytes);
		for (int i = 0; i < entries; i++) {
			this.dictionaryOffsets[base + i + 1] = start + (int) (offset(offsets, offsetBytes, i + 1) - first);
			boolean isNull = nulls > 0 && (validity.capacity() == 0 || !Decoding.valid(validity, i));
			this.dictionaryIds[base + i] = isNull ? NULL : UNRESOLVED;
		}
		this.dictionaryEntries = total;
	}

	/** The id of dictionary entry {@code entry}, or {@link #NULL}, {@link #TOO_LONG}. */
	int ofEntry(int entry) {
		int id = this.dictionaryIds[entry];
		if (id == UNRESOLVED) {
			int from = this.dictionaryOffsets[entry];
			id = ofBytes(ByteBuffer.wrap(this.dictionaryData).order(ByteOrder.LITTLE_ENDIAN), from,
					this.dictionaryOffsets[entry + 1] - from);
			this.dictionaryIds[entry] = id;
		}
		return id;
	}

	private static long offset(ByteBuffer offsets, int offsetBytes, int i) {
		return (offsetBytes == 4) ? offsets.getInt(4 * i) : offsets.getLong(8 * i);
	}

}
