package io.dbflip.flip;

import io.dbflip.DbflipException;
import io.dbflip.config.ClusterConfig;
import io.dbflip.config.Limits;
import io.dbflip.config.SideConfig;
import io.dbflip.kill.KillContext;
import io.dbflip.mysql.BinlogPosition;
import io.dbflip.mysql.Catalog;
import io.dbflip.mysql.ProcessInfo;
import io.dbflip.mysql.ReplicationSource;
import io.dbflip.mysql.ReplicationStatus;
import io.dbflip.mysql.Server;
import io.dbflip.mysql.Sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What each {@link FlipStep} does, on one flip's session, and what the steps hand each other (A's
 * final position, B's start, the events paused, the sessions ended, the notes). The runner decides
 * the order and journals; recovery after a crash runs the same bodies.
 */
final class Steps {
    /** How long the fence may take before dbflip assumes open transactions hold it back. */
    static final long FENCE_UNBLOCKED_MILLIS = 30;
    /** Between two rounds of ending sessions while the fence still waits. */
    static final long FENCE_RETRY_MILLIS = 50;
    /**
     * Fences run here so that the kill can run beside them; shared by the flips of one process (a fleet
     * fences many clusters at once), daemon threads that end when idle: they never keep the JVM up.
     */
    static final ExecutorService FENCE_THREAD = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "dbflip-fence");
        t.setDaemon(true);
        return t;
    });

    final ClusterConfig cluster;
    final FlipSession s;
    final Limits limits;
    final String flipId;
    final List<ProcessInfo> ended = new ArrayList<>();
    final List<String> notes = new ArrayList<>();
    DnsPlan dnsPlan = DnsPlan.NONE;
    /** Decided in preflight: wait for A's GTID set, not its position (both sides have GTIDs). */
    boolean catchUpByGtid;
    boolean nonTransactionalTablesOnA = true;
    /** A's events that step 1 turned off (before the fence forbids it); a rollback turns them on again. */
    List<String> pausedOnA = List.of();
    private BinlogPosition aFinal;
    /** A's gtid_executed (MySQL) or gtid_binlog_pos (MariaDB) read with aFinal; null when the catch-up waits by position. */
    private String aFinalGtid;
    BinlogPosition bStart;

    Steps(ClusterConfig cluster, FlipSession s, String flipId) {
        this.cluster = cluster;
        this.s = s;
        this.limits = cluster.limits();
        this.flipId = flipId;
    }

    /** What preflight learns for the steps: how B catches up, whether the second flush is needed. */
    void learn() {
        catchUpByGtid = bothHaveGtids();
        nonTransactionalTablesOnA = Catalog.hasNonTransactionalTables(s.aAdmin);
        killAfterUnfence = killCanWait();
    }

    /** Decided in preflight ({@link #killCanWait()}): step 4's kill runs right after the unfence, outside the window. */
    boolean killAfterUnfence;

    /**
     * Step 4 adds nothing to the window when A's fence alone refuses every client's writes: MySQL's read-only
     * fence sets super_read_only, which refuses SUPER and CONNECTION_ADMIN sessions too (only replication
     * threads write through it), and with only transactional tables the second flush, which would wait for
     * statements in progress, is skipped. A session left on A can then only be refused, and A's final position
     * (step 6) is final without it. Ending the sessions inside the window cost p50 9.8 ms of a MySQL CLI flip
     * (bench/flip-blackout, session 7) and 17-26 ms of a fleet's windows; ended right after the unfence instead,
     * their clients reconnect to a B that already takes writes. MariaDB's read_only lets SUPER through, and the
     * account-lock fence leaves open sessions writing: there step 4 stays in the window.
     * {@code -Ddbflip.kill.afterUnfence=false} keeps it in the window everywhere.
     */
    private boolean killCanWait() {
        return !"false".equals(System.getProperty("dbflip.kill.afterUnfence"))
                && io.dbflip.config.FenceMethod.of(s.a.fence()).equals(List.of(io.dbflip.config.FenceMethod.READ_ONLY))
                && s.aAdmin.dialect().hasSuperReadOnly() && !nonTransactionalTablesOnA;
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
            return autoPosition();
        }
        ReplicationStatus r = b.replicaStatus();
        return r != null && r.gtidMode() != null && !"No".equalsIgnoreCase(r.gtidMode());
    }

    /** MySQL with gtid_mode ON on both sides: A replicates from B by auto-position. */
    boolean autoPosition() {
        return !s.aAdmin.flavor().mariadb() && !s.bAdmin.flavor().mariadb()
                && "ON".equalsIgnoreCase(s.aAdmin.variable("gtid_mode")) && "ON".equalsIgnoreCase(s.bAdmin.variable("gtid_mode"));
    }

    // ---- before the window ------------------------------------------------------------------------

    String flushA() {
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
    String prepareA() {
        // The flush readies non-transactional tables for the fence's; with only transactional tables it readies
        // nothing, and under an OLTP load it waited behind statements slower than lock_wait_timeout (1205) and
        // rolled the flip back before anything changed (bench/flip-load, MySQL, 16 threads): skipped as step 5 is.
        String flushed = nonTransactionalTablesOnA ? "flushed" : "flush skipped (only transactional tables)";
        if (nonTransactionalTablesOnA) {
            flushA();
        }
        pausedOnA = MasterEvents.pause(s.aAdmin);
        return flushed + "; " + (pausedOnA.isEmpty() ? "no enabled event" : "events off: " + pausedOnA);
    }

    String fenceB() {
        s.fenceB.apply(s.fenceB());
        return s.fenceB.name();
    }

    // ---- the window ---------------------------------------------------------------------------------

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
    String fenceA() {
        CompletableFuture<Void> fence = CompletableFuture.runAsync(() -> s.fenceA.apply(s.fenceA()), FENCE_THREAD);
        // the server bounds the fence by lock_wait_timeout; this bound is for a server that stops answering
        long deadline = System.nanoTime() + limits.lockWaitTimeout().toNanos() + TimeUnit.MILLISECONDS.toNanos(500);
        List<ProcessInfo> cut = new ArrayList<>();
        long waitMillis = FENCE_UNBLOCKED_MILLIS;
        while (true) {
            try {
                fence.get(waitMillis, TimeUnit.MILLISECONDS);
                break;
            } catch (TimeoutException e) {
                if (System.nanoTime() > deadline) {
                    throw DbflipException.failed("the fence on A (" + s.a.role() + ") did not hold within "
                            + limits.lockWaitTimeout().toMillis() + " ms (limits.lock_wait_timeout) + 500 ms: rolled back");
                }
                if (s.fenceA.needsKill()) {
                    cut.addAll(s.killA.killAll(s.killA()));
                }
                waitMillis = FENCE_RETRY_MILLIS;
            } catch (ExecutionException e) {
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
        Set<String> users = new TreeSet<>();
        cut.forEach(p -> users.add(p.user()));
        notes.add("the fence waited for open transactions on " + s.a.role() + ": " + cut.size()
                + " client session(s) ended while it waited (their uncommitted transactions rolled back; users "
                + users + ")");
        return s.fenceA.name() + " (after ending " + cut.size() + " session(s) whose open transactions held it back: "
                + users + ")";
    }

    String killA() {
        if (killAfterUnfence) {
            return "deferred until B is unfenced: A's fence (super_read_only) refuses every client's writes, SUPER included,"
                    + " so A's final position needs no kill; its client sessions are ended right after the unfence";
        }
        long grace = limits.killGrace().toMillis();
        if (grace > 0) {
            sleep(grace);
        }
        List<ProcessInfo> victims = s.killA.killAll(s.killA());
        ended.addAll(victims);
        return victims.size() + " session(s) ended";
    }

    /**
     * The seed flushed A's tables again after the kill. With only InnoDB tables it adds no safety (the
     * binlog position read next is what counts) and costs milliseconds in the window, so it runs only
     * when preflight found non-transactional tables on A.
     */
    String flushAgainIfNeeded() {
        if (!nonTransactionalTablesOnA) {
            return "skipped: A has only transactional tables";
        }
        return flushA();
    }

    /**
     * One read of A's binlog status row, after the fence and the kill: every acknowledged client
     * write is behind it. (The seed read it twice; a second read adds nothing the fence does not
     * already give, and cost a round trip in the window. A server-side writer that still writes —
     * an event of a privileged definer — is caught after the catch-up by step 8's replica check and
     * by step 13's comparison of the two sides.)
     */
    String readFinalPosition() {
        Reads.SourceState state = Reads.sourceState(s.aAdmin, catchUpByGtid);
        aFinal = state.position();
        aFinalGtid = catchUpByGtid ? state.gtidSet() : null;
        return aFinal + (aFinalGtid == null ? "" : " GTIDs " + aFinalGtid);
    }

    /**
     * Before the fence, outside the blackout: B is brought to where A is now (its GTID set, or its position),
     * bounded by catch_up_timeout as step 7 is. Under a load B is always some transactions behind; waiting for
     * them here, while A still takes writes, leaves step 7 only the writes of the last milliseconds (the
     * MySQL runs of bench/flip-blackout spent up to 72 ms in step 7 on a busy machine). Vitess's planned
     * reparent waits so before it demotes the primary. B that cannot get there within the bound would not
     * inside the window either: the flip stops here, nothing fenced, and rolls step 1 back. Returns the time.
     */
    String approach() {
        long t = System.nanoTime();
        Reads.SourceState a = Reads.sourceState(s.aAdmin, catchUpByGtid);
        boolean byGtid = catchUpByGtid && a.gtidSet() != null && !a.gtidSet().isBlank();
        String result = waitOnB(byGtid, a.gtidSet(), a.position(), "B (" + s.b.role() + ") did not answer the wait before the fence");
        if (result == null || Long.parseLong(result) < 0) {
            throw DbflipException.failed("before the fence, B (" + s.b.role() + ") did not reach " + s.a.role() + "'s "
                    + (byGtid ? "GTID set" : "position " + a.position()) + " within " + limits.catchUpTimeout().toMillis()
                    + " ms (limits.catch_up_timeout)" + (result == null ? ": it is not replicating" : "")
                    + "; nothing was fenced");
        }
        return "B reached A's " + (byGtid ? "GTID set" : "position") + " of just before the fence in "
                + Math.round((System.nanoTime() - t) / 10_000.0) / 100.0 + " ms";
    }

    /**
     * B's wait for A's GTID set (when {@code byGtid}) or position, bounded by catch_up_timeout on the server and on
     * the connection ({@link BoundedWait}): 0 reached, -1 timed out, null not replicating (the position wait).
     */
    private String waitOnB(boolean byGtid, String gtidSet, BinlogPosition position, String noAnswer) {
        String sql = byGtid ? s.bAdmin.dialect().waitForGtid(gtidSet, limits.catchUpTimeout())
                : s.bAdmin.dialect().waitForPosition(position, limits.catchUpTimeout());
        return BoundedWait.query(s.bAdmin, sql, limits.catchUpTimeout(), noAnswer);
    }

    /** Step 7, bounded by catch_up_timeout on the server and on the connection ({@link BoundedWait}). */
    String catchUp() {
        boolean byGtid = aFinalGtid != null && !aFinalGtid.isBlank();
        String result = waitOnB(byGtid, aFinalGtid, aFinal, "B (" + s.b.role() + ") did not answer the catch-up wait");
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
    String readPositionOnB() {
        // by GTID auto-position (MySQL on both sides) A asks B for what it lacks and needs no start position:
        // B's is read after the window (step 11), for the report only; one round trip less inside it
        boolean byGtid = autoPositionByGtid();
        if (!byGtid) {
            bStart = Reads.binlogPosition(s.bAdmin);
        }
        // B reached A's final position, but an event A wrote after it (a privileged account writes
        // through the fence) may have stopped B's SQL thread: B would then lack a row A has, so do
        // not make B the master; one SHOW SLAVE STATUS, inside the window
        String error = Reads.lastError(s.bAdmin.replicaStatus());
        if (!error.isEmpty()) {
            throw DbflipException.failed("B (" + s.b.role() + ")'s replication from " + s.a.role()
                    + " stopped after the catch-up: " + error + "; fix it on " + s.b.role() + " ("
                    + s.bAdmin.dialect().replicaStatusQuery() + "), then flip again");
        }
        return byGtid ? "B applies with no error (A will follow B by GTID auto-position: B's position is read after the window)"
                : "B's position " + bStart;
    }

    /** MySQL with GTIDs on both sides, as preflight learned it (no round trip: {@link #autoPosition()} reads both). */
    boolean autoPositionByGtid() {
        return catchUpByGtid && !s.aAdmin.flavor().mariadb() && !s.bAdmin.flavor().mariadb();
    }

    /** {@code plan} goes out right after the fence ({@link DnsPlan#sendsAhead()}), unless {@code -Ddbflip.dns.ahead=false}. */
    static boolean sendsAhead(DnsPlan plan) {
        return plan.sendsAhead() && !"false".equals(System.getProperty("dbflip.dns.ahead"));
    }

    /** The DNS change sent beside steps 4 to 8 ({@link #sendDnsAhead(boolean)}), or null when step 9 sends it. */
    private CompletableFuture<Long> dnsAhead;

    /**
     * Right after A's fence (or, when the plan says so, as the window opens: {@link DnsPlan#sendsBeforeFence()},
     * a fleet's shared update): the DNS change goes out on the fence's thread while steps 4 to 8 run, when the
     * plan allows it ({@link DnsPlan#sendsAhead()}). Clients that resolve the name now reach B, which refuses
     * their writes until step 10, as A does since step 3: no write can land on either side. Step 9 then only
     * waits for the answer. Measured with bench/flip-blackout: step 9 was the window's largest step
     * (two zones, 12-16 ms on a cold CLI), longer than steps 4 to 8 together on an idle cluster.
     */
    void sendDnsAhead(boolean beforeFence) {
        if (!sendsAhead(dnsPlan) || dnsPlan.sendsBeforeFence() != beforeFence || dnsAhead != null) {
            return;
        }
        dnsAhead = CompletableFuture.supplyAsync(() -> {
            long t = System.nanoTime();
            dnsPlan.apply();
            return System.nanoTime() - t;
        }, FENCE_THREAD);
    }

    String switchDns() {
        if (dnsAhead == null) {
            dnsPlan.apply();
            return String.valueOf(dnsPlan.timings());
        }
        long t = System.nanoTime();
        long sentIn = awaitDnsAhead();
        return (dnsPlan.sendsBeforeFence() ? "sent as the window opened, beside the fence of A and steps 4-8, in "
                : "sent after the fence of A, beside steps 4-8, in ") + Math.round(sentIn / 10_000.0) / 100.0 + " ms; waited "
                + Math.round((System.nanoTime() - t) / 10_000.0) / 100.0 + " ms here; " + dnsPlan.timings();
    }

    /** The change sent ahead's answer (its own timeouts bound it); rethrows its failure. */
    private long awaitDnsAhead() {
        try {
            return dnsAhead.join();
        } catch (java.util.concurrent.CompletionException e) {
            Throwable c = e.getCause();
            throw c instanceof RuntimeException r ? r : DbflipException.failed("DNS change: " + c.getMessage(), c);
        }
    }

    /**
     * True when the DNS change was sent ahead of step 9 (a rollback must put it back even if step 9 never
     * started), after waiting for its answer so that the revert cannot overtake it at the DNS server.
     */
    boolean dnsSentAhead() {
        if (dnsAhead == null) {
            return false;
        }
        try {
            dnsAhead.join();
        } catch (RuntimeException e) {
            // a failed send put back what it changed (DnsPlan.apply); the revert then has nothing to do
        }
        return true;
    }

    String unfenceB() {
        s.fenceB.lift(s.fenceB());
        startLateSweep();
        return s.fenceB.name() + " lifted";
    }

    /**
     * Right after the unfence (the DNS change answered at step 9, so the authoritative servers name B), on the
     * fence's thread and A's fence connection beside steps 11 and 12: end the app sessions that reached A after
     * step 5 by an address resolved before the change. A pool keeps such a session through read-only refusals;
     * ended now, it reconnects to B at once instead of after step 13. Step 13 sweeps again and reports both.
     */
    private void startLateSweep() {
        KillContext ctx = s.killAThroughFenceConnection();
        if (lateSweep != null) {
            return;
        }
        if (killAfterUnfence) {
            // step 4, deferred: every client session it would have ended (never replication threads or dbflip's own);
            // without a fence connection, on A's admin connection before step 11 uses it (a failure is only noted)
            lateSweep = ctx == null ? CompletableFuture.supplyAsync(() -> s.killA.killAll(s.killA()), Runnable::run)
                    : CompletableFuture.supplyAsync(() -> s.killA.killAll(ctx), FENCE_THREAD);
            return;
        }
        if (s.a.appUsers().isEmpty() || ctx == null) {
            return;
        }
        lateSweep = CompletableFuture.supplyAsync(() -> s.killA.killAppSessions(ctx), FENCE_THREAD);
    }

    private CompletableFuture<List<ProcessInfo>> lateSweep;

    // ---- after the window ---------------------------------------------------------------------------

    String reverseReplication() {
        Server a = s.aAdmin;
        if (a.replicaStatus() != null) {
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
        String flushed = startOwnBinlog(a);
        if (autoPosition()) {
            // B's binlog holds transactions A never had and never will from B's position on: the
            // managed server's heartbeat written while it was a replica. By GTID, A fetches every
            // transaction it lacks (those filtered are recorded empty), so its GTID set and B's
            // stay comparable and the next flip's GTID catch-up can complete.
            if (bStart == null) {
                bStart = Reads.binlogPosition(s.bAdmin);
            }
            a.executeAll(a.dialect().setupReplicationWithGtid(source(s.b), null));
            a.executeAll(a.dialect().startReplica());
            return s.a.role() + " replicates from " + s.b.role() + " by GTID auto-position (B's position " + bStart + ")" + flushed;
        }
        if (bStart == null) {
            // step 8 skips it only when both sides had GTID auto-position at preflight: gtid_mode changed since
            throw DbflipException.failed("B's position was not read in the window (GTID auto-position was on at preflight,"
                    + " off now on " + s.a.role() + " or " + s.b.role() + "); set A's replication from B up with `dbflip replicate`");
        }
        a.executeAll(a.dialect().setupReplication(source(s.b), bStart));
        a.executeAll(a.dialect().startReplica());
        return s.a.role() + " replicates from " + s.b.role() + " at " + bStart + flushed;
    }

    /**
     * A managed MySQL server that stops being the master starts a new binlog file: its heartbeat
     * transactions of its own from now on are what the next flip's errant check must show harmless
     * (they are not A's to replicate), and that check reads forward from the file its oldest such
     * transaction is in. Without a new file here it would read the whole file this side wrote as the
     * master first (under a load, millions of events). Best effort: the check still works without it.
     */
    private String startOwnBinlog(Server a) {
        if (!a.flavor().writesRdsTables() || a.flavor().mariadb()) {
            return "";
        }
        try {
            a.execute(Sql.of("FLUSH BINARY LOGS"));
            return "; " + s.a.role() + "'s binlog flushed (the next errant check reads from here)";
        } catch (RuntimeException e) {
            notes.add(s.a.role() + ": FLUSH BINARY LOGS failed (" + e.getMessage() + "); the next flip's errant check reads its whole current binlog file");
            return "";
        }
    }

    String resetReplicationOnB() {
        // B is the master now: its replication from A is reset either way, but an error it stopped
        // on (an event A wrote after its final position, through the fence) must not vanish with it
        String error = Reads.lastError(s.bAdmin.replicaStatus());
        if (!error.isEmpty()) {
            notes.add(s.b.role() + "'s replication from " + s.a.role() + " had stopped after its position was read: "
                    + error + ". Every write acknowledged before the fence is on " + s.b.role() + "; the event named "
                    + "(written on " + s.a.role() + " after the fence, by an account that bypasses it) is not: reconcile that row");
        }
        // resetReplica() stops the threads first on self-managed flavors; the rds procedure does both
        s.bAdmin.executeAll(s.bAdmin.dialect().resetReplica());
        return "ok; " + eventsFollowTheMaster();
    }

    String eventsFollowTheMaster() {
        return MasterEvents.followTheMaster(s, notes::add);
    }

    /**
     * Step 13: the DNS records read back from their authoritative servers (sent inside the window
     * without it), then the servers' checks. A record that does not name B fails the step: B is the
     * master already, so the flip fails forward and `dbflip resume` points the records again.
     */
    String check() {
        String dns = dnsPlan.readBack();
        String stragglers = endStragglersOnA();
        String servers = PostFlipCheck.run(cluster, s, flipId, catchUpByGtid);
        return (dns == null ? "" : "DNS: " + dns + "; ") + (stragglers.isEmpty() ? "" : stragglers + "; ") + servers;
    }

    /**
     * The records name B now (read back above); an app session on A opened after step 5 by an address
     * resolved before the change would stay there, refused as read-only — a pool keeps such a session and
     * retries on it forever. Ended here, so it reconnects to B. Best effort: A is fenced either way.
     */
    String endStragglersOnA() {
        List<ProcessInfo> late = new ArrayList<>();
        if (lateSweep != null) {
            try {
                late.addAll(lateSweep.join());
            } catch (RuntimeException e) {
                notes.add((killAfterUnfence ? "ending the client sessions on " + s.a.role() + " after the unfence (step 4, deferred) failed: "
                        : "the sweep of late app sessions on " + s.a.role() + " after the unfence failed: ") + e.getMessage()
                        + (killAfterUnfence ? "; " + s.a.role() + " refuses their writes (super_read_only)" : ""));
            }
        }
        String deferred = "";
        if (killAfterUnfence) {
            ended.addAll(late);
            deferred = late.size() + " client session(s) on " + s.a.role() + " ended after the unfence (step 4, deferred)";
            late.clear();
        }
        if (s.a.appUsers().isEmpty()) {
            return deferred;
        }
        try {
            late.addAll(s.killA.killAppSessions(s.killA()));
        } catch (RuntimeException e) {
            notes.add("the app sessions that reached " + s.a.role() + " late could not be ended at the check: " + e.getMessage());
        }
        if (late.isEmpty()) {
            return deferred;
        }
        ended.addAll(late);
        notes.add(late.size() + " app session(s) reached " + s.a.role() + " after its sessions were ended (an address"
                + " resolved before the DNS change) and were ended after the unfence or at the check; with a record TTL,"
                + " clients resolving from a cache may still reach " + s.a.role() + " until it expires (it refuses their writes)");
        return (deferred.isEmpty() ? "" : deferred + "; ") + late.size() + " late app session(s) on " + s.a.role() + " ended";
    }

    // ---- undo -----------------------------------------------------------------------------------------

    /** A's events on again (A is the master again); never fails the rollback: A is writable either way. */
    String eventsBackOnA() {
        try {
            return MasterEvents.resume(s.aAdmin);
        } catch (RuntimeException e) {
            notes.add(s.a.role() + "'s events " + (pausedOnA.isEmpty() ? "" : pausedOnA + " ") + "could not be turned on again: "
                    + e.getMessage() + "; turn them on with ALTER EVENT … ENABLE");
            return "not turned on (see notes)";
        }
    }

    static ReplicationSource source(SideConfig side) {
        return new ReplicationSource(side.host(), side.port(), side.replication().user(),
                side.replication().password().reveal(), side.tls() != null && side.tls().replication());
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw DbflipException.failed("interrupted");
        }
    }
}
