package dev.xent.loss;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import static dev.xent.loss.TestSupport.binary;
import static dev.xent.loss.TestSupport.binaryLogits;
import static dev.xent.loss.TestSupport.categoricalLabels;
import static dev.xent.loss.TestSupport.categoricalTargets;
import static dev.xent.loss.TestSupport.multilabel;
import static dev.xent.loss.TestSupport.pointers;
import static dev.xent.loss.TestSupport.violations;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Every check of the batch factories and of the scorer: each offending value is reported
 * once, at the JSON Pointer of that value, and nothing else is reported with it.
 */
class BatchValidationTests {

	private static final double[][] P2 = { { 0.5, 0.5 }, { 0.25, 0.75 } };

	private static final double[][] P3 = { { 0.7, 0.2, 0.1 }, { 0.1, 0.3, 0.6 } };

	// ---- the valid baselines the cases below break one value of ----

	@Test
	void theBaselinesAreValid() {
		assertThat(binary(new double[] { 0, 0.5, 1 }, 0, 0.5, 1).labelSmoothing(0.999).epsilon(0).batch().samples())
			.isEqualTo(3);
		assertThat(multilabel(new double[][] { { 0.1, 0.9 } }, new double[][] { { 0, 1 } }).posWeights(1, 2)
			.classWeights(0, 1)
			.batch()
			.columns()).isEqualTo(2);
		assertThat(categoricalLabels(P3, 0, 2).labelSmoothing(1).classWeights(0, 1, 2).batch().count()).isEqualTo(2);
		assertThat(categoricalLabels(new double[][] { { 0.5, 0.5000005 } }, 0).batch().samples())
			.as("row sums within 1e-6 of 1 pass")
			.isEqualTo(1);
		assertThat(categoricalLabels(new double[][] { { 2, 0 } }, 0).renormalize(true).batch().samples()).isEqualTo(1);
	}

	// ---- binary and multi-label ----

	@Test
	void binaryEmptyPredictions() {
		assertThat(pointers(() -> binary(new double[0]).batch())).containsExactly("/predictions");
	}

	@Test
	void multilabelRowsWithoutColumns() {
		assertThat(pointers(() -> multilabel(new double[][] { {}, {} }, new double[][] { {}, {} }).batch()))
			.containsExactly("/predictions/0");
	}

	@Test
	void binaryProbabilityOutsideZeroOne() {
		assertThat(pointers(() -> binary(new double[] { 0.5, 1.5, 0.2 }, 1, 0, 1).batch()))
			.containsExactly("/predictions/1");
		assertThat(pointers(() -> binary(new double[] { -1e-300 }, 1).batch())).containsExactly("/predictions/0");
		assertThat(pointers(
				() -> multilabel(new double[][] { { 0.5, 0.5 }, { 0.5, -0.1 } }, new double[][] { { 1, 0 }, { 1, 0 } })
					.batch()))
			.containsExactly("/predictions/1/1");
	}

	@Test
	void binaryNonFinitePrediction() {
		List<Violation> v = violations(() -> binary(new double[] { 0.5, Double.POSITIVE_INFINITY }, 1, 0).batch());
		assertThat(v).extracting(Violation::pointer).containsExactly("/predictions/1");
		assertThat(v.get(0).detail()).contains("finite");
		assertThat(pointers(() -> binaryLogits(new double[] { Double.NaN, 3 }, 1, 0).batch()))
			.containsExactly("/predictions/0");
		assertThat(pointers(() -> binaryLogits(new double[] { 1, Double.NEGATIVE_INFINITY }, 1, 0).batch()))
			.containsExactly("/predictions/1");
	}

	@Test
	void binaryLogitsAcceptAnyFiniteValue() {
		assertThat(binaryLogits(new double[] { -Double.MAX_VALUE, Double.MAX_VALUE }, 1, 0).batch().samples())
			.isEqualTo(2);
	}

