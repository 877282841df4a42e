package dev.xent.loss;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.within;

/**
 * The contract's conventions for each summary, one at a time, on requests small enough to
 * work out by hand; {@code SummaryReferenceTests} compares whole answers with
 * scikit-learn, PyTorch and numpy, {@code SummaryMergeTests} batch splits and shard
 * merges.
 */
class SummariesTests {

	private static SummaryRequest binary(InputType type, double[] x, double[] y, String... names) {
		SummaryRequest q = new SummaryRequest(Summaries.Family.BINARY, type, x.length, 1, x);
		q.y = y;
		q.names = names;
		return q;
	}

	private static SummaryRequest multilabel(double[][] x, double[][] y, String... names) {
		SummaryRequest q = new SummaryRequest(Summaries.Family.MULTILABEL, InputType.PROBABILITIES, x.length,
				x[0].length, TestSupport.flatten(x));
		q.y = TestSupport.flatten(y);
		q.names = names;
		return q;
	}

	private static SummaryRequest categorical(InputType type, double[][] x, long[] labels, String... names) {
		SummaryRequest q = new SummaryRequest(Summaries.Family.CATEGORICAL, type, x.length, x[0].length,
				TestSupport.flatten(x));
		q.classes = labels;
		q.names = names;
		return q;
	}

	private static SummaryReport report(SummaryRequest q) {
		return q.score().summaries();
	}

	/** The violations the options alone give. */
	private static List<Violation> refused(Summaries.Options options, Summaries.Convention convention) {
		Violations v = new Violations();
		Summaries.of(options, convention, v);
		return v.list();
	}

	private static Summaries.Convention convention(Summaries.Family family) {
		return new Summaries.Convention(family, InputType.PROBABILITIES, null, null, null, false, null, true,
				List.of());
	}

	private static List<String> pointers(List<Violation> violations) {
		return violations.stream().map(Violation::pointer).toList();
	}

	@Nested
	class Options {

		@Test
		void unknownAndRepeatedNamesAreRefusedWithTheirPointers() {
			List<Violation> v = refused(
					new Summaries.Options(new String[] { "stderr", "ece", "stderr" }, null, null, null, null),
					convention(Summaries.Family.BINARY));
			assertThat(pointers(v)).containsExactly("/summaries/1", "/summaries/2");
			assertThat(v.get(0).detail()).contains("\"ece\"").contains("calibration");
			assertThat(v.get(1).detail()).contains("once");
		}

		@Test
		void optionsWithoutTheirSummaryAreRefused() {
			List<Violation> v = refused(new Summaries.Options(new String[] { "stderr" }, 3L, 10L, 5L, 100L),
					convention(Summaries.Family.CATEGORICAL));
			assertThat(pointers(v)).containsExactly("/topK", "/calibrationBins", "/worstK", "/indexOffset");
			assertThat(v.get(0).detail()).contains("accuracy summary");
			List<Violation> none = refused(new Summaries.Options(null, null, 15L, null, null),
					convention(Summaries.Family.CATEGORICAL));
			assertThat(pointers(none)).containsExactly("/calibrationBins");
		}

		@Test
		void boundsAreExact() {
			Summaries.Convention c = convention(Summaries.Family.CATEGORICAL);
			String[] names = { "accuracy", "calibration", "worst" };
			assertThat(refused(new Summaries.Options(names, 1L, 2L, 1L, 0L), c)).isEmpty();
			assertThat(refused(new Summaries.Options(names, null, 1000L, 1000L, Summaries.MAX_INDEX_OFFSET), c))
				.isEmpty();
			assertThat(pointers(refused(new Summaries.Options(names, 0L, 1L, 0L, -1L), c))).containsExactly("/topK",
					"/calibrationBins", "/worstK", "/indexOffset");
			assertThat(pointers(
					refused(new Summaries.Options(names, null, 1001L, 1001L, Summaries.MAX_INDEX_OFFSET + 1), c)))
				.containsExactly("/calibrationBins", "/worstK", "/indexOffset");
		}

		@Test
		void topKIsCategoricalOnlyAndBelowC() {
			assertThat(pointers(refused(new Summaries.Options(new String[] { "accuracy" }, 2L, null, null, null),
					convention(Summaries.Family.MULTILABEL))))
				.containsExactly("/topK");
			SummaryRequest q = categorical(InputType.LOGITS, new double[][] { { 1, 2, 3 } }, new long[] { 0 },
					"accuracy");
			q.topK = 3L;
			assertThatExceptionOfType(InvalidBatchException.class).isThrownBy(q::score)
				.satisfies((ex) -> assertThat(pointers(ex.violations())).containsExactly("/topK"));
			q.topK = 2L;
			assertThat(report(q).accuracy().topK().k()).isEqualTo(2);
		}

