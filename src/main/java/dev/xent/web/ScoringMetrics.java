package dev.xent.web;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

/**
 * The service's own metrics: samples scored per endpoint
 * ({@code xent_samples_scored_total}) and the size of scoring requests
 * ({@code xent_request_size_bytes}, a histogram).
 */
@Component
public class ScoringMetrics {

	private final MeterRegistry registry;

	private final DistributionSummary requestSize;

	ScoringMetrics(MeterRegistry registry) {
		this.registry = registry;
		this.requestSize = DistributionSummary.builder("xent.request.size")
			.description("Size of scoring request bodies")
			.baseUnit("bytes")
			.publishPercentileHistogram()
			.minimumExpectedValue(64.0)
			.maximumExpectedValue(256.0 * 1024 * 1024)
			.register(registry);
	}

	void scored(String endpoint, long samples) {
		Counter.builder("xent.samples.scored")
			.description("Samples scored")
			.tag("endpoint", endpoint)
			.register(this.registry)
			.increment(samples);
	}

	void requestBytes(long bytes) {
		if (bytes >= 0) {
			this.requestSize.record(bytes);
		}
	}

}
