package dev.xent.web;

import java.util.List;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.options;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * Cross-origin requests: off by default, so no answer says another origin may read it;
 * with {@code xent.cors.allowed-origins}, a listed origin's preflight gets only the
 * methods its path has, every answer (errors of the body filter and of the scoring
 * included) carries the origin, and anything else is a 403 problem.
 */
class CorsTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String BODY = "{\"predictions\":[0.9,0.2],\"labels\":[1,0]}";

	private static final String ALLOW_ORIGIN = "Access-Control-Allow-Origin";

	@Nested
	@SpringBootTest
	@AutoConfigureMockMvc
	class Off {

		@Autowired
		private MockMvc mvc;

		@Test
		void noAnswerLetsAnotherOriginReadIt() throws Exception {
			MvcResult preflight = this.mvc
				.perform(options("/v1/cross-entropy/binary").header("Origin", "https://dash.example")
					.header("Access-Control-Request-Method", "POST"))
				.andReturn();
			assertThat(preflight.getResponse().getHeader(ALLOW_ORIGIN)).isNull();
			MvcResult scored = this.mvc
				.perform(post("/v1/cross-entropy/binary").header("Origin", "https://dash.example")
					.contentType(MediaType.APPLICATION_JSON)
					.content(BODY))
				.andReturn();
			assertThat(scored.getResponse().getStatus()).isEqualTo(200);
			assertThat(scored.getResponse().getHeader(ALLOW_ORIGIN)).isNull();
		}

	}

	@Nested
	@SpringBootTest(properties = { "xent.cors.allowed-origins=https://dash.example,http://localhost:[*]",
			"xent.cors.max-age=10m" })
	@AutoConfigureMockMvc
	class On {

		@Autowired
		private MockMvc mvc;

		private MvcResult preflight(String path, String origin, String method, String headers) throws Exception {
			return this.mvc
				.perform(options(path).header("Origin", origin)
					.header("Access-Control-Request-Method", method)
					.header("Access-Control-Request-Headers", headers))
				.andReturn();
		}

		@Test
		void aPreflightListsOnlyThePathsMethods() throws Exception {
			for (Endpoint endpoint : Endpoint.values()) {
				MvcResult result = preflight("/v1/" + endpoint.path(), "https://dash.example", "POST",
						"content-type,content-encoding");
				assertThat(result.getResponse().getStatus()).as(endpoint.path()).isEqualTo(200);
				assertThat(result.getResponse().getHeader(ALLOW_ORIGIN)).isEqualTo("https://dash.example");
				assertThat(result.getResponse().getHeader("Access-Control-Allow-Methods")).isEqualTo("POST");
				assertThat(result.getResponse().getHeader("Access-Control-Allow-Headers"))
					.containsIgnoringCase("content-type")
					.containsIgnoringCase("content-encoding");
				assertThat(result.getResponse().getHeader("Access-Control-Max-Age")).isEqualTo("600");
				assertThat(result.getResponse().getHeader("Access-Control-Allow-Credentials")).isNull();
			}
			for (String curve : List.of("/v1/curves/binary.svg", "/v1/curves/focal.svg")) {
				MvcResult result = preflight(curve, "http://localhost:8888", "GET", "accept");
				assertThat(result.getResponse().getStatus()).as(curve).isEqualTo(200);
				assertThat(result.getResponse().getHeader("Access-Control-Allow-Methods")).isEqualTo("GET,HEAD");
			}
		}

		@Test
		void anyOtherOriginMethodOrHeaderIsA403Problem() throws Exception {
			for (MvcResult result : List.of(
					preflight("/v1/cross-entropy/binary", "https://evil.example", "POST", "content-type"),
					preflight("/v1/cross-entropy/binary", "https://dash.example", "DELETE", "content-type"),
					preflight("/v1/curves/binary.svg", "https://dash.example", "POST", "content-type"),
					preflight("/v1/focal/binary", "https://dash.example", "POST", "x-secret"))) {
				assertThat(result.getResponse().getStatus()).isEqualTo(403);
				assertThat(result.getResponse().getContentType()).isEqualTo("application/problem+json");
				JsonNode problem = JSON.readTree(result.getResponse().getContentAsString());
				assertThat(problem.get("type").asString()).isEqualTo("urn:xent:problem:forbidden");
				assertThat(problem.get("detail").asString()).contains("xent.cors.allowed-origins");
				assertThat(result.getResponse().getHeader(ALLOW_ORIGIN)).isNull();
			}
			MvcResult post = this.mvc
				.perform(post("/v1/cross-entropy/binary").header("Origin", "https://evil.example")
					.contentType(MediaType.APPLICATION_JSON)
					.content(BODY))
				.andReturn();
			assertThat(post.getResponse().getStatus()).isEqualTo(403);
		}

		@Test
		void everyAnswerToAnAllowedOriginSaysSoErrorsIncluded() throws Exception {
			MvcResult scored = this.mvc
				.perform(post("/v1/cross-entropy/binary").header("Origin", "https://dash.example")
					.contentType(MediaType.APPLICATION_JSON)
					.content(BODY))
				.andReturn();
			assertThat(scored.getResponse().getStatus()).isEqualTo(200);
			assertThat(scored.getResponse().getHeader(ALLOW_ORIGIN)).isEqualTo("https://dash.example");
			assertThat(scored.getResponse().getHeader("Access-Control-Expose-Headers")).isEqualTo("Retry-After");
			MvcResult invalid = this.mvc
				.perform(post("/v1/cross-entropy/binary").header("Origin", "https://dash.example")
					.contentType(MediaType.APPLICATION_JSON)
					.content("{\"predictions\":[2],\"labels\":[1]}"))
				.andReturn();
			assertThat(invalid.getResponse().getStatus()).isEqualTo(422);
			assertThat(invalid.getResponse().getHeader(ALLOW_ORIGIN)).isEqualTo("https://dash.example");
			MvcResult unsupported = this.mvc
				.perform(post("/v1/cross-entropy/binary").header("Origin", "https://dash.example")
					.contentType(MediaType.TEXT_PLAIN)
					.header("Content-Encoding", "br")
					.content("x"))
				.andReturn();
			assertThat(unsupported.getResponse().getStatus()).isEqualTo(415);
			assertThat(unsupported.getResponse().getHeader(ALLOW_ORIGIN)).isEqualTo("https://dash.example");
			MvcResult curve = this.mvc.perform(get("/v1/curves/focal.svg").header("Origin", "http://localhost:3000"))
				.andReturn();
			assertThat(curve.getResponse().getStatus()).isEqualTo(200);
			assertThat(curve.getResponse().getHeader(ALLOW_ORIGIN)).isEqualTo("http://localhost:3000");
		}

		@Test
		void theServicesOwnOriginIsNoCrossOriginRequest() throws Exception {
			MvcResult scored = this.mvc.perform(
					post("/v1/cross-entropy/binary").header("Origin", "http://xent.internal:8080").with((request) -> {
						request.setServerName("xent.internal");
						request.setServerPort(8080);
						return request;
					}).contentType(MediaType.APPLICATION_JSON).content(BODY))
				.andReturn();
			assertThat(scored.getResponse().getStatus()).as("the landing page's own calls").isEqualTo(200);
			assertThat(scored.getResponse().getHeader(ALLOW_ORIGIN)).isNull();
		}

	}

}
