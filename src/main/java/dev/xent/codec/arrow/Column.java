package dev.xent.codec.arrow;

import java.util.List;

import dev.xent.codec.ColumnLayout.Shape;
import dev.xent.codec.MalformedRequestException;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.DictionaryEncoding;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * One column of the schema that the endpoint reads, with its Arrow type checked against
 * what the contract allows for it, and where its field nodes and buffers lie in a record
 * batch's layout.
 */
final class Column {

	/** How the column is laid out in a record batch. */
	enum Kind {

		/** A primitive column: validity and data. */
		NUMBER(1, 2),

		/** FixedSizeList of a primitive: validity; then the child, validity and data. */
		FIXED_LIST(2, 3),

		/** List of a primitive: validity, int32 offsets; then the child. */
		LIST(2, 4),

		/** utf8 or large_utf8: validity, offsets, data. */
		STRING(1, 3),

		/** Dictionary-encoded: the indices, validity and data. */
		DICTIONARY(1, 2);

		final int nodes;

		final int buffers;

		Kind(int nodes, int buffers) {
			this.nodes = nodes;
			this.buffers = buffers;
		}

	}

	/** A primitive element type. */
	enum Element {

		FLOAT64(8, true, true), FLOAT32(4, true, true), INT8(1, false, true), INT16(2, false, true),
		INT32(4, false, true), INT64(8, false, true), UINT8(1, false, false), UINT16(2, false, false),
		UINT32(4, false, false), UINT64(8, false, false);

		final int bytes;

		final boolean floating;

		final boolean signed;

		Element(int bytes, boolean floating, boolean signed) {
			this.bytes = bytes;
			this.floating = floating;
			this.signed = signed;
		}

		/** The element type of a primitive Arrow type, or {@code null}. */
		static Element of(ArrowType type) {
			if (type instanceof ArrowType.FloatingPoint f) {
				return (f.getPrecision() == FloatingPointPrecision.DOUBLE) ? FLOAT64
						: (f.getPrecision() == FloatingPointPrecision.SINGLE) ? FLOAT32 : null;
			}
			if (type instanceof ArrowType.Int i) {
				return switch (i.getBitWidth()) {
					case 8 -> i.getIsSigned() ? INT8 : UINT8;
					case 16 -> i.getIsSigned() ? INT16 : UINT16;
					case 32 -> i.getIsSigned() ? INT32 : UINT32;
					case 64 -> i.getIsSigned() ? INT64 : UINT64;
					default -> null;
				};
			}
			return null;
		}

	}

	final String name;

	final Kind kind;

	/** The values' type (a list's child, a dictionary's indices). */
	final Element element;

	/** A FixedSizeList's size. */
	final int listSize;

	/** The offsets of a string column or of a dictionary's values: 4 or 8 bytes. */
	final int offsetBytes;

	/** A dictionary-encoded column's dictionary id. */
	final long dictionaryId;

	private Column(String name, Kind kind, Element element, int listSize, int offsetBytes, long dictionaryId) {
		this.name = name;
		this.kind = kind;
		this.element = element;
		this.listSize = listSize;
		this.offsetBytes = offsetBytes;
		this.dictionaryId = dictionaryId;
	}

	/** A numeric column: one number per sample. */
	static Column vector(Field field, boolean integers, boolean floats) {
		Element e = (field.getDictionary() == null && field.getChildren().isEmpty()) ? Element.of(field.getType())
				: null;
		if (e == null || (e.floating ? !floats : !integers)) {
			throw wrongType(field, expected(integers, floats, false));
		}
		return new Column(field.getName(), Kind.NUMBER, e, 1, 0, -1);
	}

