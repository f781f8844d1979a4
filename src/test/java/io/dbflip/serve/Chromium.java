package io.dbflip.serve;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's headless Chromium, for tests: loads a page from a file, returns the DOM it built and
 * the console errors it logged. Each call has its own profile directory; nothing is fetched.
 */
final class Chromium {
    record Page(String dom, List<String> consoleErrors) {
    }

    private Chromium() {
    }

    static String binary() {
        for (String b : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")) {
            if (Files.isExecutable(Path.of(b))) {
                return b;
            }
        }
        throw new AssertionError("no Chromium: bin/setup installs Debian's chromium and chromium-driver");
    }

    static List<String> flags(Path profile) {
        return List.of(binary(), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--enable-logging=stderr", "--v=0");
    }

    static Page dumpDom(Path file) throws IOException, InterruptedException {
        return dumpDom(file.toUri().toString(), List.of());
    }

    /**
     * Loads a page from a server and lets its script run: Chromium's virtual clock skips the page's
     * timers but stands still while a request is open, so a page that long-polls sees the server's
     * real time, and the DOM is dumped once the page has stopped (or the budget of timer time is spent).
     */
    static Page dumpDomAfterScripts(String url, int virtualTimeBudgetMillis) throws IOException, InterruptedException {
        return dumpDom(url, List.of("--virtual-time-budget=" + virtualTimeBudgetMillis));
    }

    private static Page dumpDom(String url, List<String> extra) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("dbflip-chromium-");
        try {
            List<String> cmd = new java.util.ArrayList<>(flags(profile));
            cmd.addAll(extra);
            cmd.add("--dump-dom");
            cmd.add(url);
            Path out = profile.resolve("dom.html");
            Path err = profile.resolve("stderr.txt");
            Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("chromium did not finish in 120 s: " + url);
            }
            List<String> console = Files.readAllLines(err).stream()
                    .filter(l -> l.contains("CONSOLE") || l.contains("Uncaught")).toList();
            String dom = Files.readString(out);
            if (p.exitValue() != 0 || dom.isBlank()) {
                throw new AssertionError("chromium exit " + p.exitValue() + ": " + Files.readString(err));
            }
            return new Page(dom, console);
        } finally {
            io.dbflip.sandbox.SandboxServer.deleteTree(profile);
        }
    }

    /** Takes a PNG of the page at the given window size. */
    static void screenshot(Path file, Path png, int width, int height) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("dbflip-chromium-");
        try {
            List<String> cmd = new java.util.ArrayList<>(flags(profile));
            cmd.add("--hide-scrollbars");
            cmd.add("--window-size=" + width + "," + height);
            cmd.add("--screenshot=" + png.toAbsolutePath());
            cmd.add(file.toUri().toString());
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(profile.resolve("log").toFile()).start();
            if (!p.waitFor(90, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("chromium did not finish in 90 s: " + file);
            }
        } finally {
            io.dbflip.sandbox.SandboxServer.deleteTree(profile);
        }
    }

    static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