		@Test
		void divergenceRefusesClassWeightingAndPerplexityIsForCrossEntropyOnly() {
			Summaries.Convention weighted = new Summaries.Convention(Summaries.Family.MULTILABEL,
					InputType.PROBABILITIES, null, null, null, false, null, true, List.of("posWeight", "classWeights"));
			assertThat(pointers(
					refused(new Summaries.Options(new String[] { "divergence" }, null, null, null, null), weighted)))
				.containsExactly("/posWeight", "/classWeights");
			assertThat(refused(new Summaries.Options(new String[] { "stderr" }, null, null, null, null), weighted))
				.isEmpty();
			Summaries.Convention focal = new Summaries.Convention(Summaries.Family.BINARY, InputType.LOGITS, null, null,
					null, false, null, false, List.of("alpha"));
			assertThat(pointers(refused(new Summaries.Options(new String[] { "stderr", "perplexity", "divergence" },
					null, null, null, null), focal)))
				.containsExactly("/summaries/1", "/alpha");
		}

		@Test
		void groupsNeedGroups() {
			SummaryRequest q = binary(InputType.PROBABILITIES, new double[] { 0.5 }, new double[] { 1 }, "groups");
			assertThatExceptionOfType(InvalidBatchException.class).isThrownBy(q::score)
				.satisfies((ex) -> assertThat(pointers(ex.violations())).containsExactly("/groups"));
		}

		@Test
		void noSummariesNoObject() {
			assertThat(Summaries.of(new Summaries.Options(null, null, null, null, null),
					convention(Summaries.Family.BINARY), new Violations()))
				.isNull();
		}

	}

	@Nested
	class Accuracy {

		@Test
		void binaryProbabilitiesDecideAtOneHalfAgainstLabelsAtOneHalf() {
			// p ≥ 0.5 against y ≥ 0.5: right, wrong, wrong, right, right, wrong
			SummaryRequest q = binary(InputType.PROBABILITIES, new double[] { 0.5, 0.49999999, 0.5, 0.7, 0.2, 0.2 },
					new double[] { 0.5, 1, 0, 1, 0, 0.5 }, "accuracy");
			SummaryReport.Accuracy a = report(q).accuracy();
			assertThat(a.correct()).isEqualTo(3);
			assertThat(a.weight()).isEqualTo(6);
			assertThat(a.accuracy()).isEqualTo(0.5);
			assertThat(a.exactMatch()).isNull();
			assertThat(a.topK()).isNull();
		}

		@Test
		void binaryLogitsDecideAtZero() {
			SummaryRequest q = binary(InputType.LOGITS, new double[] { 0, -0.0, -1e-300, 3, -3 },
					new double[] { 1, 1, 1, 0, 0 }, "accuracy");
			assertThat(report(q).accuracy().correct()).isEqualTo(3);
		}

		@Test
		void sampleWeightsCountClassWeightsDoNot() {
			SummaryRequest q = categorical(InputType.PROBABILITIES, new double[][] { { 0.9, 0.1 }, { 0.2, 0.8 } },
					new long[] { 0, 0 }, "accuracy");
			q.sampleWeights = new double[] { 3, 1 };
			q.classWeights = new double[] { 10, 1 };
			SummaryReport.Accuracy a = report(q).accuracy();
			assertThat(a.correct()).isEqualTo(3);
			assertThat(a.weight()).isEqualTo(4);
		}

		@Test
		void multilabelIsElementWiseWithAnExactMatch() {
			SummaryRequest q = multilabel(new double[][] { { 0.9, 0.1, 0.6 }, { 0.2, 0.7, 0.4 } },
					new double[][] { { 1, 0, 1 }, { 0, 0, 0 } }, "accuracy");
			q.sampleWeights = new double[] { 2, 1 };
			SummaryReport.Accuracy a = report(q).accuracy();
			assertThat(a.correct()).isEqualTo(3 * 2 + 2 * 1);
			assertThat(a.weight()).isEqualTo(9);
			assertThat(a.exactMatch()).isEqualTo(new SummaryReport.Ratio(2, 3, 2.0 / 3));
		}

