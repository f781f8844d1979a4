package io.dbflip.cli;

import io.dbflip.DbflipException;
import io.dbflip.config.ConfigFields;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code dbflip config check|reference} through Main.run: exit codes and what they print. */
class ConfigCommandTest {
    @TempDir
    Path dir;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream oldOut;
    private PrintStream oldErr;

    @BeforeEach
    void capture() {
        oldOut = System.out;
        oldErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(oldOut);
        System.setErr(oldErr);
    }

    String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void checkValidExample() {
        assertThat(Main.run("config", "check", "-c", "docs/dbflip.example.yaml")).isEqualTo(0);
        assertThat(out()).startsWith("docs/dbflip.example.yaml: valid: 1 cluster, 2 sides, 2 DNS records, 2 DNS providers, 0 warnings\n")
                .contains("users-7 {region=us-east-1,shard=7,tier=web}: onprem 10.0.0.11:3306 (auto, fence read-only, kill kill)");
        assertThat(err()).isEmpty();
    }

    @Test
    void checkInvalidExitsTwoWithEveryError() throws IOException {
        String example = Files.readString(Path.of("docs/dbflip.example.yaml"));
        Path bad = Files.writeString(dir.resolve("bad.yaml"), example.replace("host: 10.0.0.11", "hots: 10.0.0.11")
                .replace("admin: {user: dbflip, password: env:DBFLIP_ADMIN_PW}", "admin: {user: dbflip, password: hunter2}"));
        assertThat(Main.run("config", "check", "-c", bad.toString())).isEqualTo(2);
        assertThat(err()).isEqualTo("dbflip: " + bad + ":49: clusters[0].sides[0].hots: unknown field (did you mean \"host\"?)\n"
                + bad + ":48: clusters[0].sides[0].host: missing (a string)\n").doesNotContain("hunter2");
        assertThat(out()).isEmpty();
    }

    @Test
    void warningsGoToStderrOnce() throws IOException {
        String example = Files.readString(Path.of("docs/dbflip.example.yaml"));
        Path f = Files.writeString(dir.resolve("w.yaml"), example.replace("password: env:DBFLIP_ADMIN_PW", "password: hunter2"));
        assertThat(Main.run("config", "check", "--config", f.toString())).isEqualTo(0);
        assertThat(err()).isEqualTo("dbflip: warning: " + f + ":52: clusters[0].sides[0].admin.password: literal secret; "
                + "use env:NAME or file:PATH\n");
        assertThat(out()).contains("1 warnings").doesNotContain("hunter2");
    }

    @Test
    void missingFileExitsTwo() {
        assertThat(Main.run("config", "check", "-c", dir.resolve("none.yaml").toString())).isEqualTo(2);
        assertThat(err()).isEqualTo("dbflip: " + dir.resolve("none.yaml") + ": no such config file\n");
    }

    @Test
    void whereTheConfigComesFrom() throws IOException {
        List<Path> given = List.of(Path.of("x.yaml"));
        assertThat(ConfigOptions.paths(given, Map.of("DBFLIP_CONFIG", "y.yaml"), dir)).isEqualTo(given);
        assertThat(ConfigOptions.paths(List.of(), Map.of("DBFLIP_CONFIG", "a.yaml:conf.d"), dir))
                .containsExactly(Path.of("a.yaml"), Path.of("conf.d"));
        assertThatThrownBy(() -> ConfigOptions.paths(List.of(), Map.of(), dir)).isInstanceOf(DbflipException.class)
                .hasMessage("no config: no -c FILE given, $DBFLIP_CONFIG is not set, and " + dir.resolve("dbflip.yaml")
                        + " does not exist (write one like docs/dbflip.example.yaml, or run 'dbflip sandbox up')");
        Files.writeString(dir.resolve("dbflip.yaml"), "");
        assertThat(ConfigOptions.paths(List.of(), Map.of(), dir)).containsExactly(dir.resolve("dbflip.yaml"));
    }

    @Test
    void referencePrintsEveryField() {
        assertThat(Main.run("config", "reference")).isEqualTo(0);
        assertThat(out()).startsWith("| Field | Type | Required | Default | Description |\n")
                .contains("| `clusters[].sides[].port` | port | no | `3306` | Port of the server. |");
        assertThat(out().lines().count()).isEqualTo(ConfigFields.all().size() + 2);
    }

    @Test
    void configWithoutSubcommandIsUsage() {
        assertThat(Main.run("config")).isEqualTo(2);
        assertThat(err()).contains("a subcommand is required: check or reference");
    }
}
