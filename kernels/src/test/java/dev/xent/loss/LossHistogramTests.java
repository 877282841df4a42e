package dev.xent.loss;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The loss histogram of the {@code losses} plot: its fixed edges, the bin of every value
 * (against a plain search over the edges), merging, and the counts a scoring pass makes
 * when a picture needs them: every counted sample once, ignored ones not, the same counts
 * however the request is split into batches.
 */
class LossHistogramTests {

	/** The bin by a plain search: the one whose [lower, upper) holds x. */
	private static int search(double x) {
		for (int b = 0; b < LossHistogram.BINS; b++) {
			boolean belowUpper = x < LossHistogram.upper(b) || b == LossHistogram.BINS - 1;
			if (belowUpper && (b == 0 || x >= LossHistogram.lower(b))) {
				return b;
			}
		}
		throw new AssertionError(x);
	}

	@Test
	void theEdgesAreFiveADecadeFromTheLiteralsUp() {
		assertThat(LossHistogram.BINS).isEqualTo(47);
		assertThat(LossHistogram.lower(0)).isZero();
		assertThat(LossHistogram.upper(0)).isEqualTo(1e-6);
		assertThat(LossHistogram.lower(1)).isEqualTo(1e-6);
		assertThat(LossHistogram.upper(45)).isEqualTo(1e3);
		assertThat(LossHistogram.lower(46)).isEqualTo(1e3);
		assertThat(LossHistogram.upper(46)).isEqualTo(Double.POSITIVE_INFINITY);
		for (int decade = 0; decade <= 9; decade++) {
			assertThat(LossHistogram.lower(1 + 5 * decade)).isEqualTo(Double.parseDouble("1e" + (decade - 6)));
		}
		for (int b = 1; b < LossHistogram.BINS - 1; b++) {
			assertThat(LossHistogram.upper(b)).isEqualTo(LossHistogram.lower(b + 1));
			assertThat(LossHistogram.upper(b) / LossHistogram.lower(b)).isCloseTo(Math.pow(10, 0.2),
					org.assertj.core.data.Offset.offset(1e-12));
		}
	}

	@Test
	void everyValueFallsInTheBinThatHoldsIt() {
		List<Double> values = new ArrayList<>(List.of(0.0, -0.0, Double.MIN_VALUE, 1e-300, 9.999999e-7, 1e-6, 1e3,
				1e300, Double.MAX_VALUE, Double.POSITIVE_INFINITY, 0.6931471805599453));
		for (int b = 1; b < LossHistogram.BINS; b++) {
			double edge = LossHistogram.lower(b);
			values.add(edge);
			values.add(Math.nextDown(edge));
			values.add(Math.nextUp(edge));
		}
		SplittableRandom random = new SplittableRandom(16);
		for (int i = 0; i < 200_000; i++) {
			values.add(Math.pow(10, -9 + 14 * random.nextDouble()));
		}
		for (double x : values) {
			assertThat(LossHistogram.bin(x)).as("%s", x).isEqualTo(search(x));
		}
		assertThat(LossHistogram.bin(0)).isZero();
		assertThat(LossHistogram.bin(1e-6)).isEqualTo(1);
		assertThat(LossHistogram.bin(1)).isEqualTo(31);
		assertThat(LossHistogram.bin(1e3)).isEqualTo(46);
	}

	@Test
	void countsAddAndMerge() {
		LossHistogram a = new LossHistogram();
		LossHistogram b = new LossHistogram();
		a.add(0);
		a.add(0.5);
		b.add(0.5);
		b.add(5000);
		a.merge(b);
		assertThat(a.total()).isEqualTo(4);
		assertThat(a.count(0)).isEqualTo(1);
		assertThat(a.count(LossHistogram.bin(0.5))).isEqualTo(2);
		assertThat(a.count(46)).isEqualTo(1);
		assertThat(b.total()).isEqualTo(2);
	}

