package dev.xent.loss;

import java.util.List;

/**
 * A batch could not be built because some of its values break the contract.
 */
public class InvalidBatchException extends RuntimeException {

	private final List<Violation> violations;

	public InvalidBatchException(List<Violation> violations) {
		super(violations.size() + " invalid value(s), first at " + violations.get(0).pointer(), null, false, false);
		this.violations = List.copyOf(violations);
	}

	public List<Violation> violations() {
		return this.violations;
	}

}
