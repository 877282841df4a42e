package dev.xent;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket to 127.0.0.1, for what a well-behaved client cannot send:
 * a malformed request line, a body that stalls, trickles or stops half-way. Every read is
 * bounded by a socket timeout, so a test never hangs.
 */
final class RawHttp implements AutoCloseable {

	private final Socket socket;

	private final OutputStream out;

	private final InputStream in;

	RawHttp(int port, int readTimeoutMillis) throws IOException {
		this.socket = new Socket("127.0.0.1", port);
		this.socket.setSoTimeout(readTimeoutMillis);
		this.socket.setTcpNoDelay(true);
		this.out = this.socket.getOutputStream();
		this.in = this.socket.getInputStream();
	}

	RawHttp send(String ascii) throws IOException {
		return send(ascii.getBytes(StandardCharsets.ISO_8859_1));
	}

	RawHttp send(byte[] bytes) throws IOException {
		this.out.write(bytes);
		this.out.flush();
		return this;
	}

	/** Whether the server has started to answer (or closed the connection). */
	boolean answered() throws IOException {
		return this.in.available() > 0;
	}

	/** Reads until the server closes the connection or the read timeout passes. */
	Response readResponse() throws IOException {
		ByteArrayOutputStream received = new ByteArrayOutputStream();
		boolean closed = false;
		byte[] buffer = new byte[8192];
		try {
			int n;
			while ((n = this.in.read(buffer)) >= 0) {
				received.write(buffer, 0, n);
				if (Response.complete(received.toByteArray())) {
					break;
				}
			}
			closed = n < 0;
		}
		catch (SocketTimeoutException ex) {
			// whatever arrived so far is the answer
		}
		catch (IOException ex) {
			closed = true; // reset by the server
		}
		return Response.parse(received.toByteArray(), closed);
	}

	/**
	 * Whether the server closes the connection within the read timeout (after a response
	 * was read).
	 */
	boolean closedByServer() throws IOException {
		try {
			return this.in.read() < 0;
		}
		catch (SocketTimeoutException ex) {
			return false;
		}
		catch (IOException ex) {
			return true;
		}
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
	}

	/**
	 * A response as received; {@code status} is -1 when nothing (or no status line)
	 * arrived.
	 *
	 * @param status the status code
	 * @param headers header names in lower case, to their last value
	 * @param body the body, de-chunked, as UTF-8
	 * @param raw everything received, as ISO-8859-1
	 * @param closed whether the server closed the connection
	 */
	record Response(int status, Map<String, String> headers, String body, String raw, boolean closed) {

		static Response parse(byte[] bytes, boolean closed) {
			String raw = new String(bytes, StandardCharsets.ISO_8859_1);
			int end = raw.indexOf("\r\n\r\n");
			if (!raw.startsWith("HTTP/1.1 ") || end < 0) {
				return new Response(-1, Map.of(), "", raw, closed);
			}
			String[] lines = raw.substring(0, end).split("\r\n");
			int status = Integer.parseInt(lines[0].substring(9, 12));
			Map<String, String> headers = new LinkedHashMap<>();
			for (int i = 1; i < lines.length; i++) {
				int colon = lines[i].indexOf(':');
				headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
						lines[i].substring(colon + 1).trim());
			}
			byte[] body = java.util.Arrays.copyOfRange(bytes, end + 4, bytes.length);
			if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
				body = dechunk(body);
			}
			return new Response(status, headers, new String(body, StandardCharsets.UTF_8), raw, closed);
		}

		/**
		 * A whole response has arrived: its Content-Length is met, or its last chunk is
		 * in.
		 */
		static boolean complete(byte[] bytes) {
			String raw = new String(bytes, StandardCharsets.ISO_8859_1);
			int end = raw.indexOf("\r\n\r\n");
			if (end < 0) {
				return false;
			}
			String head = raw.substring(0, end).toLowerCase(Locale.ROOT);
			int length = head.indexOf("\r\ncontent-length:");
			if (length >= 0) {
				int eol = head.indexOf("\r\n", length + 2);
				long declared = Long.parseLong(head.substring(length + 17, (eol < 0) ? head.length() : eol).trim());
				return bytes.length - end - 4 >= declared;
			}
			return head.contains("\r\ntransfer-encoding: chunked") && raw.endsWith("\r\n0\r\n\r\n");
		}

		private static byte[] dechunk(byte[] chunked) {
			ByteArrayOutputStream body = new ByteArrayOutputStream();
			int at = 0;
			while (at < chunked.length) {
				int eol = indexOfCrlf(chunked, at);
				if (eol < 0) {
					break;
				}
				int size = Integer.parseInt(new String(chunked, at, eol - at, StandardCharsets.ISO_8859_1).trim(), 16);
				if (size == 0) {
					break;
				}
				body.write(chunked, eol + 2, Math.min(size, chunked.length - eol - 2));
				at = eol + 2 + size + 2;
			}
			return body.toByteArray();
		}

		private static int indexOfCrlf(byte[] bytes, int from) {
			for (int i = from; i + 1 < bytes.length; i++) {
				if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
					return i;
				}
			}
			return -1;
		}

	}

}
