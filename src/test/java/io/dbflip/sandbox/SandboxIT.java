package io.dbflip.sandbox;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Issue 2 item 7: a whole sandbox on real servers; prints how long up takes. */
class SandboxIT {
    static Path root;
    static Sandbox sb;
    static SandboxLayout.ClusterLayout c;

    @BeforeAll
    static void up() throws IOException {
        root = Files.createTempDirectory("dbflip-sandbox-it");
        long t = System.nanoTime();
        List<String> progress = new ArrayList<>();
        sb = Sandbox.up(root.resolve("sb"), SandboxOptions.defaults().withProgress(progress::add));
        System.out.printf("FIGURE sandbox up (cold) %.1f s%n", (System.nanoTime() - t) / 1e9);
        progress.forEach(l -> System.out.println("  " + l));
        c = sb.layout().cluster(1);
    }

    @AfterAll
    static void down() throws IOException {
        if (sb != null) {
            sb.down();
        }
        MariaDbServer.deleteTree(root);
    }

    static Connection root(SandboxLayout.ServerLayout s) throws SQLException {
        return SandboxSql.connect(s.host(), s.port(), MariaDbServer.ROOT_USER, MariaDbServer.ROOT_PASSWORD);
    }

    static Connection as(SandboxLayout.ServerLayout s, String user, String secret) throws SQLException {
        return SandboxSql.connect(s.host(), s.port(), user, sb.secret(secret));
    }

    @Test
    void aIsTheMasterAndRAndBReplicateFromItWithNoLag() throws Exception {
        try (Connection a = root(c.onpremA()); Connection r = root(c.onpremR()); Connection b = root(c.auroraB())) {
            assertThat(SandboxSql.slaveStatus(a)).isEmpty();
            SandboxSql.execute(a, "write", List.of("INSERT INTO users.accounts (id, login) VALUES (100, 'it-row')"));
            for (Connection replica : List.of(r, b)) {
                SandboxSql.awaitCaughtUp(a, replica, "replica", java.time.Duration.ofSeconds(20));
                Map<String, String> st = SandboxSql.slaveStatus(replica);
                assertThat(st.get("Master_Host")).isEqualTo(c.onpremA().host());
                assertThat(st.get("Slave_IO_Running")).isEqualTo("Yes");
                assertThat(st.get("Slave_SQL_Running")).isEqualTo("Yes");
                assertThat(st.get("Seconds_Behind_Master")).isEqualTo("0");
                assertThat(SandboxSql.row(replica, "SELECT login FROM users.accounts WHERE id = 100").get("login"))
                        .isEqualTo("it-row");
            }
            assertThat(SandboxSql.row(a, "SELECT @@server_id s").get("s")).isEqualTo(String.valueOf(sb.layout().slot() * 10 + 1));
        }
        assertThat(Files.readString(sb.dir().resolve("seed/coordinates.txt")))
                .contains("MySQL slave binlog position: master '' filename 'bin.");
        assertThat(sb.dir().resolve("seed/backup.log")).exists();
    }

    @Test
    void appUsersWorkOnTheOnpremSideButHaveNoGlobalAdminPrivilege() throws Exception {
        try (Connection app = as(c.onpremA(), "app", SandboxConfig.APP)) {
            SandboxSql.execute(app, "app call", List.of("CALL shop.place_order(1, 2, 3)"));
            assertThat(SandboxSql.row(app, "SHOW GRANTS").values().toString()).doesNotContain("ALL PRIVILEGES ON *.*");
        }
    }

