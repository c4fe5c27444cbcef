package org.oncotwin.testing;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** Headless Debian Chromium driven by the system chromedriver (no browser download). */
public final class Browser implements AutoCloseable {

    public final ChromeDriver driver;
    public final WebDriverWait wait;
    private final Path profile;

    public Browser() throws Exception {
        profile = Files.createTempDirectory("oncotwin-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(System.getProperty("oncotwin.chromium", "/usr/bin/chromium"));
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=1400,1000", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(System.getProperty("oncotwin.chromedriver", "/usr/bin/chromedriver")))
                .usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        wait = new WebDriverWait(driver, Duration.ofSeconds(30));
    }

    /**
     * Types into a field the way the page sees typing (value set, input and change events). Synthetic key and
     * mouse events from chromedriver do not reach Camunda's web apps in this headless Chromium.
     */
    public void type(WebElement field, String text) {
        driver.executeScript("const f = arguments[0]; f.focus();"
                + "const proto = f.tagName === 'TEXTAREA' ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;"
                + "Object.getOwnPropertyDescriptor(proto, 'value').set.call(f, arguments[1]);"
                + "f.dispatchEvent(new Event('input', {bubbles: true}));"
                + "f.dispatchEvent(new Event('change', {bubbles: true}));", field, text);
    }

    public void click(WebElement element) {
        driver.executeScript("arguments[0].click();", element);
    }

    /** Logs in to Camunda Tasklist, through its own login form, as a demo user (password "demo"). */
    public void logInToTasklist(int port, String user) {
        driver.get("http://localhost:" + port + "/camunda/app/tasklist/default/#/login");
        type(wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("input[ng-model='username']"))),
                user);
        type(driver.findElement(By.cssSelector("input[ng-model='password']")), "demo");
        click(driver.findElement(By.cssSelector("button[type='submit']")));
        wait.until(ExpectedConditions.not(ExpectedConditions.urlContains("#/login")));
    }

    /** Opens one of OncoTwin's own pages as a demo user, through the login form it is sent to first. */
    public void openPageAs(String url, String user) {
        driver.get(url);
        type(wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username"))), user);
        type(driver.findElement(By.id("password")), "demo");
        click(driver.findElement(By.cssSelector("button[type='submit']")));
        wait.until(ExpectedConditions.not(ExpectedConditions.urlContains("/login")));
    }

    public void screenshot(Path file) throws Exception {
        Files.createDirectories(file.getParent());
        Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    }

    @Override
    public void close() {
        driver.quit();
        try (var files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (Exception ignored) {
            // a temporary profile left behind is harmless
        }
    }
}