		@Test
		void multilabelWithOneColumnKeepsItsExactMatch() {
			// One column, no weights: the binary endpoint's integer counts must not take
			// it.
			SummaryRequest q = multilabel(new double[][] { { 0.3 }, { 0.8 }, { 0.6 } },
					new double[][] { { 0 }, { 1 }, { 0 } }, "accuracy", "groups");
			q.groups = new String[] { "a", "a", "b" };
			SummaryReport r = report(q);
			assertThat(r.accuracy().exactMatch()).isEqualTo(new SummaryReport.Ratio(2, 3, 2.0 / 3));
			assertThat(r.groups().get("a").accuracy().exactMatch()).isEqualTo(new SummaryReport.Ratio(2, 2, 1.0));
			assertThat(r.groups().get("b").accuracy().exactMatch()).isEqualTo(new SummaryReport.Ratio(0, 1, 0.0));
		}

		@Test
		void logProbabilitiesOfAThirdAreAThirdInTheirBin() {
			double third = Math.log(1.0 / 3);
			SummaryRequest logs = categorical(InputType.LOG_PROBABILITIES, new double[][] { { third, third, third } },
					new long[] { 1 }, "calibration");
			SummaryRequest probabilities = categorical(InputType.PROBABILITIES,
					new double[][] { { 1.0 / 3, 1.0 / 3, 1.0 / 3 } }, new long[] { 1 }, "calibration");
			logs.bins = 3L;
			probabilities.bins = 3L;
			SummaryReport.Bin bin = report(logs).calibration().bins().get(1);
			assertThat(bin.weight()).isEqualTo(1);
			assertThat(bin.sumConfidence()).isEqualTo(1.0 / 3);
			assertThat(report(logs).calibration()).isEqualTo(report(probabilities).calibration());
		}

		@Test
		void categoricalTiesGoToTheLowerIndex() {
			SummaryRequest q = categorical(InputType.PROBABILITIES,
					new double[][] { { 0.4, 0.4, 0.2 }, { 0.4, 0.4, 0.2 }, { 0.2, 0.4, 0.4 } }, new long[] { 0, 1, 2 },
					"accuracy");
			assertThat(report(q).accuracy().correct()).isEqualTo(1);
		}

		@Test
		void targetsAreRankedByTheirFirstLargestValue() {
			SummaryRequest q = categorical(InputType.LOGITS, new double[][] { { 2, 1, 0 }, { 0, 1, 2 } }, null,
					"accuracy");
			q.targets = TestSupport.flatten(new double[][] { { 0.5, 0.5, 0 }, { 0, 0.5, 0.5 } });
			assertThat(report(q).accuracy().correct()).isEqualTo(1);
		}

		@Test
		void rankingUsesTheDividedRowsWithRenormalize() {
			// 0.3/1.5 and 0.2/1.0 are both 0.2 after the division: a tie, to the lower
			// index
			SummaryRequest q = categorical(InputType.PROBABILITIES, new double[][] { { 0.2, 0.5, 0.5 } },
					new long[] { 1 }, "accuracy", "calibration");
			q.renormalize = true;
			SummaryReport r = report(q);
			assertThat(r.accuracy().correct()).isEqualTo(1);
			assertThat(r.calibration()
				.bins()
				.stream()
				.filter((b) -> b.weight() > 0)
				.findFirst()
				.orElseThrow()
				.sumConfidence()).isEqualTo(0.5 / 1.2);
		}

		@Test
		void topKRanksTiesAtTheBoundaryToTheLowerIndex() {
			double[] row = { 0.3, 0.2, 0.2, 0.2, 0.1, 0.0 };
			SummaryRequest q = categorical(InputType.PROBABILITIES, new double[][] { row, row, row },
					new long[] { 1, 2, 3 }, "accuracy");
			q.topK = 3L;
			// ranks: class 1 is 2nd, class 2 3rd, class 3 4th
			assertThat(report(q).accuracy().topK()).isEqualTo(new SummaryReport.TopK(3, 2, 3, 2.0 / 3));
		}

		@Test
		void topKIsFiveByDefaultAboveFiveClassesAndAbsentBelow() {
			// class 3 ranks 5th (0.5, then the tie 0.1 of classes 0, 1, 2, 3), class 4
			// 6th
			double[] six = { 0.1, 0.1, 0.1, 0.1, 0.1, 0.5 };
			SummaryRequest q = categorical(InputType.PROBABILITIES, new double[][] { six, six }, new long[] { 3, 4 },
					"accuracy");
			assertThat(report(q).accuracy().topK()).isEqualTo(new SummaryReport.TopK(5, 1, 2, 0.5));
			double[] five = { 0.1, 0.1, 0.1, 0.2, 0.5 };
			SummaryRequest r = categorical(InputType.PROBABILITIES, new double[][] { five }, new long[] { 4 },
					"accuracy");
			assertThat(report(r).accuracy().topK()).isNull();
		}

