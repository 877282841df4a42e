package dev.xent.loss;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The summaries' loops for W = 1 and their branch-free σ do what the general ones do: the
 * same operations, so the same bits, since a batch split moves which ranges take them.
 */
class UnitWeightTests {

	@Test
	void unitMomentsGiveTheBitsOfWeightOne() {
		SplittableRandom random = new SplittableRandom(11);
		for (int c = 0; c < 200; c++) {
			int n = 1 + random.nextInt(3000);
			double[] losses = new double[n];
			double[] ones = new double[n];
			double scale = Math.pow(10, random.nextInt(-3, 4));
			for (int i = 0; i < n; i++) {
				losses[i] = switch (random.nextInt(10)) {
					case 0 -> 0.0;
					case 1 -> scale * 1e6;
					default -> scale * -Math.log(random.nextDouble());
				};
				ones[i] = 1.0;
			}
			Moments general = new Moments();
			Moments each = new Moments();
			Moments ranges = new Moments();
			for (int i = 0; i < n; i++) {
				general.add(losses[i], 1.0);
				each.addAllUnit(losses, i, i + 1);
			}
			for (int from = 0; from < n;) {
				int to = Math.min(n, from + 1 + random.nextInt(700));
				if (random.nextInt(4) == 0) {
					ranges.addAll(losses, ones, from, to, null, 0);
				}
				else {
					ranges.addAllUnit(losses, from, to);
				}
				from = to;
			}
			for (Moments m : new Moments[] { each, ranges }) {
				assertThat(m.count).isEqualTo(general.count);
				double mean = general.sum() / general.weightSum();
				assertThat(m.sum()).as("case %d", c).isEqualTo(general.sum());
				assertThat(m.weightSum()).isEqualTo(general.weightSum());
				assertThat(m.m2(mean)).as("case %d", c).isEqualTo(general.m2(mean));
				assertThat(m.cross(mean)).isEqualTo(general.cross(mean));
				assertThat(m.weightSquares()).isEqualTo(general.weightSquares());
			}
		}
	}

	@Test
	void branchFreeSigmoidIsTheTwoSidedFormula() {
		SplittableRandom random = new SplittableRandom(12);
		double[] edges = { 0.0, -0.0, Double.MIN_VALUE, -Double.MIN_VALUE, 1e-300, -1e-300, 36.7, -36.7, 700, -700,
				745.2, -745.2, Double.MAX_VALUE, -Double.MAX_VALUE };
		for (double z : edges) {
			assertThat(Summaries.sigmoid(z)).as("σ(%s)", z).isEqualTo(twoSided(z));
		}
		for (int i = 0; i < 200_000; i++) {
			double z = (random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(-5, 4));
			assertThat(Summaries.sigmoid(z)).as("σ(%s)", z).isEqualTo(twoSided(z));
		}
	}

	private static double twoSided(double z) {
		double u = Exps.exp(-Math.abs(z));
		return (z >= 0) ? 1 / (1 + u) : u / (1 + u);
	}

}