	/** A row of numbers per sample: FixedSizeList or List of numbers. */
	static Column matrix(Field field, boolean integers) {
		ArrowType type = field.getType();
		boolean list = type instanceof ArrowType.List;
		boolean fixed = type instanceof ArrowType.FixedSizeList;
		Element e = null;
		if ((list || fixed) && field.getDictionary() == null && field.getChildren().size() == 1) {
			Field child = field.getChildren().get(0);
			if (child.getDictionary() == null && child.getChildren().isEmpty()) {
				e = Element.of(child.getType());
			}
		}
		if (e == null || (!e.floating && !integers)) {
			throw wrongType(field, expected(integers, true, true));
		}
		if (fixed && ((ArrowType.FixedSizeList) type).getListSize() < 0) {
			throw MessageReader.notAStream("column " + field.getName() + " declares a negative list size");
		}
		return fixed
				? new Column(field.getName(), Kind.FIXED_LIST, e, ((ArrowType.FixedSizeList) type).getListSize(), 0, -1)
				: new Column(field.getName(), Kind.LIST, e, 0, 0, -1);
	}

	/** A column of the given shape. */
	static Column of(Field field, Shape shape, boolean integers) {
		return switch (shape) {
			case VECTOR -> vector(field, integers, true);
			case MATRIX -> matrix(field, integers);
			case CLASS_INDEX -> vector(field, true, false);
		};
	}

	/** The groups column: strings, integers, or a dictionary of strings. */
	static Column groups(Field field) {
		ArrowType type = field.getType();
		DictionaryEncoding dictionary = field.getDictionary();
		int offsetBytes = (type instanceof ArrowType.Utf8) ? 4 : (type instanceof ArrowType.LargeUtf8) ? 8 : 0;
		if (dictionary != null) {
			Element index = (dictionary.getIndexType() != null) ? Element.of(dictionary.getIndexType()) : null;
			if (offsetBytes == 0 || index == null || index.floating) {
				throw wrongType(field, "utf8, large_utf8, a dictionary of utf8, or an integer type");
			}
			return new Column(field.getName(), Kind.DICTIONARY, index, 0, offsetBytes, dictionary.getId());
		}
		if (offsetBytes != 0 && field.getChildren().isEmpty()) {
			return new Column(field.getName(), Kind.STRING, null, 0, offsetBytes, -1);
		}
		Element e = field.getChildren().isEmpty() ? Element.of(type) : null;
		if (e == null || e.floating) {
			throw wrongType(field, "utf8, large_utf8, a dictionary of utf8, or an integer type");
		}
		return new Column(field.getName(), Kind.NUMBER, e, 1, 0, -1);
	}

	private static String expected(boolean integers, boolean floats, boolean rows) {
		String number = (integers && floats) ? "float64, float32 or an integer type"
				: integers ? "an integer type" : "float64 or float32";
		return rows ? "a FixedSizeList or List of " + number + " (one row per sample)" : number;
	}

	private static MalformedRequestException wrongType(Field field, String expected) {
		return new MalformedRequestException(pointer(field.getName()),
				"must be " + expected + ", but is " + describe(field) + ".");
	}

	/** The JSON Pointer of a column (RFC 6901 escapes). */
	static String pointer(String name) {
		return "/" + name.replace("~", "~0").replace("/", "~1");
	}

	/** A field's type in pyarrow's words: {@code list<float64>}, {@code int64}. */
	static String describe(Field field) {
		DictionaryEncoding dictionary = field.getDictionary();
		String type = describe(field.getType(), field.getChildren());
		if (dictionary != null) {
			String index = (dictionary.getIndexType() != null) ? describe(dictionary.getIndexType(), List.of())
					: "int32";
			return "dictionary<values=" + type + ", indices=" + index + ">";
		}
		return type;
	}

	private static String describe(ArrowType type, List<Field> children) {
		Element e = Element.of(type);
		if (e != null) {
			return e.name().toLowerCase(java.util.Locale.ROOT);
		}
		String child = children.isEmpty() ? "?" : describe(children.get(0));
		if (type instanceof ArrowType.List) {
			return "list<" + child + ">";
		}
		if (type instanceof ArrowType.LargeList) {
			return "large_list<" + child + ">";
		}
		if (type instanceof ArrowType.FixedSizeList f) {
			return "fixed_size_list<" + child + ">[" + f.getListSize() + "]";
		}
		if (type instanceof ArrowType.Utf8) {
			return "utf8";
		}
		if (type instanceof ArrowType.LargeUtf8) {
			return "large_utf8";
		}
		if (type instanceof ArrowType.FloatingPoint) {
			return "float16";
		}
		return type.toString();
	}

}