		@Test
		void ignoredSamplesAreLeftOut() {
			SummaryRequest q = categorical(InputType.LOGITS, new double[][] { { 1, 0 }, { 1, 0 }, { 0, 1 } },
					new long[] { -100, 0, -100 }, "accuracy", "calibration", "divergence", "stderr", "worst");
			q.ignoreIndex = -100L;
			SummaryReport r = report(q);
			assertThat(r.accuracy().weight()).isEqualTo(1);
			assertThat(r.calibration().bins().stream().mapToDouble(SummaryReport.Bin::weight).sum()).isEqualTo(1);
			assertThat(r.stderr().n()).isEqualTo(1);
			assertThat(r.worst()).extracting(SummaryReport.Worst::index).containsExactly(1L);
			assertThat(r.divergence().kl()).isEqualTo(r.divergence().kl());
		}

	}

	@Nested
	class Calibration {

		@Test
		void binsAreFloorOfConfidenceTimesBWithOneInTheLastBin() {
			double[] p = { 0.0, 0.2, 0.19999999999999998, 0.7, 0.3, 1.0, 0.9999999999999999 };
			SummaryRequest q = binary(InputType.PROBABILITIES, p, new double[p.length], "calibration");
			q.bins = 5L;
			List<SummaryReport.Bin> bins = report(q).calibration().bins();
			assertThat(bins).hasSize(5);
			assertThat(bins).extracting(SummaryReport.Bin::weight).containsExactly(2.0, 2.0, 0.0, 1.0, 2.0);
			assertThat(bins.get(1).lower()).isEqualTo(0.2);
			assertThat(bins.get(4).upper()).isEqualTo(1.0);
			for (double c : p) {
				int b = Math.min((int) Math.floor(c * 5), 4);
				assertThat(bins.get(b).weight()).as("c = %s", c).isPositive();
			}
		}

		@Test
		void eceAndMceWeighOnlyBinsThatHoldWeight() {
			// p 0.9 y 1 and p 0.1 y 0 (weight 1 each); p 0.5 with weight 0 alone in its
			// bin
			SummaryRequest q = binary(InputType.PROBABILITIES, new double[] { 0.9, 0.1, 0.5 }, new double[] { 1, 0, 1 },
					"calibration");
			q.sampleWeights = new double[] { 1, 1, 0 };
			q.bins = 10L;
			SummaryReport.Calibration c = report(q).calibration();
			assertThat(c.ece()).isCloseTo(0.1, within(1e-15));
			assertThat(c.mce()).isCloseTo(0.1, within(1e-15));
			assertThat(c.brier()).isCloseTo(0.01, within(1e-16));
			assertThat(c.brierSum()).isCloseTo(0.02, within(1e-16));
		}

		@Test
		void categoricalBrierSumsEveryClassEvenForTwo() {
			SummaryRequest q = categorical(InputType.PROBABILITIES, new double[][] { { 0.3, 0.7 }, { 0.9, 0.1 } },
					new long[] { 0, 0 }, "calibration");
			SummaryReport.Calibration c = report(q).calibration();
			// 2·(0.7)² and 2·(0.1)²: brier_score_loss(…, scale_by_half=False)
			assertThat(c.brier()).isCloseTo((2 * 0.49 + 2 * 0.01) / 2, within(1e-15));
			// confidence max p, accuracy q at that argmax
			assertThat(c.bins().get(10).sumConfidence()).isEqualTo(0.7);
			assertThat(c.bins().get(10).sumAccuracy()).isEqualTo(0.0);
			assertThat(c.bins().get(13).sumAccuracy()).isEqualTo(1.0);
		}

		@Test
		void logitsAreCalibratedAsTheirSigmoid() {
			SummaryRequest q = binary(InputType.LOGITS, new double[] { 0, 1000, -1000 }, new double[] { 1, 1, 0 },
					"calibration");
			SummaryReport.Calibration c = report(q).calibration();
			assertThat(c.bins().get(7).sumConfidence()).isEqualTo(0.5);
			assertThat(c.bins().get(14).sumConfidence()).isEqualTo(1.0);
			assertThat(c.bins().get(0).weight()).isEqualTo(1.0);
			assertThat(c.brierSum()).isEqualTo(0.25);
		}