	@Test
	void aPictureThatNeedsTheHistogramGetsOneWithoutAnySummaryNamed() {
		Violations v = new Violations();
		Summaries.Convention convention = new Summaries.Convention(Summaries.Family.BINARY, InputType.PROBABILITIES,
				null, null, null, false, null, true, List.of());
		Summaries.Options none = new Summaries.Options(null, null, null, null, null);
		assertThat(Summaries.of(none, convention, v)).isNull();
		Summaries losses = Summaries.of(none, convention, new Summaries.Needs(List.of(), true), v);
		assertThat(losses).isNotNull();
		assertThat(losses.lossHistogram()).isNotNull();
		assertThat(losses.kinds()).isEmpty();
		Summaries reliability = Summaries.of(new Summaries.Options(null, null, 7L, null, null), convention,
				new Summaries.Needs(List.of(Summaries.Kind.CALIBRATION), false), v);
		assertThat(v.list()).as("calibrationBins is the reliability diagram's own option").isEmpty();
		assertThat(reliability.kinds()).containsExactly(Summaries.Kind.CALIBRATION);
		assertThat(reliability.lossHistogram()).isNull();
		Summaries.of(new Summaries.Options(null, null, 7L, null, null), convention,
				new Summaries.Needs(List.of(), true), v);
		assertThat(v.list()).extracting(Violation::pointer).containsExactly("/calibrationBins");
		assertThat(v.list().get(0).detail()).contains("reliability plot");
	}

	@Test
	void aScoringPassCountsEveryCountedSampleOnceWhateverTheBatches() {
		SplittableRandom random = new SplittableRandom(61);
		for (int c = 0; c < 300; c++) {
			Summaries.Family family = Summaries.Family.values()[c % 3];
			SummaryRequest q = SummaryRequest.random(random, family);
			q.needs = new Summaries.Needs(List.of(), true);
			q.crossEntropy = true;
			q.names = null;
			q.topK = null;
			q.bins = null;
			q.worstK = null;
			int[] cuts = { random.nextInt(q.n + 1), random.nextInt(q.n + 1) };
			java.util.Arrays.sort(cuts);
			LossHistogram whole = histogram(q, new int[0]);
			LossHistogram split = histogram(q, cuts);
			// The losses one by one, as the answer's losses array has them.
			double[] losses = new double[q.n];
			Loss loss = q.loss();
			SampleBatch all = q.slice(0, q.n, 0, null);
			loss.start(all, new Violations());
			loss.evaluate(all, losses, null, null, new NeumaierSum(), new NeumaierSum());
			LossHistogram expected = new LossHistogram();
			long counted = 0;
			for (int i = 0; i < q.n; i++) {
				boolean ignored = q.classes != null && q.ignoreIndex != null && q.classes[i] == q.ignoreIndex;
				if (!ignored) {
					expected.add(losses[i]);
					counted++;
				}
			}
			for (int b = 0; b < LossHistogram.BINS; b++) {
				assertThat(whole.count(b)).as("case %d bin %d", c, b).isEqualTo(expected.count(b));
				assertThat(split.count(b)).as("case %d bin %d, split at %d and %d", c, b, cuts[0], cuts[1])
					.isEqualTo(expected.count(b));
			}
			assertThat(whole.total()).isEqualTo(counted);
		}
	}

	private static LossHistogram histogram(SummaryRequest q, int[] cuts) {
		Summaries summaries = q.summaries(0);
		Scoring scoring = new Scoring(q.loss(), Reduction.MEAN, null, Long.MAX_VALUE, summaries);
		int start = 0;
		for (int cut : cuts) {
			if (cut > start && cut < q.n) {
				scoring.accept(q.slice(start, cut, 0, null));
				start = cut;
			}
		}
		scoring.accept(q.slice(start, q.n, 0, null));
		Aggregates aggregates = scoring.finish();
		assertThat(summaries.lossHistogram().total()).isEqualTo(aggregates.count());
		return summaries.lossHistogram();
	}

}
