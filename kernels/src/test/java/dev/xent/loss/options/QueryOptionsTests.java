package dev.xent.loss.options;

import dev.xent.loss.BinaryFocalLoss;
import dev.xent.loss.CategoricalLoss;
import dev.xent.loss.InputType;
import dev.xent.loss.Summaries;
import dev.xent.loss.Violation;
import dev.xent.loss.Violations;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The query-string options the service reads for streamed bodies and the Spark
 * integration reads for its jobs: the grammar, the refusals and their messages, and the
 * endpoints' losses built from them. (The service's tests check the same over HTTP.)
 */
class QueryOptionsTests {

	private static ParsedBody parse(LossEndpoint endpoint, String query) {
		return QueryOptions.parse(query, endpoint.fields(), 10_000);
	}

	@Test
	void readsEachKindOfValue() {
		ParsedBody o = parse(LossEndpoint.FOCAL_CATEGORICAL,
				"inputType=logits&gamma=1.5e0&alpha=0.25,1,2&ignoreIndex=-100&renormalize=false"
						+ "&summaries=stderr%2Caccuracy&topK=2");
		assertThat(o.string("inputType")).isEqualTo("logits");
		assertThat(o.number("gamma")).isEqualTo(1.5);
		assertThat((double[]) o.get("alpha")).containsExactly(0.25, 1, 2);
		assertThat(o.integer("ignoreIndex")).isEqualTo(-100L);
		assertThat(o.bool("renormalize")).isFalse();
		assertThat(o.strings("summaries")).containsExactly("stderr", "accuracy");
		assertThat(o.violations().isEmpty()).isTrue();
		assertThat(parse(LossEndpoint.BINARY, null).has("epsilon")).isFalse();
	}

	@Test
	void refusesWhatTheContractDoesNotDescribe() {
		assertThatExceptionOfType(MalformedOptionsException.class)
			.isThrownBy(() -> parse(LossEndpoint.BINARY, "label_smoothing=0.1"))
			.withMessage("Unknown query parameter \"label_smoothing\"; did you mean \"labelSmoothing\"?")
			.satisfies((ex) -> assertThat(ex.pointer()).isEqualTo("/label_smoothing"));
		assertThatExceptionOfType(MalformedOptionsException.class).isThrownBy(() -> parse(LossEndpoint.BINARY, "x=1"))
			.withMessageStartingWith("Unknown query parameter \"x\"; accepted parameters are inputType, posWeight,");
		assertThatExceptionOfType(MalformedOptionsException.class)
			.isThrownBy(() -> parse(LossEndpoint.BINARY, "reduction=sum&reduction=sum"))
			.withMessage("Repeated query parameter \"reduction\".");
		assertThatExceptionOfType(MalformedOptionsException.class)
			.isThrownBy(() -> parse(LossEndpoint.BINARY, "labels=1"))
			.withMessage("\"labels\" is a column: send it in the body, not as a query parameter.");
		assertThatExceptionOfType(MalformedOptionsException.class)
			.isThrownBy(() -> parse(LossEndpoint.BINARY, "epsilon=1e-7x"))
			.withMessage("Must be a number (JSON number syntax), not \"1e-7x\".");
		assertThatExceptionOfType(MalformedOptionsException.class)
			.isThrownBy(() -> parse(LossEndpoint.CATEGORICAL, "classWeights=1,,2"))
			.satisfies((ex) -> assertThat(ex.pointer()).isEqualTo("/classWeights/1"));
		assertThatExceptionOfType(MalformedOptionsException.class)
			.isThrownBy(() -> parse(LossEndpoint.CATEGORICAL, "renormalize=yes"))
			.withMessage("Must be true or false, not \"yes\".");
		ParsedBody big = parse(LossEndpoint.CATEGORICAL, "ignoreIndex=99999999999999999999");
		assertThat(big.violations().list()).extracting(Violation::pointer).containsExactly("/ignoreIndex");
	}

	@Test
	void endpointsBuildTheirLossesAndRefuseWhatDoesNotApply() {
		assertThat(LossEndpoint.of("focal/binary")).isSameAs(LossEndpoint.FOCAL_BINARY);
		assertThat(LossEndpoint.of("focal")).isNull();
		ParsedBody focal = parse(LossEndpoint.FOCAL_BINARY, "gamma=2&posWeight=3&summaries=perplexity");
		Violations v = focal.violations();
		RequestOptions common = RequestOptions.of(focal, LossEndpoint.FOCAL_BINARY.inputTypes(), v);
		assertThat(LossEndpoint.FOCAL_BINARY.loss(common.inputType(), focal, v)).isInstanceOf(BinaryFocalLoss.class);
		LossEndpoint.FOCAL_BINARY.summaries(common.inputType(), focal, v);
		assertThat(v.list()).extracting(Violation::pointer).containsExactly("/posWeight", "/summaries/0");
		ParsedBody categorical = parse(LossEndpoint.CATEGORICAL, "inputType=log-probabilities&summaries=accuracy");
		Violations none = categorical.violations();
		RequestOptions options = RequestOptions.of(categorical, LossEndpoint.CATEGORICAL.inputTypes(), none);
		assertThat(options.inputType()).isEqualTo(InputType.LOG_PROBABILITIES);
		assertThat(LossEndpoint.CATEGORICAL.loss(options.inputType(), categorical, none))
			.isInstanceOf(CategoricalLoss.class);
		Summaries summaries = LossEndpoint.CATEGORICAL.summaries(options.inputType(), categorical, none);
		assertThat(summaries.kinds()).containsExactly(Summaries.Kind.ACCURACY);
		assertThat(none.isEmpty()).isTrue();
		ParsedBody binary = parse(LossEndpoint.BINARY, "inputType=log-probabilities&compat=jax");
		Violations refused = binary.violations();
		RequestOptions.of(binary, LossEndpoint.BINARY.inputTypes(), refused);
		RequestOptions.compat(binary, refused);
		assertThat(refused.list()).extracting(Violation::pointer).containsExactly("/inputType", "/compat");
	}

}