	@Test
	void binaryLabelsShapeAndRange() {
		assertThat(pointers(() -> binary(new double[] { 0.5, 0.5, 0.5 }, 1, 0).batch()))
			.as("a shape mismatch points at the first row that is missing")
			.containsExactly("/labels/2");
		assertThat(pointers(() -> binary(new double[] { 0.5, 0.5 }, 0, 1.5).batch())).containsExactly("/labels/1");
		assertThat(pointers(() -> binary(new double[] { 0.5, 0.5 }, -0.5, 1).batch())).containsExactly("/labels/0");
		assertThat(pointers(() -> multilabel(new double[][] { { 0.5, 0.5 } }, new double[][] { { 0, 2 } }).batch()))
			.containsExactly("/labels/0/1");
		assertThat(pointers(() -> multilabel(new double[][] { { 0.5, 0.5 } }, new double[][] { { 0, 1, 0 } }).batch()))
			.as("a row of another width is the first offending row")
			.containsExactly("/labels/0");
	}

	@Test
	void binaryMissingLabels() {
		BinaryBatch.Input in = binary(new double[] { 0.5 }, 1).input();
		BinaryBatch.Input noLabels = new BinaryBatch.Input(in.inputType(), in.predictions(), true, null, null, null,
				null, null, null, null);
		assertThat(pointers(() -> BinaryBatch.of(noLabels))).containsExactly("/labels");
	}

	@Test
	void binaryLogProbabilitiesAreNotAnInputType() {
		assertThat(pointers(() -> binary(new double[] { -0.5 }, 1).type(InputType.LOG_PROBABILITIES).batch()))
			.containsExactly("/inputType");
	}

	@Test
	void binarySampleWeights() {
		assertThat(pointers(() -> binary(new double[] { 0.5, 0.5 }, 1, 0).sampleWeights(1, -0.5).batch()))
			.containsExactly("/sampleWeights/1");
		assertThat(pointers(
				() -> binary(new double[] { 0.5, 0.5 }, 1, 0).sampleWeights(Double.POSITIVE_INFINITY, 1).batch()))
			.containsExactly("/sampleWeights/0");
		assertThat(pointers(() -> binary(new double[] { 0.5, 0.5 }, 1, 0).sampleWeights(1).batch()))
			.containsExactly("/sampleWeights/1");
	}

	@Test
	void posWeightMustBePositiveAsScalarAndPerColumn() {
		assertThat(pointers(() -> binary(new double[] { 0.5 }, 1).posWeight(0).batch())).containsExactly("/posWeight");
		assertThat(pointers(() -> binary(new double[] { 0.5 }, 1).posWeight(-2).batch())).containsExactly("/posWeight");
		double[][] p = { { 0.5, 0.5, 0.5 } };
		double[][] y = { { 1, 0, 1 } };
		assertThat(pointers(() -> multilabel(p, y).posWeights(1, 0, 2).batch())).containsExactly("/posWeight/1");
		assertThat(pointers(() -> multilabel(p, y).posWeights(1, 2, -3).batch())).containsExactly("/posWeight/2");
		assertThat(pointers(() -> multilabel(p, y).posWeights(1, 2).batch())).containsExactly("/posWeight");
	}

	@Test
	void multilabelClassWeights() {
		double[][] p = { { 0.5, 0.5, 0.5 } };
		double[][] y = { { 1, 0, 1 } };
		assertThat(pointers(() -> multilabel(p, y).classWeights(1, 2).batch())).containsExactly("/classWeights");
		assertThat(pointers(() -> multilabel(p, y).classWeights(1, -1, 2).batch())).containsExactly("/classWeights/1");
	}

	@Test
	void binaryLabelSmoothingIsInZeroToOneExclusive() {
		assertThat(pointers(() -> binary(new double[] { 0.5 }, 1).labelSmoothing(1).batch()))
			.containsExactly("/labelSmoothing");
		assertThat(pointers(() -> binary(new double[] { 0.5 }, 1).labelSmoothing(-0.1).batch()))
			.containsExactly("/labelSmoothing");
		assertThat(pointers(() -> binary(new double[] { 0.5 }, 1).labelSmoothing(Double.NaN).batch()))
			.containsExactly("/labelSmoothing");
	}

