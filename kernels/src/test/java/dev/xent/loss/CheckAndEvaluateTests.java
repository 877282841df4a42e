package dev.xent.loss;

import java.util.SplittableRandom;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link Loss#checkAndEvaluate} on binary columns, which {@link BinaryLoss} does in one
 * pass ({@link BinaryCrossEntropy#evaluateUnchecked}): a valid batch gives the bits of
 * {@link Loss#check} then {@link Loss#evaluate}, per-sample results included; a batch
 * with one bad value anywhere reports exactly {@link Loss#check}'s violations and leaves
 * the sums as they were.
 */
class CheckAndEvaluateTests {

	private static final double[] BAD = { -0.0001, 1.0001, Double.NaN, Double.POSITIVE_INFINITY,
			Double.NEGATIVE_INFINITY, -1, 2 };

	@ParameterizedTest
	@ValueSource(
			strings = { "default", "epsilon-0", "epsilon-0.01", "keras", "torch", "posWeight", "logits", "smoothing" })
	void validBatchesGiveTheBitsOfCheckThenEvaluate(String options) {
		SplittableRandom random = new SplittableRandom(options.hashCode());
		for (int round = 0; round < 20; round++) {
			int n = 1 + random.nextInt(300);
			double[] p = new double[n];
			double[] y = new double[n];
			for (int i = 0; i < n; i++) {
				p[i] = switch (random.nextInt(8)) {
					case 0 -> 0.0;
					case 1 -> 1.0;
					case 2 -> -0.0;
					case 3 -> Double.MIN_VALUE;
					default -> random.nextDouble();
				};
				y[i] = (random.nextInt(10) == 0) ? random.nextDouble() : random.nextInt(2);
				if (options.equals("epsilon-0") || options.equals("torch")) {
					// finite losses without a clip
					p[i] = Math.min(Math.max(p[i], 1e-3), 1 - 1e-3);
				}
				if (options.equals("logits")) {
					p[i] = (p[i] - 0.5) * 30;
				}
			}
			boolean gradients = random.nextBoolean();
			Result fused = score(options, p, y, gradients, true);
			Result apart = score(options, p, y, gradients, false);
			assertThat(fused.counted).isEqualTo(n);
			assertThat(Double.doubleToLongBits(fused.sum)).isEqualTo(Double.doubleToLongBits(apart.sum));
			assertThat(Double.doubleToLongBits(fused.weightSum)).isEqualTo(Double.doubleToLongBits(apart.weightSum));
			assertThat(fused.losses).isEqualTo(apart.losses);
			assertThat(fused.weights).isEqualTo(apart.weights);
			assertThat(fused.raw).isEqualTo(apart.raw);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "default", "epsilon-0", "keras" })
	void anInfiniteLossIsEvaluatedAsItWasBefore(String options) {
		double[] p = { 0.5, 0.0, 0.25 };
		double[] y = { 1, 1, 0 };
		Result fused = score(options, p, y, true, true);
		Result apart = score(options, p, y, true, false);
		assertThat(fused.counted).isEqualTo(3);
		assertThat(Double.doubleToLongBits(fused.sum)).isEqualTo(Double.doubleToLongBits(apart.sum));
		assertThat(fused.losses).isEqualTo(apart.losses);
	}

	@ParameterizedTest
	@ValueSource(strings = { "predictions", "labels" })
	void oneBadValueReportsCheckViolationsAndLeavesTheSums(String column) {
		SplittableRandom random = new SplittableRandom(7);
		for (double bad : BAD) {
			for (int round = 0; round < 10; round++) {
				int n = 1 + random.nextInt(200);
				double[] p = new double[n];
				double[] y = new double[n];
				for (int i = 0; i < n; i++) {
					p[i] = random.nextDouble();
					y[i] = random.nextInt(2);
				}
				int at = random.nextInt(n);
				if (column.equals("predictions")) {
					p[at] = bad;
				}
				else {
					y[at] = bad;
				}
				Loss loss = loss("default");
				SampleBatch batch = batch(p, y);
				Violations expected = new Violations();
				loss.start(batch, expected);
				loss.check(batch, expected);
				NeumaierSum sum = new NeumaierSum();
				NeumaierSum weightSum = new NeumaierSum();
				sum.add(3.25);
				weightSum.add(7);
				Violations violations = new Violations();
				long counted = loss.checkAndEvaluate(batch, violations, null, null, null, sum, weightSum);
				assertThat(counted).isEqualTo(-1);
				assertThat(violations.list()).isEqualTo(expected.list()).isNotEmpty();
				assertThat(sum.value()).isEqualTo(3.25);
				assertThat(weightSum.value()).isEqualTo(7);
			}
		}
	}

	private record Result(long counted, double sum, double weightSum, double[] losses, double[] weights, double[] raw) {
	}

	private static Result score(String options, double[] p, double[] y, boolean perSample, boolean fused) {
		Loss loss = loss(options);
		SampleBatch batch = batch(p, y);
		Violations v = new Violations();
		loss.start(batch, v);
		int n = p.length;
		double[] losses = perSample ? new double[n] : null;
		double[] weights = perSample ? new double[n] : null;
		double[] raw = perSample ? new double[n] : null;
		NeumaierSum sum = new NeumaierSum();
		NeumaierSum weightSum = new NeumaierSum();
		long counted;
		if (fused) {
			counted = loss.checkAndEvaluate(batch, v, losses, weights, raw, sum, weightSum);
		}
		else {
			loss.check(batch, v);
			counted = loss.evaluate(batch, losses, weights, raw, sum, weightSum);
		}
		assertThat(v.list()).isEmpty();
		return new Result(counted, sum.value(), weightSum.value(), losses, weights, raw);
	}

	private static SampleBatch batch(double[] p, double[] y) {
		return new SampleBatch(0, p.length, 1, p, y, 1, null, null, 0, null, null, null);
	}

	private static Loss loss(String options) {
		Violations v = new Violations();
		InputType type = options.equals("logits") ? InputType.LOGITS : InputType.PROBABILITIES;
		Double epsilon = options.startsWith("epsilon-") ? Double.valueOf(options.substring(8)) : null;
		Double posWeight = options.equals("posWeight") ? 2.5 : null;
		Double smoothing = options.equals("smoothing") ? 0.1 : null;
		Compat compat = switch (options) {
			case "keras" -> Compat.KERAS;
			case "torch" -> Compat.TORCH;
			default -> null;
		};
		Loss loss = BinaryLoss.of(new BinaryLoss.Options(type, true, posWeight, null, null, smoothing, epsilon, compat),
				v);
		assertThat(v.list()).isEmpty();
		return loss;
	}

}
