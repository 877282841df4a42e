package dev.xent.loss;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import dev.xent.loss.json.ResultJson;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.fail;

/**
 * Same request, same numbers; shards merge. Random requests over every family, input type
 * and summary option: split into random batches they give the same bits as in one batch;
 * split into random shards (each a request of its own, with its indexOffset and its own
 * group keys), scored and merged with {@link SummaryMerge}, they give the whole request's
 * summaries to 1e-12 relative. Sums that cancel (cross, and m2 where the losses agree;
 * ece and mce, differences of nearly equal sums; kl where q' ≈ p) have absolute floors of
 * their rounding noise.
 */
class SummaryMergeTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final int CASES = 400;

	@Test
	void batchSplitsGiveTheSameBits() {
		SplittableRandom random = new SplittableRandom(71);
		for (int c = 0; c < CASES; c++) {
			Summaries.Family family = Summaries.Family.values()[c % 3];
			SummaryRequest request = SummaryRequest.random(random, family);
			SummaryRequest.Result whole = request.score();
			SummaryRequest.Result split = request.score(cuts(random, request.n));
			assertThat(split.summaries()).as("case %d (%s)", c, family).isEqualTo(whole.summaries());
			assertThat(ResultJson.toJson(split.aggregates(), split.summaries()))
				.isEqualTo(ResultJson.toJson(whole.aggregates(), whole.summaries()));
		}
	}

	/**
	 * The divergence compares the predictions with the targets by the cross-entropy on
	 * every endpoint, γ ignored: a focal request's divergence has the bits of the same
	 * request's on the cross-entropy endpoint (one-hot targets take the cross-entropy's
	 * own losses, {@link Loss#crossEntropy}), in one batch or split.
	 */
	@Test
	void focalDivergenceIsTheCrossEntropysBitForBit() {
		SplittableRandom random = new SplittableRandom(79);
		int compared = 0;
		for (int c = 0; c < CASES; c++) {
			Summaries.Family family = Summaries.Family.values()[c % 3];
			SummaryRequest request = SummaryRequest.random(random, family);
			if (request.classWeights != null || request.posWeight != null) {
				continue;
			}
			request.names = new String[] { "divergence" };
			request.needs = Summaries.Needs.NONE;
			request.topK = null;
			request.bins = null;
			request.worstK = null;
			SummaryReport.Divergence crossEntropy = request.score().summaries().divergence();
			request.gamma = (random.nextInt(3) == 0) ? 0.0 : 0.5 + random.nextInt(4);
			int[] cuts = cuts(random, request.n);
			assertThat(request.score(cuts).summaries().divergence()).as("case %d (%s)", c, family)
				.isEqualTo(crossEntropy);
			compared++;
		}
		assertThat(compared).isGreaterThan(CASES / 2);
	}

	@Test
	void perSampleOutputGivesTheSameBits() {
		SplittableRandom random = new SplittableRandom(73);
		PerSampleSink sink = new PerSampleSink() {

			@Override
			public boolean keepsGradients() {
				return true;
			}

			@Override
			public boolean append(int rows, int width, double[] losses, double[] weights, double[] raw) {
				return false;
			}

		};
		for (int c = 0; c < CASES; c++) {
			Summaries.Family family = Summaries.Family.values()[c % 3];
			SummaryRequest request = SummaryRequest.random(random, family);
			SummaryRequest.Result whole = request.score();
			SummaryRequest.Result split = request.score(cuts(random, request.n), sink);
			assertThat(ResultJson.toJson(split.aggregates(), split.summaries())).as("case %d (%s)", c, family)
				.isEqualTo(ResultJson.toJson(whole.aggregates(), whole.summaries()));
		}
	}

	@Test
	void shardsMergeToTheWholeRequest() {
		SplittableRandom random = new SplittableRandom(72);
		for (int c = 0; c < CASES; c++) {
			Summaries.Family family = Summaries.Family.values()[c % 3];
			SummaryRequest request = SummaryRequest.random(random, family);
			SummaryRequest.Result whole = request.score();
			int[] cuts = cuts(random, request.n);
			List<SummaryMerge.Shard> shards = new ArrayList<>();
			int from = 0;
			for (int i = 0; i <= cuts.length; i++) {
				int to = (i < cuts.length) ? cuts[i] : request.n;
				shards.add(request.score(from, to, cuts(random, request.n), from).shard());
				from = to;
			}
			int worstK = (request.worstK != null) ? request.worstK.intValue() : Summaries.DEFAULT_WORST_K;
			SummaryMerge.Shard merged = SummaryMerge.merge(shards, worstK);
			String label = "case " + c + " (" + family + ", " + request.type + ", " + shards.size() + " shards)";
			assertThat(merged.aggregates().count()).as(label).isEqualTo(whole.aggregates().count());
			compare(label, request, whole, new SummaryRequest.Result(merged.aggregates(), merged.summaries()));
		}
	}

	@Test
	void aMergeOfOneShardIsTheShard() {
		SplittableRandom random = new SplittableRandom(73);
		for (int c = 0; c < 60; c++) {
			SummaryRequest request = SummaryRequest.random(random, Summaries.Family.values()[c % 3]);
			SummaryRequest.Result whole = request.score();
			SummaryMerge.Shard merged = SummaryMerge.merge(List.of(whole.shard()), 1000);
			compare("case " + c, request, whole, new SummaryRequest.Result(merged.aggregates(), merged.summaries()));
		}
	}

	@Test
	void shardsWithDifferentOptionsDoNotMerge() {
		SummaryRequest a = SummaryRequest.random(new SplittableRandom(1), Summaries.Family.CATEGORICAL);
		a.names = new String[] { "calibration" };
		a.topK = null;
		a.worstK = null;
		a.bins = 5L;
		SummaryRequest b = SummaryRequest.random(new SplittableRandom(2), Summaries.Family.CATEGORICAL);
		b.names = new String[] { "calibration" };
		b.topK = null;
		b.worstK = null;
		b.bins = 6L;
		b.sampleWeights = null;
		b.classWeights = null;
		assertThatIllegalArgumentException()
			.isThrownBy(() -> SummaryMerge.merge(List.of(a.score().shard(), b.score().shard()), 10))
			.withMessageContaining("bins");
		assertThatIllegalArgumentException().isThrownBy(() -> SummaryMerge.merge(List.of(), 10));
	}

	@Test
	void theMergeRulesOnAWorkedExample() {
		// docs/summaries.md: losses 1, 2 (shard A) and 4 (shard B), every W_i = 1.
		SummaryReport.Stderr a = SummaryReport.Stderr.of(2, 2, 1.5, 0.5, 0, 2);
		SummaryReport.Stderr b = SummaryReport.Stderr.of(1, 1, 4.0, 0, 0, 1);
		SummaryMerge.Shard merged = SummaryMerge.merge(List.of(shard(2, 2, 3, a), shard(1, 1, 4, b)), 10);
		SummaryReport.Stderr s = merged.summaries().stderr();
		assertThat(merged.aggregates().mean()).isEqualTo(7.0 / 3);
		// R = 7/3, d_A = 1.5 − 7/3, d_B = 4 − 7/3: m2 = Σ(ℓ − R)² = 14/3
		assertThat(s.m2()).isCloseTo(14.0 / 3, org.assertj.core.data.Offset.offset(1e-14));
		assertThat(s.cross()).isCloseTo(0.0, org.assertj.core.data.Offset.offset(1e-14));
		assertThat(s.weightSquares()).isEqualTo(3.0);
		assertThat(s.stderr()).isCloseTo(Math.sqrt(1.5 * 14.0 / 3) / 3, org.assertj.core.data.Offset.offset(1e-15));
	}

	private static SummaryMerge.Shard shard(long count, double weightSum, double sum, SummaryReport.Stderr stderr) {
		return new SummaryMerge.Shard(new Aggregates(count, weightSum, sum, sum / weightSum, count, 1, true),
				new SummaryReport(List.of(Summaries.Kind.STDERR), stderr, null, null, null, null, null, null));
	}

	/** Random cut points: 0 to 4 distinct rows inside (0, n). */
	static int[] cuts(SplittableRandom random, int n) {
		if (n < 2) {
			return new int[0];
		}
		return random.ints(random.nextInt(5), 1, n).distinct().sorted().toArray();
	}

	/** Compares the JSON of two results, summary for summary, with the floors above. */
	static void compare(String label, SummaryRequest request, SummaryRequest.Result expected,
			SummaryRequest.Result actual) {
		JsonNode e = JSON.readTree(ResultJson.toJson(expected.aggregates(), expected.summaries()));
		JsonNode a = JSON.readTree(ResultJson.toJson(actual.aggregates(), actual.summaries()));
		double mean = (expected.aggregates().mean() != null) ? expected.aggregates().mean() : 0;
		double[] losses = losses(request);
		double cross = 0;
		double m2 = 0;
		for (int i = 0; i < request.n; i++) {
			double w = request.share(i);
			double size = Math.abs(losses[i]) + Math.abs(mean * w);
			cross += size * w;
			m2 += size * size;
		}
		Floors floors = new Floors(1e-15 * cross, 1e-15 * m2);
		compare(label, "", e, a, floors);
	}

	private static double[] losses(SummaryRequest request) {
		Scorer.Collector collector = new Scorer.Collector(false);
		Scoring scoring = new Scoring(request.loss(), Reduction.MEAN, collector, Long.MAX_VALUE);
		scoring.accept(request.slice(0, request.n, 0, null));
		return collector.losses();
	}

	private record Floors(double cross, double m2) {
	}

	private static void compare(String label, String path, JsonNode expected, JsonNode actual, Floors floors) {
		assertThat(actual).as(label + ": " + path + " is missing").isNotNull();
		if (expected.isNull() || actual.isNull()) {
			assertThat(actual.isNull()).as(label + ": " + path + " null: " + expected + " vs " + actual)
				.isEqualTo(expected.isNull());
		}
		else if (expected.isObject()) {
			List<String> names = new ArrayList<>();
			expected.propertyNames().forEach(names::add);
			List<String> actualNames = new ArrayList<>();
			actual.propertyNames().forEach(actualNames::add);
			assertThat(actualNames).as(label + ": " + path + " members").containsExactlyInAnyOrderElementsOf(names);
			for (String name : names) {
				compare(label, path + "/" + name, expected.get(name), actual.get(name), floors);
			}
		}
		else if (expected.isArray()) {
			assertThat(actual.size()).as(label + ": " + path + " size").isEqualTo(expected.size());
			for (int i = 0; i < expected.size(); i++) {
				compare(label, path + "/" + i, expected.get(i), actual.get(i), floors);
			}
		}
		else {
			double e = expected.asDouble();
			double x = actual.asDouble();
			double floor = path.endsWith("/cross") ? floors.cross() : path.endsWith("/m2") ? floors.m2()
					: (path.endsWith("/ece") || path.endsWith("/mce") || path.endsWith("/kl")) ? 1e-14 : 0;
			double allowed = 1e-12 * Math.abs(e) + 1e-15 + floor;
			if (!(Math.abs(x - e) <= allowed)) {
				fail(label + ": " + path + ": expected " + e + " but was " + x + " (difference " + Math.abs(x - e)
						+ " > " + allowed + ")");
			}
		}
	}

}
