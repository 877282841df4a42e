package dev.xent.codec.json;

import java.io.IOException;
import java.io.InputStream;

import dev.xent.codec.MalformedRequestException;

/**
 * The JSON tokenizer ({@link JsonInput}) in line mode, for the JSON Lines codec: the same
 * scanning and the same number conversion as a JSON document's (so a number reads to the
 * same double in both formats), with line feeds as the ends of values' lines. Each method
 * is {@link JsonInput}'s of the same name; this class only opens the tokenizer to the
 * codec's package, which needs nothing else of it.
 */
public final class JsonLineInput {

	/** {@link #readInteger()} found an integer within 64 bits: {@link #integer()}. */
	public static final int INTEGER = JsonInput.INTEGER;

	/** {@link #readInteger()} found an integer literal beyond 64 bits. */
	public static final int BIG_INTEGER = JsonInput.BIG_INTEGER;

	/** {@link #readInteger()} found a number with a fraction or an exponent. */
	public static final int NOT_INTEGER = JsonInput.NOT_INTEGER;

	private final JsonInput input;

	private JsonLineInput(JsonInput input) {
		this.input = input;
	}

	/**
	 * A UTF-8 body of JSON values, one per line.
	 * @param maxNumberLength most digits in a number literal (400 beyond)
	 * @param maxStringLength longest string, in characters (400 beyond)
	 * @param maxLineBytes longest line in bytes, without its line break (413 beyond)
	 */
	public static JsonLineInput open(InputStream body, int maxNumberLength, int maxStringLength, int maxLineBytes)
			throws IOException {
		return new JsonLineInput(JsonInput.openLines(body, maxNumberLength, maxStringLength, maxLineBytes));
	}

	/**
	 * Skips blank lines, counting them.
	 * @return the first byte of the next line that holds something (not consumed), or -1
	 * at the end of the body
	 */
	public int nextLine() throws IOException {
		return this.input.nextLine();
	}

	/**
	 * After a line's value: only whitespace may follow up to the line feed (consumed) or
	 * the end of the body.
	 */
	public void endLine() throws IOException {
		this.input.endLine();
	}

	/** The 1-based line of the next byte. */
	public long line() {
		return this.input.line();
	}

	/** Fails (413) once the bytes read of the current line are over its limit. */
	public void checkLine() {
		this.input.checkLine();
	}

	/**
	 * The next byte that is not whitespace, not consumed: {@code '\n'} at the end of the
	 * line, -1 at the end of the body.
	 */
	public int peek() throws IOException {
		return this.input.peek();
	}

	/** Consumes the byte {@link #peek()} returned. */
	public void skip() {
		this.input.skip();
	}

	/**
	 * Consumes {@code expected}, the next byte that is not whitespace, or fails (400).
	 */
	public void expect(char expected, String what) throws IOException {
		this.input.expect(expected, what);
	}

	/**
	 * Consumes the {@code [} at the next byte and, if the array is empty, its {@code ]}.
	 * @return whether an element follows
	 */
	public boolean openArray() throws IOException {
		return this.input.openArray();
	}

	/**
	 * Consumes the comma before the next element, or the closing bracket.
	 * @return whether another element follows
	 */
	public boolean nextInArray() throws IOException {
		return this.input.nextInArray();
	}

	/** Reads the number at the next byte ({@link #startsNumber} must accept it). */
	public double readDouble() throws IOException {
		return this.input.readDouble();
	}

	/**
	 * Reads a run of compactly written numbers into {@code into} from {@code at}, up to
	 * index {@code room}, while the fast path takes them.
	 * @return the index after the last number stored; {@code at} when the number at the
	 * next byte is not for the fast path (read it with {@link #readDouble()})
	 */
	public int readNumbers(double[] into, int at, int room) {
		return this.input.readNumbers(into, at, room);
	}

	/**
	 * Reads the number at the next byte as an integer.
	 * @return {@link #INTEGER}, {@link #BIG_INTEGER} or {@link #NOT_INTEGER}
	 */
	public int readInteger() throws IOException {
		return this.input.readInteger();
	}

	/** The value of the last {@link #readInteger()} that returned {@link #INTEGER}. */
	public long integer() {
		return this.input.integer();
	}

	/** The number just read, as written (clipped for a message). */
	public String lastNumberText() {
		return this.input.lastNumberText();
	}

	/** Reads the string at the next byte, a quote. */
	public String readString() throws IOException {
		return this.input.readString();
	}

	/**
	 * Copies the string at the next byte into {@code into}, if it is printable ASCII
	 * without escapes and fits.
	 * @return its length, or -1 (nothing consumed)
	 */
	public int readAsciiString(byte[] into) {
		return this.input.readAsciiString(into);
	}

	/**
	 * Reads the string at the next byte and finds it among {@code names}.
	 * @return its index, or -1 ({@link #unmatchedName()})
	 */
	public int readName(byte[][] names) throws IOException {
		return this.input.readName(names);
	}

	/** The string the last {@link #readName} did not find. */
	public String unmatchedName() {
		return this.input.unmatchedName();
	}

	/**
	 * What the value at the next byte is ("an array", "null"), for a message that it has
	 * the wrong type.
	 */
	public String describeValue() throws IOException {
		return this.input.describeValue();
	}

	/**
	 * A syntax error: {@code c} (from {@link #peek()}) where {@code expected} should be.
	 */
	public MalformedRequestException unexpected(int c, String expected) {
		return this.input.unexpected(c, expected);
	}

	/** Whether {@code c}, a byte from {@link #peek()}, starts a number. */
	public static boolean startsNumber(int c) {
		return JsonInput.startsNumber(c);
	}

}
