package dev.xent.config;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.validation.FieldError;

import static org.assertj.core.api.Assertions.assertThat;

/** Defaults of {@link XentProperties} as Spring Boot binds them, and their bounds. */
class XentPropertiesTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withUserConfiguration(XentPropertiesValidator.Registration.class, Enable.class);

	@Test
	void theDefaultsAreWithinTheBounds() {
		this.contextRunner.run((context) -> assertThat(context).hasNotFailed()
			.getBean(XentProperties.class)
			.satisfies((properties) -> assertThat(properties.limits().maxClasses()).isEqualTo(10000)));
	}

	@Test
	void valuesOutOfBoundsStopTheStartWithOneErrorEach() {
		this.contextRunner.withPropertyValues("xent.limits.max-numbers=0", "xent.limits.max-classes=1",
				"xent.limits.max-number-length=24", "xent.limits.max-string-length=31", "xent.limits.max-samples=0",
				"xent.limits.max-groups=0", "xent.limits.body-read-timeout=0s", "xent.limits.stream-rate-window=500ms")
			.run((context) -> {
				assertThat(context).hasFailed();
				Throwable cause = context.getStartupFailure();
				while (cause != null && !(cause instanceof BindValidationException)) {
					cause = cause.getCause();
				}
				assertThat(cause).isInstanceOf(BindValidationException.class);
				Map<String, String> messages = new java.util.TreeMap<>();
				for (var error : ((BindValidationException) cause).getValidationErrors().getAllErrors()) {
					messages.put(((FieldError) error).getField(), error.getDefaultMessage());
				}
				assertThat(messages).containsExactlyInAnyOrderEntriesOf(Map.of("limits.maxNumbers",
						"must be greater than or equal to 1", "limits.maxClasses", "must be greater than or equal to 2",
						"limits.maxNumberLength", "must be greater than or equal to 25", "limits.maxStringLength",
						"must be greater than or equal to 32", "limits.maxSamples",
						"must be greater than or equal to 1", "limits.maxGroups", "must be greater than or equal to 1",
						"limits.bodyReadTimeout", "must be longer than or equal to 1 milli", "limits.streamRateWindow",
						"must be longer than or equal to 1 second"));
			});
	}

	@Test
	void theLowestValuesInBoundsAreTaken() {
		this.contextRunner
			.withPropertyValues("xent.limits.max-numbers=1", "xent.limits.max-classes=2",
					"xent.limits.max-number-length=25", "xent.limits.max-string-length=32",
					"xent.limits.body-read-timeout=1ms", "xent.limits.stream-rate-window=1s")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void otherPropertiesAreNotItsConcern() {
		assertThat(new XentPropertiesValidator().supports(XentProperties.Limits.class)).isFalse();
		assertThat(new XentPropertiesValidator().supports(XentProperties.class)).isTrue();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(XentProperties.class)
	static class Enable {

	}

	@Test
	void theSpoolDefaultsToADirectoryInTheTemporaryDirectory() {
		XentProperties properties = bind(Map.of());
		assertThat(properties.spool().dir()).isEqualTo(Path.of(System.getProperty("java.io.tmpdir"), "xent-spool"))
			.isAbsolute();
	}

	@Test
	void theSpoolDirectoryCanBeSet() {
		XentProperties properties = bind(Map.of("xent.spool.dir", "/spool"));
		assertThat(properties.spool().dir()).isEqualTo(Path.of("/spool"));
	}

	private static XentProperties bind(Map<String, String> values) {
		return new Binder(new MapConfigurationPropertySource(values)).bindOrCreate("xent", XentProperties.class);
	}

}
