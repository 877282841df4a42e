package dev.xent;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class XentApplication {

	public static void main(String[] args) {
		SpringApplication.run(XentApplication.class, args);
	}

}
