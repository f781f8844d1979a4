package io.dbflip.replicate;

import io.dbflip.cli.Main;
import io.dbflip.sandbox.Engine;
import io.dbflip.sandbox.SandboxServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12, item 4, on real servers of the suite's engine: `dbflip replicate` from an xtrabackup_binlog_info
 * with a GTID set starts the replica by GTID (gtid_purged / gtid_slave_pos, auto-position), takes a server's
 * own position from --log-line (--which self|own), explains what it did, and never prints the password.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplicateIT {
    static final Engine ENGINE = Engine.defaultEngine();
    static final boolean MARIADB = ENGINE == Engine.MARIADB;
    static final String REPL_PW = "repl-pw-77";
    static final int PORT = 3310;
    static Path dir;
    static SandboxServer a;
    static SandboxServer b;
    static Path config;
    static String file;
    static long position;
    static String gtids;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("dbflip-replicate-it");
        a = SandboxServer.start(ENGINE, "a", dir.resolve("a"), "127.77.0.1", PORT, 7701, List.of());
        b = SandboxServer.start(ENGINE, "b", dir.resolve("b"), "127.77.0.2", PORT, 7702, List.of());
        assertThat(row(a, "SELECT VERSION() AS v").get("v").contains("MariaDB")).as("the engine runs").isEqualTo(MARIADB);
        String schema = "CREATE DATABASE shop";
        String table = "CREATE TABLE shop.t (id INT PRIMARY KEY)";
        a.execute("CREATE USER repl@'%' IDENTIFIED BY '" + REPL_PW + "'", "GRANT REPLICATION SLAVE ON *.* TO repl@'%'",
                schema, table, "INSERT INTO shop.t VALUES (1), (2)");
        // the backup's coordinates: A's own position and GTIDs now
        Map<String, String> st = row(a, MARIADB ? "SHOW MASTER STATUS" : "SHOW BINARY LOG STATUS");
        file = st.get("File");
        position = Long.parseLong(st.get("Position"));
        gtids = row(a, MARIADB ? "SELECT @@gtid_binlog_pos AS g" : "SELECT @@gtid_executed AS g").get("g").replace("\n", "");
        // B restored from that backup: the same rows, no GTIDs of its own
        b.execute(MARIADB ? "RESET MASTER" : "RESET BINARY LOGS AND GTIDS", "SET SESSION sql_log_bin = 0", schema, table,
                "INSERT INTO shop.t VALUES (1), (2)");
        a.execute("INSERT INTO shop.t VALUES (3)"); // after the backup: must arrive through replication
        config = dir.resolve("dbflip.yaml");
        Files.writeString(config, "journal: " + dir.resolve("journal") + "\nclusters:\n  - name: rep\n    sides:\n"
                + side("a", a) + side("b", b));
    }

    static String side(String role, SandboxServer s) {
        return "      - role: " + role + "\n        host: " + s.host() + "\n        port: " + s.port() + "\n"
                + "        flavor: auto\n"
                + "        admin: {user: " + SandboxServer.ROOT_USER + ", password: " + SandboxServer.ROOT_PASSWORD + "}\n"
                + "        replication: {user: repl, password: " + REPL_PW + "}\n"
                + "        fence: read-only\n        kill: kill\n";
    }

    @AfterAll
    static void stop() throws Exception {
        for (SandboxServer s : new SandboxServer[] {a, b}) {
            if (s != null) {
                s.stop();
            }
        }
        SandboxServer.deleteTree(dir);
    }

    @Test
    @Order(1)
    void aServersOwnPositionOnTheLogLineIsTakenWithWhichSelfOrOwn() {
        String line = "[00] 2026-12-03 05:00:00 MySQL binlog position: filename '" + file + "', position '" + position
                + "', GTID of the last change '" + gtids + "'";
        Result own = replicate("--log-line", line, "--which", "own", "--dry-run");
        assertThat(own.exit).as(own.out).isZero();
        assertThat(own.out).contains("mode: GTID auto-position after " + gtids).contains("dry run: nothing was changed");
        Result fallback = replicate("--log-line", line, "--dry-run");
        assertThat(fallback.exit).as(fallback.out).isZero();
        assertThat(fallback.out).contains("as --which self would");
        Result source = replicate("--log-line", line, "--which", "source", "--dry-run");
        assertThat(source.exit).as(source.out).isEqualTo(2);
    }

    @Test
    @Order(2)
    void aGtidSetInXtrabackupBinlogInfoStartsTheReplicaByGtid() throws Exception {
        Path info = dir.resolve("xtrabackup_binlog_info");
        Files.writeString(info, file + "\t" + position + "\t" + gtids + "\n");
        Result r = replicate("--coordinates", info.toString());
        assertThat(r.exit).as(r.out).isZero();
        assertThat(r.out).contains("mode: GTID auto-position after " + gtids)
                .contains(MARIADB ? "SET GLOBAL gtid_slave_pos = '" + gtids + "'" : "SET GLOBAL gtid_purged = '" + gtids + "'")
                .contains(MARIADB ? "MASTER_USE_GTID=slave_pos" : "SOURCE_AUTO_POSITION=1")
                .contains("threads:         IO running, SQL running")
                .doesNotContain(REPL_PW);
        Map<String, String> st = row(b, MARIADB ? "SHOW SLAVE STATUS" : "SHOW REPLICA STATUS");
        assertThat(st.get(MARIADB ? "Using_Gtid" : "Auto_Position")).isEqualTo(MARIADB ? "Slave_Pos" : "1");
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!"3".equals(row(b, "SELECT COUNT(*) AS n FROM shop.t").get("n")) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(row(b, "SELECT COUNT(*) AS n FROM shop.t").get("n")).as("the write after the backup arrived").isEqualTo("3");
    }

    @Test
    @Order(3)
    void withoutAGtidSetItIsFileAndPositionAndARunningReplicaIsRefused() throws Exception {
        Path info = dir.resolve("xtrabackup_binlog_info.nogtid");
        Files.writeString(info, file + "\t" + position + "\n");
        Result r = replicate("--coordinates", info.toString(), "--dry-run");
        assertThat(r.exit).as(r.out).isEqualTo(3);
        assertThat(r.out).contains("mode: binlog file/position " + file + ":" + position)
                .contains("the coordinates carry no GTID set");
    }

    record Result(int exit, String out) {
    }

    static Result replicate(String... args) {
        String[] all = new String[args.length + 4];
        all[0] = "replicate";
        all[1] = "rep";
        System.arraycopy(args, 0, all, 2, args.length);
        all[args.length + 2] = "-c";
        all[args.length + 3] = config.toString();
        PrintStream was = System.out;
        PrintStream wasErr = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(buf, true, StandardCharsets.UTF_8);
        System.setOut(capture);
        System.setErr(capture);
        try {
            int exit = Main.run(all);
            return new Result(exit, buf.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(was);
            System.setErr(wasErr);
        }
    }

    static Map<String, String> row(SandboxServer s, String sql) throws Exception {
        try (Connection c = s.rootConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            Map<String, String> out = new LinkedHashMap<>();
            if (rs.next()) {
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    out.put(rs.getMetaData().getColumnLabel(i), rs.getString(i));
                }
            }
            return out;
        }
    }
}
