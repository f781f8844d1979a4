package io.dbflip.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs `dbflip coordinates` in this JVM: exit codes, text and JSON output. */
class CoordinatesCommandTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream oldOut;
    private PrintStream oldErr;
    private InputStream oldIn;

    @BeforeEach
    void capture() {
        oldOut = System.out;
        oldErr = System.err;
        oldIn = System.in;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(oldOut);
        System.setErr(oldErr);
        System.setIn(oldIn);
    }

    private static String fixture(String name) throws URISyntaxException {
        return Path.of(CoordinatesCommandTest.class.getResource("/coordinates/" + name).toURI()).toString();
    }

    @Test
    void printsTheSeedLineFromStandardInput() {
        System.setIn(new ByteArrayInputStream(("innobackupex: MySQL slave binlog position: master host '1.2.3.4', "
                + "filename 'mysql-bin.004270', position 275567830.\n").getBytes(StandardCharsets.UTF_8)));
        assertThat(Main.run("coordinates", "-")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("master host: 1.2.3.4")
                .contains("binlog file: mysql-bin.004270").contains("position:    275567830")
                .contains("channel:     (default)").contains("parsed from: - line 1: innobackupex slave position");
    }

    @Test
    void jsonHasOneObjectPerChannelWithEveryField() throws Exception {
        assertThat(Main.run("coordinates", "--json", fixture("xtrabackup80-channels.log"))).isZero();
        JsonNode a = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
        assertThat(a.isArray()).isTrue();
        assertThat(a).hasSize(2);
        JsonNode first = a.get(0);
        assertThat(first.fieldNames()).toIterable().containsExactly("kind", "masterHost", "binlogFile", "position",
                "gtidSet", "channel", "parsedFrom");
        assertThat(first.get("kind").asText()).isEqualTo("source");
        assertThat(first.get("position").asLong()).isEqualTo(4711L);
        assertThat(first.get("gtidSet").isNull()).isTrue();
        assertThat(a.get(1).get("channel").asText()).isEqualTo("users");
    }

    @Test
    void whichSelfAndDirectory() throws Exception {
        assertThat(Main.run("coordinates", "--which", "self", "--json", fixture("dir-mariadb11"))).isZero();
        JsonNode a = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
        assertThat(a.get(0).get("kind").asText()).isEqualTo("self");
        assertThat(a.get(0).get("gtidSet").asText()).isEqualTo("0-1-6");
    }

    @Test
    void defaultFallsBackToSelfAndSaysSo() throws Exception {
        assertThat(Main.run("coordinates", fixture("innobackupex-not-replica.log"))).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("self position").contains("mysql-bin.000001");
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("not a replica")
                .contains("showing the server's own binlog position");
    }

    @Test
    void explicitSourceWithoutOneExitsTwo() throws Exception {
        assertThat(Main.run("coordinates", "--which", "source", fixture("xtrabackup_info"))).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("xtrabackup_info:17: expected a replica");
    }

    @Test
    void badLineExitsTwoWithFileAndLine() {
        System.setIn(new ByteArrayInputStream("ok\nMySQL slave binlog position: master host 'h', filename 'f.1', position 'x'\n"
                .getBytes(StandardCharsets.UTF_8)));
        assertThat(Main.run("coordinates")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("-:2: expected a position");
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void missingFileAndBadOptionExitTwo() {
        assertThat(Main.run("coordinates", "/nonexistent/backup.log")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("no such file or directory");
        assertThat(Main.run("coordinates", "--which", "both", "-")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("expected source or self");
    }
}
