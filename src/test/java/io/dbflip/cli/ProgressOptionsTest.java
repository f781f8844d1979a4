package io.dbflip.cli;

import io.dbflip.flip.FlipListener;
import io.dbflip.progress.ProgressOutput;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressOptionsTest {
    @Test
    void quietWinsThenTerminalThenPlain() {
        assertThat(ProgressOptions.mode(true, true)).isEqualTo(ProgressOutput.Mode.QUIET);
        assertThat(ProgressOptions.mode(true, false)).isEqualTo(ProgressOutput.Mode.QUIET);
        assertThat(ProgressOptions.mode(false, true)).isEqualTo(ProgressOutput.Mode.TERMINAL);
        assertThat(ProgressOptions.mode(false, false)).isEqualTo(ProgressOutput.Mode.PLAIN);
    }

    @Test
    void quietIsSeenBeforeOrAfterTheCommand() {
        assertThat(quiet("-q", "verify", "c1")).isTrue();
        assertThat(quiet("verify", "--quiet", "c1")).isTrue();
        assertThat(quiet("verify", "c1")).isFalse();
    }

    private static boolean quiet(String... args) {
        picocli.CommandLine.ParseResult r = Main.commandLine().parseArgs(args);
        return ProgressOptions.quiet(r.subcommand().commandSpec());
    }

    @Test
    void aFleetRunCountsClustersDoneRunningAndWaiting() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressOutput out = ProgressOutput.plain(new PrintStream(bytes, true, StandardCharsets.UTF_8), Duration.ZERO);
        try (FleetProgress p = new FleetProgress(out, 3)) {
            FlipListener c1 = p.apply("c1");
            FlipListener c2 = p.apply("c2");
            c1.flipStarted("f1", "c1", "a", "b");
            c2.flipStarted("f2", "c2", "a", "b");
            c1.flipFinished(null);
        }
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(lines[0]).startsWith("fleet: 0% 0 of 3 clusters done").endsWith("(1 running, 2 waiting)");
        assertThat(lines[1]).endsWith("(2 running, 1 waiting)");
        assertThat(lines[2]).startsWith("fleet: 33% 1 of 3 clusters done").endsWith("(1 running, 1 waiting)");
        assertThat(lines[lines.length - 1]).contains(" in all (1 running, 1 waiting)");
    }
}
