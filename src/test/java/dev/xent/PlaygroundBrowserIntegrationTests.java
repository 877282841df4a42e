package dev.xent;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The landing page as a person uses it, in headless Chromium (Debian's {@code chromium}
 * and {@code chromium-driver}, started by the test; {@code .ci/run} installs them): the
 * page loads with nothing from elsewhere, shows the seed's curve, and its playground,
 * driven by keyboard and mouse, scores generated examples on every family, shows the
 * result, the per-sample losses and the plots, and points at the offending field of a
 * refused request, all without a console error. Skipped, saying why, where no browser is
 * installed.
 */
@EnabledIf(value = "browserInstalled", disabledReason = PlaygroundBrowserIntegrationTests.NO_BROWSER)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "playground.test.context=browser")
class PlaygroundBrowserIntegrationTests {

	static final String NO_BROWSER = "No headless browser: /usr/bin/chromium and /usr/bin/chromedriver (or "
			+ "-Dxent.test.chromium, -Dxent.test.chromedriver) are not installed; Debian: apt-get install -y chromium "
			+ "chromium-driver (.ci/run does so). The landing page's browser test is skipped.";

	private static final Path CHROMIUM = Path.of(System.getProperty("xent.test.chromium", "/usr/bin/chromium"));

	private static final Path CHROMEDRIVER = Path
		.of(System.getProperty("xent.test.chromedriver", "/usr/bin/chromedriver"));

	private static WebDriver driver;

	@LocalServerPort
	private int port;

	/**
	 * Whether the browser and its driver are here; else the class is skipped, saying why.
	 */
	static boolean browserInstalled() {
		boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
		if (!installed) {
			System.err.println("PlaygroundBrowserIntegrationTests: " + NO_BROWSER);
		}
		return installed;
	}

