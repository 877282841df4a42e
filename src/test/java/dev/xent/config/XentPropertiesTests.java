package dev.xent.config;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** Defaults of {@link XentProperties} as Spring Boot binds them. */
class XentPropertiesTests {

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
