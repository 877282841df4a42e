package dev.xent.api;

import dev.xent.config.XentProperties;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.converter.HttpMessageConverters;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Wires the streaming request reader and response writer into Spring MVC, ahead of
 * Jackson's databind converter, and the body-size limit in front of the scoring
 * endpoints.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(XentProperties.class)
class ApiConfiguration implements WebMvcConfigurer {

	private final XentProperties properties;

	ApiConfiguration(XentProperties properties) {
		this.properties = properties;
	}

	@Override
	public void configureMessageConverters(HttpMessageConverters.ServerBuilder builder) {
		XentProperties.Limits limits = this.properties.limits();
		JsonRequestReader reader = new JsonRequestReader(new JsonRequestReader.Limits(limits.maxNumbers(),
				limits.maxClasses(), limits.maxNumberLength(), limits.maxStringLength()));
		builder.addCustomConverter(new ScoringRequestConverter(reader));
		builder.addCustomConverter(new ScoreResponseConverter());
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