	@Test
	void binaryEpsilonRangeAndOnlyWithProbabilities() {
		assertThat(pointers(() -> binary(new double[] { 0.5 }, 1).epsilon(0.5).batch())).containsExactly("/epsilon");
		assertThat(pointers(() -> binary(new double[] { 0.5 }, 1).epsilon(-1e-9).batch())).containsExactly("/epsilon");
		List<Violation> v = violations(() -> binaryLogits(new double[] { 0.5 }, 1).epsilon(1e-7).batch());
		assertThat(v).extracting(Violation::pointer).containsExactly("/epsilon");
		assertThat(v.get(0).detail()).contains("probabilities");
	}

	// ---- categorical ----

	@Test
	void categoricalEmptyPredictions() {
		assertThat(pointers(() -> categoricalLabels(new double[0][], new long[0]).batch()))
			.containsExactly("/predictions");
	}

	@Test
	void categoricalNeedsTwoClasses() {
		assertThat(pointers(() -> categoricalLabels(new double[][] { { 1 }, { 1 } }, 0, 0).batch()))
			.containsExactly("/predictions/0");
	}

	@Test
	void categoricalProbabilityOutsideZeroOneIsReportedInsteadOfTheRowSum() {
		assertThat(pointers(() -> categoricalLabels(new double[][] { { 0.5, 0.5 }, { 1.5, 0.5 } }, 0, 0).batch()))
			.containsExactly("/predictions/1/0");
		assertThat(pointers(() -> categoricalLabels(new double[][] { { -0.25, 1.25 } }, 0).batch()))
			.containsExactly("/predictions/0/0", "/predictions/0/1");
	}

	@Test
	void categoricalNonFinitePrediction() {
		for (InputType type : InputType.values()) {
			double valid = (type == InputType.LOG_PROBABILITIES) ? Math.log(0.5) : 0.5;
			double[][] x = { { valid, valid }, { Double.POSITIVE_INFINITY, 0 } };
			assertThat(pointers(() -> new TestSupport.CategoricalSpec(type, x).labels(0, 1).batch()))
				.as(type.wireName())
				.containsExactly("/predictions/1/0");
		}
	}

	@Test
	void categoricalProbabilityRowMustSumToOne() {
		List<Violation> v = violations(() -> categoricalLabels(new double[][] { P2[0], { 0.5, 0.6 } }, 0, 1).batch());
		assertThat(v).extracting(Violation::pointer).containsExactly("/predictions/1");
		assertThat(v.get(0).detail()).contains("renormalize");
		assertThat(pointers(() -> categoricalLabels(new double[][] { { 0.5, 0.499998 } }, 0).batch()))
			.containsExactly("/predictions/0");
	}

	@Test
	void logProbabilityRowMustHaveSigmaExpOne() {
		double[][] x = { { Math.log(0.5), Math.log(0.5) }, { Math.log(0.5), Math.log(0.6) } };
		assertThat(pointers(() -> categoricalLabels(x, 0, 1).logProbabilities().batch()))
			.containsExactly("/predictions/1");
		assertThat(pointers(() -> categoricalLabels(new double[][] { { 0.1, -5 } }, 0).logProbabilities().batch()))
			.as("a positive log-probability is caught by the row's Σ exp")
			.containsExactly("/predictions/0");
	}

	@Test
	void logitsRowsNeedNotSumToAnything() {
		assertThat(categoricalLabels(new double[][] { { 5, 7 } }, 0).logits().batch().samples()).isEqualTo(1);
	}

