package dev.xent.codec.json;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.SequenceInputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import dev.xent.codec.MalformedRequestException;
import dev.xent.codec.BodyLimitExceededException;
import dev.xent.loss.LimitExceededException;
import ch.randelshofer.fastdoubleparser.JsonDoubleParser;

/**
 * A request body as JSON tokens (RFC 8259, strictly: no comments, no trailing commas, no
 * leading zeroes, no NaN, no unescaped control characters, well-formed UTF-8), read
 * through one buffer straight into primitives.
 * <p>
 * This is the service's hot path: a million-sample request is two million numbers, and
 * reading them is most of the time of the request. A number is scanned and converted in
 * one pass over its bytes: with at most 18 digits and a decimal exponent within ±22
 * (every number a float32 model prints, and most that a float64 one does) the value is
 * exact by Clinger's fast path (the digits as a {@code long} below 2⁵³, times or divided
 * by an exact power of ten: one correctly rounded operation); any other number goes to
 * FastDoubleParser, which Jackson uses too. Either way the result is the correctly
 * rounded double, the one {@code Double.parseDouble} gives.
 * <p>
 * A token is scanned in place. When it runs into the end of the buffer, the buffer is
 * refilled, keeping the token's start, and the token is scanned again from there: no
 * state survives a refill but the position. A body in UTF-16 or UTF-32 (with or without a
 * byte-order mark, detected as RFC 4627 describes) is transcoded to UTF-8 first; a UTF-8
 * byte-order mark is skipped.
 * <p>
 * Errors are {@link MalformedRequestException}s (400) that say what was expected, with
 * the line and column; nothing of the body beyond a clipped token is quoted back.
 * <p>
 * <b>Line mode</b> ({@link #openLines}, for JSON Lines): a line feed is not whitespace
 * but the end of a value's line ({@link #peek()} returns it, unconsumed);
 * {@link #nextLine()} and {@link #endLine()} step over lines and count them, errors carry
 * the line, and a line longer than its limit is a {@link LimitExceededException} (413),
 * found while the line is read: a line is never buffered whole, only the token being
 * scanned is.
 */
final class JsonInput {

	/** First buffer: all of a small request. */
	static final int FIRST_BUFFER = 8 * 1024;

	/** Buffer once a body turns out larger than the first one. */
	static final int BUFFER = 64 * 1024;

	/** Exact powers of ten as doubles (10²² is the largest). */
	private static final double[] POW10 = new double[23];

	static {
		POW10[0] = 1;
		for (int i = 1; i < POW10.length; i++) {
			POW10[i] = POW10[i - 1] * 10;
		}
	}

	private static final long TWO_POW_53 = 1L << 53;

