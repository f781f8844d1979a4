package io.dbflip.flip;

import io.dbflip.DbflipException;
import io.dbflip.ErrorCode;
import io.dbflip.config.ClusterConfig;
import io.dbflip.config.Limits;
import io.dbflip.config.SideConfig;
import io.dbflip.kill.ProcessList;
import io.dbflip.mysql.BinlogPosition;
import io.dbflip.mysql.ProcessInfo;
import io.dbflip.mysql.ReplicationSource;
import io.dbflip.mysql.Server;
import io.dbflip.mysql.Sql;
import io.dbflip.verify.Probe;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * The switchover of one cluster from A (the master now) to B (its replica), read top to bottom in
 * {@link #run()}: preflight, then DESIGN.md's steps, each journaled before and after, each
 * bounded. Only steps 3 to 10 block writes, and they use only what was prepared before: open
 * connections, built statements, a prepared DNS change. A failure before the point of no return
 * (step 10, unfence B) rolls back to A as the writable master with B replicating from it.
 */
public final class FlipRunner {
    /** The step at which B takes writes: failures before it roll back, after it roll forward. */
    public static final int POINT_OF_NO_RETURN = 10;
    /** A flip that failed after the point of no return: `dbflip resume` finishes it. */
    public static final String FAILED_FORWARD = "failed-after-point-of-no-return";
    /** A resume or rollback that failed: the same command, run again, goes on. */
    public static final String RECOVERY_FAILED = "recovery-failed";
    /** A rollback that could not finish inside the flip: `dbflip rollback` finishes it. */
    public static final String ROLLBACK_FAILED = "rollback-failed";

    public interface DnsPlanner {
        /** Check every record: exists, points at {@code current}'s value, TTL within the limit, provider answers. */
        List<Check> check(ClusterConfig cluster, SideConfig current, int maxTtl);

        /** Build (not send) the change that points every record at {@code to}. */
        DnsPlan prepare(ClusterConfig cluster, SideConfig from, SideConfig to);
    }

    private final ClusterConfig cluster;
    private final FlipSession s;
    private final Limits limits;
    private final DnsPlanner dns;
    private final FlipListener listener;
    private final String flipId;
    private final Hooks hooks;

    /** How long the fence may take before dbflip assumes open transactions hold it back. */
    static final long FENCE_UNBLOCKED_MILLIS = 30;
    /** Between two rounds of ending sessions while the fence still waits. */
    static final long FENCE_RETRY_MILLIS = 50;
    /**
     * Fences run here so that the kill can run beside them; shared by the flips of one process (a fleet
     * fences many clusters at once), daemon threads that end when idle: they never keep the JVM up.
     */
    private static final java.util.concurrent.ExecutorService fenceThread = java.util.concurrent.Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "dbflip-fence");
        t.setDaemon(true);
        return t;
    });
    private final List<StepRecord> steps = new ArrayList<>();
    private final List<ProcessInfo> ended = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private List<Check> checks = List.of();
    private DnsPlan dnsPlan = DnsPlan.NONE;
    private BinlogPosition aFinal;
    /** A's gtid_executed (MySQL) or gtid_binlog_pos (MariaDB) read with aFinal; null when the catch-up waits by position. */
    private String aFinalGtid;
    /** Decided in preflight: wait for A's GTID set, not its position (both sides have GTIDs). */
    private boolean catchUpByGtid;
    /** A's events that step 1 turned off (before the fence forbids it); a rollback turns them on again. */
    private List<String> pausedOnA = List.of();
    private BinlogPosition bStart;
    private boolean nonTransactionalTablesOnA = true;
    private long fenceStartNanos;
    private long unfenceEndNanos;
    private volatile String stopRequested;
    private int lastStarted;
    private int lastFinished;

    public FlipRunner(ClusterConfig cluster, SideConfig a, SideConfig b, FlipSession.Opener opener, DnsPlanner dns,
                      FlipListener listener, String flipId) {
        this.cluster = cluster;
        this.s = new FlipSession(cluster, a, b, opener);
        this.limits = cluster.limits();
        this.dns = dns;
        this.listener = listener;
        this.flipId = flipId;
        this.hooks = new Hooks(cluster, a.role(), b.role(), flipId);
    }

    /** Preflight only: connects, runs every check, prepares the DNS change; changes nothing. */
    public List<Check> preflight() {
        s.openAdmin();
        checks = new Preflight(s, limits).run(dns.check(cluster, s.a, limits.maxTtl()));
        catchUpByGtid = bothHaveGtids();
        nonTransactionalTablesOnA = !s.aAdmin.query("SELECT 1 FROM information_schema.TABLES WHERE TABLE_TYPE = 'BASE TABLE'"
                + " AND ENGINE IN ('MyISAM', 'Aria', 'MEMORY', 'CSV', 'MRG_MyISAM') AND TABLE_SCHEMA NOT IN"
                + " ('mysql', 'information_schema', 'performance_schema', 'sys') LIMIT 1").isEmpty();
        return checks;
    }

    /**
     * Both sides have GTIDs: MySQL with gtid_mode ON on both (WAIT_FOR_EXECUTED_GTID_SET returns
     * as soon as the set is applied; SOURCE_POS_WAIT only at the parallel applier's next checkpoint,
     * ~300 ms later), or MariaDB with B replicating by GTID (MASTER_GTID_WAIT). Otherwise the position.
     */
    private boolean bothHaveGtids() {
        Server a = s.aAdmin;
        Server b = s.bAdmin;
        if (a.flavor().mariadb() != b.flavor().mariadb()) {
            return false;
        }
        if (!a.flavor().mariadb()) {
            return "ON".equalsIgnoreCase(a.variable("gtid_mode")) && "ON".equalsIgnoreCase(b.variable("gtid_mode"));
        }
        Object using = Reads.col(Reads.replicaRow(b), "Using_Gtid");
        return using != null && !"No".equalsIgnoreCase(using.toString());
    }

    /** The plan: each step with the exact SQL per server and the DNS changes (no secrets). */
    public List<String> plan() {
        List<String> p = new ArrayList<>();
        String a = s.a.role() + " (" + s.a.address() + ")";
        String b = s.b.role() + " (" + s.b.address() + ")";
        BinlogPosition bPos = new BinlogPosition("<B's file after step 8>", 0);
        p.add(" 0. pre-flip hooks: " + (cluster.hooks().preFlip().isEmpty() ? "none" : cluster.hooks().preFlip()));
        p.add(" 1. on " + a + ": " + (nonTransactionalTablesOnA ? "FLUSH NO_WRITE_TO_BINLOG TABLES (lock_wait_timeout "
                + limits.lockWaitTimeout().toSeconds() + " s)" : "(flush skipped: A has only transactional tables)")
                + "; its enabled events ALTER EVENT … " + s.aAdmin.dialect().disableOnReplica()
                + " with binlog off (the fence would forbid it later)");
        p.add(" 2. on " + b + ": make sure it is fenced: " + s.fenceB.describe(s.fenceB(), true));
        p.add(" 3. on " + a + ": fence (" + s.fenceA.name() + "): " + s.fenceA.describe(s.fenceA(), true) + "   <- write blackout starts");
        p.add(" 4. on " + a + ": after " + limits.killGrace().toMillis() + " ms, end client sessions (" + s.killA.name()
                + "; never replication threads or dbflip's own)");
        p.add(" 5. on " + a + ": " + (nonTransactionalTablesOnA ? "FLUSH NO_WRITE_TO_BINLOG TABLES"
                : "(skipped: A has only transactional tables)"));
        p.add(" 6. on " + a + ": " + s.aAdmin.dialect().binlogStatusQuery() + " twice: A's final position"
                + (catchUpByGtid ? " and GTID set" : ""));
        p.add(" 7. on " + b + ": " + (catchUpByGtid ? s.bAdmin.dialect().waitForGtid("<A's GTID set>", limits.catchUpTimeout())
                : s.bAdmin.dialect().waitForPosition(new BinlogPosition("<A's file>", 0), limits.catchUpTimeout()))
                + "  (bounded: past " + limits.catchUpTimeout().toMillis() + " ms, roll back)");
        p.add(" 8. on " + b + ": " + s.bAdmin.dialect().binlogStatusQuery() + " (A will replicate from there)");
        p.add(" 9. DNS: " + dnsPlanText());
        p.add("10. on " + b + ": unfence: " + s.fenceB.describe(s.fenceB(), false) + "   <- write blackout ends");
        List<Sql> reverse = new ArrayList<>(s.aAdmin.dialect().resetReplica());
        if (s.bAdmin.flavor().writesRdsTables()) {
            reverse.addAll(s.aAdmin.dialect().ignoreRdsTables());
        }
        reverse.addAll(autoPosition() ? s.aAdmin.dialect().setupReplicationWithGtid(source(s.b), null)
                : s.aAdmin.dialect().setupReplication(source(s.b), bPos));
        reverse.addAll(s.aAdmin.dialect().startReplica());
        p.add("11. on " + a + ": " + reverse + " (stays fenced)");
        p.add("12. on " + b + ": " + s.bAdmin.dialect().resetReplica() + " (stop and forget its replication from A); its"
                + " replica-side disabled events ENABLE (they follow the master)");
        p.add("13. check: " + a + " replicates from " + b + "; a write on " + b + " reaches " + a + "; an app user's write on "
                + b + " is accepted; the fence on " + a + " holds");
        p.add("14. post-flip hooks: " + (cluster.hooks().postFlip().isEmpty() ? "none" : cluster.hooks().postFlip()));
        return p;
    }

    /** Ends a flip that will not run (a dry run, or the operator said no): closes its connections, journals why. */
    public void abandon(String why) {
        s.close();
        finish(why, null, Probe.nowMicros());
    }

    /** Closes what assess() opened, without journaling anything. */
    void abandonQuietly() {
        s.close();
    }

    /**
     * The whole flip, top to bottom: {@link #prepare()} (preflight, the prepared window, the DNS
     * change, steps 0–2), {@link #window()} (steps 3–10, the write blackout) and
     * {@link #finishAfterWindow()} (steps 11–14). The fleet runs the same three phases, with the
     * windows of many clusters released together. Returns the report; throws after rolling back.
     */
    public FlipReport run() {
        prepare();
        window();
        return finishAfterWindow();
    }

    // ---- after a crash ----------------------------------------------------------------------------

    /** Which way out of an interrupted flip. */
    public enum Way { RESUME, ROLLBACK }

    /**
     * Decides from the servers, not only the journal (whose records inside the window may not have
     * been flushed): if B may have taken writes — step 10 is journaled, or B's fence does not hold —
     * the only safe way is forward; otherwise back.
     */
    public Way assess(int lastFinishedStep, List<String> why) {
        s.openAdmin();
        if (lastFinishedStep >= POINT_OF_NO_RETURN) {
            why.add("the journal records step " + lastFinishedStep + " (past the point of no return, step 10)");
            return Way.RESUME;
        }
        if (lastFinishedStep < 2) {
            why.add("the journal's last finished step is " + lastFinishedStep + ": the write blackout never started");
            return Way.ROLLBACK;
        }
        Boolean bFenced = s.fenceB.applied(s.fenceB());
        if (Boolean.FALSE.equals(bFenced)) {
            why.add(s.b.role() + "'s fence (" + s.fenceB.name() + ") does not hold: it was unfenced (step 10) and may have "
                    + "taken writes");
            return Way.RESUME;
        }
        why.add(s.b.role() + " is still fenced (" + s.fenceB.name() + (bFenced == null ? ": unknown, taken as fenced" : "")
                + "): it took no client write, so going back loses nothing");
        return Way.ROLLBACK;
    }

    /** Back to A: DNS at A, B fenced and replicating from A, A unfenced. Each action idempotent. */
    public FlipReport rollbackAfterCrash(ClusterDns clusterDns) {
        long started = Probe.nowMicros();
        try {
            // a fresh runner (Recovery makes one per command): assess() opened and closed its own
            s.openAdmin();
            s.prepareWindow((int) Math.max(1, limits.lockWaitTimeout().toSeconds()));
            step(101, "DNS back to A", () -> clusterDns.pointAt(cluster, s.b, s.a));
            step(102, "make sure B is fenced", this::fenceB);
            step(103, "B replicates from A", () -> {
                Map<String, Object> row = Reads.replicaRow(s.bAdmin);
                if (!Topology.pointsAt(row, s.a)) {
                    throw DbflipException.failed(s.b.role() + " no longer replicates from " + s.a.role()
                            + "; set it up again with `dbflip replicate`");
                }
                if (!(Reads.ioRunning(row) && Reads.sqlRunning(row))) {
                    s.bAdmin.executeAll(s.bAdmin.dialect().startReplica());
                    return "restarted";
                }
                return "running";
            });
            step(104, "unfence A", () -> {
                s.fenceA.lift(s.fenceA());
                return s.fenceA.name() + " lifted";
            });
            step(105, "A's events back on", () -> {
                try {
                    return eventsOn(s.aAdmin);
                } catch (RuntimeException e) {
                    // A is the writable master either way: a failure here must not make the rollback fail
                    notes.add(s.a.role() + "'s events could not be turned on again: " + e.getMessage()
                            + "; turn them on with ALTER EVENT … ENABLE");
                    return "not turned on (see notes)";
                }
            });
            return finish("rolled-back", null, started);
        } catch (RuntimeException e) {
            FlipReport r = finish(RECOVERY_FAILED, e.getMessage(), started);
            throw new FlipFailedException(ErrorCode.FAILED, "rollback failed: " + e.getMessage() + "\nfix the cause, then run `dbflip rollback "
                    + cluster.name() + "` again", r, e);
        } finally {
            s.close();
        }
    }

    /** Forward to B: A fenced and its sessions ended, DNS at B, B unfenced, A replicating from B. */
    public FlipReport resumeAfterCrash(ClusterDns clusterDns) {
        long started = Probe.nowMicros();
        try {
            // a fresh runner (Recovery makes one per command): assess() opened and closed its own
            s.openAdmin();
            s.prepareWindow((int) Math.max(1, limits.lockWaitTimeout().toSeconds()));
            step(103, "make sure A is fenced", this::fenceA);
            step(104, "end client sessions on A", this::killA);
            step(109, "DNS at B", () -> clusterDns.pointAt(cluster, s.a, s.b));
            step(110, "unfence B", this::unfenceB);
            Map<String, Object> aRow = Reads.replicaRow(s.aAdmin);
            if (Topology.pointsAt(aRow, s.b)) {
                step(111, "A replicates from B", () -> {
                    if (!(Reads.ioRunning(aRow) && Reads.sqlRunning(aRow))) {
                        s.aAdmin.executeAll(s.aAdmin.dialect().startReplica());
                        return "restarted";
                    }
                    return "already";
                });
            } else {
                bStart = lastPositionFrom(s.bAdmin, Long.parseLong(s.aAdmin.queryString("SELECT @@server_id")));
                step(111, "make A a replica of B", this::reverseReplication);
            }
            // the events follow the master even when B's replication was reset before the failure
            step(112, "stop and reset replication on B", () -> Reads.replicaRow(s.bAdmin) != null ? resetReplicationOnB()
                    : "already reset; " + eventsFollowTheMaster());
            step(113, "check", this::check);
            return finish("resumed", null, started);
        } catch (RuntimeException e) {
            FlipReport r = finish(RECOVERY_FAILED, e.getMessage(), started);
            throw new FlipFailedException(ErrorCode.FAILED, "resume failed: " + e.getMessage() + "\nfix the cause, then run `dbflip resume "
                    + cluster.name() + "` again", r, e);
        } finally {
            s.close();
        }
    }

    /**
     * Where A must start replicating from B when the journal lost step 8's record: right after the
     * last event in B's binlog that came from A (events keep their origin's server_id), so A gets
     * every transaction B wrote itself and none of its own back.
     */
    static BinlogPosition lastPositionFrom(Server b, long aServerId) {
        List<String> files = b.query("SHOW BINARY LOGS").stream().map(r -> String.valueOf(r.get("Log_name"))).toList();
        for (int i = files.size() - 1; i >= 0 && i >= files.size() - 3; i--) {
            long end = -1;
            for (Map<String, Object> r : b.query("SHOW BINLOG EVENTS IN '" + files.get(i).replace("'", "") + "'")) {
                if (((Number) r.get("Server_id")).longValue() == aServerId) {
                    end = ((Number) r.get("End_log_pos")).longValue();
                }
            }
            if (end > 0) {
                return new BinlogPosition(files.get(i), end);
            }
        }
        throw DbflipException.failed("no event from server_id " + aServerId + " in " + b.name()
                + "'s last binlogs: cannot tell where A must start; set replication up by hand");
    }

    // ---- the same flip in three phases, for a fleet's all-at-once shift -------------------------
    // run() stays the one-cluster path; these split it at the blackout's edges so that many
    // clusters can be prepared first and then fenced, switched and unfenced together.

    private long phasedStart;

    /**
     * Phase 1 of 3: preflight (unless already run), the prepared window, the DNS change, steps 0–2.
     * Nothing blocks writes yet. Throws {@link FlipFailedException} (journaled, closed) on failure.
     */
    public void prepare() {
        phasedStart = Probe.nowMicros();
        listener.flipStarted(flipId, cluster.name(), s.a.role(), s.b.role());
        phase(() -> {
            if (checks.isEmpty()) {
                preflight();
            }
            if (!Preflight.allOk(checks)) {
                throw DbflipException.precondition("preflight refused:\n" + failures());
            }
            s.prepareWindow((int) Math.max(1, limits.lockWaitTimeout().toSeconds()));
            dnsPlan = dns.prepare(cluster, s.a, s.b);
            warmUp();
            step(0, "pre-flip hooks", () -> hooks.run("pre_flip", cluster.hooks().preFlip(), 0));
            step(1, "flush tables on A, its events off", this::prepareA);
            step(2, "make sure B is fenced", this::fenceB);
            listener.checkpoint();
        });
    }

    /** Phase 2 of 3: steps 3–10, the write blackout. A failure rolls this cluster back and throws. */
    public void window() {
        phase(() -> {
            fenceStartNanos = System.nanoTime();
            step(3, "fence A", this::fenceA);
            step(4, "end client sessions on A", this::killA);
            step(5, "flush tables on A again", this::flushAgainIfNeeded);
            step(6, "read A's final position", this::readFinalPosition);
            step(7, "wait for B to catch up", this::catchUp);
            step(8, "read B's position", this::readPositionOnB);
            step(9, "point DNS at B", this::switchDns);
            step(10, "unfence B", this::unfenceB);
            unfenceEndNanos = System.nanoTime();
        });
        listener.checkpoint();
    }

    /** Phase 3 of 3: steps 11–14 (B takes writes already: failures roll forward). Returns the report. */
    public FlipReport finishAfterWindow() {
        try {
            phase(() -> {
                step(11, "make A a replica of B", this::reverseReplication);
                step(12, "stop and reset replication on B", this::resetReplicationOnB);
                step(13, "check", this::check);
                step(14, "post-flip hooks", () -> hooks.run("post_flip", cluster.hooks().postFlip(), 14));
            });
            return finish("completed", null, phasedStart);
        } finally {
            s.close();
        }
    }

    private void phase(Runnable body) {
        try {
            body.run();
        } catch (RuntimeException e) {
            // fail() rolls back (through this flip's open connections) and throws; close after it
            try {
                fail(e instanceof DbflipException d ? d : DbflipException.failed(e.getMessage(), e), phasedStart);
            } finally {
                s.close();
            }
        }
    }

    /**
     * Runs, read-only, the code the window will run, on the window's own connections — harmless twins
     * of steps 4, 6, 7 and 8: the process list the kill reads, A's binlog status row (with its GTID
     * set), B's wait for a position or GTID set it already holds, B's binlog position and replica
     * row — so a fresh JVM's first flip loads, links and warms that code before the fence, not
     * inside the blackout (issue 13). Three rounds: the first loads, the later ones take the paths
     * a second call takes (cached metadata, pooled buffers).
     */
    private void warmUp() {
        // the fence's thread, started now rather than inside the window
        java.util.concurrent.CompletableFuture.runAsync(() -> { }, fenceThread).join();
        for (int i = 0; i < 3; i++) {
            ProcessList.clients(ProcessList.read(s.aAdmin), java.util.Set.of());
            Reads.SourceState a = Reads.sourceState(s.aAdmin, catchUpByGtid);
            Reads.SourceState b = Reads.sourceState(s.bAdmin, catchUpByGtid && !s.bAdmin.flavor().mariadb());
            String twin = catchUpByGtid && b.gtidSet() != null && !b.gtidSet().isBlank()
                    ? s.bAdmin.dialect().waitForGtid(b.gtidSet(), java.time.Duration.ofMillis(1))
                    : s.bAdmin.dialect().waitForPosition(a.position(), java.time.Duration.ofMillis(1));
            s.bAdmin.queryString(twin);
            Reads.binlogPosition(s.bAdmin);
            Reads.lastError(Reads.replicaRow(s.bAdmin));
        }
    }

    // ---- the steps -----------------------------------------------------------------------------

    private String flushA() {
        s.aAdmin.execute(Sql.of("FLUSH NO_WRITE_TO_BINLOG TABLES"));
        return "ok";
    }

    /**
     * Step 1: flush, and turn A's enabled events off the way a replica keeps them (DISABLE ON
     * REPLICA / ON SLAVE), with binary logging off so B keeps its own state. This must come before
     * the fence: under super_read_only (MySQL's read-only fence) ALTER EVENT is refused like any
     * write, and after the point of no return a refusal would strand the flip. A's events then miss
     * the runs due between here and the flip's end (under a second); a rollback turns them on again.
     */
    private String prepareA() {
        // The flush readies non-transactional tables for the fence's; with only transactional tables it readies
        // nothing, and under an OLTP load it waited behind statements slower than lock_wait_timeout (1205) and
        // rolled the flip back before anything changed (bench/flip-load, MySQL, 16 threads): skipped as step 5 is.
        String flushed = nonTransactionalTablesOnA ? "flushed" : "flush skipped (only transactional tables)";
        if (nonTransactionalTablesOnA) {
            flushA();
        }
        pausedOnA = alterEvents(s.aAdmin, "ENABLED", s.aAdmin.dialect().disableOnReplica());
        return flushed + "; " + (pausedOnA.isEmpty() ? "no enabled event" : "events off: " + pausedOnA);
    }

    /** Turns on every event the server keeps disabled as a replica (either state name). */
    private String eventsOn(Server srv) {
        List<String> on = alterEvents(srv, null, "ENABLE");
        return on.isEmpty() ? "no event to turn on" : "events on: " + on;
    }

    /**
     * ALTER EVENT … {@code clause} on the user events in {@code status} (null: either name of the
     * replica-side disabled state), with binary logging off for the statement so the change stays
     * on this server. Returns schema.name of each.
     */
    private static List<String> alterEvents(Server srv, String status, String clause) {
        List<String> states = status != null ? List.of(status) : io.dbflip.mysql.Dialect.REPLICA_SIDE_DISABLED;
        List<Map<String, Object>> events = srv.query("SELECT EVENT_SCHEMA AS s, EVENT_NAME AS n, DEFINER AS d FROM information_schema.EVENTS"
                + " WHERE EVENT_SCHEMA NOT IN ('mysql', 'sys', 'information_schema', 'performance_schema') AND STATUS IN ("
                + String.join(", ", states.stream().map(x -> "'" + x + "'").toList()) + ")");
        List<String> done = new ArrayList<>();
        if (events.isEmpty()) {
            return done;
        }
        // ALTER EVENT makes the admin the definer unless it names the event's own, which needs a privilege
        List<String> grants = io.dbflip.fence.Privileges.grantsOfCurrentUser(srv);
        boolean keepDefiner = java.util.stream.Stream.of("SUPER", "SET USER", "SET_ANY_DEFINER", "SET_USER_ID")
                .anyMatch(p -> io.dbflip.fence.Privileges.hasGlobal(grants, p));
        srv.executeAll(srv.dialect().sessionBinlog(false));
        try {
            for (Map<String, Object> e : events) {
                srv.execute(srv.dialect().alterEvent(String.valueOf(e.get("s")), String.valueOf(e.get("n")),
                        keepDefiner && e.get("d") != null ? String.valueOf(e.get("d")) : null, clause));
                done.add(e.get("s") + "." + e.get("n"));
            }
        } finally {
            srv.executeAll(srv.dialect().sessionBinlog(true));
        }
        return done;
    }

    private String fenceB() {
        s.fenceB.apply(s.fenceB());
        return s.fenceB.name();
    }

    /**
     * The fence, on its own connection. A read_only fence waits for the global read lock behind every
     * open transaction (up to lock_wait_timeout) — under an OLTP load there always is one, and the
     * fence timed out (issue 14). While it waits, the server already holds new writes back (a pending
     * global read lock queues them), so dbflip ends the client sessions then, through the admin
     * connection, instead of after the fence: their open transactions roll back (never acknowledged,
     * so nothing acknowledged is lost), the fence takes its lock, and the transactions cut are named
     * in the report. It repeats while the fence still waits (a session that started before the lock
     * was pending), within lock_wait_timeout.
     */
    private String fenceA() {
        java.util.concurrent.CompletableFuture<Void> fence = java.util.concurrent.CompletableFuture.runAsync(
                () -> s.fenceA.apply(s.fenceA()), fenceThread);
        // the server bounds the fence by lock_wait_timeout; this bound is for a server that stops answering
        long deadline = System.nanoTime() + limits.lockWaitTimeout().toNanos() + TimeUnit.MILLISECONDS.toNanos(500);
        List<ProcessInfo> cut = new ArrayList<>();
        long waitMillis = FENCE_UNBLOCKED_MILLIS;
        while (true) {
            try {
                fence.get(waitMillis, TimeUnit.MILLISECONDS);
                break;
            } catch (java.util.concurrent.TimeoutException e) {
                if (System.nanoTime() > deadline) {
                    throw DbflipException.failed("the fence on A (" + s.a.role() + ") did not hold within "
                            + limits.lockWaitTimeout().toMillis() + " ms (limits.lock_wait_timeout) + 500 ms: rolled back");
                }
                if (s.fenceA.needsKill()) {
                    cut.addAll(s.killA.killAll(s.killA()));
                }
                waitMillis = FENCE_RETRY_MILLIS;
            } catch (java.util.concurrent.ExecutionException e) {
                Throwable c = e.getCause();
                throw c instanceof DbflipException d ? d : DbflipException.failed("fence on " + s.a.role() + ": " + c.getMessage(), c);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw DbflipException.failed("interrupted while fencing " + s.a.role());
            }
        }
        if (cut.isEmpty()) {
            return s.fenceA.name();
        }
        ended.addAll(cut);
        java.util.Set<String> users = new java.util.TreeSet<>();
        cut.forEach(p -> users.add(p.user()));
        notes.add("the fence waited for open transactions on " + s.a.role() + ": " + cut.size()
                + " client session(s) ended while it waited (their uncommitted transactions rolled back; users "
                + users + ")");
        return s.fenceA.name() + " (after ending " + cut.size() + " session(s) whose open transactions held it back: "
                + users + ")";
    }

    private String killA() {
        long grace = limits.killGrace().toMillis();
        if (grace > 0) {
            sleep(grace);
        }
        List<ProcessInfo> victims = s.killA.killAll(s.killA());
        ended.addAll(victims);
        return victims.size() + " session(s) ended";
    }

    /**
     * One read of A's binlog status row, after the fence and the kill: every acknowledged client
     * write is behind it. (The seed read it twice; a second read adds nothing the fence does not
     * already give, and cost a round trip in the window. A server-side writer that still writes —
     * an event of a privileged definer — is caught after the catch-up by step 8's replica check and
     * by step 13's comparison of the two sides.)
     */
    private String readFinalPosition() {
        Reads.SourceState state = Reads.sourceState(s.aAdmin, catchUpByGtid);
        aFinal = state.position();
        aFinalGtid = catchUpByGtid ? state.gtidSet() : null;
        return aFinal + (aFinalGtid == null ? "" : " GTIDs " + aFinalGtid);
    }

    /**
     * The server bounds the wait by catch_up_timeout, but only a server that runs: a frozen or
     * unreachable B answers nothing, and the driver would wait its 60 s socket timeout with A fenced.
     * So the connection itself is bounded too, a little past the server's own bound; past it the
     * driver closes the connection and the flip rolls back (the rollback does not need B).
     */
    private String catchUp() {
        boolean byGtid = aFinalGtid != null && !aFinalGtid.isBlank();
        String sql = byGtid ? s.bAdmin.dialect().waitForGtid(aFinalGtid, limits.catchUpTimeout())
                : s.bAdmin.dialect().waitForPosition(aFinal, limits.catchUpTimeout());
        java.sql.Connection c = s.bAdmin.connection();
        int before = networkTimeout(c);
        setNetworkTimeout(c, (int) (limits.catchUpTimeout().toMillis() + CATCH_UP_MARGIN_MILLIS));
        String result;
        try {
            result = s.bAdmin.queryString(sql);
        } catch (RuntimeException e) {
            throw DbflipException.failed("B (" + s.b.role() + ") did not answer the catch-up wait within "
                    + (limits.catchUpTimeout().toMillis() + CATCH_UP_MARGIN_MILLIS) + " ms (limits.catch_up_timeout + "
                    + CATCH_UP_MARGIN_MILLIS + " ms): " + e.getMessage() + ": rolled back", e);
        }
        setNetworkTimeout(c, before);
        if (result == null) {
            throw DbflipException.failed("B (" + s.b.role() + ") is not replicating (the wait returned NULL): rolled back");
        }
        if (Long.parseLong(result) < 0) {
            throw DbflipException.failed("B (" + s.b.role() + ") did not reach " + (byGtid ? "GTIDs " + aFinalGtid : aFinal)
                    + " within " + limits.catchUpTimeout().toMillis() + " ms (limits.catch_up_timeout): rolled back");
        }
        return byGtid ? "reached GTIDs " + aFinalGtid : "reached " + aFinal;
    }

    /**
     * B's binlog position, from which A will replicate. The seed stopped B's replication here; dbflip
     * stops it after the unfence (step 12) instead, because it costs a thread shutdown inside the
     * window and buys nothing: A is fenced and B has applied all of it. Should a server-side writer
     * on A (an event run by a privileged definer) still produce an event, B applies it — better than
     * losing it — and A skips it when it comes back, since it carries A's own server_id.
     */
    private String readPositionOnB() {
        bStart = Reads.binlogPosition(s.bAdmin);
        // B reached A's final position, but an event A wrote after it (a privileged account writes
        // through the fence) may have stopped B's SQL thread: B would then lack a row A has, so do
        // not make B the master; one SHOW SLAVE STATUS, inside the window
        String error = Reads.lastError(Reads.replicaRow(s.bAdmin));
        if (!error.isEmpty()) {
            throw DbflipException.failed("B (" + s.b.role() + ")'s replication from " + s.a.role()
                    + " stopped after the catch-up: " + error + "; fix it on " + s.b.role() + " ("
                    + s.bAdmin.dialect().replicaStatusQuery() + "), then flip again");
        }
        return "B's position " + bStart;
    }

    /**
     * The seed flushed A's tables again after the kill. With only InnoDB tables it adds no safety (the
     * binlog position read next is what counts) and costs milliseconds in the window, so it runs only
     * when preflight found non-transactional tables on A.
     */
    private String flushAgainIfNeeded() {
        if (!nonTransactionalTablesOnA) {
            return "skipped: A has only transactional tables";
        }
        return flushA();
    }

    private String switchDns() {
        dnsPlan.apply();
        return String.valueOf(dnsPlan.timings());
    }

    private String unfenceB() {
        s.fenceB.lift(s.fenceB());
        return s.fenceB.name() + " lifted";
    }

    private String reverseReplication() {
        Server a = s.aAdmin;
        if (Reads.replicaRow(a) != null) {
            a.executeAll(a.dialect().stopReplica());
            a.executeAll(a.dialect().resetReplica());
        }
        if (s.bAdmin.flavor().writesRdsTables()) {
            String filter = String.valueOf(a.queryString(a.dialect().replicationFilterQuery()));
            if (!filter.toLowerCase().contains("mysql.rds")) {
                a.executeAll(a.dialect().ignoreRdsTables());
                notes.add(s.a.role() + " now ignores mysql.rds% (dynamic); add to its my.cnf: " + a.dialect().ignoreRdsTablesMyCnf());
            }
        }
        if (autoPosition()) {
            // B's binlog holds transactions A never had and never will from B's position on: the
            // managed server's heartbeat written while it was a replica. By GTID, A fetches every
            // transaction it lacks (those filtered are recorded empty), so its GTID set and B's
            // stay comparable and the next flip's GTID catch-up can complete.
            a.executeAll(a.dialect().setupReplicationWithGtid(source(s.b), null));
            a.executeAll(a.dialect().startReplica());
            return s.a.role() + " replicates from " + s.b.role() + " by GTID auto-position (B's position " + bStart + ")";
        }
        a.executeAll(a.dialect().setupReplication(source(s.b), bStart));
        a.executeAll(a.dialect().startReplica());
        return s.a.role() + " replicates from " + s.b.role() + " at " + bStart;
    }

    /** MySQL with gtid_mode ON on both sides: A replicates from B by auto-position. */
    private boolean autoPosition() {
        return !s.aAdmin.flavor().mariadb() && !s.bAdmin.flavor().mariadb()
                && "ON".equalsIgnoreCase(s.aAdmin.variable("gtid_mode")) && "ON".equalsIgnoreCase(s.bAdmin.variable("gtid_mode"));
    }

    private String resetReplicationOnB() {
        // B is the master now: its replication from A is reset either way, but an error it stopped
        // on (an event A wrote after its final position, through the fence) must not vanish with it
        String error = Reads.lastError(Reads.replicaRow(s.bAdmin));
        if (!error.isEmpty()) {
            notes.add(s.b.role() + "'s replication from " + s.a.role() + " had stopped after its position was read: "
                    + error + ". Every write acknowledged before the fence is on " + s.b.role() + "; the event named "
                    + "(written on " + s.a.role() + " after the fence, by an account that bypasses it) is not: reconcile that row");
        }
        // resetReplica() stops the threads first on self-managed flavors; the rds procedure does both
        s.bAdmin.executeAll(s.bAdmin.dialect().resetReplica());
        return "ok; " + eventsFollowTheMaster();
    }

    /**
     * A replica keeps the master's events disabled on the replica side (MariaDB and MySQL do it on
     * replication, the objects step on apply; MySQL calls the state REPLICA_SIDE_DISABLED, MariaDB
     * SLAVESIDE_DISABLED), so they run once, on the master. Now B is the master: enable them there.
     * A's were turned off at step 1, before its fence; one created on A since (by an account that
     * writes through the fence) is turned off now if the fence permits, else named.
     */
    private String eventsFollowTheMaster() {
        List<String> done = new ArrayList<>();
        List<String> on = alterEvents(s.bAdmin, null, "ENABLE");
        if (!on.isEmpty()) {
            done.add(s.b.role() + " on: " + on);
        }
        Server a = s.aAdmin;
        if (a.dialect().hasSuperReadOnly() && "1".equals(a.variable("super_read_only"))) {
            List<Map<String, Object>> left = a.query("SELECT EVENT_SCHEMA AS s, EVENT_NAME AS n FROM information_schema.EVENTS"
                    + " WHERE EVENT_SCHEMA NOT IN ('mysql', 'sys', 'information_schema', 'performance_schema')"
                    + " AND STATUS = 'ENABLED'");
            if (!left.isEmpty()) {
                // super_read_only refuses ALTER EVENT, and refuses the event's writes just the same
                notes.add(s.a.role() + " has enabled events " + left.stream().map(r -> r.get("s") + "." + r.get("n")).toList()
                        + " that super_read_only keeps from writing; turn them off (ALTER EVENT … "
                        + a.dialect().disableOnReplica() + ") before " + s.a.role() + " is ever unfenced by hand");
            }
        } else {
            List<String> off = alterEvents(a, "ENABLED", a.dialect().disableOnReplica());
            if (!off.isEmpty()) {
                done.add(s.a.role() + " off: " + off);
            }
        }
        return done.isEmpty() ? "no event to move" : "events: " + String.join("; ", done);
    }

    private String check() {
        Server a = s.aAdmin;
        Server b = s.bAdmin;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        Map<String, Object> row = Reads.replicaRow(a);
        while (!(Reads.ioRunning(row) && Reads.sqlRunning(row)) && System.nanoTime() < deadline) {
            if (!Reads.lastError(row).isEmpty()) {
                break;
            }
            sleep(50);
            row = Reads.replicaRow(a);
        }
        if (!(Reads.ioRunning(row) && Reads.sqlRunning(row))) {
            throw DbflipException.failed(s.a.role() + " does not replicate from " + s.b.role() + ": "
                    + Reads.lastError(row) + " — B is the master; fix replication on A, then `dbflip resume " + cluster.name() + "`");
        }
        b.execute(Sql.of("CREATE DATABASE IF NOT EXISTS dbflip"));
        b.execute(Sql.of("CREATE TABLE IF NOT EXISTS dbflip.flip_check (cluster VARCHAR(128) PRIMARY KEY, "
                + "flip_id VARCHAR(64) NOT NULL, master VARCHAR(64) NOT NULL, at DATETIME(6) NOT NULL)"));
        b.execute(Sql.of("REPLACE INTO dbflip.flip_check VALUES ('" + cluster.name().replace("'", "''") + "', '"
                + flipId + "', '" + s.b.role().replace("'", "''") + "', NOW(6))"));
        Reads.SourceState after = Reads.sourceState(b, catchUpByGtid && !b.flavor().mariadb());
        String waited = a.queryString(after.gtidSet() != null && !after.gtidSet().isBlank()
                ? a.dialect().waitForGtid(after.gtidSet(), Duration.ofSeconds(10))
                : a.dialect().waitForPosition(after.position(), Duration.ofSeconds(10)));
        if (waited == null || Long.parseLong(waited) < 0) {
            throw DbflipException.failed("a write on " + s.b.role() + " did not reach " + s.a.role() + " within 10 s");
        }
        String seen = a.queryString("SELECT flip_id FROM dbflip.flip_check WHERE cluster = '"
                + cluster.name().replace("'", "''") + "'");
        if (!flipId.equals(seen)) {
            throw DbflipException.failed("the check row written on " + s.b.role() + " is not on " + s.a.role());
        }
        String app = AppAccess.verifyWrite(s.b, s.opener);
        String fence = io.dbflip.fence.FenceCheck.verify(s.fenceA, s.a, s.opener::open);
        return s.a.role() + " replicates from " + s.b.role() + "; a write on " + s.b.role() + " reached " + s.a.role()
                + "; " + app + "; " + fence;
    }

    // ---- the runner ------------------------------------------------------------------------------

    /** The DNS change for the plan; a DNS server that does not answer now is shown (preflight's dns check refuses it). */
    private String dnsPlanText() {
        try {
            return String.valueOf(dns.prepare(cluster, s.a, s.b).describe());
        } catch (DbflipException e) {
            return "cannot be prepared now (" + e.getMessage() + ")";
        }
    }

    /**
     * Asks the flip to stop at the next step boundary (SIGTERM): before the point of no return it
     * rolls back, after it it stops and `dbflip resume` finishes the job.
     */
    public void requestStop(String why) {
        stopRequested = why;
    }

    private void step(int no, String name, Callable<String> body) {
        if (stopRequested != null && no < 100) {
            throw DbflipException.failed("stopped before step " + no + " (" + name + "): " + stopRequested);
        }
        lastStarted = no;
        listener.beforeStep(no, name);
        long startMicros = Probe.nowMicros();
        long t0 = System.nanoTime();
        String details;
        try {
            details = body.call();
        } catch (DbflipException e) {
            record(no, name, startMicros, t0, "failed", e.getMessage());
            throw e;
        } catch (Exception e) {
            record(no, name, startMicros, t0, "failed", e.getMessage());
            throw DbflipException.failed("step " + no + " (" + name + ") failed: " + e.getMessage(), e);
        }
        lastFinished = no;
        record(no, name, startMicros, t0, "ok", details);
    }

    private void record(int no, String name, long startMicros, long t0, String result, String details) {
        double ms = (System.nanoTime() - t0) / 1e6;
        StepRecord r = new StepRecord(no, name, startMicros, startMicros + (long) (ms * 1000), ms, result, details);
        steps.add(r);
        listener.afterStep(r);
    }

    private FlipReport fail(DbflipException e, long started) {
        if (e.code() == ErrorCode.PRECONDITION || e.code() == ErrorCode.USAGE) {
            FlipReport r = finish("refused", e.getMessage(), started);
            throw new FlipFailedException(e.code(), e.getMessage(), r, e);
        }
        if (lastFinished >= POINT_OF_NO_RETURN) {
            FlipReport r = finish(FAILED_FORWARD, e.getMessage(), started);
            throw new FlipFailedException(ErrorCode.FAILED, e.getMessage() + "\n" + s.b.role()
                    + " is the master now; fix the cause, then run `dbflip resume " + cluster.name() + "`", r, e);
        }
        List<String> undone = rollback();
        if (undone.stream().anyMatch(u -> u.contains(" FAILED ("))) {
            // e.g. A's server died after the fence: it cannot be unfenced now, and saying "A is the
            // writable master" would send the operator the wrong way
            FlipReport r = finish(ROLLBACK_FAILED, e.getMessage(), started);
            throw new FlipFailedException(ErrorCode.FAILED, e.getMessage() + "\nrollback incomplete: "
                    + String.join("; ", undone) + "\n" + s.b.role() + " is fenced; no side takes writes until "
                    + s.a.role() + " is back: then run `dbflip rollback " + cluster.name() + "`", r, e);
        }
        FlipReport r = finish("rolled-back", e.getMessage(), started);
        throw new FlipFailedException(ErrorCode.FAILED, e.getMessage() + "\nrolled back: " + String.join("; ", undone)
                + "\n" + s.a.role() + " is the writable master, " + s.b.role() + " replicates from it", r, e);
    }

    /**
     * Undo what the steps that started did, newest first, each on its own: the DNS records back to
     * A, B fenced again and replicating again, A unfenced last (so both never take writes).
     */
    List<String> rollback() {
        List<String> undone = new ArrayList<>();
        if (lastStarted >= 9) {
            undo(undone, "DNS back to A", () -> dnsPlan.revert());
        }
        if (lastStarted >= 10) {
            undo(undone, "fence B again", () -> s.fenceB.apply(s.fenceB()));
        }
        if (lastStarted >= 3) {
            undo(undone, "unfence A", () -> s.fenceA.lift(s.fenceA()));
        }
        if (!pausedOnA.isEmpty()) {
            // A is the master again: the events step 1 turned off run there again
            // not a failed undo: A is the writable master either way; the operator is told what to run
            undo(undone, "A's events back on", () -> {
                try {
                    eventsOn(s.aAdmin);
                } catch (RuntimeException e) {
                    notes.add(s.a.role() + "'s events " + pausedOnA + " are still off: " + e.getMessage()
                            + "; turn them on with ALTER EVENT … ENABLE");
                }
            });
        }
        return undone;
    }

    private void undo(List<String> undone, String what, Runnable r) {
        long startMicros = Probe.nowMicros();
        long t0 = System.nanoTime();
        try {
            r.run();
            undone.add(what);
            record(100 + undone.size(), "undo: " + what, startMicros, t0, "undone", "ok");
        } catch (RuntimeException e) {
            undone.add(what + " FAILED (" + e.getMessage() + ")");
            record(100 + undone.size(), "undo: " + what, startMicros, t0, "failed", e.getMessage());
        }
    }

    private FlipReport finish(String outcome, String error, long started) {
        Double blackout = fenceStartNanos == 0 ? null
                : ((unfenceEndNanos == 0 ? System.nanoTime() : unfenceEndNanos) - fenceStartNanos) / 1e6;
        Map<String, Object> dnsInfo = new LinkedHashMap<>(dnsPlan.timings());
        FlipReport r = new FlipReport(flipId, cluster.name(), s.a.role(), s.b.role(), outcome, error, started,
                Probe.nowMicros(), blackout, checks, List.copyOf(steps), List.copyOf(ended), dnsInfo, List.copyOf(notes));
        listener.flipFinished(r);
        return r;
    }

    private String failures() {
        StringBuilder sb = new StringBuilder();
        checks.stream().filter(c -> !c.ok()).forEach(c -> sb.append(c).append('\n'));
        return sb.toString().stripTrailing();
    }

    static ReplicationSource source(SideConfig side) {
        return new ReplicationSource(side.host(), side.port(), side.replication().user(),
                side.replication().password().reveal(), side.tls() != null && side.tls().replication());
    }

    /** How far past catch_up_timeout the connection waits for the server's own answer. */
    static final long CATCH_UP_MARGIN_MILLIS = 2_000;

    private static int networkTimeout(java.sql.Connection c) {
        try {
            return c.getNetworkTimeout();
        } catch (java.sql.SQLException e) {
            return 0;
        }
    }

    private static void setNetworkTimeout(java.sql.Connection c, int millis) {
        try {
            c.setNetworkTimeout(Runnable::run, millis);
        } catch (java.sql.SQLException e) {
            throw DbflipException.failed("cannot bound the catch-up wait on B: " + e.getMessage(), e);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw DbflipException.failed("interrupted");
        }
    }

    public String flipId() {
        return flipId;
    }
}
