package dev.xent.web;

import java.util.List;
import java.util.stream.IntStream;

import dev.xent.loss.options.LossEndpoint;
import dev.xent.loss.options.RequestFields;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service's endpoints and the kernels' view of them ({@link LossEndpoint}, which the
 * Spark integration parses its options with) cannot drift: each request record has
 * exactly the kernels' fields, in the same order and of the same kinds, so a parameter
 * the service accepts Spark accepts too, and the "accepted parameters are …" lists read
 * alike.
 */
class EndpointTests {

	/**
	 * Request fields the service takes and the kernels do not (none today; a field that
	 * only the service can honour, such as a picture option, belongs here).
	 */
	private static final List<String> SERVICE_ONLY = List.of("plot");

	@ParameterizedTest
	@EnumSource(Endpoint.class)
	void requestRecordHasTheKernelsFields(Endpoint endpoint) {
		RequestFields record = endpoint.fields();
		RequestFields kernel = endpoint.kernel().fields();
		List<String> recordFields = record.names().stream().filter((n) -> !SERVICE_ONLY.contains(n)).toList();
		assertThat(kernel.names()).isEqualTo(recordFields);
		for (String name : kernel.names()) {
			assertThat(kernel.kind(kernel.indexOf(name))).as(name).isEqualTo(record.kind(record.indexOf(name)));
		}
	}

	@Test
	void everyKernelEndpointIsServed() {
		assertThat(IntStream.range(0, Endpoint.values().length).mapToObj((i) -> Endpoint.values()[i].kernel()))
			.containsExactly(LossEndpoint.values());
		for (Endpoint endpoint : Endpoint.values()) {
			assertThat(LossEndpoint.of(endpoint.path())).isSameAs(endpoint.kernel());
		}
		assertThat(LossEndpoint.of("cross-entropy/nope")).isNull();
	}

}
