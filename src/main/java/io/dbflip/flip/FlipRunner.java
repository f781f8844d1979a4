package io.dbflip.flip;

import io.dbflip.DbflipException;
import io.dbflip.ErrorCode;
import io.dbflip.config.ClusterConfig;
import io.dbflip.config.SideConfig;
import io.dbflip.verify.Probe;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * The switchover of one cluster from A (the master now) to B (its replica), read top to bottom in
 * {@link #run()}: preflight, then the {@link FlipStep}s in order, each journaled before and after
 * ({@link StepLog}), each bounded; what each step does is in {@link Steps}. Only steps 3 to 10 block
 * writes, and they use only what was prepared before: open connections, built statements, a
 * prepared DNS change. A failure before the point of no return (step 10, unfence B) rolls back to A
 * as the writable master with B replicating from it; after a crash, {@link AfterCrash} finishes.
 */
public final class FlipRunner {
    /** The step at which B takes writes: failures before it roll back, after it roll forward. */
    public static final int POINT_OF_NO_RETURN = FlipStep.POINT_OF_NO_RETURN.no();
    /** A flip that failed after the point of no return: `dbflip resume` finishes it. */
    public static final String FAILED_FORWARD = FlipEnd.FAILED_FORWARD.word();

    public interface DnsPlanner {
        /** Check every record: exists, points at {@code current}'s value, TTL within the limit, provider answers. */
        List<Check> check(ClusterConfig cluster, SideConfig current, int maxTtl);

        /** Build (not send) the change that points every record at {@code to}. */
        DnsPlan prepare(ClusterConfig cluster, SideConfig from, SideConfig to);
    }

    /** Which way out of an interrupted flip. */
    public enum Way { RESUME, ROLLBACK }

    private final ClusterConfig cluster;
    private final FlipSession s;
    private final Steps st;
    private final StepLog log;
    private final DnsPlanner dns;
    private final String flipId;
    private final Hooks hooks;
    private List<Check> checks = List.of();
    private long fenceStartNanos;
    private long unfenceEndNanos;
    private long phasedStart;

    public FlipRunner(ClusterConfig cluster, SideConfig a, SideConfig b, FlipSession.Opener opener, DnsPlanner dns,
                      FlipListener listener, String flipId) {
        this.cluster = cluster;
        this.s = new FlipSession(cluster, a, b, opener);
        this.st = new Steps(cluster, s, flipId);
        this.log = new StepLog(listener);
        this.dns = dns;
        this.flipId = flipId;
        this.hooks = new Hooks(cluster, a.role(), b.role(), flipId);
    }

    /** Preflight only: connects, runs every check, prepares the DNS change; changes nothing. */
    public List<Check> preflight() {
        s.openAdmin();
        checks = new Preflight(s, cluster.limits()).run(dns.check(cluster, s.a, cluster.limits().maxTtl()));
        st.learn();
        return checks;
    }

    /** The plan: each step with the exact SQL per server and the DNS changes (no secrets). */
    public List<String> plan() {
        return FlipPlan.describe(st, dns);
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

    /**
     * Phase 1 of 3: preflight (unless already run), the prepared window, the DNS change, steps 0–2.
     * Nothing blocks writes yet. Throws {@link FlipFailedException} (journaled, closed) on failure.
     */
    public void prepare() {
        phasedStart = Probe.nowMicros();
        log.listener().flipStarted(flipId, cluster.name(), s.a.role(), s.b.role());
        phase(() -> {
            if (checks.isEmpty()) {
                preflight();
            }
            if (!Preflight.allOk(checks)) {
                throw DbflipException.precondition("preflight refused:\n" + failures());
            }
            s.prepareWindow((int) Math.max(1, cluster.limits().lockWaitTimeout().toSeconds()));
            st.dnsPlan = dns.prepare(cluster, s.a, s.b);
            WarmUp.run(s, st.catchUpByGtid, st.dnsPlan);
            log.run(FlipStep.PRE_FLIP_HOOKS, () -> hooks.run("pre_flip", cluster.hooks().preFlip(), 0));
            log.run(FlipStep.PREPARE_A, st::prepareA);
            log.run(FlipStep.FENCE_B, st::fenceB);
            log.listener().checkpoint();
        });
    }

    /**
     * Just before the window, outside it: B brought to where A is now ({@link Steps#approach()}), so that step 7
     * waits only for the last milliseconds' writes. {@link #window()} runs it when nobody did; a fleet runs it for
     * every cluster before their windows start together. A failure rolls step 1 back and throws (nothing fenced).
     */
    public void approach() {
        approached = true;
        phase(() -> st.notes.add(st.approach()));
    }

    private boolean approached;

    /** Phase 2 of 3: steps 3–10, the write blackout. A failure rolls this cluster back and throws. */
    public void window() {
        log.listener().windowOpens();
        if (!approached) {
            approach();
        }
        phase(() -> {
            try {
                fenceStartNanos = System.nanoTime();
                st.sendDnsAhead(true);
                log.run(FlipStep.FENCE_A, st::fenceA);
                st.sendDnsAhead(false);
                log.run(FlipStep.KILL_A, st::killA);
                log.run(FlipStep.FLUSH_A_AGAIN, st::flushAgainIfNeeded);
                log.run(FlipStep.READ_A_FINAL, st::readFinalPosition);
                log.run(FlipStep.CATCH_UP, st::catchUp);
                log.run(FlipStep.READ_B_POSITION, st::readPositionOnB);
                log.run(FlipStep.SWITCH_DNS, st::switchDns);
                log.run(FlipStep.UNFENCE_B, st::unfenceB);
                unfenceEndNanos = System.nanoTime();
            } finally {
                // before a rollback's undos are recorded: the held records go first, in order
                log.listener().windowCloses();
            }
        });
        log.listener().checkpoint();
    }

    /** Phase 3 of 3: steps 11–14 (B takes writes already: failures roll forward). Returns the report. */
    public FlipReport finishAfterWindow() {
        try {
            phase(() -> {
                log.run(FlipStep.REVERSE_REPLICATION, st::reverseReplication);
                log.run(FlipStep.RESET_B, st::resetReplicationOnB);
                log.run(FlipStep.CHECK, st::check);
                log.run(FlipStep.POST_FLIP_HOOKS, () -> hooks.run("post_flip", cluster.hooks().postFlip(), 14));
            });
            return finish(FlipEnd.COMPLETED, null, phasedStart);
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
     * Asks the flip to stop at the next step boundary (SIGTERM): before the point of no return it
     * rolls back, after it it stops and `dbflip resume` finishes the job.
     */
    public void requestStop(String why) {
        log.requestStop(why);
    }

    /** Ends a flip that will not run (a dry run, or the operator said no): closes its connections, journals why. */
    public void abandon(FlipEnd why) {
        s.close();
        finish(why, null, Probe.nowMicros());
    }

    /** Closes what assess() opened, without journaling anything. */
    void abandonQuietly() {
        s.close();
    }

    // ---- after a crash: see AfterCrash ------------------------------------------------------------

    public Way assess(int lastFinishedStep, List<String> why) {
        return new AfterCrash(this).assess(lastFinishedStep, why);
    }

    public FlipReport rollbackAfterCrash(ClusterDns clusterDns) {
        return new AfterCrash(this).rollback(clusterDns);
    }

    public FlipReport resumeAfterCrash(ClusterDns clusterDns) {
        return new AfterCrash(this).resume(clusterDns);
    }

    // ---- failure and rollback ---------------------------------------------------------------------

    private FlipReport fail(DbflipException e, long started) {
        if (e.code() == ErrorCode.PRECONDITION || e.code() == ErrorCode.USAGE) {
            FlipReport r = finish(FlipEnd.REFUSED, e.getMessage(), started);
            throw new FlipFailedException(e.code(), e.getMessage(), r, e);
        }
        if (log.finished(FlipStep.POINT_OF_NO_RETURN)) {
            FlipReport r = finish(FlipEnd.FAILED_FORWARD, e.getMessage(), started);
            throw new FlipFailedException(ErrorCode.FAILED, e.getMessage() + "\n" + s.b.role()
                    + " is the master now; fix the cause, then run `dbflip resume " + cluster.name() + "`", r, e);
        }
        List<String> undone = rollback();
        if (undone.stream().anyMatch(u -> u.contains(" FAILED ("))) {
            // e.g. A's server died after the fence: it cannot be unfenced now, and saying "A is the
            // writable master" would send the operator the wrong way
            FlipReport r = finish(FlipEnd.ROLLBACK_FAILED, e.getMessage(), started);
            throw new FlipFailedException(ErrorCode.FAILED, e.getMessage() + "\nrollback incomplete: "
                    + String.join("; ", undone) + "\n" + s.b.role() + " is fenced; no side takes writes until "
                    + s.a.role() + " is back: then run `dbflip rollback " + cluster.name() + "`", r, e);
        }
        FlipReport r = finish(FlipEnd.ROLLED_BACK, e.getMessage(), started);
        throw new FlipFailedException(ErrorCode.FAILED, e.getMessage() + "\nrolled back: " + String.join("; ", undone)
                + "\n" + s.a.role() + " is the writable master, " + s.b.role() + " replicates from it", r, e);
    }

    /**
     * Undo what the steps that started did, in {@link FlipStep.Undo}'s order, each on its own: the
     * DNS records back to A, B fenced again, A unfenced last (so both never take writes), then A's
     * events on again (A is the master again).
     */
    List<String> rollback() {
        List<String> undone = new ArrayList<>();
        for (FlipStep.Undo u : FlipStep.Undo.values()) {
            // the DNS change goes out beside steps 4 to 8 (Steps.sendDnsAhead): back even if step 9 never started
            if (!log.started(u.undoes()) && !(u == FlipStep.Undo.DNS_BACK && st.dnsSentAhead())) {
                continue;
            }
            switch (u) {
                case DNS_BACK -> undone.add(log.undoInFlip(u, () -> st.dnsPlan.revert()));
                case FENCE_B_AGAIN -> undone.add(log.undoInFlip(u, () -> s.fenceB.apply(s.fenceB())));
                case UNFENCE_A -> undone.add(log.undoInFlip(u, () -> s.fenceA.lift(s.fenceA())));
                // not a failed undo when it fails: A is the writable master either way; a note says what to run
                case A_EVENTS_ON -> {
                    if (!st.pausedOnA.isEmpty()) {
                        undone.add(log.undoInFlip(u, st::eventsBackOnA));
                    }
                }
                // B's replication is stopped only at step 12, past the point of no return
                case B_REPLICATES_FROM_A -> { }
            }
        }
        return undone;
    }

    FlipReport finish(FlipEnd end, String error, long started) {
        Double blackout = fenceStartNanos == 0 ? null
                : ((unfenceEndNanos == 0 ? System.nanoTime() : unfenceEndNanos) - fenceStartNanos) / 1e6;
        FlipReport r = new FlipReport(flipId, cluster.name(), s.a.role(), s.b.role(), end.word(), error, started,
                Probe.nowMicros(), blackout, checks, log.records(), List.copyOf(st.ended),
                new LinkedHashMap<>(st.dnsPlan.timings()), List.copyOf(st.notes));
        log.listener().flipFinished(r);
        return r;
    }

    private String failures() {
        StringBuilder sb = new StringBuilder();
        checks.stream().filter(c -> !c.ok()).forEach(c -> sb.append(c).append('\n'));
        return sb.toString().stripTrailing();
    }

    Steps steps() {
        return st;
    }

    StepLog log() {
        return log;
    }

    public String flipId() {
        return flipId;
    }
}
