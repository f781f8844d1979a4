package io.dbflip.flip;

import io.dbflip.ErrorCode;
import io.dbflip.journal.FlipRecord;
import io.dbflip.mysql.Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12's flip cases, on the engine the suite's run names (dbflip.engine: MySQL and MariaDB):
 * the app locked out of B refuses the flip (exit 3) or fails it after the unfence (exit 1, never
 * "completed"); the catch-up waits by GTID set where both sides have GTIDs; events follow the
 * master through a read-only fence; a failure after the point of no return leaves a flip that
 * `dbflip resume` finishes.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FlipEngineCasesIT {
    static SandboxFixture f;
    static Faults x;

    @BeforeAll
    static void up() throws Exception {
        f = new SandboxFixture("cases");
        x = new Faults(f);
    }

    @AfterAll
    static void down() {
        if (f != null) {
            f.close();
        }
    }

    private static boolean mysql() {
        try (Server s = f.admin("onprem")) {
            return !s.flavor().mariadb();
        }
    }

    /** As root on a side with binary logging off: the change stays on that side. */
    private static void local(String role, String... statements) {
        String[] all = new String[statements.length + 1];
        all[0] = "SET SESSION sql_log_bin = 0";
        System.arraycopy(statements, 0, all, 1, statements.length);
        x.sql(role, all);
    }

    @Test
    @Order(1)
    void anAppUserLackingOnBAWriteGrantItHasOnARefusesTheFlip() {
        Topology t = Topology.read(f.cluster, f.opener);
        String b = t.replica().role();
        String grantee = "'app'@'%'";
        local(b, "REVOKE DELETE ON `shop`.* FROM " + grantee);
        try {
            FlipFailedException e = FaultIT.catchFlip(() -> f.flip(b, FlipListener.NONE));
            assertThat(e.code()).isEqualTo(ErrorCode.PRECONDITION);
            assertThat(Faults.failedChecks(e)).anyMatch(n -> n.startsWith("app on " + b));
            assertThat(e.getMessage()).contains("DELETE");
            assertThat(e.report().steps()).as("no step ran").isEmpty();
            assertThat(f.journal.unfinished(f.cluster.name())).as("a refusal leaves nothing to resume").isEmpty();
        } finally {
            local(b, "GRANT DELETE ON `shop`.* TO " + grantee);
        }
        assertThat(Topology.read(f.cluster, f.opener).master().role()).isEqualTo(t.master().role());
    }

    @Test
    @Order(2)
    void anAppUserThatCannotLogInOnBRefusesTheFlip() {
        Topology t = Topology.read(f.cluster, f.opener);
        String b = t.replica().role();
        local(b, "ALTER USER 'app_ro'@'%' IDENTIFIED BY 'not-the-configured-one'");
        try {
            FlipFailedException e = FaultIT.catchFlip(() -> f.flip(b, FlipListener.NONE));
            assertThat(e.code()).isEqualTo(ErrorCode.PRECONDITION);
            assertThat(e.getMessage()).contains("app_ro cannot log in on " + b);
        } finally {
            String pw = f.side(b).appUsers().stream().filter(c -> c.user().equals("app_ro")).findFirst().orElseThrow()
                    .password().reveal();
            local(b, "ALTER USER 'app_ro'@'%' IDENTIFIED BY '" + pw.replace("'", "''") + "'");
        }
    }

    @Test
    @Order(3)
    void eventsFollowTheMasterAndTheCatchUpWaitsByGtid() {
        Topology t = Topology.read(f.cluster, f.opener);
        String a = t.master().role();
        String b = t.replica().role();
        // the event's owner is an ordinary account: an administrator's SYSTEM_USER would keep a managed
        // server's admin from altering it (preflight refuses that, below)
        x.sql(a, "CREATE DATABASE IF NOT EXISTS evt", "CREATE TABLE IF NOT EXISTS evt.ticks (id INT AUTO_INCREMENT PRIMARY KEY,"
                + " at DATETIME(6) NOT NULL, host VARCHAR(64) NOT NULL)",
                "CREATE USER IF NOT EXISTS 'evt_owner'@'%' IDENTIFIED BY 'evt-owner-pw' ACCOUNT LOCK",
                "GRANT ALL PRIVILEGES ON evt.* TO 'evt_owner'@'%'",
                "CREATE DEFINER = 'evt_owner'@'%' EVENT IF NOT EXISTS evt.tick ON SCHEDULE EVERY 1 SECOND DO"
                        + " INSERT INTO evt.ticks (at, host) VALUES (NOW(6), @@hostname)");
        x.awaitReplicating(b, java.time.Duration.ofSeconds(30));
        if (mysql()) {
            x.sql(a, "CREATE EVENT evt.admins ON SCHEDULE EVERY 1 HOUR DO DELETE FROM evt.ticks WHERE 1 = 0");
            x.awaitReplicating(b, java.time.Duration.ofSeconds(30));
            Faults.sleep(500);
            FlipFailedException refused = FaultIT.catchFlip(() -> f.flip(b, FlipListener.NONE));
            assertThat(refused.code()).isEqualTo(ErrorCode.PRECONDITION);
            assertThat(refused.getMessage()).contains("cannot alter event evt.admins").contains("SYSTEM_USER");
            x.sql(a, "DROP EVENT evt.admins");
            x.awaitReplicating(b, java.time.Duration.ofSeconds(30));
        }
        Faults.sleep(1500);
        assertThat(status(a)).isEqualTo("ENABLED");
        assertThat(status(b)).isIn(io.dbflip.mysql.Dialect.REPLICA_SIDE_DISABLED);

        FlipReport there = f.flip(b, FlipListener.NONE);
        assertThat(there.outcome()).isEqualTo("completed");
        assertThat(status(b)).as("the event runs on the new master").isEqualTo("ENABLED");
        String definer = x.one(b, "SELECT DEFINER FROM information_schema.EVENTS WHERE EVENT_NAME = 'tick'");
        System.out.println("evt.tick's definer on " + b + " after the flip: " + definer);
        if (mysql()) {
            // the Aurora 3-like admin holds SET_ANY_DEFINER; the MariaDB stand-in's admin has no SET USER
            assertThat(definer).as("and keeps its definer").isEqualTo("evt_owner@%");
        }
        assertThat(status(a)).as("and not on the old one").isIn(io.dbflip.mysql.Dialect.REPLICA_SIDE_DISABLED);
        String step7 = there.steps().stream().filter(s -> s.no() == 7).findFirst().orElseThrow().details();
        String step13 = there.steps().stream().filter(s -> s.no() == 13).findFirst().orElseThrow().details();
        assertThat(step13).contains("a write by app on " + b + " was accepted");
        long before = Long.parseLong(x.one(b, "SELECT COUNT(*) FROM evt.ticks"));
        Faults.sleep(2500);
        assertThat(Long.parseLong(x.one(b, "SELECT COUNT(*) FROM evt.ticks"))).as("the event writes on " + b)
                .isGreaterThan(before);

        FlipReport back = f.flip(a, FlipListener.NONE);
        assertThat(back.outcome()).isEqualTo("completed");
        assertThat(status(a)).isEqualTo("ENABLED");
        assertThat(status(b)).isIn(io.dbflip.mysql.Dialect.REPLICA_SIDE_DISABLED);
        String step7back = back.steps().stream().filter(s -> s.no() == 7).findFirst().orElseThrow().details();
        System.out.printf("step 7 %s→%s: %.2f ms (%s); %s→%s: %.2f ms (%s); blackout %.1f / %.1f ms%n", a, b,
                millis(there, 7), step7, b, a, millis(back, 7), step7back, there.blackoutMillis(), back.blackoutMillis());
        if (mysql()) {
            // both sides have GTIDs (gtid_mode ON): WAIT_FOR_EXECUTED_GTID_SET, not SOURCE_POS_WAIT
            assertThat(step7).startsWith("reached GTIDs ");
            assertThat(step7back).startsWith("reached GTIDs ");
        }
        x.sql(a, "DROP EVENT evt.tick");
    }

    @Test
    @Order(4)
    void aFailureAfterThePointOfNoReturnIsFinishedByResume() {
        Topology t = Topology.read(f.cluster, f.opener);
        String a = t.master().role();
        String b = t.replica().role();
        FlipListener failAt12 = before(12, () -> {
            throw new IllegalStateException("injected failure before step 12");
        });
        FlipFailedException e = FaultIT.catchFlip(() -> f.flip(b, failAt12));
        assertThat(e.code()).isEqualTo(ErrorCode.FAILED);
        assertThat(e.report().outcome()).isEqualTo(FlipRunner.FAILED_FORWARD);
        assertThat(e.getMessage()).contains("dbflip resume " + f.cluster.name());
        Optional<FlipRecord> open = f.journal.unfinished(f.cluster.name());
        assertThat(open).as("the journal keeps the flip for resume").isPresent();
        assertThat(open.get().toSide()).isEqualTo(b);

        int code = resume();
        assertThat(code).as("dbflip resume").isZero();
        assertThat(f.journal.unfinished(f.cluster.name())).isEmpty();
        assertThat(x.assertOneMasterAndNothingLost(null)).isEqualTo(b);
        // and back, so the next case starts from the sandbox's topology
        assertThat(f.flip(a, FlipListener.NONE).outcome()).isEqualTo("completed");
    }

    @Test
    @Order(5)
    void theAppLockedOutOfTheNewMasterFailsTheFlipAndResumeFinishesItOnceFixed() {
        Topology t = Topology.read(f.cluster, f.opener);
        String a = t.master().role();
        String b = t.replica().role();
        String pw = f.side(b).appUsers().stream().filter(c -> c.user().equals("app")).findFirst().orElseThrow()
                .password().reveal();
        // after the unfence: the app's password on the new master is not the app's any more
        FlipListener lockOut = before(13, () -> local(b, "ALTER USER 'app'@'%' IDENTIFIED BY 'not-the-apps-password'"));
        FlipFailedException e = FaultIT.catchFlip(() -> f.flip(b, lockOut));
        assertThat(e.code()).isEqualTo(ErrorCode.FAILED);
        assertThat(e.report().outcome()).as("never completed").isEqualTo(FlipRunner.FAILED_FORWARD);
        assertThat(e.getMessage()).contains("the app is locked out of the new master");
        assertThat(resume()).as("resume while the app is still locked out fails again").isEqualTo(1);
        assertThat(f.journal.unfinished(f.cluster.name())).as("and the flip stays open").isPresent();
        local(b, "ALTER USER 'app'@'%' IDENTIFIED BY '" + pw.replace("'", "''") + "'");
        assertThat(resume()).isZero();
        assertThat(x.assertOneMasterAndNothingLost(null)).isEqualTo(b);
        assertThat(f.flip(a, FlipListener.NONE).outcome()).isEqualTo("completed");
    }

    /**
     * MySQL: the managed B's heartbeat GTIDs that A lacks sit in older binlog files after B's logs
     * rotate (every flip rotates them); the errant check must still find them harmless. It read only
     * the last three files, and refused the ~18th flip of bench/flip-blackout.
     */
    @Test
    @Order(6)
    void aManagedReplicasOlderHeartbeatGtidsInRotatedBinlogsAreNotErrant() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(mysql(), "MySQL's GTIDs: MariaDB's check reads gtid_binlog_state");
        if (!Topology.read(f.cluster, f.opener).master().role().equals("onprem")) {
            assertThat(f.flip("onprem", FlipListener.NONE).outcome()).isEqualTo("completed");
        }
        for (int i = 0; i < 5; i++) {
            Thread.sleep(1100); // a heartbeat transaction of aurora's own in each file
            x.sql("aurora", "FLUSH BINARY LOGS");
        }
        FlipReport r = f.flip("aurora", FlipListener.NONE);
        assertThat(r.outcome()).isEqualTo("completed");
        assertThat(r.checks()).anySatisfy(c -> assertThat(c.reason()).contains("touch only mysql.rds_*"));
        assertThat(f.flip("onprem", FlipListener.NONE).outcome()).isEqualTo("completed");
    }

    /**
     * MySQL: the errant check reads B's binlogs page by page (FROM the last event's end), bounded by time,
     * forward from the file that holds the oldest GTID it must show harmless (found by the files'
     * Previous_gtids), and a flip starts a new binlog file on the managed side that stops being the master
     * (step 11). Before, it read the newest file first from its start: under an OLTP load the heartbeat's
     * GTIDs at that file's end lay beyond 2,000,000 events, then beyond 30 s (bench/flip-load, MySQL,
     * oltp_read_write at 16 threads: 1,750,000 events read and the flip refused).
     * Here the file aurora wrote as the master holds a load written before the flip back, and the check
     * must not read it; pages of 7 events, so the heartbeat's GTIDs are found across many pages and files.
     */
    @Test
    @Order(8)
    void theErrantCheckReadsFromTheFileTheFlipStartedAndIsBoundedByTime() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(mysql(), "MySQL's GTIDs");
        if (!Topology.read(f.cluster, f.opener).master().role().equals("onprem")) {
            assertThat(f.flip("onprem", FlipListener.NONE).outcome()).isEqualTo("completed");
        }
        assertThat(f.flip("aurora", FlipListener.NONE).outcome()).isEqualTo("completed");
        x.sql("aurora", "CREATE DATABASE IF NOT EXISTS pages", "CREATE TABLE IF NOT EXISTS pages.t (id INT AUTO_INCREMENT PRIMARY KEY, v INT)");
        String[] load = new String[200];
        java.util.Arrays.fill(load, "INSERT INTO pages.t (v) VALUES (1)");
        x.sql("aurora", load); // written by aurora as the master, in the file the flip back leaves behind
        List<String> before = files();
        FlipReport back = f.flip("onprem", FlipListener.NONE);
        assertThat(back.outcome()).isEqualTo("completed");
        assertThat(back.steps()).anySatisfy(st -> assertThat(st.details()).contains("aurora's binlog flushed"));
        List<String> after = files();
        assertThat(after).as("step 11 started a new binlog file on aurora").hasSizeGreaterThan(before.size());
        String flipFile = after.get(before.size());
        for (int round = 0; round < 3; round++) {
            Thread.sleep(1100); // a heartbeat transaction of aurora's own between the load's
            String[] more = new String[40];
            java.util.Arrays.fill(more, "INSERT INTO pages.t (v) VALUES (1)");
            x.sql("onprem", more);
            x.sql("aurora", "FLUSH BINARY LOGS");
        }
        x.awaitReplicating("aurora", java.time.Duration.ofSeconds(30));
        String errant = x.one("aurora", "SELECT GTID_SUBTRACT(@@GLOBAL.gtid_executed, '"
                + x.one("onprem", "SELECT @@GLOBAL.gtid_executed").replace("\n", "") + "')").replace("\n", "");
        assertThat(errant).as("aurora's heartbeat wrote GTIDs of its own").isNotBlank();
        try (Server aurora = f.admin("aurora")) {
            MySqlGtids.Scan scan = MySqlGtids.scan(aurora, errant, 30_000, 7);
            assertThat(scan.tables()).as("only mysql.rds_* written by " + errant).isEmpty();
            assertThat(after.indexOf(scan.firstFile())).as("the scan began at " + scan.firstFile() + ", not before "
                    + flipFile + " (the file step 11 started)").isGreaterThanOrEqualTo(after.indexOf(flipFile));
            assertThat(MySqlGtids.tablesWrittenBy(aurora, errant, 0, 7)).singleElement().asString()
                    .contains("not found in the 0 binlog events read within 0 s from " + scan.firstFile());
        }
        x.sql("onprem", "DROP DATABASE pages");
    }

    private static List<String> files() {
        try (Server aurora = f.admin("aurora")) {
            return aurora.query("SHOW BINARY LOGS").stream().map(r -> String.valueOf(r.get("Log_name"))).toList();
        }
    }

    /**
     * Step 9 sends the DNS change without reading it back; step 13 reads every record back. A record
     * put back to A between the two (by someone else) fails the flip forward, naming it, and `dbflip
     * resume` points it at B again.
     */
    @Test
    @Order(7)
    void aRecordThatNoLongerNamesBAtTheReadBackFailsForwardAndResumeRepointsIt() {
        Topology t = Topology.read(f.cluster, f.opener);
        io.dbflip.config.SideConfig a = t.master();
        io.dbflip.config.SideConfig b = t.replica();
        ClusterDns dns = new ClusterDns(f.config);
        FlipListener putBack = before(13, () -> dns.pointAt(f.cluster, b, a));
        FlipFailedException e = FaultIT.catchFlip(() -> f.flip(b.role(), putBack));
        assertThat(e.report().outcome()).isEqualTo(FlipRunner.FAILED_FORWARD);
        assertThat(e.getMessage()).contains("read back").contains("expected " + b.host());
        assertThat(resume()).isZero();
        assertThat(dns.pointAt(f.cluster, a, b)).startsWith("every record already names " + b.role());
        assertThat(x.assertOneMasterAndNothingLost(null)).isEqualTo(b.role());
        assertThat(f.flip(a.role(), FlipListener.NONE).outcome()).isEqualTo("completed");
    }

    /**
     * An idle app session on a master fenced by read-only: on MySQL the fence is super_read_only, which refuses
     * every client's writes, so step 4 waits until B is unfenced (out of the window) and the session is still
     * open when B is unfenced, ended right after; MariaDB's read_only lets SUPER through, so there step 4 ends it
     * inside the window, before A's final position is read. Either way it is gone when the flip ends.
     */
    @Test
    @Order(9)
    void onAMySqlReadOnlyFenceClientSessionsAreEndedAfterTheUnfenceOnMariaDbInsideTheWindow() throws Exception {
        Topology t = Topology.read(f.cluster, f.opener);
        if (!t.master().fence().equals("read-only")) {
            assertThat(f.flip(t.replica().role(), FlipListener.NONE).outcome()).isEqualTo("completed");
            t = Topology.read(f.cluster, f.opener);
        }
        io.dbflip.config.SideConfig a = t.master();
        assertThat(a.fence()).isEqualTo("read-only");
        java.util.Map<String, String> env = f.sandbox.env();
        java.util.Map<Integer, Boolean> openBefore = new java.util.concurrent.ConcurrentHashMap<>();
        try (java.sql.Connection idle = java.sql.DriverManager.getConnection(io.dbflip.sandbox.SandboxServer.jdbcUrl(a.host(), a.port()),
                env.get("DBFLIP_APP_USER"), env.get("DBFLIP_APP_PASSWORD"))) {
            FlipListener looks = new FlipListener() {
                @Override
                public void beforeStep(int no, String name) {
                    if (no == 6 || no == 10) {
                        try {
                            openBefore.put(no, idle.isValid(2));
                        } catch (java.sql.SQLException e) {
                            openBefore.put(no, false);
                        }
                    }
                }
            };
            FlipReport r = f.flip(t.replica().role(), looks);
            assertThat(r.outcome()).as(String.valueOf(r.error())).isEqualTo("completed");
            String step4 = String.valueOf(r.steps().stream().filter(st -> st.is(FlipStep.KILL_A)).findFirst().orElseThrow().details());
            if (mysql()) {
                assertThat(step4).startsWith("deferred until B is unfenced");
                assertThat(openBefore).containsEntry(6, true).containsEntry(10, true);
                assertThat(String.valueOf(r.steps().stream().filter(st -> st.is(FlipStep.CHECK)).findFirst().orElseThrow().details()))
                        .contains("client session(s) on " + a.role() + " ended after the unfence (step 4, deferred)");
            } else {
                assertThat(step4).endsWith("session(s) ended");
                assertThat(openBefore).containsEntry(6, false).containsEntry(10, false);
            }
            assertThat(r.endedSessions()).anySatisfy(p -> assertThat(p.user()).isEqualTo(env.get("DBFLIP_APP_USER")));
            assertThat(idle.isValid(5)).as("the idle session on " + a.role() + " was ended").isFalse();
        }
        assertThat(x.assertOneMasterAndNothingLost(null)).isEqualTo(t.replica().role());
    }

    /**
     * Step 13 waits for a write on B to reach A. By GTID auto-position A first fetches every transaction B wrote
     * of its own while it was a replica (a managed server's heartbeat, skipped by A's filter), which on a loaded
     * host outlasted the check's 10 s (bench/fleet, MySQL, 16 clusters: 8 of 16 flips failed forward while A's
     * applier ran 10-13 s behind). Here A's applier is held 12 s behind B (SOURCE_DELAY, set as step 13 begins,
     * 8 s before it goes on): it keeps applying B's heartbeats, one a second, and the check waits on while it
     * does, instead of failing the flip at 10 s.
     */
    @Test
    @Order(10)
    void theCheckWaitsOnWhileTheOldMasterAppliesABacklogAndTheFlipCompletes() {
        org.junit.jupiter.api.Assumptions.assumeTrue(mysql(), "MySQL: A follows B by GTID auto-position");
        Topology t = Topology.read(f.cluster, f.opener);
        String a = t.master().role();
        String b = t.replica().role();
        FlipListener delaysA = before(13, () -> {
            // A applies what B writes 12 s late; B's heartbeats of the next 8 s queue up on A, and step 13 then
            // finds A applying them one a second, its write 12 s behind: longer than 10 s, with progress
            x.sql(a, "STOP REPLICA SQL_THREAD", "CHANGE REPLICATION SOURCE TO SOURCE_DELAY = 12", "START REPLICA SQL_THREAD");
            Steps.sleep(8_000);
        });
        try {
            FlipReport r = f.flip(b, delaysA);
            assertThat(r.outcome()).as(String.valueOf(r.error())).isEqualTo("completed");
            assertThat(String.valueOf(r.steps().stream().filter(st -> st.is(FlipStep.CHECK)).findFirst().orElseThrow().details()))
                    .containsPattern("a write on " + b + " reached " + a + " after 1[0-9] s \\(" + a + " applied a backlog");
        } finally {
            x.sql(a, "STOP REPLICA SQL_THREAD", "CHANGE REPLICATION SOURCE TO SOURCE_DELAY = 0", "START REPLICA SQL_THREAD");
        }
        assertThat(x.assertOneMasterAndNothingLost(null)).isEqualTo(b);
    }

    /** A listener that runs {@code action} as step {@code step} begins. */
    private static FlipListener before(int step, Runnable action) {
        return new FlipListener() {
            @Override
            public void beforeStep(int no, String name) {
                if (no == step) {
                    action.run();
                }
            }
        };
    }

    /** What `dbflip resume CLUSTER` runs (RecoverCommands → Recovery.recover), with the test's journal; its exit code. */
    private static int resume() {
        try {
            FlipReport r = new Recovery(f.cluster, f.journal, f.opener, new ClusterDns(f.config))
                    .recover(FlipRunner.Way.RESUME, "test", f.dir.resolve("reports"));
            System.out.println("resume: " + r.outcome());
            return 0;
        } catch (io.dbflip.DbflipException e) {
            System.out.println("resume failed: " + e.getMessage().replace('\n', ' '));
            return e.code().exitCode();
        }
    }

    private static double millis(FlipReport r, int step) {
        return r.steps().stream().filter(s -> s.no() == step).findFirst().orElseThrow().millis();
    }

    private static String status(String role) {
        return x.one(role, "SELECT STATUS FROM information_schema.EVENTS WHERE EVENT_SCHEMA = 'evt' AND EVENT_NAME = 'tick'");
    }
}
