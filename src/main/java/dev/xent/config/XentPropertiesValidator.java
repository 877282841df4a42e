package dev.xent.config;

import java.time.Duration;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Role;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * The bounds on {@link XentProperties}, checked when {@code xent.*} is bound: a value out
 * of bounds stops the start-up with Spring Boot's "Binding to target ... failed" report,
 * property by property, in the words Bean Validation's {@code @NotNull}, {@code @Min} and
 * {@code @DurationMin} use ("must be greater than or equal to 1").
 * <p>
 * Written by hand rather than with Bean Validation annotations: these are the service's
 * only constraints, and bootstrapping Hibernate Validator for them cost about a tenth of
 * a second of the start-up, plus a background thread competing for the CPU while Spring
 * starts. Spring Boot applies a bean named
 * {@value EnableConfigurationProperties#VALIDATOR_BEAN_NAME} to every
 * {@code @ConfigurationProperties} object it binds; this one supports only
 * {@link XentProperties}.
 */
public final class XentPropertiesValidator implements Validator {

	@Override
	public boolean supports(Class<?> type) {
		return XentProperties.class == type;
	}

	@Override
	public void validate(Object target, Errors errors) {
		XentProperties properties = (XentProperties) target;
		XentProperties.Limits limits = properties.limits();
		if (limits != null) {
			notNull(errors, "limits.maxBodyBytes", limits.maxBodyBytes());
			min(errors, "limits.maxNumbers", limits.maxNumbers(), 1);
			min(errors, "limits.maxClasses", limits.maxClasses(), 2);
			min(errors, "limits.maxNumberLength", limits.maxNumberLength(), 25);
			min(errors, "limits.maxStringLength", limits.maxStringLength(), 32);
			notNull(errors, "limits.bodyReadTimeout", limits.bodyReadTimeout());
			durationMin(errors, "limits.bodyReadTimeout", limits.bodyReadTimeout(), Duration.ofMillis(1), "1 milli");
			min(errors, "limits.maxSamples", limits.maxSamples(), 1);
			notNull(errors, "limits.maxBatchBytes", limits.maxBatchBytes());
			notNull(errors, "limits.maxLineBytes", limits.maxLineBytes());
			min(errors, "limits.maxGroups", limits.maxGroups(), 1);
			notNull(errors, "limits.maxStreamBytes", limits.maxStreamBytes());
			notNull(errors, "limits.minStreamRate", limits.minStreamRate());
			notNull(errors, "limits.streamRateWindow", limits.streamRateWindow());
			durationMin(errors, "limits.streamRateWindow", limits.streamRateWindow(), Duration.ofSeconds(1),
					"1 second");
			notNull(errors, "limits.drainLimit", limits.drainLimit());
		}
		XentProperties.Spool spool = properties.spool();
		if (spool != null) {
			notNull(errors, "spool.budget", spool.budget());
			notNull(errors, "spool.memoryPerRequest", spool.memoryPerRequest());
		}
		if (properties.arrow() != null) {
			notNull(errors, "arrow.maxMemory", properties.arrow().maxMemory());
		}
		if (properties.forwarded() != null) {
			notNull(errors, "forwarded.trustedProxies", properties.forwarded().trustedProxies());
		}
		XentProperties.Cors cors = properties.cors();
		if (cors != null) {
			notNull(errors, "cors.allowedOrigins", cors.allowedOrigins());
			notNull(errors, "cors.maxAge", cors.maxAge());
		}
	}

	private static void notNull(Errors errors, String field, Object value) {
		if (value == null) {
			errors.rejectValue(field, "NotNull", "must not be null");
		}
	}

	private static void min(Errors errors, String field, long value, long min) {
		if (value < min) {
			errors.rejectValue(field, "Min", new Object[] { min }, "must be greater than or equal to " + min);
		}
	}

	private static void durationMin(Errors errors, String field, Duration value, Duration min, String words) {
		if (value != null && value.compareTo(min) < 0) {
			errors.rejectValue(field, "DurationMin", new Object[] { min }, "must be longer than or equal to " + words);
		}
	}

	/**
	 * Registers the validator under the name Spring Boot's binder looks for, as
	 * infrastructure: the binding post-processor needs it before the other
	 * post-processors exist.
	 */
	@Configuration(proxyBeanMethods = false)
	static class Registration {

		@Bean(EnableConfigurationProperties.VALIDATOR_BEAN_NAME)
		@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
		static XentPropertiesValidator configurationPropertiesValidator() {
			return new XentPropertiesValidator();
		}

	}

}
