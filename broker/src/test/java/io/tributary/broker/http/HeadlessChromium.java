package io.tributary.broker.http;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's Chromium and its chromedriver for the console's browser tests: installed through apt-get when missing (the
 * tests run as root on a fresh machine), then one headless browser per test class.
 *
 * <p>Design note: a test that needs a browser fails, naming what is missing and the command that would install it,
 * when the install does not work; it never skips, so a green build always means the console was driven for real.
 */
final class HeadlessChromium {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final long INSTALL_MINUTES = 10;
    private static final String INSTALL = "apt-get install -y chromium chromium-driver";

    private HeadlessChromium() {
    }

    /** Installs Debian's {@code chromium} and {@code chromium-driver} unless both are there; fails if it cannot. */
    static void ensureInstalled() throws IOException, InterruptedException {
        if (installed()) {
            return;
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            fail(CHROMIUM + " or " + CHROMEDRIVER + " is missing and the tests do not run as root, so they cannot "
                    + "install them: run `sudo " + INSTALL + "` (Debian's packages), then the tests again");
        }
        Path log = Path.of("target", "chromium-install.log");
        Files.createDirectories(log.getParent());
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(INSTALL_MINUTES);
        // the package lists of a fresh machine may be empty or stale: install, and if that fails update and again
        if (run(List.of("apt-get", "-o", "DPkg::Lock::Timeout=120", "install", "-y", "chromium", "chromium-driver"),
                log, deadline) != 0) {
            run(List.of("apt-get", "-o", "DPkg::Lock::Timeout=120", "update"), log, deadline);
            run(List.of("apt-get", "-o", "DPkg::Lock::Timeout=120", "install", "-y", "chromium", "chromium-driver"),
                    log, deadline);
        }
        if (!installed()) {
            fail("the console tests need Debian's Chromium (" + CHROMIUM + ") and chromedriver (" + CHROMEDRIVER
                    + "); `apt-get update && " + INSTALL + "` did not install them within " + INSTALL_MINUTES
                    + " minutes; its output is in " + log.toAbsolutePath());
        }
    }

    private static boolean installed() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    /** Runs one command, its output appended to {@code log}; its exit status, or -1 when the deadline passed. */
    private static int run(List<String> command, Path log, long deadline) throws IOException, InterruptedException {
        ProcessBuilder b = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        b.environment().put("DEBIAN_FRONTEND", "noninteractive");
        Process p = b.start();
        p.getOutputStream().close();
        long left = deadline - System.nanoTime();
        if (left <= 0 || !p.waitFor(left, TimeUnit.NANOSECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }

    /** A headless Chromium with a fresh profile under {@code profile}, 1366 pixels wide. */
    static ChromeDriver start(Path profile) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1366,900", "--user-data-dir=" + profile.toAbsolutePath());
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().withLogFile(new File("target/chromedriver.log")).build();
        return new ChromeDriver(service, options);
    }

    /** Saves the whole page (not only the window's height) as {@code target/console-screenshots/NAME.png}. */
    static Path screenshot(ChromeDriver driver, String name) throws IOException {
        long height = ((Number) driver.executeScript("return Math.max(document.documentElement.scrollHeight, 900)"))
                .longValue();
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", 1366, "height", height,
                "deviceScaleFactor", 1, "mobile", false));
        try {
            File shot = driver.getScreenshotAs(OutputType.FILE);
            Path target = Path.of("target", "console-screenshots", name + ".png");
            Files.createDirectories(target.getParent());
            return Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
        }
    }
}