	private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class,
			ByteOrder.LITTLE_ENDIAN);

	private final InputStream in;

	private final int maxNumberLength;

	private final int maxStringLength;

	/** Line mode: the longest line, in bytes without its line break; 0 for a document. */
	private final int maxLineBytes;

	private byte[] buf;

	/** Next byte to read. */
	private int pos;

	/** End of the bytes read into {@link #buf}. */
	private int end;

	private boolean eof;

	/** Offset in the body of {@code buf[0]}. */
	private long base;

	private long line = 1;

	/** Offset in the body of the current line's first byte. */
	private long lineStart;

	/** The byte before {@code buf[0]} once {@link #more()} has dropped it, or 0. */
	private byte dropped;

	/** Line mode: the name {@link #readName} read and did not find. */
	private String unmatchedName;

	/** The value of the last {@link #readInteger()} that returned {@link #INTEGER}. */
	private long integer;

	/** Where the literal of the last {@link #scanNumber()} starts in {@link #buf}. */
	private int lastNumberStart;

	/** What {@link #readInteger()} found. */
	static final int INTEGER = 0;

	/** An integer literal beyond 64 bits. */
	static final int BIG_INTEGER = 1;

	/** A number with a fraction or an exponent. */
	static final int NOT_INTEGER = 2;

	private JsonInput(InputStream in, int maxNumberLength, int maxStringLength, int maxLineBytes) {
		this.in = in;
		this.maxNumberLength = maxNumberLength;
		this.maxStringLength = maxStringLength;
		this.maxLineBytes = maxLineBytes;
		this.buf = new byte[FIRST_BUFFER];
	}

	/**
	 * The body as tokens, its encoding detected from its first four bytes.
	 * @param maxNumberLength most digits in a number literal (400 beyond)
	 * @param maxStringLength longest string, in characters (400 beyond)
	 */
	static JsonInput open(InputStream body, int maxNumberLength, int maxStringLength) throws IOException {
		JsonInput input = new JsonInput(body, maxNumberLength, maxStringLength, 0);
		while (input.end < 4 && input.more()) {
			// the first four bytes tell the encoding
		}
		byte[] b = input.buf;
		int n = input.end;
		int b0 = (n > 0) ? b[0] & 0xFF : -1;
		int b1 = (n > 1) ? b[1] & 0xFF : -1;
		int b2 = (n > 2) ? b[2] & 0xFF : -1;
		int b3 = (n > 3) ? b[3] & 0xFF : -1;
		if (b0 == 0xEF && b1 == 0xBB && b2 == 0xBF) {
			input.pos = 3;
			return input;
		}
		Charset charset = null;
		int skip = 0;
		if (b0 == 0 && b1 == 0 && b2 == 0xFE && b3 == 0xFF) {
			charset = Charset.forName("UTF-32BE");
			skip = 4;
		}
		else if (b0 == 0xFF && b1 == 0xFE && b2 == 0 && b3 == 0) {
			charset = Charset.forName("UTF-32LE");
			skip = 4;
		}
		else if (b0 == 0xFE && b1 == 0xFF) {
			charset = StandardCharsets.UTF_16BE;
			skip = 2;
		}
		else if (b0 == 0xFF && b1 == 0xFE) {
			charset = StandardCharsets.UTF_16LE;
			skip = 2;
		}
		else if (b0 == 0 && b1 == 0 && b2 == 0 && b3 > 0) {
			charset = Charset.forName("UTF-32BE");
		}
		else if (b0 > 0 && b1 == 0 && b2 == 0 && b3 == 0) {
			charset = Charset.forName("UTF-32LE");
		}
		else if (b0 == 0 && b1 > 0) {
			charset = StandardCharsets.UTF_16BE;
		}
		else if (b0 > 0 && b1 == 0) {
			charset = StandardCharsets.UTF_16LE;
		}
		if (charset == null) {
			return input;
		}
		InputStream rest = new SequenceInputStream(new ByteArrayInputStream(b, skip, n - skip), body);
		return new JsonInput(new Utf8Transcoder(rest, charset), maxNumberLength, maxStringLength, 0);
	}

	/**
	 * A JSON Lines body in line mode: UTF-8 only (a UTF-8 byte-order mark at its start is
	 * skipped; nothing is transcoded).
	 * @param maxLineBytes longest line, in bytes without its line break (413 beyond)
	 */
	static JsonInput openLines(InputStream body, int maxNumberLength, int maxStringLength, int maxLineBytes)
			throws IOException {
		if (maxLineBytes < 1) {
			throw new IllegalArgumentException("maxLineBytes must be positive, not " + maxLineBytes);
		}
		JsonInput input = new JsonInput(body, maxNumberLength, maxStringLength, maxLineBytes);
		while (input.end < 3 && input.more()) {
			// the first three bytes tell whether there is a byte-order mark
		}
		byte[] b = input.buf;
		if (input.end >= 3 && (b[0] & 0xFF) == 0xEF && (b[1] & 0xFF) == 0xBB && (b[2] & 0xFF) == 0xBF) {
			input.pos = 3;
			input.lineStart = 3;
		}
		return input;
	}

	/**
	 * Line mode: skips blank lines (empty, or whitespace only), counting them.
	 * @return the first byte of the next line that holds something (not consumed), or -1
	 * at the end of the body
	 */
	int nextLine() throws IOException {
		for (;;) {
			int c = peek();
			if (c != '\n') {
				return c;
			}
			breakLine();
		}
	}

	/**
	 * Line mode: after a line's value, only whitespace may follow up to the line feed,
	 * which is consumed, or the end of the body.
	 */
	void endLine() throws IOException {
		int c = peek();
		if (c == '\n') {
			breakLine();
		}
		else if (c < 0) {
			checkLineEnd();
		}
		else {
			throw unexpected(c, "the end of the line (one JSON value per line)");
		}
	}

	/** Line mode: consumes the line feed at {@link #pos}, the end of a line. */
	private void breakLine() {
		checkLineEnd();
		this.pos++;
		this.line++;
		this.lineStart = this.base + this.pos;
	}

	/**
	 * Line mode: the current line ends at {@link #pos}; its length without a carriage
	 * return before the line feed must be within the limit.
	 */
	private void checkLineEnd() {
		long length = this.base + this.pos - this.lineStart;
		if (length > this.maxLineBytes) {
			byte before = (this.pos > 0) ? this.buf[this.pos - 1] : this.dropped;
			if (length > this.maxLineBytes + 1L || before != '\r') {
				throw lineTooLong();
			}
		}
	}

	/**
	 * Line mode: fails once the bytes read of the current line are more than its limit
	 * allows (a carriage return before the line feed aside). Cheap: the readers call it
	 * after every value, and {@link #more()} before every refill.
	 */
	void checkLine() {
		if (this.base + this.pos - this.lineStart > this.maxLineBytes + 1L) {
			throw lineTooLong();
		}
	}

	private LimitExceededException lineTooLong() {
		return new LimitExceededException("Line " + this.line + " is longer than " + this.maxLineBytes
				+ " bytes, the configured limit (xent.limits.max-line-bytes); put one sample per line.");
	}

	/** The 1-based line of the next byte. */
	long line() {
		return this.line;
	}

	/**
	 * The next byte that is not whitespace, not consumed, or -1 at the end of the body.
	 */
	int peek() throws IOException {
		for (;;) {
			if (this.pos == this.end && !more()) {
				return -1;
			}
			int c = this.buf[this.pos];
			if (c > ' ') {
				return c;
			}
			if (c == ' ' || c == '\t' || c == '\r') {
				this.pos++;
			}
			else if (c == '\n') {
				if (this.maxLineBytes > 0) {
					// line mode: the end of a line, which the caller steps over
					return c;
				}
				this.pos++;
				this.line++;
				this.lineStart = this.base + this.pos;
			}
			else {
				return c & 0xFF;
			}
		}
	}

	/** Consumes the byte {@link #peek()} returned. */
	void skip() {
		this.pos++;
	}

	/**
	 * Consumes {@code expected}, the next byte that is not whitespace, or fails saying
	 * what was expected.
	 */
	void expect(char expected, String what) throws IOException {
		int c = peek();
		if (c != expected) {
			throw unexpected(c, what);
		}
		this.pos++;
	}

	/**
	 * Consumes the {@code [} at the next byte (the caller has checked it is one) and, if
	 * the array is empty, its {@code ]}.
	 * @return whether an element follows
	 */
	boolean openArray() throws IOException {
		peek();
		this.pos++;
		if (peek() == ']') {
			this.pos++;
			return false;
		}
		return true;
	}

	/**
	 * After an array element: consumes the comma before the next one, or the closing
	 * bracket.
	 * @return whether another element follows
	 */
	boolean nextInArray() throws IOException {
		int c = peek();
		if (c == ',') {
			this.pos++;
			return true;
		}
		if (c == ']') {
			this.pos++;
			return false;
		}
		throw unexpected(c, "',' or ']'");
	}

	/**
	 * Reads the number that starts at the next byte, which {@link #startsNumber} must
	 * accept.
	 */
	double readDouble() throws IOException {
		return (readNumbers(this.one, 0, 1) == 1) ? this.one[0] : readDoubleSlowly();
	}

	/** For {@link #readDouble()}: one number through {@link #readNumbers}. */
	private final double[] one = new double[1];

	/**
	 * The hot loop of a large request: reads a run of numbers written compactly
	 * ({@code 0.25,-1.5e-3,1}) into {@code into} from {@code at}, while they are in the
	 * buffer, have at most 18 digits and a decimal exponent the fast path takes, up to
	 * index {@code room} of {@code into}. Stops before the first number it does not take
	 * (which {@link #readDouble()} then reads) or at the comma before it, or after a
	 * number not followed by a comma and another number: the caller always resumes after
	 * a value.
	 * @return the index after the last number stored; {@code at} when the first number is
	 * not for the fast path (then nothing was consumed)
	 */
	int readNumbers(double[] into, int at, int room) {
		byte[] b = this.buf;
		int i = this.pos;
		int limit = this.end;
		int first = at;
		while (at < room) {
			int start = i;
			boolean negative = b[i] == '-';
			if (negative) {
				i++;
			}
			long w = 0;
			int digits = 0;
			int c;
			if (i == limit || (c = b[i] - '0') < 0 || c > 9) {
				return stop((at == first) ? start : start - 1, at);
			}
			i++;
			if (c != 0) {
				w = c;
				digits = 1;
				while (i < limit && (c = b[i] - '0') >= 0 && c <= 9) {
					w = 10 * w + c;
					digits++;
					i++;
				}
			}
			if (i == limit) {
				return stop((at == first) ? start : start - 1, at);
			}
			int next = b[i];
			double v;
			if (next == '.') {
				int point = ++i;
				// eight digits at a time while there are (a float32's fraction often has
				// eight), then one at a time
				long eight;
				while (i + 8 <= limit && (eight = eightDigits((long) LONG_LE.get(b, i))) >= 0) {
					w = 100_000_000 * w + eight;
					digits += 8;
					i += 8;
				}
				while (i < limit && (c = b[i] - '0') >= 0 && c <= 9) {
					w = 10 * w + c;
					digits++;
					i++;
				}
				int fraction = i - point;
				if (i == limit || fraction == 0) {
					return stop((at == first) ? start : start - 1, at);
				}
				next = b[i];
				if (next == 'e' || next == 'E') {
					return stop((at == first) ? start : start - 1, at);
				}
				if (digits <= 18 && fraction <= 22 && w < TWO_POW_53) {
					v = (w == 0) ? 0 : w / POW10[fraction];
					if (negative) {
						v = -v;
					}
				}
				else if (i - start - (negative ? 2 : 1) <= this.maxNumberLength) {
					// A whole literal, scanned, that Clinger's path cannot take (a
					// float64's
					// 17 digits are above 2^53): FastDoubleParser on the same bytes.
					v = JsonDoubleParser.parseDouble(b, start, i - start);
				}
				else {
					return stop((at == first) ? start : start - 1, at);
				}
			}
			else if (next != 'e' && next != 'E' && (next < '0' || next > '9') && digits <= 18) {
				v = (double) (negative ? -w : w); // "-0" is 0.0, as Jackson reads it
			}
			else {
				return stop((at == first) ? start : start - 1, at);
			}
			into[at++] = v;
			// a comma and another number: go on; anything else is the caller's
			if (next != ',' || i + 1 >= limit || at == room) {
				break;
			}
			c = b[i + 1];
			if (c != '-' && (c < '0' || c > '9')) {
				break;
			}
			i++;
		}
		this.pos = i;
		return at;
	}

	/**
	 * The value of eight ASCII digits read as a little-endian long, or -1 if any of the
	 * eight bytes is not a digit: SWAR, as in simdjson and FastDoubleParser (a byte
	 * outside '0'..'9' sets its top bit in one of the two tests, whatever carries do to
	 * its neighbours).
	 */
	private static long eightDigits(long chunk) {
		long value = chunk - 0x3030303030303030L;
		if ((((chunk + 0x4646464646464646L) | value) & 0x8080808080808080L) != 0) {
			return -1;
		}
		value = (value * 10) + (value >>> 8);
		return (((value & 0x000000FF000000FFL) * 0x000F424000000064L)
				+ (((value >>> 16) & 0x000000FF000000FFL) * 0x0000271000000001L)) >>> 32;
	}

	/**
	 * Ends {@link #readNumbers} at {@code resume}: the number it does not take, or the
	 * comma before it.
	 */
	private int stop(int resume, int at) {
		this.pos = resume;
		return at;
	}

	/**
	 * Any number: scans its grammar (refilling as needed), then converts it exactly.
	 */
	private double readDoubleSlowly() throws IOException {
		NumberScan scan = scanNumber();
		if (scan.integral && scan.digits <= 18) {
			return (double) (scan.negative ? -scan.significand : scan.significand);
		}
		if (scan.digits <= 18 && scan.significand < TWO_POW_53) {
			if (scan.significand == 0) {
				return scan.negative ? -0.0 : 0.0;
			}
			int e = scan.exponent;
			if (-22 <= e && e <= 22) {
				double v = (e < 0) ? scan.significand / POW10[-e] : scan.significand * POW10[e];
				return scan.negative ? -v : v;
			}
		}
		return JsonDoubleParser.parseDouble(this.buf, scan.start, this.pos - scan.start);
	}

	/**
	 * Reads the number that starts at the next byte, which {@link #startsNumber} must
	 * accept, as an integer.
	 * @return {@link #INTEGER} (its value is {@link #integer()}), {@link #BIG_INTEGER} or
	 * {@link #NOT_INTEGER}
	 */
	int readInteger() throws IOException {
		byte[] b = this.buf;
		int i = this.pos;
		int limit = Math.min(this.end, i + 19);
		// Fast path: up to 18 digits, followed by a delimiter in the buffer.
		if (i < limit) {
			boolean negative = b[i] == '-';
			if (negative) {
				i++;
			}
			int first = i;
			long value = 0;
			int c;
			while (i < limit && (c = b[i] - '0') >= 0 && c <= 9) {
				value = 10 * value + c;
				i++;
			}
			if (i < limit && i > first && (b[first] != '0' || i == first + 1)) {
				int next = b[i];
				if (next == ',' || next == ']' || next == '}') {
					this.pos = i;
					this.integer = negative ? -value : value;
					return INTEGER;
				}
			}
		}
		NumberScan scan = scanNumber();
		if (!scan.integral) {
			return NOT_INTEGER;
		}
		if (scan.digits <= 18) {
			this.integer = scan.negative ? -scan.significand : scan.significand;
			return INTEGER;
		}
		try {
			this.integer = Long.parseLong(lastNumber(scan));
			return INTEGER;
		}
		catch (NumberFormatException ex) {
			return BIG_INTEGER;
		}
	}

	long integer() {
		return this.integer;
	}

	/** The number just read, as written (clipped for a message). */
	String lastNumberText() {
		return JsonRequestReader.clip(new String(this.buf, this.lastNumberStart,
				Math.min(this.pos - this.lastNumberStart, 100), StandardCharsets.ISO_8859_1));
	}

	private String lastNumber(NumberScan scan) {
		return new String(this.buf, scan.start, this.pos - scan.start, StandardCharsets.ISO_8859_1);
	}

	/** The last literal {@link #scanNumber()} scanned: one per body, reused. */
	private final NumberScan scan = new NumberScan();

	/** What {@link #scanNumber()} found in one literal. */
	private static final class NumberScan {

		int start;

		boolean negative;

		/** The first 18 significant digits or fewer, as an integer. */
		long significand;

		/** Significant digits (after leading zeroes), all of them. */
		int digits;

		/** value = significand · 10^exponent, when digits ≤ 18. */
		int exponent;

		/** Neither a fraction nor an exponent. */
		boolean integral;

	}

	/**
	 * Scans the number literal at the next byte, refilling the buffer as needed, and
	 * leaves {@link #pos} after it; {@code buf[start, pos)} is the literal.
	 */
	private NumberScan scanNumber() throws IOException {
		for (;;) {
			NumberScan scan = scanNumberInBuffer();
			if (scan != null) {
				this.lastNumberStart = scan.start;
				return scan;
			}
			if (this.end - this.pos > this.maxNumberLength + 4) {
				throw tooLongNumber();
			}
			if (!more()) {
				// at the end of the body: scanned again, the end ends the literal
				continue;
			}
		}
	}

	/**
	 * One attempt at {@link #scanNumber()} on the bytes in the buffer.
	 * @return {@code null} when the literal may go on past them
	 */
	private NumberScan scanNumberInBuffer() {
		byte[] b = this.buf;
		int start = this.pos;
		int i = start;
		int limit = this.end;
		NumberScan scan = this.scan;
		scan.start = start;
		scan.negative = false;
		scan.significand = 0;
		scan.digits = 0;
		scan.exponent = 0;
		scan.integral = true;
		int symbols = 0; // sign, point, exponent marks: not counted against the limit
		if (i < limit && b[i] == '-') {
			scan.negative = true;
			symbols++;
			i++;
		}
		// int: 0 | [1-9][0-9]*
		if (i == limit) {
			return needMore(i, "a digit");
		}
		int c = b[i] - '0';
		if (c < 0 || c > 9) {
			this.pos = i;
			throw unexpected(b[i] & 0xFF, "a digit");
		}
		i++;
		if (c != 0) {
			scan.digits = 1;
			scan.significand = c;
			while (i < limit && (c = b[i] - '0') >= 0 && c <= 9) {
				if (scan.digits < 18) {
					scan.significand = 10 * scan.significand + c;
				}
				else {
					scan.exponent++;
				}
				scan.digits++;
				i++;
			}
		}
		else if (i < limit && (c = b[i] - '0') >= 0 && c <= 9) {
			this.pos = i;
			throw syntax("a number must not have a leading zero");
		}
		// frac: . [0-9]+
		if (i < limit && b[i] == '.') {
			scan.integral = false;
			symbols++;
			i++;
			int first = i;
			while (i < limit && (c = b[i] - '0') >= 0 && c <= 9) {
				if (scan.digits == 0 && c == 0) {
					scan.exponent--; // a leading zero of 0.000x
				}
				else if (scan.digits < 18) {
					scan.significand = 10 * scan.significand + c;
					scan.exponent--;
					scan.digits++;
				}
				else {
					scan.digits++;
				}
				i++;
			}
			if (i == first) {
				return needMore(i, "a digit after the decimal point");
			}
		}
		// exp: [eE] [+-]? [0-9]+
		if (i < limit && (b[i] == 'e' || b[i] == 'E')) {
			scan.integral = false;
			symbols++;
			i++;
			boolean negativeExponent = false;
			if (i < limit && (b[i] == '+' || b[i] == '-')) {
				negativeExponent = b[i] == '-';
				symbols++;
				i++;
			}
			int first = i;
			int e = 0;
			while (i < limit && (c = b[i] - '0') >= 0 && c <= 9) {
				if (e < 100_000_000) {
					e = 10 * e + c;
				}
				i++;
			}
			if (i == first) {
				return needMore(i, "a digit in the exponent");
			}
			scan.exponent += negativeExponent ? -e : e;
		}
		if (i == limit && !this.eof) {
			return null;
		}
		if (i - start - symbols > this.maxNumberLength) {
			throw tooLongNumber();
		}
		this.pos = i;
		return scan;
	}

	/**
	 * A literal cut short by the buffer's end: more to read, or an error at the body's.
	 */
	private NumberScan needMore(int at, String expected) {
		if (!this.eof) {
			return null;
		}
		this.pos = at;
		throw unexpected(-1, expected);
	}

	private MalformedRequestException tooLongNumber() {
		return malformed("A number has more than " + this.maxNumberLength
				+ " digits, the configured limit (xent.limits.max-number-length)" + location() + ".");
	}

	/** Whether {@code c}, a byte from {@link #peek()}, starts a number. */
	static boolean startsNumber(int c) {
		return c == '-' || (c >= '0' && c <= '9');
	}

	/** Reads the string that starts at the next byte, a quote. */
	String readString() throws IOException {
		byte[] b = this.buf;
		int start = this.pos + 1;
		int limit = Math.min(this.end, start + this.maxStringLength + 1);
		for (int i = start; i < limit; i++) {
			int c = b[i];
			if (c == '"') {
				this.pos = i + 1;
				return new String(b, start, i - start, StandardCharsets.ISO_8859_1);
			}
			if (c < ' ' || c == '\\') {
				break; // escapes, control characters and UTF-8 (negative bytes)
			}
		}
		return readStringSlowly();
	}

	/**
	 * Reads the string that starts at the next byte, a quote, and finds it among
	 * {@code names} (each at least one printable ASCII character, none a quote or a
	 * backslash), without allocating when it is written as one of them: a member name is
	 * read on every line of a JSON Lines body.
	 * @return the index of the name, or -1 ({@link #unmatchedName()} then gives the
	 * string)
	 */
	int readName(byte[][] names) throws IOException {
		byte[] b = this.buf;
		int start = this.pos + 1;
		if (start < this.end) {
			byte first = b[start];
			for (int k = 0; k < names.length; k++) {
				byte[] name = names[k];
				int quote = start + name.length;
				if (name[0] == first && quote < this.end && b[quote] == '"' && written(b, start, name)) {
					this.pos = quote + 1;
					return k;
				}
			}
		}
		String name = readString();
		for (int k = 0; k < names.length; k++) {
			if (name.equals(new String(names[k], StandardCharsets.ISO_8859_1))) {
				return k;
			}
		}
		this.unmatchedName = name;
		return -1;
	}

	/** Whether {@code b} holds {@code name} from {@code start}. */
	private static boolean written(byte[] b, int start, byte[] name) {
		for (int i = 1; i < name.length; i++) {
			if (b[start + i] != name[i]) {
				return false;
			}
		}
		return true;
	}

	/** The string the last {@link #readName} did not find. */
	String unmatchedName() {
		return this.unmatchedName;
	}

	/**
	 * Copies the string that starts at the next byte, a quote, into {@code into} as its
	 * bytes, if it is all printable ASCII without escapes, within the buffer, and fits.
	 * @return its length, or -1 when it is not so (nothing consumed: read it with
	 * {@link #readString()})
	 */
	int readAsciiString(byte[] into) {
		byte[] b = this.buf;
		int start = this.pos + 1;
		int limit = Math.min(this.end, start + into.length + 1);
		for (int i = start; i < limit; i++) {
			int c = b[i];
			if (c == '"') {
				int length = i - start;
				System.arraycopy(b, start, into, 0, length);
				this.pos = i + 1;
				return length;
			}
			if (c < ' ' || c == '\\') {
				return -1;
			}
		}
		return -1;
	}

	private String readStringSlowly() throws IOException {
		this.pos++;
		StringBuilder text = new StringBuilder();
		for (;;) {
			int c = nextByte();
			if (c == '"') {
				return text.toString();
			}
			if (text.length() >= this.maxStringLength) {
				throw malformed("A string is longer than " + this.maxStringLength
						+ " characters, the configured limit (xent.limits.max-string-length)" + location() + ".");
			}
			if (c == '\\') {
				text.append(escape());
			}
			else if (c < 0) {
				throw unexpected(-1, "the closing quote of a string");
			}
			else if (c == '\n' && this.maxLineBytes > 0) {
				this.pos--;
				throw syntax("the line ends inside a string");
			}
			else if (c < 0x20) {
				this.pos--;
				throw syntax("a control character (U+" + hex(c, 4) + ") must be escaped in a string");
			}
			else if (c < 0x80) {
				text.append((char) c);
			}
			else {
				text.appendCodePoint(utf8(c));
			}
		}
	}

	private char escape() throws IOException {
		int c = nextByte();
		switch (c) {
			case '"', '\\', '/':
				return (char) c;
			case 'b':
				return '\b';
			case 'f':
				return '\f';
			case 'n':
				return '\n';
			case 'r':
				return '\r';
			case 't':
				return '\t';
			case 'u':
				int value = 0;
				for (int k = 0; k < 4; k++) {
					int h = Character.digit(nextByte(), 16);
					if (h < 0) {
						this.pos--;
						throw syntax("\\u must be followed by four hexadecimal digits");
					}
					value = (value << 4) | h;
				}
				return (char) value;
			default:
				this.pos--;
				throw syntax("not a valid escape in a string: \\" + printable(c));
		}
	}

	/** The code point of a UTF-8 sequence whose first byte was {@code first}. */
	private int utf8(int first) throws IOException {
		int count;
		int value;
		int min;
		int max = 0xBF;
		if (first >= 0xC2 && first <= 0xDF) {
			count = 1;
			value = first & 0x1F;
			min = 0x80;
		}
		else if (first >= 0xE0 && first <= 0xEF) {
			count = 2;
			value = first & 0x0F;
			min = (first == 0xE0) ? 0xA0 : 0x80;
			max = (first == 0xED) ? 0x9F : 0xBF; // no surrogates
		}
		else if (first >= 0xF0 && first <= 0xF4) {
			count = 3;
			value = first & 0x07;
			min = (first == 0xF0) ? 0x90 : 0x80;
			max = (first == 0xF4) ? 0x8F : 0xBF;
		}
		else {
			this.pos--;
			throw syntax("not valid UTF-8 (byte 0x" + hex(first, 2) + ")");
		}
		for (int k = 0; k < count; k++) {
			int c = nextByte();
			if (c < min || c > max) {
				if (c >= 0) {
					this.pos--;
				}
				throw syntax("not valid UTF-8 (byte 0x" + hex(first, 2) + " is not followed as it must be)");
			}
			value = (value << 6) | (c & 0x3F);
			min = 0x80;
			max = 0xBF;
		}
		return value;
	}

	/** The next byte as is, or -1 at the end of the body. */
	private int nextByte() throws IOException {
		if (this.pos == this.end && !more()) {
			return -1;
		}
		return this.buf[this.pos++] & 0xFF;
	}

	/**
	 * Reads {@code true}, {@code false} or {@code null}, starting at the next byte.
	 * @return the literal's first byte
	 */
	int readLiteral() throws IOException {
		int c = peek();
		String literal = switch (c) {
			case 't' -> "true";
			case 'f' -> "false";
			case 'n' -> "null";
			default -> throw unexpected(c, "a value");
		};
		while (this.end - this.pos < literal.length() && more()) {
			// the whole literal in the buffer
		}
		for (int k = 0; k < literal.length(); k++) {
			if (this.pos + k == this.end || this.buf[this.pos + k] != literal.charAt(k)) {
				throw syntax("not a JSON value (did you mean " + literal + "?)");
			}
		}
		this.pos += literal.length();
		return c;
	}

	/**
	 * What the value that starts at the next byte is, for a message that it has the wrong
	 * type ("an object", "a string"); a byte that starts no value is a syntax error.
	 */
	String describeValue() throws IOException {
		int c = peek();
		return switch (c) {
			case '{' -> "an object";
			case '[' -> "an array";
			case '"' -> "a string";
			case 't', 'f' -> {
				readLiteral();
				yield "a boolean";
			}
			case 'n' -> {
				readLiteral();
				yield "null";
			}
			default -> {
				if (startsNumber(c)) {
					scanNumber();
					yield "a number";
				}
				throw unexpected(c, "a value");
			}
		};
	}

	/**
	 * A syntax error at the next byte: {@code c}, -1 for the end of the body, where
	 * {@code expected} should have been.
	 */
	MalformedRequestException unexpected(int c, String expected) {
		if (c < 0) {
			return syntax("the body ends where " + expected + " should be");
		}
		if (c == '\n' && this.maxLineBytes > 0) {
			return syntax("the line ends where " + expected + " should be");
		}
		return syntax("found " + printable(c) + " where " + expected + " should be");
	}

	MalformedRequestException syntax(String problem) {
		return malformed(((this.maxLineBytes > 0) ? "The line is not valid JSON: " : "The body is not valid JSON: ")
				+ problem + location() + ".");
	}

	/** A 400 for the body as a whole; in line mode it names the line. */
	private MalformedRequestException malformed(String detail) {
		return new MalformedRequestException(null, detail, (this.maxLineBytes > 0) ? this.line : 0);
	}

	private String location() {
		long offset = this.base + this.pos;
		return " (line " + this.line + ", column " + (offset - this.lineStart + 1) + ")";
	}

	private static String printable(int c) {
		if (c >= 0x21 && c < 0x7F) {
			return "'" + (char) c + "'";
		}
		return (c < 0x80) ? "U+" + hex(c, 4) : "the byte 0x" + hex(c, 2);
	}

	private static String hex(int value, int digits) {
		String text = Integer.toHexString(value).toUpperCase(java.util.Locale.ROOT);
		return "0".repeat(Math.max(0, digits - text.length())) + text;
	}

	/**
	 * Reads more of the body, keeping the bytes from {@link #pos} on (moved to the start
	 * of the buffer, which grows if they fill it).
	 * @return false at the end of the body
	 */
	private boolean more() throws IOException {
		if (this.eof) {
			return false;
		}
		if (this.maxLineBytes > 0) {
			checkLine();
		}
		if (this.pos > 0) {
			this.dropped = this.buf[this.pos - 1];
			int keep = this.end - this.pos;
			System.arraycopy(this.buf, this.pos, this.buf, 0, keep);
			this.base += this.pos;
			this.end = keep;
			this.pos = 0;
		}
		// Grow when the kept bytes fill the buffer, or once the body has turned out to be
		// larger than the first buffer (not merely to find the end of a small one).
		if (this.end == this.buf.length || (this.buf.length < BUFFER && this.base + this.end >= this.buf.length)) {
			this.buf = Arrays.copyOf(this.buf, Math.max(BUFFER, 2 * this.end));
		}
		int n;
		do {
			n = this.in.read(this.buf, this.end, this.buf.length - this.end);
		}
		while (n == 0);
		if (n < 0) {
			this.eof = true;
			return false;
		}
		this.end += n;
		return true;
	}

	/**
	 * UTF-16 or UTF-32 in, UTF-8 out. Malformed input (a lone surrogate, a truncated
	 * character) fails the read with a {@link java.nio.charset.CharacterCodingException}.
	 */
	private static final class Utf8Transcoder extends InputStream {

		private final Reader reader;

		private final char[] chars = new char[4096];

		/** A high surrogate held back from the last chunk, or 0. */
		private char pending;

		private byte[] bytes = new byte[0];

		private int at;

		Utf8Transcoder(InputStream in, Charset charset) {
			this.reader = new InputStreamReader(in, charset.newDecoder());
		}

		@Override
		public int read() throws IOException {
			byte[] one = new byte[1];
			int n = read(one, 0, 1);
			return (n < 0) ? -1 : one[0] & 0xFF;
		}

		@Override
		public int read(byte[] into, int offset, int length) throws IOException {
			while (this.at == this.bytes.length) {
				int start = 0;
				if (this.pending != 0) {
					this.chars[0] = this.pending;
					this.pending = 0;
					start = 1;
				}
				int n = this.reader.read(this.chars, start, this.chars.length - start);
				if (n < 0) {
					if (start == 0) {
						return -1;
					}
					n = 0;
				}
				int count = start + n;
				if (n > 0 && Character.isHighSurrogate(this.chars[count - 1])) {
					this.pending = this.chars[--count];
				}
				this.bytes = new String(this.chars, 0, count).getBytes(StandardCharsets.UTF_8);
				this.at = 0;
			}
			int n = Math.min(length, this.bytes.length - this.at);
			System.arraycopy(this.bytes, this.at, into, offset, n);
			this.at += n;
			return n;
		}

	}

}
