package dev.xent;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class XentApplication {

	public static void main(String[] args) {
		SpringApplication.run(XentApplication.class, args);
	}

}