		@Test
		void noWeightNoRatios() {
			SummaryRequest q = binary(InputType.PROBABILITIES, new double[] { 0.3 }, new double[] { 1 }, "calibration",
					"accuracy", "divergence", "stderr", "perplexity");
			q.sampleWeights = new double[] { 0 };
			SummaryReport r = report(q);
			assertThat(r.calibration().ece()).isNull();
			assertThat(r.calibration().mce()).isNull();
			assertThat(r.calibration().brier()).isNull();
			assertThat(r.accuracy().accuracy()).isNull();
			assertThat(r.divergence()).isEqualTo(new SummaryReport.Divergence(null, null));
			assertThat(r.stderr().mean()).isNull();
			assertThat(r.stderr().stderr()).isNull();
			assertThat(r.stderr().ci95()).isNull();
			assertThat(r.perplexity()).isEqualTo(new SummaryReport.Perplexity(null, null));
		}

	}

	@Nested
	class Worst {

		@Test
		void highestLossFirstTiesByLowerIndexOffsetAdded() {
			SummaryRequest q = binary(InputType.PROBABILITIES, new double[] { 0.5, 0.25, 0.5, 0.25, 0.9 },
					new double[] { 1, 1, 0, 1, 1 }, "worst");
			q.worstK = 4L;
			Summaries s = q.summaries(1000);
			Scoring scoring = new Scoring(q.loss(), Reduction.MEAN, null, Long.MAX_VALUE, s);
			scoring.accept(q.slice(0, 2, 0, null));
			scoring.accept(q.slice(2, 5, 0, null));
			List<SummaryReport.Worst> worst = s.report(scoring.finish(), null).worst();
			assertThat(worst).extracting(SummaryReport.Worst::index).containsExactly(1001L, 1003L, 1000L, 1002L);
			assertThat(worst.get(0).loss()).isEqualTo(-Math.log(0.25));
		}

		@Test
		void theHeapKeepsTheContractsOrder() {
			SplittableRandom random = new SplittableRandom(3);
			for (int round = 0; round < 200; round++) {
				int k = 1 + random.nextInt(20);
				WorstSamples heap = new WorstSamples(k);
				List<SummaryReport.Worst> all = new ArrayList<>();
				for (int i = 0; i < random.nextInt(300); i++) {
					double loss = random.nextInt(10) / 4.0;
					heap.offer(loss, i);
					all.add(new SummaryReport.Worst(i, loss));
				}
				all.sort(SummaryReport.Worst.ORDER);
				assertThat(heap.list()).isEqualTo(all.subList(0, Math.min(k, all.size())));
			}
		}

	}

	@Nested
	class Groups {

		@Test
		void eachGroupHasTheStderrMomentsOfItsSamples() {
			SummaryRequest q = categorical(InputType.LOGITS,
					new double[][] { { 1, 0 }, { 0, 2 }, { 1, 1 }, { 3, 0 }, { 0, 0 } }, new long[] { 0, 0, 1, -1, 1 },
					"groups", "accuracy");
			q.ignoreIndex = -1L;
			q.sampleWeights = new double[] { 1, 2, 0.5, 1, 1 };
			q.classWeights = new double[] { 1, 4 };
			q.groups = new String[] { "-2", "b", "-2", "only ignored", "b" };
			SummaryRequest.Result result = q.score();
			Map<String, SummaryReport.Group> groups = result.summaries().groups();
			assertThat(groups.keySet()).containsExactly("-2", "b", "only ignored");
			SummaryReport.Group ignored = groups.get("only ignored");
			assertThat(ignored.count()).isZero();
			assertThat(ignored.mean()).isNull();
			assertThat(ignored.stderr()).isNull();
			assertThat(ignored.accuracy().accuracy()).isNull();
			// group "-2": samples 0 and 2, W = 1·1 and 0.5·4
			double[] losses = collector(q);
			SummaryReport.Group g = groups.get("-2");
			assertThat(g.count()).isEqualTo(2);
			assertThat(g.weightSum()).isEqualTo(3.0);
			assertThat(g.sum()).isEqualTo(losses[0] + losses[2]);
			double mean = (losses[0] + losses[2]) / 3;
			double d0 = losses[0] - mean;
			double d2 = losses[2] - mean * 2;
			assertThat(g.m2()).isCloseTo(d0 * d0 + d2 * d2, within(1e-15));
			assertThat(g.cross()).isCloseTo(d0 + 2 * d2, within(1e-15));
			assertThat(g.weightSquares()).isEqualTo(5.0);
			assertThat(g.stderr()).isCloseTo(Math.sqrt(2.0 * (d0 * d0 + d2 * d2)) / 3, within(1e-15));
			assertThat(g.ci95().upper() - g.mean()).isCloseTo(SummaryReport.Z95 * g.stderr(), within(1e-15));
			// accuracy weighs by s_i: sample 0 right (1), sample 2 (tie → class 0) wrong
			// (0.5)
			assertThat(g.accuracy()).isEqualTo(new SummaryReport.Accuracy(1, 1.5, 1 / 1.5, null, null));
		}

