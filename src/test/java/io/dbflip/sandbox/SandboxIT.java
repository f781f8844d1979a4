package io.dbflip.sandbox;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

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
        SandboxServer.deleteTree(root);
    }

    static Connection root(SandboxLayout.ServerLayout s) throws SQLException {
        return SandboxSql.connect(s.host(), s.port(), SandboxServer.ROOT_USER, SandboxServer.ROOT_PASSWORD);
    }

    static Connection as(SandboxLayout.ServerLayout s, String user, String secret) throws SQLException {
        return SandboxSql.connect(s.host(), s.port(), user, sb.secret(secret));
    }

    @Test
    void aIsTheMasterAndRAndBReplicateFromItWithNoLag() throws Exception {
        try (Connection a = root(c.onpremA()); Connection r = root(c.onpremR()); Connection b = root(c.auroraB())) {
            assertThat(SandboxSql.replicaStatus(a)).isNull();
            SandboxSql.execute(a, "write", List.of("INSERT INTO users.accounts (id, login) VALUES (100, 'it-row')"));
            for (Connection replica : List.of(r, b)) {
                SandboxSql.awaitCaughtUp(a, replica, "replica", java.time.Duration.ofSeconds(20));
                // MySQL's applier reports the lag of the last event until it is idle again: read it once settled
                io.dbflip.mysql.ReplicationStatus st = SandboxSql.replicaStatus(replica);
                for (int i = 0; i < 50 && !Long.valueOf(0).equals(st.secondsBehind()); i++) {
                    Thread.sleep(100);
                    st = SandboxSql.replicaStatus(replica);
                }
                assertThat(st.sourceHost()).isEqualTo(c.onpremA().host());
                assertThat(st.ioRunning()).isTrue();
                assertThat(st.sqlRunning()).isTrue();
                assertThat(st.secondsBehind()).isEqualTo(0L);
                assertThat(SandboxSql.row(replica, "SELECT login FROM users.accounts WHERE id = 100").get("login"))
                        .isEqualTo("it-row");
            }
            assertThat(SandboxSql.row(a, "SELECT @@server_id s").get("s")).isEqualTo(String.valueOf(sb.layout().slot() * 10 + 1));
        }
    }

    /**
     * Issue 12 item 3: on MySQL, aurora-b is a CLONE of onprem-r; what the clone reported (R's binlog
     * position and GTID set) is kept, B holds that GTID set and replicates from A by auto-position.
     */
    @Test
    void onMySqlAuroraBIsACloneOfTheReplicaAndReplicatesByGtid() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(sb.engine() == Engine.MYSQL, "the MySQL engine's seed");
        String[] seeded = Files.readString(c.auroraB().dir().resolve("seeded")).split("\t", -1);
        assertThat(seeded[0]).startsWith("bin.");
        assertThat(Long.parseLong(seeded[1])).isPositive();
        String copied = seeded[2].strip();
        assertThat(copied).isNotEmpty();
        try (Connection a = root(c.onpremA()); Connection b = root(c.auroraB())) {
            assertThat(SandboxSql.row(b, "SELECT GTID_SUBSET('" + copied + "', @@GLOBAL.gtid_executed) s").get("s")).isEqualTo("1");
            SandboxSql.execute(a, "write", List.of("INSERT INTO users.accounts (id, login) VALUES (201, 'via-clone')"));
            SandboxSql.awaitCaughtUp(a, b, "aurora-b", java.time.Duration.ofSeconds(20));
            io.dbflip.mysql.ReplicationStatus st = SandboxSql.replicaStatus(b);
            assertThat(st.sourceHost()).isEqualTo(c.onpremA().host());
            assertThat(st.gtidMode()).as("Auto_Position").isEqualTo("1");
            assertThat(st.healthy()).isTrue();
            assertThat(SandboxSql.masterStatus(b).position().file()).startsWith("mysql-bin-changelog.");
            for (String table : List.of("users.accounts", "shop.products")) {
                String onA = SandboxSql.row(a, "CHECKSUM TABLE " + table).get("Checksum");
                assertThat(SandboxSql.row(b, "CHECKSUM TABLE " + table).get("Checksum")).as(table).isEqualTo(onA);
            }
        }
    }

    /** Issue 5 item 6: aurora-b came from a dbflip backup in the sandbox's S3 server, restored, replicating from the S3 coordinates. */
    @Test
    void auroraBWasSeededThroughS3AndMatchesTheMaster() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(sb.engine() == Engine.MARIADB, "the MariaDB engine's seed (mariabackup)");
        String prefix = "seed/" + c.name() + "/";
        String coordinates;
        try (S3Client s3 = sb.s3Server().client()) {
            List<String> keys = s3.listObjectsV2(b -> b.bucket(SandboxLayout.S3_BUCKET).prefix(prefix)).contents()
                    .stream().map(S3Object::key).toList();
            assertThat(keys).contains(prefix + "backup-000000.xbstream.gz", prefix + "backup.json", prefix + "coordinates.txt");
            coordinates = s3.getObjectAsBytes(b -> b.bucket(SandboxLayout.S3_BUCKET).key(prefix + "coordinates.txt")).asUtf8String();
        }
        assertThat(coordinates).contains("MySQL slave binlog position: master '' filename 'bin.");
        // B was set replicating at exactly these coordinates (the marker keeps what the restore read back from S3)
        assertThat(Files.readString(c.auroraB().dir().resolve("seeded"))).isEqualTo(coordinates);
        S3Seed.Report report = sb.seedReport(1);
        assertThat(report.location()).isEqualTo("s3://" + SandboxLayout.S3_BUCKET + "/" + prefix.substring(0, prefix.length() - 1));
        assertThat(report.objects()).isPositive();
        assertThat(report.xbstreamBytes()).isGreaterThan(report.storedBytes()).isGreaterThan(0);
        System.out.println("FIGURE seed " + report.describe());
        assertThat(sb.env()).containsEntry("DBFLIP_S3_ENDPOINT", sb.layout().s3Endpoint())
                .containsEntry("DBFLIP_S3_BUCKET", SandboxLayout.S3_BUCKET)
                .containsEntry("AWS_SHARED_CREDENTIALS_FILE", sb.layout().awsCredentialsFile().toString());
        assertThat(Files.getPosixFilePermissions(sb.layout().awsCredentialsFile())).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(sb.status()).anyMatch(p -> p.label().equals("s3") && p.alive());
        try (Connection a = root(c.onpremA()); Connection b = root(c.auroraB())) {
            SandboxSql.execute(a, "write", List.of("INSERT INTO users.accounts (id, login) VALUES (200, 'via-s3-seed')"));
            SandboxSql.awaitCaughtUp(a, b, "aurora-b", java.time.Duration.ofSeconds(20));
            io.dbflip.mysql.ReplicationStatus st = SandboxSql.replicaStatus(b);
            assertThat(st.ioRunning()).isTrue();
            assertThat(st.sqlRunning()).isTrue();
            assertThat(st.secondsBehind()).isEqualTo(0L);
            for (String table : List.of("users.accounts", "shop.products")) {
                String onA = SandboxSql.row(a, "CHECKSUM TABLE " + table).get("Checksum");
                assertThat(onA).isNotNull().isNotEqualTo("0");
                assertThat(SandboxSql.row(b, "CHECKSUM TABLE " + table).get("Checksum")).as(table).isEqualTo(onA);
            }
        }
    }

    /** Issue 5 item 4: replicate --from s3:// reads coordinates.txt from the sandbox's S3 server. */
    @Test
    void replicateFromS3PrintsTheStatementsAtTheS3Coordinates() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(sb.engine() == Engine.MARIADB, "the MariaDB engine's S3 seed");
        String from = sb.layout().seedLocation(c);
        String endpoint = sb.layout().s3Endpoint();
        System.setProperty("aws.accessKeyId", sb.secret(SandboxConfig.S3_ACCESS_KEY));
        System.setProperty("aws.secretAccessKey", sb.secret(SandboxConfig.S3_SECRET_KEY));
        java.io.PrintStream oldOut = System.out;
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int exit;
        int unfinished;
        int malformed;
        try {
            System.setOut(new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8));
            exit = io.dbflip.cli.Main.run("replicate", c.name(), "--from", from, "--endpoint", endpoint, "--region", "us-east-1",
                    "--dry-run", "-c", sb.configFile().toString());
            unfinished = io.dbflip.cli.Main.run("replicate", c.name(), "--from", "s3://" + SandboxLayout.S3_BUCKET + "/none",
                    "--endpoint", endpoint, "--region", "us-east-1", "--dry-run", "-c", sb.configFile().toString());
            malformed = io.dbflip.cli.Main.run("replicate", c.name(), "--from", "s3://" + SandboxLayout.S3_BUCKET,
                    "--endpoint", endpoint, "--dry-run", "-c", sb.configFile().toString());
        } finally {
            System.setOut(oldOut);
            System.clearProperty("aws.accessKeyId");
            System.clearProperty("aws.secretAccessKey");
        }
        String text = out.toString(java.nio.charset.StandardCharsets.UTF_8);
        System.out.println(text);
        Seeder.Coordinates co = Seeder.coordinates(Files.readString(c.auroraB().dir().resolve("seeded")), "seeded");
        assertThat(text).contains("coordinates: ").contains(co.file())
                .contains("CALL mysql.rds_set_external_master('" + c.onpremA().host() + "', " + c.onpremA().port() + ", 'repl'")
                .contains("'" + co.file() + "', " + co.position());
        assertThat(text).doesNotContain(sb.secret(SandboxConfig.REPL));
        // B already replicates from A (the sandbox set it up): the dry run shows the statements and refuses
        assertThat(exit).isEqualTo(3);
        assertThat(unfinished).as("a prefix without coordinates.txt").isEqualTo(3);
        assertThat(malformed).as("no prefix").isEqualTo(2);
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
            // MariaDB keeps the schema's events; on MySQL the import's caveats include them (the objects step carries them)
            assertThat(SandboxSql.row(b, "SELECT COUNT(*) n FROM information_schema.EVENTS WHERE EVENT_SCHEMA = 'audit'").get("n"))
                    .isEqualTo(sb.engine() == Engine.MYSQL ? "0" : "1");
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
        boolean mysql = sb.engine() == Engine.MYSQL;
        try (Connection admin = as(c.auroraB(), "admin", SandboxConfig.AURORA_ADMIN);
             Connection rootSession = root(c.auroraB());
             // a client's session: on MySQL a SYSTEM_USER session (the sandbox's root) cannot be killed
             // from a stored procedure at all, as rdsadmin's own cannot on RDS
             Connection victim = as(c.auroraB(), "repl", SandboxConfig.REPL)) {
            String grants = allGrants(admin);
            if (mysql) {
                // Aurora MySQL 3's master user: CONNECTION_ADMIN and the rest, never these
                assertThat(grants).contains("CONNECTION_ADMIN").contains("ROLE_ADMIN").contains("REPLICATION SLAVE")
                        .doesNotContain("SUPER").doesNotContain("SYSTEM_VARIABLES_ADMIN")
                        .doesNotContain("REPLICATION_SLAVE_ADMIN").doesNotContain("BINLOG_ADMIN").doesNotContain("SHUTDOWN");
            } else {
                assertThat(grants).doesNotContain("SUPER").doesNotContain("READ_ONLY ADMIN").doesNotContain("CONNECTION ADMIN");
            }
            assertThatThrownBy(() -> SandboxSql.execute(admin, "ro", List.of("SET GLOBAL read_only = 1")))
                    .hasMessageContaining("1227");
            assertThatThrownBy(() -> SandboxSql.execute(admin, "change source", List.of(mysql
                    ? "CHANGE REPLICATION SOURCE TO SOURCE_CONNECT_RETRY = 2" : "CHANGE MASTER TO MASTER_CONNECT_RETRY = 2")))
                    .hasMessageContaining("1227");
            if (!mysql) {
                // Aurora 3's master user may turn its session's binlog off itself; RDS for MariaDB's may not
                assertThatThrownBy(() -> SandboxSql.execute(admin, "binlog", List.of("SET SESSION sql_log_bin = 0")))
                        .hasMessageContaining("1227");
            }
            String rootId = SandboxSql.row(rootSession, "SELECT CONNECTION_ID() id").get("id");
            // MySQL: the sandbox's root holds SYSTEM_USER, which CONNECTION_ADMIN alone cannot kill
            assertThatThrownBy(() -> SandboxSql.execute(admin, "kill", List.of("KILL " + rootId)))
                    .hasMessageContaining("1095");
            String victimId = SandboxSql.row(victim, "SELECT CONNECTION_ID() id").get("id");
            SandboxSql.execute(admin, "rds_kill", List.of("CALL mysql.rds_kill(" + victimId + ")"));
            assertThatThrownBy(() -> {
                try (Statement s = victim.createStatement()) {
                    s.executeQuery("SELECT 1");
                }
            }).isInstanceOf(SQLException.class);
            SandboxSql.execute(admin, "session binlog off", List.of(mysql ? "SET SESSION sql_log_bin = 0"
                    : "CALL mysql.rds_disable_session_binlog()"));
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

    private static String allGrants(Connection c) throws SQLException {
        StringBuilder b = new StringBuilder();
        try (Statement s = c.createStatement(); java.sql.ResultSet rs = s.executeQuery("SHOW GRANTS")) {
            while (rs.next()) {
                b.append(rs.getString(1)).append('\n');
            }
        }
        return b.toString();
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
                    SandboxServer.ROOT_USER, SandboxServer.ROOT_PASSWORD)) {
                assertThat(SandboxSql.running(SandboxSql.replicaStatus(b))).isTrue();
            }
        } finally {
            other.down();
        }
        assertThat(other.dir()).doesNotExist();
        assertThat(pids).allSatisfy(pid -> assertThat(Processes.alive(pid)).as("pid " + pid).isFalse());
        assertThat(sb.status()).allSatisfy(s -> assertThat(s.alive()).isTrue());
    }
}
