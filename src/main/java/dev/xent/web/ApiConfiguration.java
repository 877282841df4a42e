package dev.xent.web;

import dev.xent.config.XentProperties;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * The body-size limit in front of the scoring endpoints.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(XentProperties.class)
class ApiConfiguration {

	private final XentProperties properties;

	ApiConfiguration(XentProperties properties) {
		this.properties = properties;
	}

	@Bean
	FilterRegistrationBean<RequestBodyLimitFilter> requestBodyLimitFilter(ScoringMetrics metrics) {
		XentProperties.Limits limits = this.properties.limits();
		FilterRegistrationBean<RequestBodyLimitFilter> registration = new FilterRegistrationBean<>(
				new RequestBodyLimitFilter(limits.maxBodyBytes().toBytes(), limits.bodyReadTimeout(), metrics));
		registration.addUrlPatterns("/v1/*");
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 100);
		return registration;
	}

}