	@Test
	void renormalizeRejectsNegativeEntriesAndRowsWithoutAPositiveSum() {
		assertThat(pointers(
				() -> categoricalLabels(new double[][] { { 2, 1 }, { 2, -1 } }, 0, 0).renormalize(true).batch()))
			.containsExactly("/predictions/1/1");
		assertThat(pointers(
				() -> categoricalLabels(new double[][] { { 2, 1 }, { 0, 0 } }, 0, 0).renormalize(true).batch()))
			.containsExactly("/predictions/1");
		assertThat(pointers(
				() -> categoricalLabels(new double[][] { { Double.MAX_VALUE, Double.MAX_VALUE } }, 0).renormalize(true)
					.batch()))
			.as("an overflowing row sum")
			.containsExactly("/predictions/0");
	}

	@Test
	void categoricalLabelsLength() {
		assertThat(pointers(() -> categoricalLabels(P3, 0).batch())).containsExactly("/labels/1");
	}

	@Test
	void labelOutOfRangeWithoutIgnoreIndex() {
		assertThat(pointers(() -> categoricalLabels(P3, 0, 3).batch())).containsExactly("/labels/1");
		assertThat(pointers(() -> categoricalLabels(P3, -1, 2).batch())).containsExactly("/labels/0");
		assertThat(pointers(() -> categoricalLabels(P3, -100, 2).batch())).containsExactly("/labels/0");
	}

	@Test
	void labelOutOfRangeWithIgnoreIndex() {
		double[][] p = { P3[0], P3[1], P3[0] };
		assertThat(categoricalLabels(p, -100, 2, 0).ignoreIndex(-100).batch().count()).isEqualTo(2);
		List<Violation> v = violations(() -> categoricalLabels(p, -100, -1, 3).ignoreIndex(-100).batch());
		assertThat(v).extracting(Violation::pointer).containsExactly("/labels/1", "/labels/2");
		assertThat(v.get(0).detail()).contains("-100");
	}

	@Test
	void targetsMustBeNonNegativeAndSumToOne() {
		assertThat(pointers(() -> categoricalTargets(P2, new double[][] { { 0.5, 0.5 }, { 0.5, 0.4 } }).batch()))
			.containsExactly("/targets/1");
		assertThat(pointers(() -> categoricalTargets(P2, new double[][] { { 1.5, -0.5 }, { 0.5, 0.5 } }).batch()))
			.containsExactly("/targets/0/1");
		assertThat(pointers(() -> categoricalTargets(P2, new double[][] { { 0.5, 0.5 }, { Double.NaN, 1 } }).batch()))
			.containsExactly("/targets/1/0");
	}

	@Test
	void targetsMustHaveThePredictionsShape() {
		assertThat(pointers(() -> categoricalTargets(P2, new double[][] { { 0.5, 0.5 } }).batch()))
			.containsExactly("/targets/1");
		assertThat(pointers(() -> categoricalTargets(P2, new double[][] { { 1, 0, 0 }, { 1, 0, 0 } }).batch()))
			.containsExactly("/targets/0");
	}

	@Test
	void categoricalClassWeightsAndSampleWeights() {
		assertThat(pointers(() -> categoricalLabels(P3, 0, 1).classWeights(1, 2).batch()))
			.containsExactly("/classWeights");
		assertThat(pointers(() -> categoricalLabels(P3, 0, 1).classWeights(1, 2, -3).batch()))
			.containsExactly("/classWeights/2");
		assertThat(pointers(() -> categoricalLabels(P3, 0, 1).sampleWeights(-1, 1).batch()))
			.containsExactly("/sampleWeights/0");
		assertThat(pointers(() -> categoricalLabels(P3, 0, 1).sampleWeights(1, 1, 1).batch()))
			.containsExactly("/sampleWeights/2");
	}

