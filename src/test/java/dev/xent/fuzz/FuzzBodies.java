package dev.xent.fuzz;

import java.util.SplittableRandom;

/**
 * The fuzzer's request bodies for tests outside this package: the same mix as
 * {@link RequestFuzzTests} (valid, broken in fields, in text or bytes, some too big), one
 * per seed.
 */
public final class FuzzBodies {

	private FuzzBodies() {
	}

	/**
	 * Number of endpoints: cross-entropy 0 (binary), 1 (multi-label), 2 (categorical),
	 * then focal 3, 4, 5.
	 */
	public static int endpoints() {
		return Endpoint.values().length;
	}

	/** Whether the endpoint's predictions are a matrix. */
	public static boolean matrix(int endpoint) {
		return Endpoint.values()[endpoint].matrix();
	}

	public static byte[] body(int endpoint, long seed) {
		SplittableRandom random = new SplittableRandom(seed);
		RequestGenerator generator = new RequestGenerator(random);
		return RequestFuzzTests.body(Endpoint.values()[endpoint], random, generator, new Mutator(random, generator));
	}

}
