package dev.xent.web;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

/**
 * {@code GET /} as a browser fetches it: an HTML page whose every link and asset is
 * relative (so it works behind a gateway's path prefix) and resolves here, nothing from
 * elsewhere, a policy that forbids anything else, and under 100 KB with everything it
 * loads (its script, style, icon and the two curves). The browser test drives it.
 */
@SpringBootTest
@AutoConfigureMockMvc
class LandingPageTests {

	private static final Pattern LINK = Pattern.compile("(?:href|src)=\"([^\"]*)\"");

	@Autowired
	private MockMvc mvc;

	private MvcResult fetch(String path) throws Exception {
		return this.mvc.perform(get(path).header("Accept", "text/html,image/*,*/*;q=0.8")).andReturn();
	}

	@Test
	void thePageAndEverythingItLoadsAreRelativeHereAndUnder100KB() throws Exception {
		MvcResult root = fetch("/");
		assertThat(root.getResponse().getStatus()).isEqualTo(200);
		assertThat(root.getResponse().getForwardedUrl()).as("the welcome page").isEqualTo("index.html");
		MvcResult page = fetch("/index.html");
		assertThat(page.getResponse().getStatus()).isEqualTo(200);
		assertThat(page.getResponse().getContentType()).startsWith("text/html");
		String html = page.getResponse().getContentAsString(java.nio.charset.StandardCharsets.UTF_8);
		assertThat(html).contains("<html lang=\"en\">", "<title>", "id=\"playground\"", "<label for=\"predictions\">")
			.doesNotContain("http://", "https://");
		assertThat(html).containsPattern("Content-Security-Policy\" content=\"default-src 'self';");
		Set<String> links = new LinkedHashSet<>();
		Matcher m = LINK.matcher(html);
		while (m.find()) {
			links.add(m.group(1).replace("&amp;", "&"));
		}
		assertThat(links).contains("swagger-ui.html", "v3/api-docs", "v1/curves/binary.svg", "v1/curves/focal.svg",
				"assets/xent.js", "assets/xent.css", "favicon.svg", "#guide");
		long total = page.getResponse().getContentAsByteArray().length;
		List<String> loaded = new ArrayList<>();
		for (String link : links) {
			assertThat(link).as("relative").doesNotStartWith("/").doesNotContain("//").doesNotContain(":");
			if (link.startsWith("#")) {
				assertThat(html).contains("id=\"" + link.substring(1) + "\"");
				continue;
			}
			URI resolved = URI.create("/").resolve(link);
			MvcResult result = fetch(resolved.toString());
			int status = result.getResponse().getStatus();
			if (status == 302) {
				// swagger-ui.html redirects to its index, relative to where it was asked
				// for.
				assertThat(result.getResponse().getRedirectedUrl()).contains("swagger-ui/index.html");
				continue;
			}
			assertThat(status).as(link).isEqualTo(200);
			boolean loadedByThePage = link.startsWith("assets/") || link.equals("favicon.svg")
					|| link.equals("v1/curves/binary.svg") || link.equals("v1/curves/focal.svg");
			if (loadedByThePage) {
				total += result.getResponse().getContentAsByteArray().length;
				loaded.add(link);
			}
		}
		assertThat(loaded).hasSize(5);
		assertThat(total).as("the page with all it loads").isLessThan(100 * 1024);
	}

	@Test
	void theScriptAndStyleLoadNothingFromElsewhere() throws Exception {
		for (String asset : List.of("/assets/xent.js", "/assets/xent.css", "/favicon.svg")) {
			String text = fetch(asset).getResponse()
				.getContentAsString(java.nio.charset.StandardCharsets.UTF_8)
				.replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
			assertThat(text).as(asset).doesNotContain("http://", "https://", "@import", "url(");
		}
		String script = fetch("/assets/xent.js").getResponse().getContentAsString();
		assertThat(script).doesNotContain("fetch('/", "fetch(\"/", "eval(", "innerHTML");
	}

}