    @Test
    void auroraBLacksWhatTheImportDropsAndKeepsTheSchemaObjects() throws Exception {
        try (Connection b = root(c.auroraB())) {
            assertThat(SandboxSql.row(b, "SELECT COUNT(*) n FROM mysql.user WHERE User IN ('app','app_ro','dbflip')").get("n")).isEqualTo("0");
            assertThat(SandboxSql.row(b, "SELECT COUNT(*) n FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = 'shop'").get("n")).isEqualTo("0");
            assertThat(SandboxSql.row(b, "SELECT COUNT(*) n FROM mysql.time_zone_name").get("n")).isEqualTo("0");
            assertThat(SandboxSql.row(b, "SELECT COUNT(*) n FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = 'shop'").get("n")).isEqualTo("1");
            assertThat(SandboxSql.row(b, "SELECT COUNT(*) n FROM information_schema.VIEWS WHERE TABLE_SCHEMA = 'shop'").get("n")).isEqualTo("1");
            assertThat(SandboxSql.row(b, "SELECT COUNT(*) n FROM information_schema.EVENTS WHERE EVENT_SCHEMA = 'audit'").get("n")).isEqualTo("1");
            long h1 = Long.parseLong(SandboxSql.row(b, "SELECT value FROM mysql.rds_heartbeat2 WHERE id = 1").get("value"));
            Thread.sleep(2200);
            long h2 = Long.parseLong(SandboxSql.row(b, "SELECT value FROM mysql.rds_heartbeat2 WHERE id = 1").get("value"));
            assertThat(h2).isGreaterThan(h1);
        }
        try (Connection a = root(c.onpremA())) {
            assertThat(SandboxSql.row(a, "SELECT COUNT(*) n FROM information_schema.TABLES WHERE TABLE_NAME = 'rds_heartbeat2'").get("n"))
                    .as("the heartbeat table exists on B only").isEqualTo("0");
        }
    }

    @Test
    void auroraAdminHasNoSuperAndWorksThroughTheRdsProcedures() throws Exception {
        try (Connection admin = as(c.auroraB(), "admin", SandboxConfig.AURORA_ADMIN);
             Connection victim = root(c.auroraB())) {
            assertThat(SandboxSql.row(admin, "SHOW GRANTS").values().iterator().next())
                    .doesNotContain("SUPER").doesNotContain("READ_ONLY ADMIN").doesNotContain("CONNECTION ADMIN");
            assertThatThrownBy(() -> SandboxSql.execute(admin, "ro", List.of("SET GLOBAL read_only = 1")))
                    .hasMessageContaining("1227");
            assertThatThrownBy(() -> SandboxSql.execute(admin, "binlog", List.of("SET SESSION sql_log_bin = 0")))
                    .hasMessageContaining("1227");
            String victimId = SandboxSql.row(victim, "SELECT CONNECTION_ID() id").get("id");
            assertThatThrownBy(() -> SandboxSql.execute(admin, "kill", List.of("KILL " + victimId)))
                    .hasMessageContaining("1095");
            SandboxSql.execute(admin, "rds_kill", List.of("CALL mysql.rds_kill(" + victimId + ")"));
            assertThatThrownBy(() -> {
                try (Statement s = victim.createStatement()) {
                    s.executeQuery("SELECT 1");
                }
            }).isInstanceOf(SQLException.class);
            SandboxSql.execute(admin, "rds_disable_session_binlog", List.of("CALL mysql.rds_disable_session_binlog()"));
            assertThat(SandboxSql.row(admin, "SELECT @@session.sql_log_bin v").get("v")).isEqualTo("0");
            SandboxSql.execute(admin, "conf", List.of("CALL mysql.rds_set_configuration('binlog retention hours', 24)"));
            try (Connection r = root(c.auroraB())) {
                assertThat(SandboxSql.row(r, "SELECT value FROM mysql.rds_configuration WHERE name = 'binlog retention hours'")
                        .get("value")).isEqualTo("24");
            }
            assertThatThrownBy(() -> SandboxSql.execute(admin, "conf", List.of("CALL mysql.rds_set_configuration('binlog retention hours', 9999)")))
                    .hasMessageContaining("2160");
        }
    }

