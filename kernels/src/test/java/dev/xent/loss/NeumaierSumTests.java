package dev.xent.loss;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.Arrays;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static dev.xent.loss.TestSupport.assertClose;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Compensated summation against naive summation and against exact {@link BigDecimal}
 * sums.
 */
class NeumaierSumTests {

	private static final int MILLION = 1_000_000;

	@Test
	void keepsTheSmallTermsThatNaiveSummationLosesNextToHugeOnes() {
		// the classic case where Kahan summation also fails: the large term comes second
		double[] values = { 1, 1e100, 1, -1e100 };

		assertThat(naive(values)).isZero();
		assertThat(NeumaierSum.of(values, 0, values.length)).isEqualTo(2.0);
	}

	@Test
	void recoversEveryUnitInARepeatedCancellingPattern() {
		// ulp(1e16) = 2: each 1 added to 1e16 is rounded away by naive summation
		double[] values = new double[3000];
		for (int i = 0; i < 1000; i++) {
			values[3 * i] = 1e16;
			values[3 * i + 1] = 1;
			values[3 * i + 2] = -1e16;
		}

		assertThat(naive(values)).isNotEqualTo(1000.0);
		assertThat(NeumaierSum.of(values, 0, values.length)).isEqualTo(1000.0);
		NeumaierSum incremental = new NeumaierSum();
		for (double v : values) {
			incremental.add(v);
		}
		assertThat(incremental.value()).isEqualTo(1000.0);
	}

	@Test
	void sumsOnlyTheGivenRange() {
		double[] values = { 100, 1e16, 1, -1e16, 100 };

		assertThat(NeumaierSum.of(values, 1, 4)).isEqualTo(1.0);
		assertThat(NeumaierSum.of(values, 2, 2)).isZero();
		assertThat(new NeumaierSum().value()).isZero();
	}

	@Test
	void theExactReferenceAgreesWithTermByTermBigDecimalSummation() {
		SplittableRandom random = new SplittableRandom(3);
		double[] values = new double[2000];
		for (int i = 0; i < values.length; i++) {
			values[i] = (random.nextDouble() - 0.3) * Math.pow(2, random.nextInt(-1100, 60));
		}
		values[0] = Double.MIN_VALUE;
		values[1] = -Double.MIN_NORMAL;
		values[2] = Double.MAX_VALUE;
		BigDecimal direct = BigDecimal.ZERO;
		for (double v : values) {
			direct = direct.add(new BigDecimal(v));
		}

		assertThat(exactSum(values).compareTo(direct)).isZero();
	}

	@Test
	void aMillionRandomTermsMatchTheExactSumToAboutOneUlp() {
		SplittableRandom random = new SplittableRandom(20240611);
		double[] values = new double[MILLION];
		for (int i = 0; i < MILLION; i++) {
			double v;
			do {
				v = random.nextDouble();
			}
			while (v == 0);
			values[i] = v;
		}
		double reference = exactSum(values).doubleValue();

		double compensated = NeumaierSum.of(values, 0, MILLION);
		double naiveError = Math.abs(naive(values) - reference) / reference;

		assertClose(reference, compensated, 1e-15, 0);
		assertThat(Math.abs(compensated - reference)).as("within one ulp of the correctly rounded sum")
			.isLessThanOrEqualTo(Math.ulp(reference));
		assertThat(naiveError).as("naive summation is measurably worse on the same data").isGreaterThan(1e-15);
	}

	@Test
	void aMillionSampleBinaryMeanMatchesAnExactlySummedReference() {
		SplittableRandom random = new SplittableRandom(7);
		double[] p = new double[MILLION];
		double[] y = new double[MILLION];
		double[] s = new double[MILLION];
		for (int i = 0; i < MILLION; i++) {
			p[i] = 0.001 + 0.998 * random.nextDouble();
			y[i] = random.nextBoolean() ? 1 : 0;
			s[i] = random.nextDouble() * 10;
		}
		LossResult r = Scorer.score(TestSupport.binary(p, y).sampleWeights(s).batch(), Reduction.MEAN, true, false);

		BigDecimal lossSum = exactSum(r.losses());
		BigDecimal weightSum = exactSum(s);
		double referenceMean = lossSum.divide(weightSum, MathContext.DECIMAL128).doubleValue();

		assertThat(r.count()).isEqualTo(MILLION);
		assertClose(weightSum.doubleValue(), r.weightSum(), 1e-15, 0);
		assertClose(lossSum.doubleValue(), r.sum(), 1e-15, 0);
		assertClose(referenceMean, r.mean(), 1e-13, 0);
	}

	@Test
	void bothKernelsCompensateTheirSumOfLosses() {
		// one loss of 2^53·ln 2 (ulp 1) and ten of ln 2: a plain running sum rounds each
		// small
		// term to 1 and ends about 3 ulps high
		double[] weights = new double[11];
		Arrays.fill(weights, 1);
		weights[0] = 0x1p53;
		double[] half = new double[11];
		Arrays.fill(half, 0.5);
		double[][] rows = new double[11][];
		Arrays.fill(rows, new double[] { Math.log(0.5), Math.log(0.5) });
		LossResult binary = Scorer.score(TestSupport.binary(half, fill(11, 1)).sampleWeights(weights).batch(),
				Reduction.SUM, true, false);
		LossResult categorical = Scorer.score(
				TestSupport.categoricalLabels(rows, new long[11]).logProbabilities().sampleWeights(weights).batch(),
				Reduction.SUM, true, false);

		for (LossResult r : new LossResult[] { binary, categorical }) {
			double exact = exactSum(r.losses()).doubleValue();
			assertThat(Math.abs(naive(r.losses()) - exact)).isGreaterThan(2 * Math.ulp(exact));
			assertThat(Math.abs(r.sum() - exact)).isLessThanOrEqualTo(Math.ulp(exact));
		}
	}

	private static double[] fill(int n, double value) {
		double[] values = new double[n];
		Arrays.fill(values, value);
		return values;
	}

	/**
	 * Σ values exactly, as a {@link BigDecimal}. Converting a million doubles one by one
	 * with {@code new BigDecimal(double)} takes seconds, so each value is split into an
	 * integer mantissa m and a binary exponent (v = m·2^e, exact), the mantissas are
	 * added as integers per exponent, and each exponent's total is converted once.
	 */
	static BigDecimal exactSum(double[] values) {
		int buckets = 1074 + Double.MAX_EXPONENT + 1;
		long[] partial = new long[buckets];
		BigInteger[] carried = new BigInteger[buckets];
		for (double v : values) {
			if (v == 0) {
				continue;
			}
			int exponent = Math.max(Math.getExponent(v), Double.MIN_EXPONENT) - 52;
			long mantissa = (long) Math.scalb(v, -exponent);
			int b = exponent + 1074;
			if (Math.abs(partial[b]) > (1L << 62)) {
				carried[b] = (carried[b] != null) ? carried[b].add(BigInteger.valueOf(partial[b]))
						: BigInteger.valueOf(partial[b]);
				partial[b] = 0;
			}
			partial[b] += mantissa;
		}
		BigDecimal total = BigDecimal.ZERO;
		for (int b = 0; b < buckets; b++) {
			BigInteger m = BigInteger.valueOf(partial[b]);
			if (carried[b] != null) {
				m = m.add(carried[b]);
			}
			if (m.signum() != 0) {
				total = total.add(new BigDecimal(m).multiply(new BigDecimal(Math.scalb(1.0, b - 1074))));
			}
		}
		return total;
	}

	private static double naive(double[] values) {
		double sum = 0;
		for (double v : values) {
			sum += v;
		}
		return sum;
	}

}
