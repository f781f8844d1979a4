package io.dbflip.fleet;

import io.dbflip.config.ClusterConfig;
import io.dbflip.config.DnsRecordConfig;
import io.dbflip.config.SideConfig;
import io.dbflip.dns.DnsSwitch;
import io.dbflip.dns.SwitchResult;
import io.dbflip.flip.Check;
import io.dbflip.flip.ClusterDns;
import io.dbflip.flip.DnsPlan;
import io.dbflip.flip.FlipListener;
import io.dbflip.flip.FlipReport;
import io.dbflip.flip.FlipRunner;
import io.dbflip.flip.FlipStep;
import io.dbflip.flip.StepRecord;
import io.dbflip.verify.Probe;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Step 9 of an all-at-once run: the DNS records of every cluster go out as one update per zone (one
 * RFC 2136 message, one Route 53 change batch), prepared before any fence. Each cluster's runner
 * gets this planner instead of its own. Its change is sent ahead, before the fence
 * ({@link DnsPlan#sendsBeforeFence()}): as its window opens (all of the wave's open together, past the
 * barrier), beside its fence of A and its steps 4 to 8, it arrives at the batch and waits until every
 * cluster of the wave has arrived or left (it could not reach A's position before the barrier); the last
 * to arrive sends the batch, built <b>only from the clusters that arrived</b> — those whose window is
 * open, so that every name it moves points at a B that refuses writes until that cluster's step 10 (B is
 * fenced since step 2). Step 9 then only waits for the answer. A cluster whose window fails after it
 * arrived (its fence did not hold, its catch-up timed out) reverts its own records in its rollback, before
 * its A is unfenced (its own undo, prepared with the rest); so does one whose step 10 fails. With
 * {@code -Ddbflip.fleet.dns.beforeFence=false} the arrival is right after the fence of A (sessions 6-7:
 * the update then began when the slowest of 16 fences had held, 70-90 ms into the windows). With {@code -Ddbflip.dns.ahead=false} the arrival is at step 9, after the catch-up, as before
 * (then the batch holds only the clusters whose B caught up). Every window is bounded (the fence by lock_wait_timeout, the catch-up
 * by catch_up_timeout), so the wait is too: past the longest of those bounds plus {@link #MARGIN}
 * from the barrier, the clusters that arrived go without the rest, and a late one sends its own
 * update if it gets there. A fixed, shorter wait made a cluster whose B was merely slow (a loaded
 * host) go alone, so the fleet's names moved in two updates.
 */
final class SharedDns implements FlipRunner.DnsPlanner {
    /** Past the longest window's own bounds, how much longer the clusters at step 9 wait for the others. */
    static final Duration MARGIN = Duration.ofMillis(2500);

    private final ClusterDns dns;
    private final Map<String, Member> members = new ConcurrentHashMap<>();
    private final List<FleetReport.DnsStep> steps = new CopyOnWriteArrayList<>();
    private volatile Batch batch;

    SharedDns(ClusterDns dns) {
        this.dns = dns;
    }

    /** The context a run uses with this planner, each cluster's listener told when a step fails. */
    FleetContext context(FleetContext ctx) {
        return new FleetContext(ctx.opener(), this, ctx.journal(), ctx.operator(), ctx.reportDir(),
                name -> new LeaveOnFailure(name, ctx.listener(name)));
    }

    @Override
    public List<Check> check(ClusterConfig cluster, SideConfig current, int maxTtl) {
        return dns.check(cluster, current, maxTtl);
    }

    @Override
    public DnsPlan prepare(ClusterConfig cluster, SideConfig from, SideConfig to) {
        if (cluster.dns().isEmpty()) {
            return dns.prepare(cluster, from, to);
        }
        Member m = new Member(cluster, from.role(), to.role(), dns.prepareRecords(cluster, from, to));
        members.put(cluster.name(), m);
        DnsPlan plan = dns.withTraffic(cluster, from, to, m);
        // sent at the barrier only when the runner sends it before its fence too (not behind a traffic switch, whose
        // proxy goes first at step 9): then the runner's rollback knows to put it back
        m.atBarrier = plan.sendsAhead() && plan.sendsBeforeFence() && !"false".equals(System.getProperty("dbflip.dns.ahead"));
        return plan;
    }

    /**
     * Builds the shared change of these clusters (those with DNS records), before any of them is
     * fenced; their step 9 then waits for each other. Returns how many clusters and zones it holds.
     */
    String open(List<String> clusters) {
        List<Member> in = clusters.stream().map(members::get).filter(m -> m != null).toList();
        if (in.isEmpty()) {
            batch = null;
            return "no DNS records to share";
        }
        DnsSwitch.Prepared full = dns.dnsSwitch().prepareMoves(moves(in));
        long bound = in.stream().mapToLong(m -> m.cluster.limits().lockWaitTimeout().plus(m.cluster.limits().catchUpTimeout())
                .toNanos()).max().orElse(0) + MARGIN.toNanos();
        batch = new Batch(in, full, bound);
        long zones = full.changes().stream().map(c -> c.zone()).distinct().count();
        return in.size() + " cluster(s) in " + full.changes().size() + " update(s) over " + zones + " zone(s)";
    }

    /** Ends the wave: its batch is closed (a cluster not arrived by now never will). */
    void close() {
        Batch b = batch;
        batch = null;
        if (b != null) {
            b.leaveAll();
            b.full.close();
        }
    }

    /** Sends the wave's update for a batch's arrival, at most one at a time (one wave is sent at a time). */
    private static final java.util.concurrent.ExecutorService SENDER = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "dbflip-shared-dns");
        t.setDaemon(true);
        return t;
    });

    /**
     * The wave's windows open (its barrier tripped): the update goes out now, on a thread of its own, for the
     * clusters that reached A's position ({@code ready}; those whose names a sent-before-fence plan moves), and the
     * batch stops waiting for the others. Each cluster's step 9 then only waits for its answer. Returns at once.
     */
    void sendAtBarrier(List<String> ready) {
        Batch b = batch;
        if (b == null || !members.values().stream().filter(m -> ready.contains(m.cluster.name())).allMatch(m -> m.atBarrier)) {
            return;
        }
        List<String> go = b.arriveAll(ready);
        if (go != null) {
            SENDER.execute(() -> b.send(go));
        }
    }

    /** A cluster's window ended without reaching step 9 (or ended at all): the batch stops waiting for it. */
    void leave(String cluster) {
        Batch b = batch;
        if (b != null) {
            b.leave(cluster);
        }
    }

    /**
     * A cluster's window ended (it is past step 10, or rolled back, or never ran). The update sent for it at the
     * barrier is its runner's to undo once its window called {@link Member#apply()}, which is the window's first act;
     * a window that failed before that (its journal refused the window's opening) never fenced A, and its runner does
     * not know its names moved: they are put back here.
     */
    void windowEnded(String cluster) {
        leave(cluster);
        Batch b = batch;
        Member m = members.get(cluster);
        if (b == null || m == null || m.applied) {
            return;
        }
        Batch.Outcome o = b.sentFor(cluster);
        if (o != null && o.error() == null) {
            m.own.appliedElsewhere(new LinkedHashMap<>(Map.of("shared", "sent at the barrier; the window failed before its"
                    + " fence: put back")));
            m.own.revert();
        }
    }

    List<FleetReport.DnsStep> steps() {
        return List.copyOf(steps);
    }

    private List<DnsSwitch.Move> moves(List<Member> in) {
        List<DnsSwitch.Move> out = new ArrayList<>();
        for (Member m : in) {
            for (DnsRecordConfig r : m.cluster.dns()) {
                out.add(new DnsSwitch.Move(r, m.from, m.to));
            }
        }
        return out;
    }

    /** One cluster's share: its own change (sent alone only when it came too late) and its own undo. */
    private final class Member implements DnsPlan {
        final ClusterConfig cluster;
        final String from;
        final String to;
        final ClusterDns.Plan own;
        /** Its runner sends it before its fence, so the wave's update may go for it as the barrier trips. */
        volatile boolean atBarrier;
        /** Its runner asked for it ({@link #apply()}): from then on its rollback puts it back. */
        volatile boolean applied;

        Member(ClusterConfig cluster, String from, String to, ClusterDns.Plan own) {
            this.cluster = cluster;
            this.from = from;
            this.to = to;
            this.own = own;
        }

        @Override
        public List<String> describe() {
            return own.describe();
        }

        @Override
        public boolean sendsAhead() {
            return true;
        }

        @Override
        public boolean sendsBeforeFence() {
            return !"false".equals(System.getProperty("dbflip.fleet.dns.beforeFence"));
        }

        @Override
        public void apply() {
            applied = true;
            Batch b = batch;
            Batch.Outcome o = b == null ? null : b.arrive(cluster.name());
            if (o == null) {
                // not in the wave's batch, or the batch went without it: its own update, as a lone flip sends
                own.apply();
                own.timings().put("shared", b == null ? "no" : "no: the shared update went without it (reached DNS late)");
                return;
            }
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("shared", "one update per zone with " + o.step.clusters().size() + " cluster(s)");
            t.put("waited_ms", o.waitedMs);
            t.put("total_ms", o.step.millis());
            if (o.error != null) {
                own.notApplied(t);
                throw o.error;
            }
            own.appliedElsewhere(t);
        }

        /** Its records read back after its unfence (step 13), whether its own update or the shared one sent them. */
        @Override
        public String readBack() {
            return own.readBack();
        }

        @Override
        public void revert() {
            own.revert();
        }

        @Override
        public Map<String, Object> timings() {
            return own.timings();
        }
    }

    /**
     * The barrier and the sender of one wave: clusters arrive (at step 9) or leave (their window
     * failed); when every member did one or the other, or the wave's bound passed, the
     * thread that completes it sends one change per zone for those that arrived, and wakes the rest.
     */
    private final class Batch {
        record Outcome(FleetReport.DnsStep step, double waitedMs, RuntimeException error) {
        }

        final Map<String, Member> in = new LinkedHashMap<>();
        final DnsSwitch.Prepared full;
        final Set<String> arrived = new LinkedHashSet<>();
        final Set<String> left = new LinkedHashSet<>();
        final Map<String, Long> arrivedAt = new LinkedHashMap<>();
        long sendStartNanos;
        boolean sending;
        /** The clusters the update is sent for (those that had arrived when it went). */
        Set<String> taken = Set.of();
        FleetReport.DnsStep step;
        RuntimeException error;

        final long openedNanos = System.nanoTime();
        final long boundNanos;

        Batch(List<Member> members, DnsSwitch.Prepared full, long boundNanos) {
            members.forEach(m -> in.put(m.cluster.name(), m));
            this.full = full;
            this.boundNanos = boundNanos;
        }

        /** Blocks until the batch was sent; null when this cluster is not in it or it went without it. */
        Outcome arrive(String cluster) {
            long t0 = System.nanoTime();
            List<String> go;
            synchronized (this) {
                if (sending && taken.contains(cluster)) {
                    // sent for it already (sendAtBarrier): only the answer to wait for
                    return awaitStep(t0);
                }
                if (!in.containsKey(cluster) || sending || left.contains(cluster)) {
                    return null;
                }
                arrived.add(cluster);
                arrivedAt.put(cluster, t0);
                go = takeIfComplete();
                while (go == null && !sending) {
                    long remaining = openedNanos + boundNanos - System.nanoTime();
                    if (remaining <= 0) {
                        go = take();
                        break;
                    }
                    waitNanos(remaining);
                }
            }
            if (go != null) {
                send(go);
            }
            synchronized (this) {
                return awaitStep(t0);
            }
        }

        private Outcome awaitStep(long arrivedNanos) {
            while (step == null) {
                waitNanos(Duration.ofSeconds(1).toNanos());
            }
            return new Outcome(step, Math.round(Math.max(0, sendStartNanos - arrivedNanos) / 10_000.0) / 100.0, error);
        }

        /** When the update was sent (or is being sent) for this cluster, its outcome once answered; else null. */
        synchronized Outcome sentFor(String cluster) {
            return sending && taken.contains(cluster) ? awaitStep(System.nanoTime()) : null;
        }

        /** Every cluster of {@code ready} arrives at once, the rest of the wave leaves; returns what to send, or null. */
        synchronized List<String> arriveAll(List<String> ready) {
            if (sending) {
                return null;
            }
            long t = System.nanoTime();
            for (String c : in.keySet()) {
                if (ready.contains(c)) {
                    arrived.add(c);
                    arrivedAt.put(c, t);
                } else {
                    left.add(c);
                }
            }
            return arrived.isEmpty() ? null : take();
        }

        void leave(String cluster) {
            List<String> go;
            synchronized (this) {
                if (!in.containsKey(cluster) || sending || arrived.contains(cluster)) {
                    return;
                }
                left.add(cluster);
                go = takeIfComplete();
            }
            if (go != null) {
                send(go);
            }
        }

        /** After the wave: a cluster arriving now (none should) sends its own update. */
        synchronized void leaveAll() {
            sending = true;
        }

        private List<String> takeIfComplete() {
            return arrived.size() + left.size() == in.size() && !arrived.isEmpty() ? take() : null;
        }

        private List<String> take() {
            sending = true;
            sendStartNanos = System.nanoTime();
            taken = Set.copyOf(arrived);
            return List.copyOf(arrived);
        }

        /** Outside the lock: one change per zone for the clusters that arrived, then the answer to all of them. */
        private void send(List<String> go) {
            long startMicros = Probe.nowMicros();
            long t0 = System.nanoTime();
            SwitchResult r = null;
            RuntimeException e = null;
            boolean everyone = go.size() == in.size();
            DnsSwitch.Prepared p = null;
            try {
                // the common case sends what was prepared before the fence; a subset (a cluster failed or is
                // late) is built now from the same providers, their clients and keys already warm
                p = everyone ? full : dns.dnsSwitch().prepareMoves(moves(go.stream().map(in::get).toList()));
                // sent without the read-back, as a lone flip's step 9: each update's answer says it was
                // applied whole; every cluster reads its records back at its step 13, after its unfence
                // (inside the windows, the read-back of 16 records per zone was 40-49 ms of each one)
                r = p.send();
            } catch (RuntimeException x) {
                e = x;
            } finally {
                if (p != null && p != full) {
                    p.close();
                }
            }
            double ms = Math.round((System.nanoTime() - t0) / 10_000.0) / 100.0;
            List<FleetReport.DnsZone> zones = r == null ? List.of() : r.zones().stream().map(z -> new FleetReport.DnsZone(
                    z.zone(), z.provider(), z.records(), ClusterDns.ms(z.apply()), ClusterDns.ms(z.verify()))).toList();
            List<String> late;
            synchronized (this) {
                late = in.keySet().stream().filter(c -> !go.contains(c) && !left.contains(c)).toList();
            }
            FleetReport.DnsStep s = new FleetReport.DnsStep(go, List.copyOf(left), late, zones, startMicros,
                    Probe.nowMicros(), ms, e == null ? null : e.getMessage());
            steps.add(s);
            synchronized (this) {
                step = s;
                error = e;
                notifyAll();
            }
        }

        private void waitNanos(long nanos) {
            try {
                wait(Math.max(1, nanos / 1_000_000), (int) (nanos % 1_000_000 == 0 ? 0 : Math.min(999_999, nanos % 1_000_000)));
            } catch (InterruptedException x) {
                Thread.currentThread().interrupt();
                throw io.dbflip.DbflipException.failed("interrupted while waiting for the shared DNS update");
            }
        }
    }

    /** Tells the batch as soon as a step before 9 fails, so the others do not wait through this cluster's rollback. */
    private final class LeaveOnFailure implements FlipListener {
        private final String cluster;
        private final FlipListener next;

        LeaveOnFailure(String cluster, FlipListener next) {
            this.cluster = cluster;
            this.next = next;
        }

        @Override
        public void flipStarted(String flipId, String c, String from, String to) {
            next.flipStarted(flipId, c, from, to);
        }

        @Override
        public void beforeStep(io.dbflip.journal.StepKind kind, int no, String name) {
            next.beforeStep(kind, no, name);
        }

        @Override
        public void windowOpens() {
            next.windowOpens();
        }

        @Override
        public void windowCloses() {
            next.windowCloses();
        }

        @Override
        public void afterStep(StepRecord step) {
            if (step.kind() == io.dbflip.journal.StepKind.STEP && step.result() != io.dbflip.journal.StepResult.OK
                    && step.no() >= FlipStep.FENCE_A.no() && step.no() < FlipStep.SWITCH_DNS.no()) {
                leave(cluster);
            }
            next.afterStep(step);
        }

        @Override
        public void checkpoint() {
            next.checkpoint();
        }

        @Override
        public void flipFinished(FlipReport report) {
            next.flipFinished(report);
        }
    }
}