		private double[] collector(SummaryRequest q) {
			Scorer.Collector collector = new Scorer.Collector(false);
			Scoring scoring = new Scoring(q.loss(), Reduction.MEAN, collector, Long.MAX_VALUE);
			scoring.accept(q.slice(0, q.n, 0, null));
			return collector.losses();
		}

	}

	@Nested
	class Divergence {

		@Test
		void withHardLabelsKlIsTheMeanLossAndEntropyZero() {
			SummaryRequest q = categorical(InputType.LOGITS, new double[][] { { 2, 0.5, -1 }, { 0.1, 0.2, 3 } },
					new long[] { 0, 2 }, "divergence");
			SummaryRequest.Result r = q.score();
			assertThat(r.summaries().divergence().entropy()).isZero();
			assertThat(r.summaries().divergence().kl()).isCloseTo(r.aggregates().mean(), within(1e-16));
		}

		@Test
		void theLossesOwnValueForOneHotTargetsIsTheDirectSum() {
			SummaryRequest q = multilabel(new double[][] { { 0.9, 0.2, 0.0 }, { 0.3, 0.6, 1.0 } },
					new double[][] { { 1, 0, 0 }, { 0, 0, 1 } }, "divergence");
			q.sampleWeights = new double[] { 0.5, 2 };
			SummaryReport.Divergence shortcut = report(q).divergence();
			q.crossEntropy = false;
			SummaryReport.Divergence direct = report(q).divergence();
			assertThat(shortcut.kl()).isCloseTo(direct.kl(), within(1e-15 * direct.kl()));
			assertThat(shortcut.entropy()).isZero();
			assertThat(direct.entropy()).isZero();
			SummaryRequest c = categorical(InputType.LOGITS, new double[][] { { 2, 0.5, -1 }, { 0.1, 0.2, 3 } },
					new long[] { 1, 2 }, "divergence");
			double kl = report(c).divergence().kl();
			c.crossEntropy = false;
			assertThat(report(c).divergence().kl()).isCloseTo(kl, within(1e-15 * kl));
		}

		@Test
		void klIsZeroWhereTheTargetsAreThePredictions() {
			SummaryRequest q = binary(InputType.PROBABILITIES, new double[] { 0.3, 0.8 }, new double[] { 0.3, 0.8 },
					"divergence");
			SummaryReport.Divergence d = report(q).divergence();
			assertThat(d.kl()).isCloseTo(0.0, within(1e-16));
			double h = -(0.3 * Math.log(0.3) + 0.7 * Math.log(0.7)) - (0.8 * Math.log(0.8) + 0.2 * Math.log(0.2));
			assertThat(d.entropy()).isCloseTo(h / 2, within(1e-15));
		}

		@Test
		void smoothedTargetsAndTheLossesClip() {
			// q' = 0.9·[1, 0] + 0.05 = [0.95, 0.05]; p clipped to [1e-3, 1 − 1e-3]
			SummaryRequest q = categorical(InputType.PROBABILITIES, new double[][] { { 1.0, 0.0 } }, new long[] { 0 },
					"divergence");
			q.labelSmoothing = 0.1;
			q.epsilon = 1e-3;
			SummaryReport.Divergence d = report(q).divergence();
			double kl = 0.95 * (Math.log(0.95) - Math.log(1 - 1e-3)) + 0.05 * (Math.log(0.05) - Math.log(1e-3));
			assertThat(d.kl()).isCloseTo(kl, within(1e-15));
			assertThat(d.entropy()).isCloseTo(-(0.95 * Math.log(0.95) + 0.05 * Math.log(0.05)), within(1e-15));
		}

		@Test
		void multilabelTakesTheMeanOverColumnsAndWeighsBySampleWeights() {
			SummaryRequest q = multilabel(new double[][] { { 0.5, 0.25 }, { 0.9, 0.9 } },
					new double[][] { { 1, 1 }, { 1, 0 } }, "divergence");
			q.sampleWeights = new double[] { 1, 3 };
			double first = (-Math.log(0.5) - Math.log(0.25)) / 2;
			double second = (-Math.log(0.9) - BinaryCrossEntropy.log1p(-0.9)) / 2;
			assertThat(report(q).divergence().kl()).isCloseTo((first + 3 * second) / 4, within(1e-15));
		}

	}