	@BeforeAll
	static void startBrowser() {
		// Both paths are given, so Selenium Manager has nothing to look up or download.
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
			.usingAnyFreePort()
			.build();
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM.toFile());
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
				"--window-size=1280,2000", "--no-first-run", "--disable-extensions", "--disable-background-networking",
				"--disable-component-update", "--disable-sync");
		LoggingPreferences logs = new LoggingPreferences();
		logs.enable(LogType.BROWSER, Level.ALL);
		options.setCapability("goog:loggingPrefs", logs);
		driver = new ChromeDriver(service, options);
		driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
	}

	@AfterAll
	static void stopBrowser() {
		if (driver != null) {
			driver.quit();
		}
	}

	@BeforeEach
	void open() {
		driver.get("http://127.0.0.1:" + this.port + "/");
		waitFor("the playground's first example", () -> !field("predictions").getAttribute("value").isEmpty());
		consoleErrors();
	}

	@Test
	void thePageIsSelfContainedAndShowsTheSeedsCurve() {
		assertThat(driver.getTitle()).contains("xent");
		waitFor("the curves to load",
				() -> Boolean.TRUE.equals(script(
						"return [...document.images].filter(i => i.src.includes('curves')).every(i => i.complete "
								+ "&& i.naturalWidth > 0);")));
		assertThat(driver.findElement(By.cssSelector("img[src='v1/curves/binary.svg']")).getAttribute("alt"))
			.contains("y = 1", "y = 0");
		@SuppressWarnings("unchecked")
		List<String> links = (List<String>) script(
				"return [...document.querySelectorAll('[href],[src]')].map(e => e.getAttribute('href') "
						+ "|| e.getAttribute('src'));");
		assertThat(links).isNotEmpty()
			.allSatisfy((link) -> assertThat(link).as("every link relative").doesNotStartWith("/").doesNotContain("//"))
			.contains("swagger-ui.html", "v3/api-docs", "v1/curves/binary.svg", "assets/xent.js");
		@SuppressWarnings("unchecked")
		List<String> loaded = (List<String>) script(
				"return performance.getEntriesByType('resource').map(e => e.name).concat([location.href]);");
		assertThat(loaded).allSatisfy((url) -> assertThat(URI.create(url).getPort()).as(url).isEqualTo(this.port));
		// Every control has a label a screen reader can say.
		@SuppressWarnings("unchecked")
		List<String> unlabelled = (List<String>) script("return [...document.querySelectorAll('input, select, "
				+ "textarea')].filter(e => e.labels.length === 0).map(e => e.id || e.name);");
		assertThat(unlabelled).isEmpty();
		assertThat(consoleErrors()).isEmpty();
	}

	@Test
	void theKeyboardScoresAFocalCategoricalExampleWithItsPlots() {
		WebElement endpoint = field("endpoint");
		new Select(endpoint).selectByValue("focal/categorical");
		new Select(field("inputType")).selectByValue("logits");
		field("gamma").sendKeys("2");
		driver.findElement(By.cssSelector("input[value=groups]")).click();
		// Ctrl+Enter from the predictions submits the form.
		field("predictions").sendKeys(Keys.chord(Keys.CONTROL, Keys.ENTER));
		waitForPlots(3);
		assertThat(field("aggregates").getText()).contains("count", "160", "mean", "ECE");
		assertThat(driver.findElements(By.cssSelector("#losses tbody tr"))).hasSize(160);
		assertThat(driver.findElement(By.cssSelector("#losses tbody tr td:nth-child(3)")).getText()).contains(",");
		assertThat(field("response").getAttribute("textContent")).contains("\"groups\"", "\"calibration\"");
		assertThat(field("curl").getAttribute("textContent")).contains("/v1/focal/categorical", "\"gamma\":2");
		assertThat(driver.findElement(By.cssSelector("#plot-reliability img")).getAttribute("alt")).contains("ECE");
		assertThat(driver.findElement(By.cssSelector("#plot-groups img")).getAttribute("alt"))
			.contains("Mean loss per group");
		assertThat(driver.switchTo().activeElement().getAttribute("id")).as("focus moves to the result")
			.isEqualTo("result-h");
		assertThat(consoleErrors()).isEmpty();
	}

	@Test
	void everyFamilyScoresAGeneratedExampleWithTheMouse() {
		for (String[] choice : new String[][] { { "cross-entropy/binary", "overconfident", "probabilities" },
				{ "cross-entropy/multilabel", "noisy", "logits" },
				{ "cross-entropy/categorical", "calibrated", "log-probabilities" },
				{ "focal/binary", "calibrated", "logits" } }) {
			new Select(field("endpoint")).selectByValue(choice[0]);
			new Select(field("inputType")).selectByValue(choice[2]);
			new Select(field("example")).selectByValue(choice[1]);
			field("generate").click();
			field("score").click();
			waitForPlots(3);
			assertThat(field("status").getText()).as(choice[0]).contains("Scored", "3 plots drawn");
			assertThat(field("problem").isDisplayed()).as(choice[0]).isFalse();
			assertThat(driver.findElements(By.cssSelector("#losses tbody tr"))).as(choice[0]).isNotEmpty();
		}
		assertThat(consoleErrors()).isEmpty();
	}

	@Test
	void aRefusedRequestShowsItsPointersAndMarksTheField() {
		new Select(field("endpoint")).selectByValue("cross-entropy/binary");
		field("predictions").clear();
		field("predictions").sendKeys("0.9, 0.2, 0.7");
		field("labels").clear();
		field("labels").sendKeys("1, 2, 0");
		field("groups").clear();
		field("score").click();
		waitFor("the refusal", () -> field("status").getText().contains("Refused"));
		assertThat(field("problem").getText()).contains("/labels/1", "422");
		assertThat(field("labels").getAttribute("aria-invalid")).isEqualTo("true");
		assertThat(field("result").isDisplayed()).isFalse();
		// The browser reports the 422 it received as a failed resource; nothing else.
		assertThat(consoleErrors()).allSatisfy((entry) -> assertThat(entry).contains("422"));
		// Fixed, the request goes through and the mark goes away.
		field("labels").clear();
		field("labels").sendKeys("1, 1, 0");
		field("score").click();
		waitForPlots(2);
		assertThat(field("labels").getAttribute("aria-invalid")).isNull();
		assertThat(consoleErrors()).isEmpty();
	}

	private void waitForPlots(int plots) {
		waitFor(plots + " plots",
				() -> field("status").getText().contains("plots drawn") || field("problem").isDisplayed());
		assertThat(field("problem").isDisplayed()).as(field("problem").getText()).isFalse();
		Number drawn = (Number) script("return [...document.querySelectorAll('.plots figure:not([hidden]) img')]"
				+ ".filter(i => i.complete && i.naturalWidth > 0 && i.src.startsWith('blob:')).length;");
		assertThat(drawn.intValue()).isEqualTo(plots);
		assertThat(field("result").isDisplayed()).isTrue();
	}

	private static WebElement field(String id) {
		return driver.findElement(By.id(id));
	}

	private static Object script(String source) {
		return ((JavascriptExecutor) driver).executeScript(source);
	}

	private static void waitFor(String what, java.util.function.BooleanSupplier condition) {
		new WebDriverWait(driver, Duration.ofSeconds(30)).withMessage(what).until((d) -> condition.getAsBoolean());
	}

	/** The console's errors since the last call (the log is read, and so emptied). */
	private static List<String> consoleErrors() {
		return driver.manage()
			.logs()
			.get(LogType.BROWSER)
			.getAll()
			.stream()
			.filter((entry) -> entry.getLevel().intValue() >= Level.WARNING.intValue())
			.map(LogEntry::toString)
			.toList();
	}

}
