package io.dbflip.flip;

import io.dbflip.DbflipException;
import io.dbflip.ErrorCode;
import io.dbflip.mysql.BinlogPosition;
import io.dbflip.mysql.Catalog;
import io.dbflip.mysql.ReplicationStatus;
import io.dbflip.mysql.Server;
import io.dbflip.verify.Probe;

import java.util.List;

/**
 * The way out of an interrupted flip (dbflip killed, the host lost), on a fresh runner: which way
 * ({@link #assess}), then back ({@link #rollback}) or forward ({@link #resume}), each action
 * idempotent and journaled as an undo or a resume of the {@link FlipStep} it concerns.
 */
final class AfterCrash {
    private final FlipRunner runner;
    private final Steps st;
    private final FlipSession s;
    private final StepLog log;

    AfterCrash(FlipRunner runner) {
        this.runner = runner;
        this.st = runner.steps();
        this.s = st.s;
        this.log = runner.log();
    }

    /**
     * Decides from the servers, not only the journal (whose records inside the window may not have
     * been flushed): if B may have taken writes — step 10 is journaled, or B's fence does not hold —
     * the only safe way is forward; otherwise back.
     */
    FlipRunner.Way assess(int lastFinishedStep, List<String> why) {
        s.openAdmin();
        if (lastFinishedStep >= FlipStep.POINT_OF_NO_RETURN.no()) {
            why.add("the journal records step " + lastFinishedStep + " (past the point of no return, step 10)");
            return FlipRunner.Way.RESUME;
        }
        if (lastFinishedStep < FlipStep.FENCE_B.no()) {
            why.add("the journal's last finished step is " + lastFinishedStep + ": the write blackout never started");
            return FlipRunner.Way.ROLLBACK;
        }
        Boolean bFenced = s.fenceB.applied(s.fenceB());
        if (Boolean.FALSE.equals(bFenced)) {
            why.add(s.b.role() + "'s fence (" + s.fenceB.name() + ") does not hold: it was unfenced (step 10) and may have "
                    + "taken writes");
            return FlipRunner.Way.RESUME;
        }
        why.add(s.b.role() + " is still fenced (" + s.fenceB.name() + (bFenced == null ? ": unknown, taken as fenced" : "")
                + "): it took no client write, so going back loses nothing");
        return FlipRunner.Way.ROLLBACK;
    }

    /** Back to A: DNS at A, B fenced and replicating from A, A unfenced. Each action idempotent. */
    FlipReport rollback(ClusterDns clusterDns) {
        long started = Probe.nowMicros();
        try {
            open();
            log.undo(FlipStep.Undo.DNS_BACK, () -> clusterDns.pointAt(st.cluster, s.b, s.a));
            log.undo(FlipStep.Undo.FENCE_B_AGAIN, st::fenceB);
            log.undo(FlipStep.Undo.B_REPLICATES_FROM_A, () -> {
                ReplicationStatus row = s.bAdmin.replicaStatus();
                if (!Topology.pointsAt(row, s.a)) {
                    throw DbflipException.failed(s.b.role() + " no longer replicates from " + s.a.role()
                            + "; set it up again with `dbflip replicate`");
                }
                if (!Reads.running(row)) {
                    s.bAdmin.executeAll(s.bAdmin.dialect().startReplica());
                    return "restarted";
                }
                return "running";
            });
            log.undo(FlipStep.Undo.UNFENCE_A, () -> {
                s.fenceA.lift(s.fenceA());
                return s.fenceA.name() + " lifted";
            });
            log.undo(FlipStep.Undo.A_EVENTS_ON, st::eventsBackOnA);
            return runner.finish(FlipEnd.ROLLED_BACK, null, started);
        } catch (RuntimeException e) {
            FlipReport r = runner.finish(FlipEnd.RECOVERY_FAILED, e.getMessage(), started);
            throw new FlipFailedException(ErrorCode.FAILED, "rollback failed: " + e.getMessage() + "\nfix the cause, then run `dbflip rollback "
                    + st.cluster.name() + "` again", r, e);
        } finally {
            s.close();
        }
    }

    /** Forward to B: A fenced and its sessions ended, DNS at B, B unfenced, A replicating from B. */
    FlipReport resume(ClusterDns clusterDns) {
        long started = Probe.nowMicros();
        try {
            open();
            log.resume(FlipStep.FENCE_A, "make sure A is fenced", st::fenceA);
            log.resume(FlipStep.KILL_A, "end client sessions on A", st::killA);
            log.resume(FlipStep.SWITCH_DNS, "DNS at B", () -> clusterDns.pointAt(st.cluster, s.a, s.b));
            log.resume(FlipStep.UNFENCE_B, "unfence B", st::unfenceB);
            ReplicationStatus aRow = s.aAdmin.replicaStatus();
            if (Topology.pointsAt(aRow, s.b)) {
                log.resume(FlipStep.REVERSE_REPLICATION, "A replicates from B", () -> {
                    if (!Reads.running(aRow)) {
                        s.aAdmin.executeAll(s.aAdmin.dialect().startReplica());
                        return "restarted";
                    }
                    return "already";
                });
            } else {
                // by GTID auto-position A needs no start position (it asks B for what it lacks): B's current
                // one is only named in the report. Searching B's binlogs for A's last event read whole files:
                // 3.4-19 s under an OLTP load (bench/chaos every-step, MySQL, resume after step 10), while B
                // took writes A did not replicate, and the check then timed out waiting for A to catch up
                st.bStart = st.autoPosition() ? Reads.binlogPosition(s.bAdmin)
                        : lastPositionFrom(s.bAdmin, Long.parseLong(s.aAdmin.queryString("SELECT @@server_id")));
                log.resume(FlipStep.REVERSE_REPLICATION, "make A a replica of B", st::reverseReplication);
            }
            // the events follow the master even when B's replication was reset before the failure
            log.resume(FlipStep.RESET_B, "stop and reset replication on B", () -> s.bAdmin.replicaStatus() != null
                    ? st.resetReplicationOnB() : "already reset; " + st.eventsFollowTheMaster());
            log.resume(FlipStep.CHECK, "check", st::check);
            return runner.finish(FlipEnd.RESUMED, null, started);
        } catch (RuntimeException e) {
            FlipReport r = runner.finish(FlipEnd.RECOVERY_FAILED, e.getMessage(), started);
            throw new FlipFailedException(ErrorCode.FAILED, "resume failed: " + e.getMessage() + "\nfix the cause, then run `dbflip resume "
                    + st.cluster.name() + "` again", r, e);
        } finally {
            s.close();
        }
    }

    /** A fresh runner (Recovery makes one per command): assess() opened and closed its own connections. */
    private void open() {
        s.openAdmin();
        s.prepareWindow((int) Math.max(1, st.limits.lockWaitTimeout().toSeconds()));
    }

    /**
     * Where A must start replicating from B when the journal lost step 8's record: right after the
     * last event in B's binlog that came from A (events keep their origin's server_id), so A gets
     * every transaction B wrote itself and none of its own back.
     */
    static BinlogPosition lastPositionFrom(Server b, long aServerId) {
        List<String> files = Catalog.binlogFiles(b);
        for (int i = files.size() - 1; i >= 0 && i >= files.size() - 3; i--) {
            long end = Catalog.lastEventEndFrom(b, files.get(i), aServerId);
            if (end > 0) {
                return new BinlogPosition(files.get(i), end);
            }
        }
        throw DbflipException.failed("no event from server_id " + aServerId + " in " + b.name()
                + "'s last binlogs: cannot tell where A must start; set replication up by hand");
    }
}