	@Nested
	class StderrAndPerplexity {

		@Test
		void theRatioEstimatorWithClassWeights() {
			SummaryRequest q = categorical(InputType.PROBABILITIES,
					new double[][] { { 0.7, 0.3 }, { 0.4, 0.6 }, { 0.5, 0.5 } }, new long[] { 0, 1, 1 }, "stderr");
			q.classWeights = new double[] { 1, 3 };
			q.sampleWeights = new double[] { 2, 1, 1 };
			SummaryRequest.Result r = q.score();
			double[] w = { 2, 3, 3 };
			double[] l = { -2 * Math.log(0.7), -3 * Math.log(0.6), -3 * Math.log(0.5) };
			double ws = 8;
			double mean = (l[0] + l[1] + l[2]) / ws;
			double m2 = 0;
			for (int i = 0; i < 3; i++) {
				m2 += (l[i] - mean * w[i]) * (l[i] - mean * w[i]);
			}
			SummaryReport.Stderr s = r.summaries().stderr();
			assertThat(s.n()).isEqualTo(3);
			assertThat(s.mean()).isEqualTo(r.aggregates().mean());
			assertThat(s.m2()).isCloseTo(m2, within(1e-14));
			assertThat(s.weightSquares()).isEqualTo(22.0);
			assertThat(s.stderr()).isCloseTo(Math.sqrt(3.0 / 2 * m2 / (ws * ws)), within(1e-15));
			assertThat(s.ci95().lower()).isEqualTo(s.mean() - 1.959963984540054 * s.stderr());
			assertThat(s.ci95().upper()).isEqualTo(s.mean() + 1.959963984540054 * s.stderr());
		}

		@Test
		void oneSampleHasNoStandardError() {
			SummaryRequest q = binary(InputType.PROBABILITIES, new double[] { 0.8 }, new double[] { 1 }, "stderr");
			SummaryReport.Stderr s = report(q).stderr();
			assertThat(s.n()).isEqualTo(1);
			assertThat(s.stderr()).isNull();
			assertThat(s.ci95()).isNull();
			assertThat(s.m2()).isZero();
		}

		@Test
		void perplexityIsNullWhereExpOverflows() {
			SummaryRequest q = binary(InputType.LOGITS, new double[] { -1000 }, new double[] { 1 }, "perplexity");
			SummaryReport.Perplexity p = report(q).perplexity();
			assertThat(p.perplexity()).isNull();
			assertThat(p.bitsPerSample()).isEqualTo(1000 / Math.log(2));
			SummaryRequest r = binary(InputType.PROBABILITIES, new double[] { 0.5 }, new double[] { 1 }, "perplexity");
			assertThat(report(r).perplexity().perplexity()).isCloseTo(2.0, within(1e-15));
			assertThat(report(r).perplexity().bitsPerSample()).isCloseTo(1.0, within(1e-15));
		}

		@Test
		void weightsWhoseSquaresOverflowAreRefused() {
			SummaryRequest q = binary(InputType.PROBABILITIES, new double[] { 0.5, 0.4 }, new double[] { 1, 0 },
					"stderr");
			q.sampleWeights = new double[] { 1e160, 1e160 };
			assertThatExceptionOfType(InvalidBatchException.class).isThrownBy(q::score)
				.satisfies((ex) -> assertThat(pointers(ex.violations())).containsExactly("/sampleWeights"));
		}

	}

	@Nested
	class ExactMoments {

