package dev.xent.codec.arrow;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.function.LongPredicate;

import dev.xent.codec.arrow.Column.Element;

/**
 * Bulk reads of Arrow buffers (little-endian views) into the Java arrays of a sample
 * batch: a float64 column is one bulk copy, other types one tight loop, and every read is
 * first checked against the buffer's length, so a buffer shorter than its values is a
 * 400, never an out-of-bounds read.
 */
final class Decoding {

	private Decoding() {
	}

	/** Whether bit {@code i} of a validity bitmap is set. */
	static boolean valid(ByteBuffer bits, long i) {
		return ((bits.get((int) (i >>> 3)) >> (i & 7)) & 1) != 0;
	}

	/**
	 * Calls {@code onNull} with the index (from 0) of each null among {@code count}
	 * values starting at bit {@code from}, until it returns false.
	 * @param nulls the node's null count: 0 means no nulls, whatever the bitmap holds; an
	 * empty bitmap with nulls means all are null
	 */
	static void forEachNull(ByteBuffer bits, long nulls, long from, long count, LongPredicate onNull) {
		if (nulls == 0 || count == 0) {
			return;
		}
		if (bits.capacity() == 0) {
			for (long i = 0; i < count; i++) {
				if (!onNull.test(i)) {
					return;
				}
			}
			return;
		}
		require(bits, (from + count + 7) / 8, "a validity bitmap");
		long i = 0;
		while (i < count) {
			long bit = from + i;
			if ((bit & 63) == 0 && count - i >= 64 && bits.getLong((int) (bit >>> 3)) == -1L) {
				i += 64;
				continue;
			}
			if (!valid(bits, bit) && !onNull.test(i)) {
				return;
			}
			i++;
		}
	}

	/** Checks that a buffer holds at least {@code bytes}. */
	static void require(ByteBuffer buffer, long bytes, String what) {
		if (buffer.capacity() < bytes) {
			throw MessageReader.notAStream(
					what + " holds " + buffer.capacity() + " bytes, fewer than the " + bytes + " its values need");
		}
	}

	/**
	 * Copies {@code count} values from element {@code from} into {@code dst}, widened to
	 * double (float32 exactly; integers by Java's conversion, uint64 as unsigned).
	 */
	static void toDoubles(ByteBuffer data, Element e, long from, int count, double[] dst, float[] scratch) {
		require(data, (from + count) * e.bytes, "a data buffer");
		int at = (int) (from * e.bytes);
		switch (e) {
			case FLOAT64 -> slice(data, at, count * 8).asDoubleBuffer().get(dst, 0, count);
			case FLOAT32 -> {
				slice(data, at, count * 4).asFloatBuffer().get(scratch, 0, count);
				for (int i = 0; i < count; i++) {
					dst[i] = scratch[i];
				}
			}
			case INT8 -> {
				for (int i = 0; i < count; i++) {
					dst[i] = data.get(at + i);
				}
			}
			case UINT8 -> {
				for (int i = 0; i < count; i++) {
					dst[i] = data.get(at + i) & 0xFF;
				}
			}
			case INT16 -> {
				for (int i = 0; i < count; i++) {
					dst[i] = data.getShort(at + 2 * i);
				}
			}
			case UINT16 -> {
				for (int i = 0; i < count; i++) {
					dst[i] = data.getShort(at + 2 * i) & 0xFFFF;
				}
			}
			case INT32 -> {
				for (int i = 0; i < count; i++) {
					dst[i] = data.getInt(at + 4 * i);
				}
			}
			case UINT32 -> {
				for (int i = 0; i < count; i++) {
					dst[i] = data.getInt(at + 4 * i) & 0xFFFFFFFFL;
				}
			}
			case INT64 -> {
				for (int i = 0; i < count; i++) {
					dst[i] = data.getLong(at + 8 * i);
				}
			}
			case UINT64 -> {
				for (int i = 0; i < count; i++) {
					dst[i] = unsignedToDouble(data.getLong(at + 8 * i));
				}
			}
		}
	}

	/**
	 * Copies {@code count} integers from element {@code from} into {@code dst}; a uint64
	 * above {@link Long#MAX_VALUE} comes out negative (the caller reports it).
	 */
	static void toLongs(ByteBuffer data, Element e, long from, int count, long[] dst) {
		require(data, (from + count) * e.bytes, "a data buffer");
		int at = (int) (from * e.bytes);
		switch (e) {
			case INT64, UINT64 -> slice(data, at, count * 8).asLongBuffer().get(dst, 0, count);
			case INT8 -> {
				for (int i = 0; i < count; i++) {
					dst[i] = data.get(at + i);
				}
			}
			case UINT8 -> {
				for (int i = 0; i < count; i++) {
					dst[i] = data.get(at + i) & 0xFF;
				}
			}
			case INT16 -> {
				for (int i = 0; i < count; i++) {
					dst[i] = data.getShort(at + 2 * i);
				}
			}
			case UINT16 -> {
				for (int i = 0; i < count; i++) {
					dst[i] = data.getShort(at + 2 * i) & 0xFFFF;
				}
			}
			case INT32 -> {
				for (int i = 0; i < count; i++) {
					dst[i] = data.getInt(at + 4 * i);
				}
			}
			case UINT32 -> {
				for (int i = 0; i < count; i++) {
					dst[i] = data.getInt(at + 4 * i) & 0xFFFFFFFFL;
				}
			}
			default -> throw new IllegalArgumentException("not an integer type: " + e);
		}
	}

	/** A uint64 held in a long, correctly rounded to double. */
	static double unsignedToDouble(long v) {
		if (v >= 0) {
			return v;
		}
		// Halve, keeping the lowest bit sticky so that the rounding is as for the full
		// value.
		return ((v >>> 1) | (v & 1)) * 2.0;
	}

	/**
	 * Reads the {@code rows + 1} offsets of a list or string column, 4 or 8 bytes each,
	 * checking that they do not decrease and end inside {@code limit}.
	 * @return the offsets' first value
	 */
	static long checkOffsets(ByteBuffer offsets, int offsetBytes, int rows, long limit, String what) {
		if (rows == 0) {
			return 0;
		}
		require(offsets, (long) (rows + 1) * offsetBytes, what + "'s offsets");
		long previous = offset(offsets, offsetBytes, 0);
		long first = previous;
		if (first < 0) {
			throw MessageReader.notAStream(what + "'s offsets start below 0");
		}
		for (int i = 1; i <= rows; i++) {
			long next = offset(offsets, offsetBytes, i);
			if (next < previous) {
				throw MessageReader.notAStream(what + "'s offsets decrease at row " + i);
			}
			previous = next;
		}
		if (previous > limit) {
			throw MessageReader.notAStream(what + "'s offsets end at " + previous + ", past its " + limit + " values");
		}
		return first;
	}

	static long offset(ByteBuffer offsets, int offsetBytes, int i) {
		return (offsetBytes == 4) ? offsets.getInt(4 * i) : offsets.getLong(8 * i);
	}

	private static ByteBuffer slice(ByteBuffer data, int at, int length) {
		return data.slice(at, length).order(ByteOrder.LITTLE_ENDIAN);
	}

}