	@Test
	void categoricalLabelSmoothingIsInZeroToOneInclusive() {
		assertThat(categoricalLabels(P3, 0, 1).labelSmoothing(1).batch().samples()).isEqualTo(2);
		assertThat(pointers(() -> categoricalLabels(P3, 0, 1).labelSmoothing(1.0000001).batch()))
			.containsExactly("/labelSmoothing");
		assertThat(pointers(() -> categoricalLabels(P3, 0, 1).labelSmoothing(-0.01).batch()))
			.containsExactly("/labelSmoothing");
	}

	@Test
	void optionsThatDoNotApplyAreRejected() {
		double[][] z = { { 1, 2 }, { 3, 4 } };
		assertThat(pointers(() -> categoricalLabels(z, 0, 1).logits().epsilon(1e-7).batch()))
			.containsExactly("/epsilon");
		double[][] logs = { { Math.log(0.5), Math.log(0.5) }, { Math.log(0.25), Math.log(0.75) } };
		assertThat(pointers(() -> categoricalLabels(logs, 0, 1).logProbabilities().epsilon(1e-7).batch()))
			.containsExactly("/epsilon");
		assertThat(pointers(() -> categoricalLabels(z, 0, 1).logits().renormalize(true).batch()))
			.containsExactly("/renormalize");
		assertThat(pointers(() -> categoricalLabels(z, 0, 1).logits().renormalize(false).batch()))
			.as("given at all, even false")
			.containsExactly("/renormalize");
		assertThat(pointers(() -> categoricalTargets(P2, P2).ignoreIndex(-100).batch()))
			.containsExactly("/ignoreIndex");
		assertThat(pointers(() -> categoricalLabels(P2, 0, 1).epsilon(0.5).batch())).containsExactly("/epsilon");
	}

	@Test
	void labelsAndTargetsAreExclusiveAndOneIsRequired() {
		assertThat(pointers(() -> categoricalLabels(P2, 0, 1).targets(P2).batch())).containsExactly("/targets");
		CategoricalBatch.Input in = categoricalLabels(P2, 0, 1).input();
		CategoricalBatch.Input neither = new CategoricalBatch.Input(in.inputType(), in.predictions(), null, null, null,
				null, null, null, null, null);
		List<Violation> v = violations(() -> CategoricalBatch.of(neither));
		assertThat(v).extracting(Violation::pointer).containsExactly("/labels");
		assertThat(v.get(0).detail()).contains("targets");
	}

	// ---- limits and order ----

	@Test
	void atMostOneHundredViolationsAreReportedInOrder() {
		double[] p = new double[150];
		Arrays.fill(p, 2.0);
		List<Violation> v = violations(() -> binary(p, new double[150]).batch());
		assertThat(v).hasSize(Violations.LIMIT);
		assertThat(v).extracting(Violation::pointer)
			.containsExactlyElementsOf(IntStream.range(0, 100).mapToObj((i) -> "/predictions/" + i).toList());
	}

	@Test
	void categoricalViolationsStopAtOneHundredInRowMajorOrder() {
		double[][] p = new double[80][];
		for (int i = 0; i < p.length; i++) {
			p[i] = new double[] { -1, 2 };
		}
		List<Violation> v = violations(() -> categoricalLabels(p, new long[80]).batch());
		List<String> expected = new ArrayList<>();
		for (int i = 0; i < 50; i++) {
			expected.add("/predictions/" + i + "/0");
			expected.add("/predictions/" + i + "/1");
		}
		assertThat(v).extracting(Violation::pointer).containsExactlyElementsOf(expected);
	}

	@Test
	void violationsOfDifferentFieldsComeInRequestOrder() {
		assertThat(pointers(() -> binary(new double[] { 0.5, 0.5, 7 }, 2, 0, 1).sampleWeights(1, -1, 1)
			.posWeight(0)
			.labelSmoothing(1)
			.batch())).as("options are checked first, before any sample is read")
			.containsExactly("/posWeight", "/labelSmoothing");
		assertThat(pointers(() -> binary(new double[] { 0.5, 0.5, 7 }, 2, 0, 1).sampleWeights(1, -1, 1).batch()))
			.containsExactly("/predictions/2", "/labels/0", "/sampleWeights/1");
		assertThat(pointers(() -> categoricalLabels(new double[][] { { 0.5, 0.6 }, P2[1] }, 0, 5).classWeights(1, -1)
			.labelSmoothing(2)
			.batch())).containsExactly("/classWeights/1", "/labelSmoothing");
		assertThat(pointers(() -> categoricalLabels(new double[][] { { 0.5, 0.6 }, P2[1] }, 0, 5).batch()))
			.containsExactly("/predictions/0", "/labels/1");
	}

