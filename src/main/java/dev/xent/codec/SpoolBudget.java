package dev.xent.codec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

import dev.xent.loss.LimitExceededException;

/**
 * The spool directory and the one budget that all requests share for per-sample output
 * that does not fit in memory: never more than the configured size, nor than the
 * directory's free space when the service started. A request whose output alone exceeds
 * the budget gets 413; one that does not fit now, 503 with {@code Retry-After}.
 */
public final class SpoolBudget {

	private final Path directory;

	private final long capacity;

	private final AtomicLong used = new AtomicLong();

	public SpoolBudget(Path directory, long configured) {
		this.directory = directory;
		long free;
		try {
			Files.createDirectories(directory);
			free = Files.getFileStore(directory).getUsableSpace();
		}
		catch (IOException ex) {
			free = 0;
		}
		this.capacity = Math.min(configured, free);
	}

	public long capacity() {
		return this.capacity;
	}

	public long used() {
		return this.used.get();
	}

	/**
	 * Takes {@code bytes} more for a request that then holds {@code requestTotal}.
	 * @throws LimitExceededException when the request alone exceeds the budget
	 * @throws SpoolUnavailableException when the budget is taken by others now
	 */
	void reserve(long bytes, long requestTotal) {
		if (requestTotal > this.capacity) {
			throw new LimitExceededException("The per-sample output of this request is larger than the spool budget ("
					+ this.capacity + " bytes, xent.spool.budget, capped by the spool directory's free space); ask for "
					+ "aggregates only, or split the request into shards.");
		}
		long now;
		do {
			now = this.used.get();
			if (now + bytes > this.capacity) {
				throw new SpoolUnavailableException(
						"The spool is busy with other requests' per-sample output; try again shortly.", null);
			}
		}
		while (!this.used.compareAndSet(now, now + bytes));
	}

	void release(long bytes) {
		this.used.addAndGet(-bytes);
	}

	Path newFile() {
		try {
			Files.createDirectories(this.directory);
			return Files.createTempFile(this.directory, "xent-", ".spool");
		}
		catch (IOException ex) {
			throw new SpoolUnavailableException("The spool directory cannot take a file now; try again later.", ex);
		}
	}

	/** Removes the spool files a previous process left behind. */
	public void sweep() {
		try (var files = Files.newDirectoryStream(this.directory, "xent-*.spool")) {
			for (Path f : files) {
				Files.deleteIfExists(f);
			}
		}
		catch (IOException | UncheckedIOException ex) {
			// Nothing to sweep, or not allowed to: new files are still named uniquely.
		}
	}

	/** The spool cannot take more now (503 with {@code Retry-After}). */
	public static final class SpoolUnavailableException extends RuntimeException {

		public SpoolUnavailableException(String message, Throwable cause) {
			super(message, cause, false, false);
		}

	}

}
