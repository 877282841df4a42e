package dev.xent.codec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import dev.xent.loss.LimitExceededException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The per-sample store: kept arrays without a spool; chunks in memory up to the share,
 * then a spool file under the shared budget, read back in order, removed on close.
 */
class PerSampleStoreTests {

	@TempDir
	Path dir;

	private static double[] values(int from, int count, double scale) {
		double[] v = new double[count];
		for (int i = 0; i < count; i++) {
			v[i] = (from + i) * scale;
		}
		return v;
	}

	private static List<Double> read(PerSampleStore store) throws IOException {
		List<Double> all = new ArrayList<>();
		store.forEach((rows, width, losses, weights, raw) -> {
			for (int i = 0; i < rows; i++) {
				all.add(losses[i]);
				all.add(weights[i]);
				for (int k = 0; raw != null && k < width; k++) {
					all.add(raw[i * width + k]);
				}
			}
		});
		return all;
	}

	private static List<Double> expected(int n, int width) {
		List<Double> all = new ArrayList<>();
		for (int i = 0; i < n; i++) {
			all.add(i * 1.0);
			all.add(i * 0.5);
			for (int k = 0; k < width; k++) {
				all.add((i * width + k) * 0.25);
			}
		}
		return all;
	}

	private static void append(PerSampleStore store, int n, int width, int batch) {
		for (int from = 0; from < n; from += batch) {
			int rows = Math.min(batch, n - from);
			store.append(rows, width, values(from, rows, 1.0), values(from, rows, 0.5),
					values(from * width, rows * width, 0.25));
		}
	}

	@Test
	void withoutASpoolTheScoringsArraysAreKept() throws IOException {
		try (PerSampleStore store = new PerSampleStore(true, 0, null)) {
			double[] losses = { 1, 2 };
			assertThat(store.append(2, 1, losses, new double[] { 1, 1 }, new double[] { 3, 4 })).isTrue();
			assertThat(read(store)).containsExactly(1.0, 1.0, 3.0, 2.0, 1.0, 4.0);
		}
	}

	@Test
	void spillsBeyondItsMemoryShareAndReadsBackInOrder() throws IOException {
		SpoolBudget spool = new SpoolBudget(this.dir, 64L << 20);
		int n = 300_000;
		int width = 3;
		try (PerSampleStore store = new PerSampleStore(true, 1 << 20, spool)) {
			append(store, n, width, 7_777);
			assertThat(store.rows()).isEqualTo(n);
			assertThat(spool.used()).as("spooled bytes").isPositive();
			try (Stream<Path> files = Files.list(this.dir)) {
				assertThat(files.count()).isEqualTo(1);
			}
			assertThat(read(store)).isEqualTo(expected(n, width));
		}
		assertThat(spool.used()).as("released on close").isZero();
		try (Stream<Path> files = Files.list(this.dir)) {
			assertThat(files.count()).as("the spool file is removed").isZero();
		}
	}

	@Test
	void aSmallRequestTakesASmallChunk() throws IOException {
		SpoolBudget spool = new SpoolBudget(this.dir, 1L << 20);
		try (PerSampleStore store = new PerSampleStore(false, 1 << 20, spool)) {
			append(store, 32, 1, 32);
			assertThat(spool.used()).isZero();
			assertThat(read(store)).hasSize(64);
		}
	}

	@Test
	void aRequestLargerThanTheWholeBudgetIs413AndOneThatDoesNotFitNowIs503() {
		// 7 MiB: one full chunk of a 1-column store is 87381 rows × 24 bytes, 2 MiB; each
		// store below spools two.
		SpoolBudget spool = new SpoolBudget(this.dir, 7L << 20);
		try (PerSampleStore store = new PerSampleStore(true, 0, spool)) {
			assertThatExceptionOfType(LimitExceededException.class)
				.isThrownBy(() -> append(store, 1_000_000, 1, 100_000))
				.withMessageContaining("xent.spool.budget");
		}
		assertThat(spool.used()).isZero();
		try (PerSampleStore holder = new PerSampleStore(true, 0, spool);
				PerSampleStore other = new PerSampleStore(true, 0, spool)) {
			append(holder, 200_000, 1, 100_000);
			assertThatExceptionOfType(SpoolBudget.SpoolUnavailableException.class)
				.isThrownBy(() -> append(other, 200_000, 1, 100_000));
		}
		assertThat(spool.used()).isZero();
	}

}
