package io.dbflip.flip;

import io.dbflip.DbflipException;
import io.dbflip.config.ClusterConfig;
import io.dbflip.config.Limits;
import io.dbflip.mysql.BinlogPosition;
import io.dbflip.mysql.Sql;

import java.util.ArrayList;
import java.util.List;

/** The plan a dry run shows: each {@link FlipStep}, with the exact SQL per server and the DNS change (no secrets). */
final class FlipPlan {
    private FlipPlan() {
    }

    static List<String> describe(Steps st, FlipRunner.DnsPlanner dns) {
        FlipSession s = st.s;
        ClusterConfig cluster = st.cluster;
        Limits limits = st.limits;
        String a = s.a.role() + " (" + s.a.address() + ")";
        String b = s.b.role() + " (" + s.b.address() + ")";
        List<String> p = new ArrayList<>();
        for (FlipStep step : FlipStep.values()) {
            String what = switch (step) {
                case PRE_FLIP_HOOKS -> "pre-flip hooks: " + (cluster.hooks().preFlip().isEmpty() ? "none" : cluster.hooks().preFlip());
                case PREPARE_A -> "on " + a + ": " + (st.nonTransactionalTablesOnA ? "FLUSH NO_WRITE_TO_BINLOG TABLES (lock_wait_timeout "
                        + limits.lockWaitTimeout().toSeconds() + " s)" : "(flush skipped: A has only transactional tables)")
                        + "; its enabled events ALTER EVENT … " + s.aAdmin.dialect().disableOnReplica()
                        + " with binlog off (the fence would forbid it later)";
                case FENCE_B -> "on " + b + ": make sure it is fenced: " + s.fenceB.describe(s.fenceB(), true);
                case FENCE_A -> "before it, outside the blackout: on " + b + ", wait for " + a + "'s position of that moment (bounded by "
                        + limits.catchUpTimeout().toMillis() + " ms; past it, stop with nothing fenced). Then on " + a + ": fence (" + s.fenceA.name() + "): " + s.fenceA.describe(s.fenceA(), true)
                        + "   <- write blackout starts";
                case KILL_A -> st.killAfterUnfence
                        ? "on " + a + ": deferred to right after the unfence (A's fence, super_read_only, refuses every client's writes,"
                        + " SUPER included): then end client sessions (" + s.killA.name() + "; never replication threads or dbflip's own)"
                        : "on " + a + ": after " + limits.killGrace().toMillis() + " ms, end client sessions (" + s.killA.name()
                        + "; never replication threads or dbflip's own)";
                case FLUSH_A_AGAIN -> "on " + a + ": " + (st.nonTransactionalTablesOnA ? "FLUSH NO_WRITE_TO_BINLOG TABLES"
                        : "(skipped: A has only transactional tables)");
                case READ_A_FINAL -> "on " + a + ": " + s.aAdmin.dialect().binlogStatusQuery() + " once: A's final position"
                        + (st.catchUpByGtid ? " and GTID set" : "");
                case CATCH_UP -> "on " + b + ": " + (st.catchUpByGtid
                        ? s.bAdmin.dialect().waitForGtid("<A's GTID set>", limits.catchUpTimeout())
                        : s.bAdmin.dialect().waitForPosition(new BinlogPosition("<A's file>", 0), limits.catchUpTimeout()))
                        + "  (bounded: past " + limits.catchUpTimeout().toMillis() + " ms, roll back)";
                case READ_B_POSITION -> "on " + b + ": " + (st.autoPositionByGtid()
                        ? "(its position is not needed: A will follow B by GTID auto-position) " : s.bAdmin.dialect().binlogStatusQuery()
                        + " (A will replicate from there); ") + s.bAdmin.dialect().replicaStatusQuery() + " (no replication error)";
                case SWITCH_DNS -> "DNS: " + dnsPlanText(st, dns);
                case UNFENCE_B -> "on " + b + ": unfence: " + s.fenceB.describe(s.fenceB(), false) + "   <- write blackout ends";
                case REVERSE_REPLICATION -> "on " + a + ": " + reverse(st) + " (stays fenced)";
                case RESET_B -> "on " + b + ": " + s.bAdmin.dialect().resetReplica() + " (stop and forget its replication from A); its"
                        + " replica-side disabled events ENABLE (they follow the master)";
                case CHECK -> "check: the DNS records read back name " + b + " (sent at step 9 without the read-back); " + a + " replicates from " + b + "; a write on " + b + " reaches " + a
                        + "; an app user's write on " + b + " is accepted; the fence on " + a + " holds";
                case POST_FLIP_HOOKS -> "post-flip hooks: " + (cluster.hooks().postFlip().isEmpty() ? "none" : cluster.hooks().postFlip());
            };
            p.add(String.format("%2d. %s", step.no(), what));
        }
        return p;
    }

    /** The DNS change for the plan; a DNS server that does not answer now is shown (preflight's dns check refuses it). */
    private static String dnsPlanText(Steps st, FlipRunner.DnsPlanner dns) {
        try {
            DnsPlan plan = dns.prepare(st.cluster, st.s.a, st.s.b);
            return plan.describe() + (!Steps.sendsAhead(plan) ? ""
                    : (plan.sendsBeforeFence() ? " (sent as the window opens, beside step 3's fence and steps 4-8"
                    : " (sent right after step 3, beside steps 4-8")
                    + ": B refuses writes until step 10; a rollback puts it back; step 9 waits for its answer)");
        } catch (DbflipException e) {
            return "cannot be prepared now (" + e.getMessage() + ")";
        }
    }

    private static List<Sql> reverse(Steps st) {
        FlipSession s = st.s;
        List<Sql> reverse = new ArrayList<>(s.aAdmin.dialect().resetReplica());
        if (s.bAdmin.flavor().writesRdsTables()) {
            reverse.addAll(s.aAdmin.dialect().ignoreRdsTables());
        }
        reverse.addAll(st.autoPosition() ? s.aAdmin.dialect().setupReplicationWithGtid(Steps.source(s.b), null)
                : s.aAdmin.dialect().setupReplication(Steps.source(s.b), new BinlogPosition("<B's file after step 8>", 0)));
        reverse.addAll(s.aAdmin.dialect().startReplica());
        return reverse;
    }
}