	@Test
	void anExceptionNamesItsFirstViolationAndKeepsAnImmutableCopy() {
		InvalidBatchException e = catchThrowableOfType(InvalidBatchException.class,
				() -> binary(new double[] { 0.5, 2 }, 3, 1).batch());
		assertThat(e.getMessage()).contains("2 invalid value(s)").contains("/predictions/1");
		assertThat(e.getStackTrace()).as("no stack trace is filled in").isEmpty();
		assertThat(e.violations()).isUnmodifiable();
	}

	@Test
	void aMatrixRefusesAValueCountThatIsNotRowsTimesColumns() {
		// a ragged request is reported by the reader; the matrix only guards the
		// invariant
		assertThatIllegalArgumentException().isThrownBy(() -> new Matrix(new double[5], 2, 3));
	}

	// ---- the scorer ----

	@Test
	void scorerReportsAnInfiniteLossAtItsSample() {
		LossBatch batch = binary(new double[] { 0.5, 0, 0 }, 1, 1, 1).epsilon(0).batch();
		for (boolean includeLosses : new boolean[] { true, false }) {
			List<Violation> v = violations(() -> Scorer.score(batch, Reduction.MEAN, includeLosses, true));
			assertThat(v).extracting(Violation::pointer)
				.as("includeLosses " + includeLosses)
				.containsExactly("/predictions/1");
		}
		assertThat(pointers(
				() -> Scorer.score(categoricalLabels(new double[][] { P2[0], { 1, 0 } }, 0, 1).epsilon(0).batch(),
						Reduction.SUM, true, true)))
			.containsExactly("/predictions/1");
		assertThat(
				pointers(
						() -> Scorer.score(
								multilabel(new double[][] { { 0.5, 0.5 }, { 0.5, 1 } },
										new double[][] { { 1, 0 }, { 1, 0 } })
									.epsilon(0)
									.batch(),
								Reduction.SUM, false, false)))
			.containsExactly("/predictions/1");
	}

	@Test
	void scorerReportsAnOverflowingGradientAtItsSample() {
		// s = 1e308 keeps the loss finite (≈ 6.9e307) but ∂sum/∂p = −s/0.5 overflows
		LossBatch batch = binary(new double[] { 0.5 }, 1).sampleWeights(1e308).batch();
		assertThat(pointers(() -> Scorer.score(batch, Reduction.SUM, true, true))).containsExactly("/predictions/0");
		TestSupport.assertClose(-2.0, Scorer.score(batch, Reduction.MEAN, true, true).gradients()[0]);

		// multi-label: the pointer names the sample (row), not the flat index 3
		LossBatch rows = multilabel(new double[][] { { 0.5, 0.5 }, { 0.01, 0.5 } },
				new double[][] { { 1, 0 }, { 1, 0.5 } })
			.sampleWeights(1, 2e307)
			.batch();
		assertThat(pointers(() -> Scorer.score(rows, Reduction.SUM, true, true))).containsExactly("/predictions/1");
	}

	@Test
	void scorerReportsWeightsThatAddUpToInfinity() {
		LossBatch batch = binary(new double[] { 0.5, 0.5 }, 1, 0).sampleWeights(Double.MAX_VALUE, Double.MAX_VALUE)
			.batch();
		assertThat(pointers(() -> Scorer.score(batch, Reduction.MEAN, true, true))).containsExactly("/sampleWeights");
	}

}
