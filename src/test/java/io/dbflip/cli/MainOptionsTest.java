package io.dbflip.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 14 item 5: the shared options work before the command as after it. */
class MainOptionsTest {
    @Test
    void sharedOptionsBeforeTheCommandMoveBehindIt() {
        assertThat(Main.hoistLeadingOptions(new String[]{"-c", "f.yaml", "status"})).containsExactly("status", "-c", "f.yaml");
        assertThat(Main.hoistLeadingOptions(new String[]{"--journal", "/j", "history", "x"}))
                .containsExactly("history", "x", "--journal", "/j");
        assertThat(Main.hoistLeadingOptions(new String[]{"--config=f.yaml", "fleet", "flip", "a*"}))
                .containsExactly("fleet", "flip", "a*", "--config=f.yaml");
        assertThat(Main.hoistLeadingOptions(new String[]{"-c", "f", "x", "--", "-y"})).containsExactly("x", "-c", "f", "--", "-y");
        assertThat(Main.hoistLeadingOptions(new String[]{"status", "-c", "f"})).containsExactly("status", "-c", "f");
        assertThat(Main.hoistLeadingOptions(new String[]{"-c"})).containsExactly("-c");
    }

    @Test
    void configCheckWorksWithTheConfigBeforeTheCommandAndATypoIsNamed() {
        String example = Path.of("docs", "dbflip.example.yaml").toString();
        assertThat(run("-c", example, "config", "check")).isZero();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        var cl = Main.commandLine();
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(Main.hoistLeadingOptions(new String[]{"-c", example, "flipp"}));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("flipp").doesNotContain("Unknown options: '-c'");
    }

    /** `dbflip sandbox up --help` said "Unknown option: '--help'" (and then told the operator to try it). */
    @Test
    void everyVisibleCommandPrintsItsHelpAndExitsZero() {
        java.util.List<String> missing = new java.util.ArrayList<>();
        visit(Main.commandLine(), missing);
        assertThat(missing).as("commands without --help").isEmpty();
    }

    private static void visit(picocli.CommandLine cl, java.util.List<String> missing) {
        for (picocli.CommandLine sub : cl.getSubcommands().values()) {
            if (sub.getCommandSpec().usageMessage().hidden() || sub.getCommand() instanceof picocli.CommandLine.HelpCommand) {
                continue;
            }
            String path = sub.getCommandSpec().qualifiedName(" ");
            String[] args = (path.substring(path.indexOf(' ') + 1) + " --help").split(" ");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            var fresh = Main.commandLine();
            fresh.setOut(new PrintWriter(out, true));
            fresh.setErr(new PrintWriter(err, true));
            int code = fresh.execute(args);
            if (code != 0 || !out.toString().startsWith("Usage: " + path)) {
                missing.add(path + " (exit " + code + ": " + err.toString().strip() + ")");
            }
            visit(sub, missing);
        }
    }

    private static int run(String... args) {
        var cl = Main.commandLine();
        cl.setOut(new PrintWriter(new ByteArrayOutputStream(), true));
        return cl.execute(Main.hoistLeadingOptions(args));
    }
}