    @Test
    void configAndEnvDescribeTheSandboxWithoutLiteralSecrets() throws Exception {
        Map<String, Object> y = new Yaml().load(Files.readString(sb.configFile()));
        @SuppressWarnings("unchecked")
        Map<String, Object> cluster = ((List<Map<String, Object>>) y.get("clusters")).get(0);
        assertThat(cluster.get("name")).isEqualTo("sandbox");
        assertThat(cluster.get("labels")).isEqualTo(Map.of("shard", 1));
        String text = Files.readString(sb.configFile());
        for (String s : SandboxConfig.PASSWORDS) {
            assertThat(text).doesNotContain(sb.secret(s));
            assertThat(Files.getPosixFilePermissions(sb.layout().secret(s))).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        }
        assertThat(text).doesNotContain(Files.readString(sb.layout().tsigSecretFile()).strip()).contains("master.sandbox.internal.");
        Map<String, String> env = sb.env();
        assertThat(env).containsEntry("DBFLIP_CONFIG", sb.configFile().toString())
                .containsEntry("DBFLIP_CLUSTER", "sandbox")
                .containsEntry("DBFLIP_DNS_SERVER", sb.layout().dnsServer())
                .containsEntry("DBFLIP_DNS_NAME", "master.sandbox.internal.")
                .containsEntry("DBFLIP_SERVER_AURORA_B", c.auroraB().address())
                .containsEntry("DBFLIP_APP_PASSWORD", sb.secret(SandboxConfig.APP));
        // BIND answers with the master's address and accepts a TSIG-signed update
        Process p = new ProcessBuilder("dig", "+short", "-p", String.valueOf(SandboxLayout.DNS_PORT),
                "@" + sb.layout().dnsAddress(), "master.sandbox.example.", "A").start();
        assertThat(new String(p.getInputStream().readAllBytes()).strip()).isEqualTo(c.onpremA().host());
        Process u = new ProcessBuilder("nsupdate", "-k", env.get("DBFLIP_TSIG_KEY_FILE")).start();
        u.getOutputStream().write(("server " + sb.layout().dnsAddress() + " " + SandboxLayout.DNS_PORT
                + "\nzone sandbox.example.\nupdate add probe.sandbox.example. 1 A 127.0.0.9\nsend\n").getBytes());
        u.getOutputStream().close();
        assertThat(u.waitFor()).isZero();
    }

    @Test
    void upAgainIsIdempotentAndQuick() {
        Map<String, Long> before = new java.util.TreeMap<>();
        sb.status().forEach(s -> before.put(s.label(), s.pid()));
        long t = System.nanoTime();
        Sandbox again = Sandbox.up(sb.dir(), SandboxOptions.defaults());
        System.out.printf("FIGURE sandbox up (already up) %.2f s%n", (System.nanoTime() - t) / 1e9);
        assertThat(again.layout().slot()).isEqualTo(sb.layout().slot());
        Map<String, Long> after = new java.util.TreeMap<>();
        again.status().forEach(s -> {
            after.put(s.label(), s.pid());
            assertThat(s.alive()).as(s.label()).isTrue();
        });
        assertThat(after).isEqualTo(before);
    }

    @Test
    void aSecondSandboxRunsAlongsideOnItsOwnSlotAndDownLeavesNothing() throws Exception {
        Sandbox other = Sandbox.up(root.resolve("other"), SandboxOptions.defaults());
        List<Long> pids = other.status().stream().map(Sandbox.ProcessStatus::pid).toList();
        try {
            assertThat(other.layout().slot()).isNotEqualTo(sb.layout().slot());
            try (Connection b = SandboxSql.connect(other.layout().cluster(1).auroraB().host(), SandboxLayout.MYSQL_PORT,
                    MariaDbServer.ROOT_USER, MariaDbServer.ROOT_PASSWORD)) {
                assertThat(SandboxSql.running(SandboxSql.slaveStatus(b))).isTrue();
            }
        } finally {
            other.down();
        }
        assertThat(other.dir()).doesNotExist();
        assertThat(pids).allSatisfy(pid -> assertThat(Processes.alive(pid)).as("pid " + pid).isFalse());
        assertThat(sb.status()).allSatisfy(s -> assertThat(s.alive()).isTrue());
    }
}
