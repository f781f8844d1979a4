package io.dbflip.objects;

import io.dbflip.DbflipException;
import io.dbflip.ErrorCode;
import io.dbflip.config.Credentials;
import io.dbflip.config.Secret;
import io.dbflip.config.SideConfig;
import io.dbflip.config.TlsConfig;
import io.dbflip.mysql.Connector;
import io.dbflip.mysql.Server;
import io.dbflip.sandbox.Engine;
import io.dbflip.sandbox.MySqlRoot;
import io.dbflip.sandbox.SandboxServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issues 6 and 12 on real servers of the engine the suite runs ({@link Engine#defaultEngine()}: MySQL 9.7 or
 * MariaDB): a source full of accounts and stored objects, and a target whose admin lacks SUPER, FILE, SHUTDOWN,
 * the admin privileges and SET USER / SET_ANY_DEFINER, as on Aurora. What differs between the engines is the
 * SQL that makes the fixtures and the forms the servers print, chosen once below.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ObjectsIT {
    static final String ADMIN = "adm";
    static final String ADMIN_PW = "adm-pw-1";
    static final int PORT = 3310;
    static final Engine ENGINE = Engine.defaultEngine();
    static final boolean MARIADB = ENGINE == Engine.MARIADB;
    static final String GTIDS = MARIADB ? "SELECT @@gtid_binlog_pos" : "SELECT @@gtid_executed";
    static Path dir;
    static SandboxServer source;
    static SandboxServer target;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("dbflip-objects-it");
        List<String> opts = new ArrayList<>(List.of("--event-scheduler=ON", "--sync-binlog=0",
                "--innodb-flush-log-at-trx-commit=0", "--log-bin-trust-function-creators=1"));
        if (MARIADB) {
            opts.add("--plugin-load-add=auth_ed25519");
        }
        source = SandboxServer.start(ENGINE, "onprem-a", dir.resolve("a"), "127.76.0.1", PORT, 7601, opts);
        target = SandboxServer.start(ENGINE, "aurora-b", dir.resolve("b"), "127.76.0.2", PORT, 7602, opts);
        assertThat(scalar(source, "SELECT VERSION()").contains("MariaDB")).as("the engine runs").isEqualTo(MARIADB);
        String tables = "CREATE DATABASE shop; CREATE TABLE shop.t (id INT PRIMARY KEY AUTO_INCREMENT, a INT, b VARCHAR(20));"
                + "CREATE TABLE shop.log (id INT PRIMARY KEY AUTO_INCREMENT, msg VARCHAR(50));";
        // MariaDB: ed25519 and unix_socket accounts; MySQL: sha256_password (caching_sha2_password is the default)
        String accounts = MARIADB ? """
                CREATE USER ed@'%' IDENTIFIED VIA ed25519 USING PASSWORD('ed-pw');
                CREATE USER sock@localhost IDENTIFIED VIA unix_socket OR mysql_native_password USING PASSWORD('sock-pw');
                GRANT r_write TO app@'%'; SET DEFAULT ROLE r_write FOR app@'%';
                """ : """
                CREATE USER ed@'%' IDENTIFIED WITH sha256_password BY 'ed-pw';
                GRANT r_write TO app@'%'; SET DEFAULT ROLE r_write TO app@'%';
                """;
        asRoot(source, tables + """
                CREATE ROLE r_read; CREATE ROLE r_write;
                GRANT SELECT ON shop.* TO r_read; GRANT INSERT, UPDATE ON shop.t TO r_write; GRANT r_read TO r_write;
                CREATE USER app@'%' IDENTIFIED BY 'app-pw';
                """ + accounts + """
                CREATE USER lim@'%' IDENTIFIED BY 'lim-pw' WITH MAX_QUERIES_PER_HOUR 100 ACCOUNT LOCK;
                CREATE USER boss@'%' IDENTIFIED BY 'boss-pw'; GRANT ALL PRIVILEGES ON *.* TO boss@'%' WITH GRANT OPTION;
                CREATE USER sup@'%' IDENTIFIED BY 'sup-pw'; GRANT SUPER, FILE, PROCESS, SHUTDOWN, RELOAD ON *.* TO sup@'%';
                GRANT SELECT (id, a, b), INSERT (a, b), UPDATE (a, b), TRIGGER ON shop.t TO app@'%'; GRANT INSERT ON shop.log TO app@'%' WITH GRANT OPTION;
                GRANT ALL PRIVILEGES ON shop.* TO lim@'%';
                GRANT PROXY ON ed@'%' TO app@'%';
                DELIMITER $$
                CREATE DEFINER=app@'%' PROCEDURE shop.add_row(IN x INT) MODIFIES SQL DATA
                BEGIN INSERT INTO shop.t (a, b) VALUES (x, 'p'); INSERT INTO shop.log (msg) VALUES (CONCAT('added ', x)); END$$
                DELIMITER ;
                SET SESSION sql_mode = 'ANSI_QUOTES,NO_ENGINE_SUBSTITUTION';
                CREATE DEFINER=app@'%' FUNCTION shop.twice(x INT) RETURNS INT DETERMINISTIC RETURN x * 2;
                SET SESSION sql_mode = DEFAULT;
                CREATE DEFINER=dbflip_root@'%' FUNCTION shop.label(x INT) RETURNS VARCHAR(20) DETERMINISTIC RETURN CONCAT('n', x);
                GRANT EXECUTE ON PROCEDURE shop.add_row TO app@'%'; GRANT EXECUTE ON FUNCTION shop.twice TO r_read; GRANT EXECUTE ON FUNCTION shop.label TO app@'%';
                CREATE DEFINER=app@'%' TRIGGER shop.t_bi BEFORE INSERT ON shop.t FOR EACH ROW SET NEW.b = UPPER(NEW.b);
                CREATE DEFINER=app@'%' TRIGGER shop.t_bi2 BEFORE INSERT ON shop.t FOR EACH ROW SET NEW.a = IFNULL(NEW.a, 0);
                CREATE DEFINER=app@'%' SQL SECURITY DEFINER VIEW shop.v_t AS SELECT id, a FROM shop.t;
                CREATE VIEW shop.v_t2 AS SELECT id FROM shop.v_t WHERE a > 1;
                CREATE DEFINER=app@'%' EVENT shop.e_clean ON SCHEDULE EVERY 1 HOUR STARTS '2030-01-01 00:00:00'
                  DO DELETE FROM shop.log WHERE id < 0;
                """);
        // The target: the tables an import carries, an admin like Aurora's (MariaDB's names, or Aurora MySQL 3's
        // master user's privileges without SET_USER_ID), and RDS's way to turn the session binlog off.
        String adminPrivileges = MARIADB
                ? "SELECT, INSERT, UPDATE, DELETE, CREATE, DROP, RELOAD, PROCESS, REFERENCES, INDEX, ALTER,"
                        + " SHOW DATABASES, CREATE TEMPORARY TABLES, LOCK TABLES, EXECUTE, REPLICATION SLAVE, BINLOG MONITOR,"
                        + " CREATE VIEW, SHOW VIEW, CREATE ROUTINE, ALTER ROUTINE, CREATE USER, EVENT, TRIGGER, DELETE HISTORY"
                : "ALTER, APPLICATION_PASSWORD_ADMIN, ALTER ROUTINE, CONNECTION_ADMIN, CREATE, CREATE ROLE, CREATE ROUTINE,"
                        + " CREATE TEMPORARY TABLES, CREATE USER, CREATE VIEW, DELETE, DROP, DROP ROLE, EVENT, EXECUTE, INDEX,"
                        + " INSERT, LOCK TABLES, PROCESS, REFERENCES, RELOAD, REPLICATION CLIENT, REPLICATION SLAVE, ROLE_ADMIN,"
                        + " SELECT, SHOW DATABASES, SHOW VIEW, TRIGGER, UPDATE, XA_RECOVER_ADMIN";
        asRoot(target, tables + "CREATE USER " + ADMIN + "@'%' IDENTIFIED BY '" + ADMIN_PW + "';"
                + "GRANT " + adminPrivileges + " ON *.* TO " + ADMIN + "@'%' WITH GRANT OPTION;"
                + "CREATE DEFINER=root@localhost PROCEDURE mysql.rds_disable_session_binlog() SQL SECURITY DEFINER SET SESSION sql_log_bin = 0;"
                + "GRANT EXECUTE ON PROCEDURE mysql.rds_disable_session_binlog TO " + ADMIN + "@'%';");
    }

    @AfterAll
    static void stop() throws IOException {
        for (SandboxServer s : new SandboxServer[] {source, target}) {
            if (s != null) {
                s.stop();
            }
        }
        SandboxServer.deleteTree(dir);
    }

    @Test
    @Order(1)
    void dumpIsDeterministicReviewableAndHoldsNoPlaintext() throws Exception {
        try (Connection c = source.rootConnection()) {
            List<ObjectDef> first = new ObjectDumper("onprem-a", c).dump();
            ObjectFiles.write(dir.resolve("d1"), first, false);
            ObjectFiles.write(dir.resolve("d2"), new ObjectDumper("onprem-a", c).dump(), false);
            assertThat(tree(dir.resolve("d1"))).isEqualTo(tree(dir.resolve("d2")));
            Map<String, String> files = tree(dir.resolve("d1"));
            assertThat(files).containsKeys("users/app@%.sql", "users/ed@%.sql", "roles/r_write.sql",
                    "routines/shop.add_row.procedure.sql", "routines/shop.twice.function.sql",
                    "triggers/shop.t_bi.sql", "views/shop.v_t2.sql", "events/shop.e_clean.sql");
            String all = String.join("\n", files.values());
            for (String pw : List.of("app-pw", "ed-pw", "sock-pw", "boss-pw", "sup-pw", "lim-pw")) {
                assertThat(all).doesNotContain("'" + pw + "'");
            }
            assertThat(files.get("users/app@%.sql")).contains(MARIADB ? "IDENTIFIED BY PASSWORD '<hash>'"
                            : "IDENTIFIED WITH 'caching_sha2_password' AS '<hash>'")
                    .contains(MARIADB ? "GRANT `r_write` TO `app`@`%`" : "GRANT `r_write`@`%` TO `app`@`%`")
                    .containsPattern("GRANT INSERT \\(.*\\), SELECT \\(.*\\), TRIGGER, UPDATE \\(.*\\) ON `shop`.`t`")
                    .contains("GRANT PROXY ON `ed`@`%` TO `app`@`%`")
                    .contains(MARIADB ? "SET DEFAULT ROLE `r_write` FOR `app`@`%`" : "DEFAULT ROLE `r_write`@`%`");
            assertThat(files.get("users/ed@%.sql")).contains(MARIADB ? "IDENTIFIED VIA ed25519 USING '<hash>'"
                    : "IDENTIFIED WITH 'sha256_password' AS '<hash>'");
            assertThat(files.get("routines/shop.twice.function.sql")).contains("SET SESSION sql_mode = 'ANSI_QUOTES,NO_ENGINE_SUBSTITUTION'")
                    .contains("-- database_collation: ").contains("-- definer: app@%").contains("USE `shop`;");
            ObjectFiles.write(dir.resolve("d3"), first, true);
            assertThat(Files.readString(dir.resolve("d3/users/app@%.sql")))
                    .containsPattern(MARIADB ? "PASSWORD '\\*[0-9A-F]{40}'" : "AS 0x[0-9A-F]{100,}");
        }
    }

    @Test
    @Order(2)
    void refusePolicyChangesNothing() throws Exception {
        try (Connection a = source.rootConnection(); Connection b = admin()) {
            List<ObjectDef> before = new ObjectDumper("aurora-b", b).dump();
            TargetAccess access = TargetAccess.read("aurora-b", b);
            assertThat(access.canSetDefiner()).isFalse();
            TargetRewriter rw = new TargetRewriter(access, DefinerPolicy.REFUSE, null, true);
            List<ObjectDef> src = new ObjectDumper("onprem-a", a).dump();
            assertThatThrownBy(() -> rw.rewrite(src)).isInstanceOf(DbflipException.class)
                    .satisfies(e -> assertThat(((DbflipException) e).code()).isEqualTo(ErrorCode.PRECONDITION))
                    .hasMessageContaining("shop.add_row").hasMessageContaining("nothing was changed");
            assertThat(new ObjectDumper("aurora-b", b).dump()).isEqualTo(before);
        }
    }

    @Test
    @Order(3)
    void applyRewritesForTheAdminThenDiffShowsOnlyTheRewritesAndSecondApplyIsANoOp() throws Exception {
        SkipList skip = SkipList.builtIn().plus(List.of(ADMIN + "@%"));
        String binlogBefore = scalar(target, GTIDS);
        try (Connection a = source.rootConnection(); Connection b = admin()) {
            ApplyReport dry = apply(a, b, skip, true);
            assertThat(dry.changes()).isGreaterThan(10);
            assertThat(String.join("\n", dry.statements())).contains("'<hash>'").doesNotContainPattern("'\\*[0-9A-F]{40}'");
            assertThat(new ObjectDumper("aurora-b", b).dump().stream().anyMatch(d -> d.name().equals("app@%"))).isFalse();

            ApplyReport report = apply(a, b, skip, false);
            String rewrites = String.join("\n", report.rewrites());
            assertThat(rewrites).contains("user:sup@%: on *.* dropped FILE, SHUTDOWN, SUPER")
                    .contains("user:boss@%: on *.* dropped")
                    .contains(MARIADB ? "SET USER" : "SET_ANY_DEFINER").contains(MARIADB ? "CONNECTION ADMIN" : "SYSTEM_VARIABLES_ADMIN")
                    .doesNotContain(MARIADB ? "SYSTEM_VARIABLES_ADMIN" : "DELETE HISTORY")
                    .contains("user:app@%: dropped GRANT PROXY ON `ed`@`%`")
                    .contains("procedure:shop.add_row: DEFINER app@% -> adm@%")
                    .contains("event:shop.e_clean: created DISABLE ON SLAVE");
            assertThat(report.leftOut()).isEmpty();

            List<ObjectDef> src = new ObjectDumper("onprem-a", a).dump();
            List<ObjectDef> dst = new ObjectDumper("aurora-b", b).dump();
            TargetRewriter.Result rewritten = new TargetRewriter(TargetAccess.read("aurora-b", b), DefinerPolicy.REWRITE, null, true)
                    .rewrite(src);
            ObjectDiff diff = new ObjectDiff(skip);
            ObjectDiff.Result raw = diff.compare(src, dst);
            assertThat(raw.onlyFrom()).isEmpty();
            assertThat(raw.differing()).isNotEmpty();
            assertThat(raw.differing()).allSatisfy(d -> assertThat(rewritten.rewrittenKeys()).contains(d.key()));
            ObjectDiff.Result after = diff.compare(rewritten.objects(), dst);
            assertThat(after.lines()).as(after.differing().stream().map(d -> d.from() + "\n  vs\n" + d.to()).toList().toString()).isEmpty();

            ApplyReport again = apply(a, b, skip, false);
            assertThat(again.changes()).as(String.join("\n", again.statements())).isZero();
        }
        assertThat(scalar(target, GTIDS)).as("apply ran with the session binlog off").isEqualTo(binlogBefore);
        // app users log in on the target with their old passwords, whatever their plugin
        for (String[] u : new String[][] {{"app", "app-pw"}, {"ed", "ed-pw"}, {"boss", "boss-pw"}}) {
            assertThat(cli(target, u[0], u[1], "SELECT CURRENT_USER()")).as(u[0]).startsWith(u[0] + "@");
        }
        assertThat(cli(target, "app", "wrong", "SELECT 1")).contains("Access denied");
        // routines give the same results on both sides (run as app, whose default role reaches twice())
        for (SandboxServer s : List.of(source, target)) {
            assertThat(cli(s, "app", "app-pw", "SELECT shop.twice(21), shop.label(7); CALL shop.add_row(5);"
                    + " SELECT a, b FROM shop.t ORDER BY id DESC LIMIT 1;")).isEqualTo("42\tn7\n5\tP");
        }
    }

    @Test
    @Order(4)
    void twoThousandGeneratedUsersMigrateAndAgreeWithPtShowGrants() throws Exception {
        StringBuilder sql = new StringBuilder();
        for (int i = 0; i < 2000; i++) {
            String u = "'gen" + i + "'@'10.1.%'";
            sql.append("CREATE USER ").append(u).append(" IDENTIFIED BY 'gen-pw-").append(i).append("';");
            switch (i % 5) {
                case 0 -> sql.append("GRANT SELECT ON shop.* TO ").append(u).append(';');
                case 1 -> sql.append("GRANT SELECT (a), INSERT ON shop.t TO ").append(u).append(';');
                case 2 -> sql.append("GRANT r_read TO ").append(u).append(';').append("SET DEFAULT ROLE r_read ")
                        .append(MARIADB ? "FOR " : "TO ").append(u).append(';');
                case 3 -> sql.append("GRANT EXECUTE ON PROCEDURE shop.add_row TO ").append(u).append(" WITH GRANT OPTION;");
                default -> sql.append("GRANT PROCESS, SELECT ON *.* TO ").append(u).append(';');
            }
        }
        asRoot(source, sql.toString());
        SkipList skip = SkipList.builtIn().plus(List.of(ADMIN + "@%"));
        try (Connection a = source.rootConnection(); Connection b = admin()) {
            ApplyReport r = apply(a, b, skip, false);
            // accounts and grants are joined (Batches): ~10 CREATE USERs and ~10 GRANTs, plus MariaDB's 400
            // SET DEFAULT ROLE (one account each); MySQL sets the default role inside CREATE USER
            assertThat(r.changes()).isPositive().isLessThan(MARIADB ? 500 : 100);
            List<ObjectDef> dst = new ObjectDumper("aurora-b", b).dump();
            assertThat(dst.stream().filter(d -> d.name().startsWith("gen"))).hasSize(2000);
        }
        Map<String, String> ptA = ptShowGrants(source);
        Map<String, String> ptB = ptShowGrants(target);
        Set<String> rewritten = Set.of("'boss'@'%'", "'sup'@'%'", "'app'@'%'");
        ptA.keySet().removeAll(rewritten);
        ptB.keySet().removeAll(rewritten);
        assertThat(ptA.keySet().stream().filter(k -> k.startsWith("'gen"))).hasSize(2000);
        assertThat(ptB).isEqualTo(ptA);
        assertThat(cli(target, "gen7", "gen-pw-7", "SELECT 1")).contains("Access denied"); // host 10.1.% only
    }


    /**
     * Never lift a fence (issue 12): the target is a replica fenced by account lock. An apply that changes the app
     * account (its limits differ on the source) and brings a new app account must leave both locked: the app's
     * writes on the fenced side stay refused until a flip's unfence step.
     */
    @Test
    @Order(5)
    void applyOntoAReplicaFencedByAccountLockNeverUnlocksIt() throws Exception {
        // what the account-lock fence does on the target: lock the app users, binlog off
        asRoot(target, "SET SESSION sql_log_bin = 0; ALTER USER app@'%' ACCOUNT LOCK;");
        asRoot(source, "ALTER USER app@'%' WITH MAX_USER_CONNECTIONS 50; CREATE USER app2@'%' IDENTIFIED BY 'app2-pw';"
                + " GRANT INSERT ON shop.log TO app2@'%';");
        assertThat(cli(target, "app", "app-pw", "INSERT INTO shop.log (msg) VALUES ('fenced?')")).containsIgnoringCase("locked");
        SkipList skip = SkipList.builtIn().plus(List.of(ADMIN + "@%"));
        AccountLocks fence = new AccountLocks(Set.of("app", "app2"), true);
        try (Connection a = source.rootConnection(); Connection b = admin()) {
            ApplyReport r = apply(a, b, skip, false, fence);
            assertThat(String.join("\n", r.statements())).as("the changes ran").contains("ALTER USER `app`@`%`")
                    .contains("CREATE USER `app2`@`%`").doesNotContainIgnoringCase("UNLOCK");
            assertThat(r.notes()).anySatisfy(n -> assertThat(n).contains("user:app@%").contains("left locked"));
            assertThat(apply(a, b, skip, false, fence).changes()).as("a second apply").isZero();
        }
        for (String[] u : new String[][] {{"app", "app-pw"}, {"app2", "app2-pw"}}) {
            assertThat(scalar(target, "SHOW CREATE USER " + u[0] + "@'%'")).as(u[0]).contains("ACCOUNT LOCK");
            assertThat(cli(target, u[0], u[1], "INSERT INTO shop.log (msg) VALUES ('fenced?')")).as(u[0])
                    .containsIgnoringCase("locked");
        }
        assertThat(scalar(target, "SELECT COUNT(*) FROM shop.log WHERE msg = 'fenced?'")).isEqualTo("0");
        // the unfence step of a flip is what unlocks them
        asRoot(target, "SET SESSION sql_log_bin = 0; ALTER USER app@'%', app2@'%' ACCOUNT UNLOCK;");
        assertThat(cli(target, "app2", "app2-pw", "SELECT CURRENT_USER()")).startsWith("app2@");
    }

    /**
     * Never lift a fence, MySQL's read-only fence (issue 12): super_read_only refuses every write, the admin's too.
     * objects apply refuses (exit 3) before writing anything when something is due, and the fence still holds.
     * MariaDB has no super_read_only (its read_only binds no admin with READ_ONLY ADMIN).
     */
    @Test
    @Order(6)
    void applyOntoAReplicaFencedBySuperReadOnlyRefusesAndChangesNothing() throws Exception {
        Assumptions.assumeFalse(MARIADB, "MariaDB has no super_read_only");
        asRoot(source, "CREATE USER late@'%' IDENTIFIED BY 'late-pw';");
        asRoot(target, "SET GLOBAL super_read_only = ON;");
        Credentials repl = new Credentials("repl", Secret.literal("x"));
        List<Credentials> app = List.of(new Credentials("app", Secret.literal("app-pw")));
        SideConfig a = new SideConfig("onprem-a", source.host(), PORT, "auto", new Credentials(SandboxServer.ROOT_USER,
                Secret.literal(SandboxServer.ROOT_PASSWORD)), repl, app, "read-only", "kill", TlsConfig.DISABLED, null);
        SideConfig b = new SideConfig("aurora-b", target.host(), PORT, "auto", new Credentials(ADMIN,
                Secret.literal(ADMIN_PW)), repl, app, "read-only", "kill", TlsConfig.DISABLED, null);
        Connector connector = new Connector(Duration.ofSeconds(3), Duration.ofSeconds(30));
        try (Server from = connector.connect(a); Server to = connector.connect(b)) {
            ObjectsMigration m = new ObjectsMigration(from, a, to, b, List.of());
            assertThat(m.apply(DefinerPolicy.REWRITE, null, true, false).changes()).as("the dry run shows the work").isPositive();
            assertThatThrownBy(() -> m.apply(DefinerPolicy.REWRITE, null, false, false)).isInstanceOf(DbflipException.class)
                    .satisfies(e -> assertThat(((DbflipException) e).code()).isEqualTo(ErrorCode.PRECONDITION))
                    .hasMessageContaining("super_read_only").hasMessageContaining("Nothing was changed");
        } finally {
            assertThat(scalar(target, "SELECT @@global.super_read_only")).as("the fence holds").isEqualTo("1");
            assertThat(scalar(target, "SELECT COUNT(*) FROM mysql.user WHERE user = 'late'")).isEqualTo("0");
            asRoot(target, "SET GLOBAL super_read_only = OFF;");
        }
    }

    /**
     * Apply sends its statements as multi-statement batches (issue 13 item 5): a statement that fails inside a
     * batch stops the apply there, as one by one did — the statements before it applied, none after —, the error
     * names that statement, and the session is back to one statement per query.
     */
    @Test
    @Order(7)
    void aStatementThatFailsInsideABatchStopsTheApplyThereAndIsNamed() throws Exception {
        List<ObjectDef> defs = Stream.of("shop.batch_a", "no_such_db.batch_b", "shop.batch_c").map(n -> new ObjectDef(
                ObjectKind.FUNCTION, n.substring(0, n.indexOf('.')), n.substring(n.indexOf('.') + 1), ADMIN + "@%",
                "CREATE DEFINER=`" + ADMIN + "`@`%` FUNCTION `" + n.replace(".", "`.`") + "`() RETURNS INT DETERMINISTIC RETURN 1",
                List.of(), Map.of())).toList();
        try (Connection b = admin()) {
            ObjectApplier applier = new ObjectApplier("aurora-b", b, SkipList.builtIn().plus(List.of(ADMIN + "@%")),
                    new ObjectApplier.Options(List.of("CALL mysql.rds_disable_session_binlog()"), false, false));
            assertThatThrownBy(() -> applier.apply(new TargetRewriter.Result(defs, List.of(), Set.of(), List.of()),
                    TargetAccess.read("aurora-b", b))).isInstanceOf(DbflipException.class)
                    .hasMessageContaining("apply failed at 'USE `no_such_db`': [1049]")
                    .hasMessageContaining("the statements before it were applied");
            assertThat(scalar(target, "SELECT GROUP_CONCAT(ROUTINE_NAME) FROM information_schema.ROUTINES"
                    + " WHERE ROUTINE_NAME LIKE 'batch%'")).isEqualTo("batch_a");
            try (Statement st = b.createStatement()) {
                assertThatThrownBy(() -> st.execute("SELECT 1; SELECT 2")).as("multi-statements are off again")
                        .isInstanceOf(java.sql.SQLException.class);
            }
        } finally {
            asRoot(target, "DROP FUNCTION IF EXISTS shop.batch_a; DROP FUNCTION IF EXISTS shop.batch_c;");
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------

    static ApplyReport apply(Connection a, Connection b, SkipList skip, boolean dryRun) {
        return apply(a, b, skip, dryRun, AccountLocks.NONE);
    }

    static ApplyReport apply(Connection a, Connection b, SkipList skip, boolean dryRun, AccountLocks locks) {
        TargetAccess access = TargetAccess.read("aurora-b", b);
        TargetRewriter.Result rewritten = new TargetRewriter(access, DefinerPolicy.REWRITE, null, true)
                .rewrite(new ObjectDumper("onprem-a", a).dump());
        return new ObjectApplier("aurora-b", b, skip,
                new ObjectApplier.Options(List.of("CALL mysql.rds_disable_session_binlog()"), dryRun, false, locks))
                .apply(rewritten, access);
    }

    /**
     * pt-show-grants per account, normalised: the header lines (tool version, server, time) dropped, and the
     * accounts each side has for itself (root, mariadb.sys, the sandbox root, the target admin) left out.
     */
    static Map<String, String> ptShowGrants(SandboxServer s) throws Exception {
        Process p = new ProcessBuilder("pt-show-grants", "--host", s.host(), "--port", Integer.toString(s.port()),
                "--user", SandboxServer.ROOT_USER, "--password", SandboxServer.ROOT_PASSWORD).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        Map<String, String> blocks = new TreeMap<>();
        String current = null;
        for (String line : out.split("\n")) {
            if (line.startsWith("-- Grants for ")) {
                current = line.substring("-- Grants for ".length());
                blocks.put(current, "");
            } else if (current != null && !line.startsWith("--")) {
                blocks.merge(current, line + "\n", String::concat);
            }
        }
        blocks.keySet().removeIf(k -> k.startsWith("'root'") || k.startsWith("'mariadb.sys'")
                || k.startsWith("'" + SandboxServer.ROOT_USER + "'") || k.startsWith("'" + ADMIN + "'"));
        return blocks;
    }

    static Connection admin() throws Exception {
        return DriverManager.getConnection(SandboxServer.jdbcUrl(target.host(), target.port()), ADMIN, ADMIN_PW);
    }

    static String scalar(SandboxServer s, String sql) throws Exception {
        try (Connection c = s.rootConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** Run SQL as root@localhost over the socket: PROXY grants need it. */
    static void asRoot(SandboxServer s, String sql) throws Exception {
        List<String> cmd = new ArrayList<>(client());
        cmd.addAll(List.of("-uroot", "--socket=" + SandboxServer.socketPath(s.dir())));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try (var in = p.getOutputStream()) {
            in.write(sql.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
    }

    /** The engine's own command-line client, --no-defaults first: it speaks every plugin its server has. */
    static List<String> client() {
        if (MARIADB) {
            return List.of(SandboxServer.binary("mariadb"), "--no-defaults");
        }
        Path r = MySqlRoot.dir();
        return List.of(r.resolve("lib64/ld-linux-x86-64.so.2").toString(), "--library-path",
                r.resolve("lib/x86_64-linux-gnu") + ":" + r.resolve("usr/lib/x86_64-linux-gnu"),
                r.resolve("usr/bin/mysql").toString(), "--no-defaults",
                "--character-sets-dir=" + r.resolve("usr/share/mysql/charsets"));
    }

    /** Log in as an application would, with the engine's client. */
    static String cli(SandboxServer s, String user, String password, String sql) throws Exception {
        List<String> cmd = new ArrayList<>(client());
        cmd.addAll(List.of("-h", s.host(), "-P", Integer.toString(s.port()), "-u", user,
                "-N", "-B", "-e", sql));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("MYSQL_PWD", password); // not -p: MySQL's client warns about it on stderr
        Process p = pb.redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).strip();
        p.waitFor(60, TimeUnit.SECONDS);
        return out;
    }

    static Map<String, String> tree(Path root) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path f : s.filter(Files::isRegularFile).toList()) {
                out.put(root.relativize(f).toString(), Files.readString(f));
            }
        }
        return out;
    }
}
