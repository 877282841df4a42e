package dev.xent.web;

import dev.xent.config.XentProperties;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * The filters in front of the service: forwarded headers from trusted proxies only,
 * cross-origin requests (when {@code xent.cors.allowed-origins} lists any), and the
 * request-body filter in front of the scoring endpoints.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ XentProperties.class, WarmUp.Settings.class })
class ApiConfiguration {

	private final XentProperties properties;

	ApiConfiguration(XentProperties properties) {
		this.properties = properties;
	}

	@Bean
	FilterRegistrationBean<TrustedProxiesFilter> trustedProxiesFilter() {
		FilterRegistrationBean<TrustedProxiesFilter> registration = new FilterRegistrationBean<>(
				new TrustedProxiesFilter(this.properties.forwarded().trustedProxies()));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		registration.setDispatcherTypes(jakarta.servlet.DispatcherType.REQUEST, jakarta.servlet.DispatcherType.ERROR,
				jakarta.servlet.DispatcherType.ASYNC);
		return registration;
	}

	@Bean
	FilterRegistrationBean<NoEmptyHeadersFilter> noEmptyHeadersFilter() {
		FilterRegistrationBean<NoEmptyHeadersFilter> registration = new FilterRegistrationBean<>(
				new NoEmptyHeadersFilter());
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
		return registration;
	}

	/**
	 * CORS, off unless origins are listed; after the trusted proxies' headers (which say
	 * what this request's own origin is), before the body filter (whose refusals a page
	 * on an allowed origin must be able to read).
	 */
	@Bean
	FilterRegistrationBean<CorsFilter> corsFilter() {
		XentProperties.Cors cors = this.properties.cors();
		FilterRegistrationBean<CorsFilter> registration = new FilterRegistrationBean<>(
				new CorsFilter(cors.allowedOrigins(), cors.maxAge().toSeconds(),
						java.util.Arrays.stream(Endpoint.values()).map((e) -> "/v1/" + e.path()).toList(),
						java.util.List.of(CurvesController.BINARY_PATH, CurvesController.FOCAL_PATH)));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 50);
		registration.setEnabled(!cors.allowedOrigins().isEmpty());
		return registration;
	}

	@Bean
	FilterRegistrationBean<RequestBodyFilter> requestBodyFilter(ScoringMetrics metrics) {
		XentProperties.Limits limits = this.properties.limits();
		FilterRegistrationBean<RequestBodyFilter> registration = new FilterRegistrationBean<>(
				new RequestBodyFilter(new RequestBodyFilter.Policy(limits.maxBodyBytes().toBytes(),
						limits.bodyReadTimeout(), limits.maxStreamBytes().toBytes(), limits.minStreamRate().toBytes(),
						limits.streamRateWindow(), limits.drainLimit().toBytes()), metrics));
		registration.addUrlPatterns("/v1/*");
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 100);
		return registration;
	}

}
