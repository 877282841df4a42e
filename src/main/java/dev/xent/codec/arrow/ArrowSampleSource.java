package dev.xent.codec.arrow;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.xent.codec.BodyLimitExceededException;
import dev.xent.codec.ColumnLayout;
import dev.xent.codec.MalformedRequestException;
import dev.xent.codec.PayloadTooLargeException;
import dev.xent.codec.SampleSource;
import dev.xent.codec.arrow.Column.Kind;
import dev.xent.loss.GroupKeys;
import dev.xent.loss.InvalidBatchException;
import dev.xent.loss.LimitExceededException;
import dev.xent.loss.SampleBatch;
import dev.xent.loss.Violations;
import org.apache.arrow.flatbuf.DictionaryBatch;
import org.apache.arrow.flatbuf.Endianness;
import org.apache.arrow.flatbuf.Message;
import org.apache.arrow.flatbuf.MessageHeader;
import org.apache.arrow.flatbuf.RecordBatch;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.OutOfMemoryException;
import org.apache.arrow.vector.TypeLayout;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * An Arrow IPC stream body as sample batches: the schema, then one {@link SampleBatch}
 * per record batch, pulled as the scoring asks for them; dictionary batches (replacements
 * and deltas) between them update the groups column's keys.
 * <p>
 * Columns are found by name ({@link ColumnLayout#COLUMNS}); those whose names start with
 * {@code __} (pandas' index) are skipped without being decoded. An unknown or wrongly
 * typed column is a {@link MalformedRequestException} (400) pointing at the column, a
 * missing one an {@link InvalidBatchException} (422) pointing where the JSON field would
 * be. A null slot, a ragged list row, a group key too long are 422s with their pointers,
 * rows counted across the whole stream. float32 is widened to float64 exactly, integers
 * converted to double (labels) or kept as 64-bit class indices.
 * <p>
 * Memory: one message body at a time, in the caller's bounded allocator, freed before
 * {@link #next} returns (a batch's values are copied into reusable Java arrays). Every
 * length the stream declares (a message's metadata and body, a compressed buffer's
 * uncompressed length, the groups dictionary) is checked against the batch limit before
 * anything is allocated for it (413, naming {@code xent.limits.max-batch-bytes}). The end
 * of the bytes before the end-of-stream marker is a truncated stream (400), never the end
 * of the request; so is any other malformation, whatever Arrow's metadata holds.
 */
public final class ArrowSampleSource implements SampleSource, AutoCloseable {

	/**
	 * Most values of the widest column in one sample batch: a record batch (up to the
	 * batch limit, off the heap) is handed on in slices of this many, so that the arrays
	 * on the heap stay small (2 MiB per column) whatever the batch size.
	 */
	static final int SLICE_VALUES = 1 << 18;

	private static final int PREDICTIONS = 0;

	private static final int LABELS = 1;

	private static final int TARGETS = 2;

	private static final int SAMPLE_WEIGHTS = 3;

	private static final int GROUPS = 4;

	/**
	 * Deepest field nesting and most fields a schema may have (a corrupt one may loop).
	 */
	private static final int MAX_DEPTH = 64;

	private static final int MAX_FIELDS = 100_000;

	private final ColumnLayout layout;

	private final long maxBytes;

	private final MessageReader messages;

	private final BatchBody body;

	private final GroupIds groupIds;

	private final RecordBatch recordBatch = new RecordBatch();

	private final DictionaryBatch dictionaryBatch = new DictionaryBatch();

	private List<Field> fields;

	/** The role (index in {@link ColumnLayout#COLUMNS}) of each field, or -1. */
	private int[] roles;

	private final Column[] columns = new Column[ColumnLayout.COLUMNS.size()];

	private final Set<Long> dictionaryIds = new HashSet<>();

	/** Where each column's first field node and buffer lie in the current batch. */
	private final int[] nodeAt = new int[ColumnLayout.COLUMNS.size()];

	private final int[] bufferAt = new int[ColumnLayout.COLUMNS.size()];

	private final double[][] doubles = new double[ColumnLayout.COLUMNS.size()][];

	private long[] classes = new long[0];

	private long[] integers = new long[0];

	private int[] groups = new int[0];

	private float[] scratch = new float[0];

	private long firstRow;

	/** Whether a record batch is open, its slices not all handed on. */
	private boolean open;

	/** Rows of the open record batch, the next slice's first one, and rows per slice. */
	private int batchRows;

	private int cursor;

	private int sliceRows;

	/** Bounds on a slice: rows, and values of its widest column ({@link #sliceFor}). */
	private int maxSliceRows = Integer.MAX_VALUE;

	private int maxSliceValues = SLICE_VALUES;

	private boolean finished;

	/**
	 * @param allocator a child allocator with a limit, owned by the caller
	 * @param maxBatchBytes the batch limit: every length the stream declares is checked
	 * against it before anything is allocated (a limit past 2 GiB acts as 2 GiB)
	 * @param groups interns the groups column's keys
	 */
	public ArrowSampleSource(InputStream in, ColumnLayout layout, BufferAllocator allocator, long maxBatchBytes,
			GroupKeys groups) {
		this.layout = layout;
		this.maxBytes = Math.min(maxBatchBytes, Integer.MAX_VALUE - 64);
		this.messages = new MessageReader(new BufferedInputStream(in, 64 * 1024), allocator, this.maxBytes);
		this.body = new BatchBody(allocator, this.maxBytes);
		this.groupIds = new GroupIds(groups);
		for (int i = 0; i < this.doubles.length; i++) {
			this.doubles[i] = new double[0];
		}
	}

	/**
	 * Hands record batches on in slices of at most {@code rows} rows and {@code values}
	 * values a column (at least one row): for a consumer that works on short slices (the
	 * summaries' {@code Scoring.SLICE}), which then takes each one as it is, decoded into
	 * arrays that are still in the processor's cache, instead of copying it again out of
	 * a longer one. The bits of every result are the same whatever the slices.
	 */
	public ArrowSampleSource sliceFor(int rows, int values) {
		this.maxSliceRows = Math.max(1, rows);
		this.maxSliceValues = Math.max(1, Math.min(values, SLICE_VALUES));
		return this;
	}

	@Override
	public SampleBatch next() throws IOException {
		if (this.finished) {
			return null;
		}
		try {
			if (this.fields == null) {
				readSchema();
			}
			if (this.open) {
				return nextSlice();
			}
			while (true) {
				Message m = this.messages.next();
				if (m == null) {
					close();
					return null;
				}
				byte type = m.headerType();
				if (type == MessageHeader.RecordBatch) {
					return readRecordBatch(m);
				}
				if (type != MessageHeader.DictionaryBatch) {
					throw MessageReader.notAStream("a " + messageType(type)
							+ " message follows the schema, where only record batches and dictionary batches may");
				}
				readDictionaryBatch(m);
			}
		}
		catch (BodyLimitExceededException ex) {
			close();
			throw new PayloadTooLargeException(ex.getMessage());
		}
		catch (IOException ex) {
			close();
			throw new UncheckedIOException(ex);
		}
		catch (MalformedRequestException | InvalidBatchException | LimitExceededException | OutOfMemoryException ex) {
			close();
			throw ex;
		}
		catch (RuntimeException ex) {
			// Arrow's metadata is read without verification: corrupt flatbuffers show as
			// out-of-bounds reads and the like.
			close();
			throw MessageReader.notAStream("its metadata or buffers are corrupt (" + ex.getClass().getSimpleName()
					+ ((ex.getMessage() != null) ? ": " + ex.getMessage() : "") + ")");
		}
	}

	/** Frees every buffer; the source yields nothing more. */
	@Override
	public void close() {
		this.finished = true;
		this.open = false;
		this.body.close();
	}

	private void readSchema() throws IOException {
		Message m = this.messages.next();
		if (m == null) {
			throw MessageReader.notAStream("it ends (end-of-stream marker) before its schema");
		}
		if (m.headerType() != MessageHeader.Schema) {
			throw MessageReader
				.notAStream("it must start with its schema, but starts with a " + messageType(m.headerType()));
		}
		if (m.bodyLength() != 0) {
			throw MessageReader.notAStream("its schema message declares a body");
		}
		org.apache.arrow.flatbuf.Schema fb = (org.apache.arrow.flatbuf.Schema) m
			.header(new org.apache.arrow.flatbuf.Schema());
		if (fb == null) {
			throw MessageReader.notAStream("its schema message has no schema");
		}
		if (fb.endianness() != Endianness.Little) {
			throw MessageReader.notAStream("its schema is big-endian; send little-endian data");
		}
		int[] budget = { MAX_FIELDS };
		org.apache.arrow.flatbuf.Field field = new org.apache.arrow.flatbuf.Field();
		for (int i = 0; i < fb.fieldsLength(); i++) {
			checkShape(fb.fields(field, i), 1, budget);
		}
		plan(Schema.convertSchema(fb));
	}

	/** Bounds the schema's nesting and size before Arrow converts it recursively. */
	private static void checkShape(org.apache.arrow.flatbuf.Field field, int depth, int[] budget) {
		if (depth > MAX_DEPTH || --budget[0] < 0) {
			throw MessageReader.notAStream("its schema nests fields deeper than " + MAX_DEPTH + " or has more than "
					+ MAX_FIELDS + " of them");
		}
		int children = field.childrenLength();
		for (int i = 0; i < children; i++) {
			checkShape(field.children(new org.apache.arrow.flatbuf.Field(), i), depth + 1, budget);
		}
	}

	private void plan(Schema schema) {
		List<Field> fields = schema.getFields();
		int[] roles = new int[fields.size()];
		for (int i = 0; i < fields.size(); i++) {
			Field f = fields.get(i);
			collectDictionaries(f);
			String name = (f.getName() != null) ? f.getName() : "";
			if (name.startsWith("__")) {
				roles[i] = -1;
				continue;
			}
			int role = ColumnLayout.COLUMNS.indexOf(name);
			if (role < 0 || (role == TARGETS && !this.layout.targets())) {
				throw new MalformedRequestException(Column.pointer(name),
						"is not a column of this endpoint, which takes " + String.join(", ", columnNames())
								+ " (columns whose names start with \"__\" are ignored).");
			}
			if (this.columns[role] != null) {
				throw new MalformedRequestException(Column.pointer(name), "appears twice in the schema.");
			}
			this.columns[role] = switch (role) {
				case PREDICTIONS -> Column.of(f, this.layout.predictions(), false);
				case LABELS -> Column.of(f, this.layout.labels(), true);
				case TARGETS -> Column.matrix(f, false);
				case SAMPLE_WEIGHTS -> Column.vector(f, false, true);
				default -> Column.groups(f);
			};
			roles[i] = role;
		}
		Violations v = new Violations();
		if (this.columns[PREDICTIONS] == null) {
			v.add("/predictions", "is required.");
		}
		this.layout.checkPresence(v, this.columns[LABELS] != null, this.columns[TARGETS] != null);
		v.throwIfAny();
		this.fields = fields;
		this.roles = roles;
	}

	private List<String> columnNames() {
		return ColumnLayout.COLUMNS.stream().filter((c) -> this.layout.targets() || !c.equals("targets")).toList();
	}

	private void collectDictionaries(Field f) {
		if (f.getDictionary() != null) {
			this.dictionaryIds.add(f.getDictionary().getId());
		}
		for (Field child : f.getChildren()) {
			collectDictionaries(child);
		}
	}

	private void readDictionaryBatch(Message m) throws IOException {
		DictionaryBatch fb = (DictionaryBatch) m.header(this.dictionaryBatch);
		if (fb == null) {
			throw MessageReader.notAStream("a dictionary batch message has no dictionary batch");
		}
		long id = fb.id();
		if (!this.dictionaryIds.contains(id)) {
			throw MessageReader.notAStream("a dictionary batch has id " + id + ", which no field of the schema uses");
		}
		long bodyLength = m.bodyLength();
		if (bodyLength > this.maxBytes) {
			throw BatchBody.tooLarge(
					"The Arrow dictionary batch with id " + id + " has a body of " + bodyLength + " bytes",
					this.maxBytes, -1, 0);
		}
		RecordBatch data = fb.data(this.recordBatch);
		if (data == null) {
			throw MessageReader.notAStream("a dictionary batch has no data");
		}
		boolean delta = fb.isDelta();
		try {
			this.body.own(this.messages.readBody(bodyLength), bodyLength);
			this.body.load(data, "the dictionary batch with id " + id, -1);
			Column g = this.columns[GROUPS];
			if (g != null && g.kind == Kind.DICTIONARY && g.dictionaryId == id) {
				loadGroupsDictionary(g, delta);
			}
		}
		finally {
			this.body.close();
		}
	}

	private void loadGroupsDictionary(Column g, boolean delta) {
		BatchBody b = this.body;
		if (b.nodeCount() != 1 || b.bufferCount() != 3) {
			throw MessageReader.notAStream("the groups dictionary batch does not hold one string column");
		}
		long entries = b.nodeLength(0);
		if (entries > Integer.MAX_VALUE - 8) {
			throw MessageReader.notAStream("the groups dictionary declares " + entries + " entries");
		}
		int n = (int) entries;
		ByteBuffer offsets = b.buffer(1);
		ByteBuffer data = b.buffer(2);
		long first = Decoding.checkOffsets(offsets, g.offsetBytes, n, data.capacity(), "the groups dictionary");
		long bytes = (n == 0) ? 0 : Decoding.offset(offsets, g.offsetBytes, n) - first;
		long size = this.groupIds.dictionarySize(delta, n, bytes);
		if (size > this.maxBytes) {
			throw BatchBody.tooLarge("With this " + (delta ? "delta" : "dictionary batch")
					+ ", the groups dictionary (id " + g.dictionaryId + ") holds " + size + " bytes", this.maxBytes, -1,
					0);
		}
		ByteBuffer validity = b.buffer(0);
		long nulls = b.nodeNulls(0);
		if (nulls > 0 && validity.capacity() > 0) {
			Decoding.require(validity, (entries + 7) / 8, "the groups dictionary's validity bitmap");
		}
		this.groupIds.loadDictionary(delta, n, validity, nulls, offsets, g.offsetBytes, data);
	}

	private SampleBatch readRecordBatch(Message m) throws IOException {
		RecordBatch fb = (RecordBatch) m.header(this.recordBatch);
		if (fb == null) {
			throw MessageReader.notAStream("a record batch message has no record batch");
		}
		long bodyLength = m.bodyLength();
		long rows = fb.length();
		if (bodyLength > this.maxBytes) {
			throw BatchBody.tooLarge("The Arrow record batch starting at row " + this.firstRow + " has a body of "
					+ bodyLength + " bytes", this.maxBytes, rows, bodyLength);
		}
		// The body stays open while its slices are handed on; next() closes it on any
		// error.
		this.body.own(this.messages.readBody(bodyLength), bodyLength);
		this.body.load(fb, "the record batch starting at row " + this.firstRow, rows);
		locate();
		this.batchRows = (int) this.body.rows();
		this.cursor = 0;
		this.open = true;
		return nextSlice();
	}

	/**
	 * Finds each column's field nodes and buffers in the batch's layout, skipping the
	 * ignored columns as Arrow lays out their types.
	 */
	private void locate() {
		int[] cursor = new int[3];
		for (int i = 0; i < this.fields.size(); i++) {
			int role = this.roles[i];
			if (role >= 0) {
				Column c = this.columns[role];
				this.nodeAt[role] = cursor[0];
				this.bufferAt[role] = cursor[1];
				cursor[0] += c.kind.nodes;
				cursor[1] += c.kind.buffers;
			}
			else {
				skip(this.fields.get(i), cursor);
			}
		}
		if (cursor[0] != this.body.nodeCount() || cursor[1] != this.body.bufferCount()
				|| cursor[2] != this.body.variadicCount()) {
			throw MessageReader.notAStream("a record batch has " + this.body.nodeCount() + " field nodes and "
					+ this.body.bufferCount() + " buffers, but its schema lays out " + cursor[0] + " and " + cursor[1]);
		}
	}

	private void skip(Field f, int[] cursor) {
		cursor[0]++;
		if (f.getDictionary() != null) {
			cursor[1] += 2;
			return;
		}
		ArrowType type = f.getType();
		cursor[1] += TypeLayout.getTypeBufferCount(type);
		if (type instanceof ArrowType.Utf8View || type instanceof ArrowType.BinaryView) {
			if (cursor[2] >= this.body.variadicCount()) {
				throw MessageReader.notAStream("a record batch lacks the variadic buffer count of a view column");
			}
			long count = this.body.variadic(cursor[2]++);
			if (count < 0 || count > this.body.bufferCount()) {
				throw MessageReader.notAStream("a record batch declares " + count + " variadic buffers");
			}
			cursor[1] += (int) count;
		}
		for (Field child : f.getChildren()) {
			skip(child, cursor);
		}
	}

	/**
	 * The next slice of the open record batch: the whole batch is checked with its first
	 * slice (so every violation of a batch is reported at once), then its columns are
	 * converted {@link #SLICE_VALUES} values at a time, so that the heap a request takes
	 * is bounded by the slice, not by the batch (its buffers stay off the heap).
	 */
	private SampleBatch nextSlice() {
		int rows = this.batchRows;
		int start = this.cursor;
		if (start == 0) {
			Violations v = new Violations();
			int width = readDoubles(PREDICTIONS, rows, 0, 0, true, v);
			Column p = this.columns[PREDICTIONS];
			if (width == 0 && rows > 0 && p.kind != Kind.NUMBER) {
				v.add(pointer("predictions", 0), "must hold at least one column.");
				v.throwIfAny();
			}
			int widest = Math.max(width, 1);
			Column l = this.columns[LABELS];
			if (l != null) {
				if (this.layout.labels() == ColumnLayout.Shape.CLASS_INDEX) {
					readClasses(rows, 0, 0, true, v);
				}
				else {
					widest = Math.max(widest, readDoubles(LABELS, rows, 0, 0, true, v));
				}
			}
			if (this.columns[TARGETS] != null) {
				widest = Math.max(widest, readDoubles(TARGETS, rows, 0, 0, true, v));
			}
			if (this.columns[SAMPLE_WEIGHTS] != null) {
				readDoubles(SAMPLE_WEIGHTS, rows, 0, 0, true, v);
			}
			if (this.columns[GROUPS] != null) {
				readGroups(rows, 0, 0, true, v);
			}
			v.throwIfAny();
			this.sliceRows = Math.max(1, Math.min(this.maxSliceRows, this.maxSliceValues / widest));
		}
		int count = Math.min(rows - start, this.sliceRows);
		Violations v = new Violations();
		int width = readDoubles(PREDICTIONS, rows, start, count, false, v);
		double[] labels = null;
		int labelWidth = 0;
		long[] classes = null;
		if (this.columns[LABELS] != null) {
			if (this.layout.labels() == ColumnLayout.Shape.CLASS_INDEX) {
				classes = readClasses(rows, start, count, false, v);
			}
			else {
				labelWidth = readDoubles(LABELS, rows, start, count, false, v);
				labels = this.doubles[LABELS];
			}
		}
		double[] targets = null;
		int targetWidth = 0;
		if (this.columns[TARGETS] != null) {
			targetWidth = readDoubles(TARGETS, rows, start, count, false, v);
			targets = this.doubles[TARGETS];
		}
		double[] weights = null;
		if (this.columns[SAMPLE_WEIGHTS] != null) {
			readDoubles(SAMPLE_WEIGHTS, rows, start, count, false, v);
			weights = this.doubles[SAMPLE_WEIGHTS];
		}
		int[] groups = (this.columns[GROUPS] != null) ? readGroups(rows, start, count, false, v) : null;
		v.throwIfAny();
		SampleBatch batch = new SampleBatch(this.firstRow + start, count, Math.max(width, 0), this.doubles[PREDICTIONS],
				labels, labelWidth, classes, targets, targetWidth, weights, groups, null);
		this.cursor = start + count;
		if (this.cursor == rows) {
			this.firstRow += rows;
			this.open = false;
			this.body.close();
		}
		return batch;
	}

	/**
	 * Reads a numeric column, one number or one row per sample, into
	 * {@code doubles[role]}.
	 * @return the row width, or -1 when the column has violations
	 */
	private int readDoubles(int role, int rows, int start, int count, boolean check, Violations v) {
		Column c = this.columns[role];
		int node = this.nodeAt[role];
		int buffer = this.bufferAt[role];
		if (check) {
			checkRows(c, node, rows);
			if (!noNulls(c.name, node, buffer, rows, v)) {
				return -1;
			}
		}
		BatchBody b = this.body;
		long from = 0;
		long values;
		int width;
		ByteBuffer data;
		switch (c.kind) {
			case NUMBER -> {
				width = 1;
				values = rows;
				data = b.buffer(buffer + 1);
			}
			case FIXED_LIST -> {
				width = c.listSize;
				values = (long) rows * width;
				if (check && b.nodeLength(node + 1) < values) {
					throw MessageReader.notAStream("column " + c.name + " has " + b.nodeLength(node + 1)
							+ " values for " + rows + " rows of " + width);
				}
				if (check && !noChildNulls(c.name, node + 1, buffer + 1, 0, values, width, v)) {
					return -1;
				}
				data = b.buffer(buffer + 2);
			}
			case LIST -> {
				ByteBuffer offsets = b.buffer(buffer + 1);
				if (check) {
					Decoding.checkOffsets(offsets, 4, rows, b.nodeLength(node + 1), "column " + c.name);
				}
				from = (rows == 0) ? 0 : Decoding.offset(offsets, 4, 0);
				width = (rows == 0) ? 0 : (int) (Decoding.offset(offsets, 4, 1) - from);
				if (check && !sameWidth(c.name, offsets, rows, width, v)) {
					return -1;
				}
				values = (long) rows * width;
				if (check && !noChildNulls(c.name, node + 1, buffer + 2, from, values, width, v)) {
					return -1;
				}
				data = b.buffer(buffer + 3);
			}
			default -> throw new IllegalStateException("not a numeric column: " + c.kind);
		}
		if (check) {
			Decoding.require(data, (from + values) * c.element.bytes, "the data of column " + c.name);
		}
		int n = count * width;
		if (this.doubles[role].length < n) {
			this.doubles[role] = new double[n];
		}
		if (c.element == Column.Element.FLOAT32 && this.scratch.length < n) {
			this.scratch = new float[n];
		}
		Decoding.toDoubles(data, c.element, from + (long) start * width, n, this.doubles[role], this.scratch);
		return width;
	}

	/** Whether every row of a List column has {@code width} values; else violations. */
	private boolean sameWidth(String name, ByteBuffer offsets, int rows, int width, Violations v) {
		boolean same = true;
		int previous = offsets.getInt(0);
		for (int i = 1; i <= rows; i++) {
			int next = offsets.getInt(4 * i);
			if (next - previous != width) {
				v.add(pointer(name, i - 1), "has " + (next - previous) + " values, but row " + this.firstRow + " has "
						+ width + "; every row must have the same length.");
				same = false;
				if (v.isFull()) {
					break;
				}
			}
			previous = next;
		}
		return same;
	}

	private long[] readClasses(int rows, int start, int count, boolean check, Violations v) {
		Column c = this.columns[LABELS];
		int node = this.nodeAt[LABELS];
		int buffer = this.bufferAt[LABELS];
		ByteBuffer data = this.body.buffer(buffer + 1);
		if (check) {
			checkRows(c, node, rows);
			if (!noNulls(c.name, node, buffer, rows, v)) {
				return null;
			}
			Decoding.require(data, (long) rows * c.element.bytes, "the data of column " + c.name);
		}
		if (this.classes.length < count) {
			this.classes = new long[count];
		}
		long[] classes = this.classes;
		Decoding.toLongs(data, c.element, start, count, classes);
		if (c.element == Column.Element.UINT64) {
			for (int i = 0; i < count && !v.isFull(); i++) {
				if (classes[i] < 0) {
					v.add(pointer(c.name, start + i),
							"must be an integer within 64 bits, but is " + Long.toUnsignedString(classes[i]) + ".");
				}
			}
		}
		return classes;
	}

	private int[] readGroups(int rows, int start, int count, boolean check, Violations v) {
		Column c = this.columns[GROUPS];
		int node = this.nodeAt[GROUPS];
		int buffer = this.bufferAt[GROUPS];
		if (check) {
			checkRows(c, node, rows);
			if (!noNulls(c.name, node, buffer, rows, v)) {
				return null;
			}
		}
		if (this.groups.length < count) {
			this.groups = new int[count];
		}
		int[] ids = this.groups;
		BatchBody b = this.body;
		switch (c.kind) {
			case STRING -> {
				ByteBuffer offsets = b.buffer(buffer + 1);
				ByteBuffer data = b.buffer(buffer + 2);
				if (check) {
					Decoding.checkOffsets(offsets, c.offsetBytes, rows, data.capacity(), "column groups");
				}
				long at = (count == 0) ? 0 : Decoding.offset(offsets, c.offsetBytes, start);
				for (int i = 0; i < count; i++) {
					long end = Decoding.offset(offsets, c.offsetBytes, start + i + 1);
					ids[i] = group(this.groupIds.ofBytes(data, (int) at, (int) (end - at)), start + i, v);
					at = end;
				}
			}
			case NUMBER -> {
				long[] values = integers(count);
				ByteBuffer data = b.buffer(buffer + 1);
				if (check) {
					Decoding.require(data, (long) rows * c.element.bytes, "the data of column groups");
				}
				Decoding.toLongs(data, c.element, start, count, values);
				boolean unsigned = c.element == Column.Element.UINT64;
				for (int i = 0; i < count; i++) {
					ids[i] = this.groupIds.ofLong(values[i], unsigned);
				}
			}
			case DICTIONARY -> {
				if (!this.groupIds.hasDictionary()) {
					throw MessageReader.notAStream("the groups column's dictionary (id " + c.dictionaryId
							+ ") has not been sent before the record batch starting at row " + this.firstRow);
				}
				long[] values = integers(count);
				ByteBuffer data = b.buffer(buffer + 1);
				if (check) {
					Decoding.require(data, (long) rows * c.element.bytes, "the data of column groups");
				}
				Decoding.toLongs(data, c.element, start, count, values);
				int entries = this.groupIds.dictionaryEntries();
				for (int i = 0; i < count; i++) {
					long index = values[i];
					if (index < 0 || index >= entries) {
						throw new MalformedRequestException(pointer(c.name, start + i), "refers to dictionary entry "
								+ Long.toUnsignedString(index) + ", but the dictionary has " + entries + " entries.");
					}
					ids[i] = group(this.groupIds.ofEntry((int) index), start + i, v);
				}
			}
			default -> throw new IllegalStateException("not a groups column: " + c.kind);
		}
		return ids;
	}

	private int group(int id, int row, Violations v) {
		if (id >= 0) {
			return id;
		}
		String at = pointer("groups", row);
		switch (id) {
			case GroupIds.TOO_LONG -> v.add(at, "is longer than " + GroupKeys.MAX_KEY_BYTES + " UTF-8 bytes.");
			case GroupIds.NULL -> v.add(at, "is null (its dictionary entry is null); every value must be present.");
			default -> throw new MalformedRequestException(at, "is not valid UTF-8.");
		}
		return 0;
	}

	private long[] integers(int rows) {
		if (this.integers.length < rows) {
			this.integers = new long[rows];
		}
		return this.integers;
	}

	/** Checks that a column's top-level node has one value per row. */
	private boolean checkRows(Column c, int node, int rows) {
		long length = this.body.nodeLength(node);
		if (length != rows) {
			throw MessageReader
				.notAStream("column " + c.name + " has " + length + " values in a record batch of " + rows + " rows");
		}
		return true;
	}

	/** Reports each null row of a column; whether there was none. */
	private boolean noNulls(String name, int node, int buffer, int rows, Violations v) {
		boolean[] none = { true };
		Decoding.forEachNull(this.body.buffer(buffer), this.body.nodeNulls(node), 0, rows, (i) -> {
			none[0] = false;
			v.add(pointer(name, i), "is null; every value must be present.");
			return !v.isFull();
		});
		return none[0];
	}

	/** Reports each null value of a list column's child, by row and column. */
	private boolean noChildNulls(String name, int node, int buffer, long from, long values, int width, Violations v) {
		boolean[] none = { true };
		Decoding.forEachNull(this.body.buffer(buffer), this.body.nodeNulls(node), from, values, (i) -> {
			none[0] = false;
			v.add(pointer(name, i / width) + "/" + (i % width), "is null; every value must be present.");
			return !v.isFull();
		});
		return none[0];
	}

	private String pointer(String field, long row) {
		return "/" + field + "/" + (this.firstRow + row);
	}

	private static String messageType(byte type) {
		return (type >= 0 && type < MessageHeader.names.length) ? MessageHeader.names[type] : "type " + type;
	}

}