		/**
		 * m2 and cross to 1e-13 of exact (60-digit) arithmetic: losses of mean 1e8 that
		 * vary by 1e-3, where raw moments would keep no digit of m2; heavy-tailed losses
		 * sorted worst first, where a fixed centre would be an outlier; plain ones.
		 */
		@Test
		void centredMomentsSurviveCancellation() {
			SplittableRandom random = new SplittableRandom(11);
			for (int round = 0; round < 60; round++) {
				int n = 2 + random.nextInt(5000);
				double[][] samples = new double[n][];
				for (int i = 0; i < n; i++) {
					double w = 0.5 + random.nextInt(4);
					double l = switch (round % 3) {
						// mean 1e8, spread 1e-3: raw moments would keep no digit of m2
						case 0 -> w * (1e8 + random.nextDouble() * 1e-3);
						// heavy tail, sorted worst first below: the first centres are
						// outliers
						case 1 -> w * Math.pow(random.nextDouble(), -3);
						default -> w * -Math.log(random.nextDouble());
					};
					samples[i] = new double[] { l, w };
				}
				if (round % 3 == 1) {
					java.util.Arrays.sort(samples, Comparator.comparingDouble((double[] x) -> -x[0]));
				}
				Moments moments = new Moments();
				for (double[] x : samples) {
					moments.add(x[0], x[1]);
				}
				double mean = moments.sum() / moments.weightSum();
				MathContext mc = new MathContext(60);
				BigDecimal m = new BigDecimal(mean);
				BigDecimal m2 = BigDecimal.ZERO;
				BigDecimal cross = BigDecimal.ZERO;
				BigDecimal size = BigDecimal.ZERO;
				for (double[] x : samples) {
					BigDecimal w = new BigDecimal(x[1]);
					BigDecimal d = new BigDecimal(x[0]).subtract(m.multiply(w, mc), mc);
					m2 = m2.add(d.multiply(d, mc), mc);
					cross = cross.add(d.multiply(w, mc), mc);
					size = size.add(d.abs().multiply(w, mc), mc);
				}
				assertThat(moments.m2(mean)).as("round %d", round)
					.isCloseTo(m2.doubleValue(), within(1e-13 * m2.doubleValue()));
				// cross is Σ(ℓ − mean·W)·W with mean rounded: noise of order ε·Σ|ℓ −
				// mean·W|·W
				assertThat(moments.cross(mean)).as("round %d", round)
					.isCloseTo(cross.doubleValue(),
							within(1e-13 * Math.abs(cross.doubleValue()) + 1e-15 * size.doubleValue()));
			}
		}

		@Test
		void equalLossesHaveNoSpread() {
			Moments moments = new Moments();
			NeumaierSum sum = new NeumaierSum();
			for (int i = 0; i < 1000; i++) {
				moments.add(0.6931471805599453, 1);
				sum.add(0.6931471805599453);
			}
			// The mean as the aggregates give it (a compensated sum of the losses):
			// exact.
			double mean = sum.value() / 1000;
			assertThat(mean).isEqualTo(0.6931471805599453);
			assertThat(moments.m2(mean)).isZero();
			assertThat(moments.cross(mean)).isZero();
			// The moments' own sum, in blocks: within a few ulps.
			assertThat(moments.sum() / moments.weightSum()).isCloseTo(mean, within(1e-15));
		}

	}

	@Test
	void rankingWithoutBranchesAgreesWithTheDefinitions() {
		SplittableRandom random = new SplittableRandom(17);
		double[] pool = { -0.0, 0.0, 1.0, -1.0, 2.5, 1e-320, -1e-320, Double.MAX_VALUE, -Double.MAX_VALUE, 0.5 };
		for (int round = 0; round < 100_000; round++) {
			int c = 2 + random.nextInt(12);
			double[] v = new double[c];
			for (int j = 0; j < c; j++) {
				v[j] = random.nextBoolean() ? pool[random.nextInt(pool.length)] : random.nextGaussian();
			}
			int top = 0;
			for (int j = 1; j < c; j++) {
				if (v[j] > v[top]) {
					top = j;
				}
			}
			assertThat(Summaries.firstLargest(v, 0, c)).as("%s", java.util.Arrays.toString(v)).isEqualTo(top);
			int label = random.nextInt(c);
			int rank = 0;
			for (int j = 0; j < c; j++) {
				if (v[j] > v[label] || (j < label && v[j] == v[label])) {
					rank++;
				}
			}
			assertThat(Summaries.rank(v, 0, c, label)).as("%s, label %d", java.util.Arrays.toString(v), label)
				.isEqualTo(rank);
		}
	}

	@Test
	void summariesComeInTheRequestsOrder() {
		SummaryRequest q = binary(InputType.PROBABILITIES, new double[] { 0.5 }, new double[] { 1 }, "perplexity",
				"worst", "stderr");
		assertThat(report(q).kinds()).containsExactly(Summaries.Kind.PERPLEXITY, Summaries.Kind.WORST,
				Summaries.Kind.STDERR);
		assertThat(List.of(Summaries.Kind.values())
			.stream()
			.map(Summaries.Kind::wireName)
			.sorted(Comparator.naturalOrder()))
			.containsExactly("accuracy", "calibration", "divergence", "groups", "perplexity", "stderr", "worst");
	}

}
