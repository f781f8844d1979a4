package io.dbflip.flip;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dbflip.journal.FlipId;
import io.dbflip.journal.FlipOutcome;
import io.dbflip.journal.Journal;
import io.dbflip.journal.StepKind;

import java.time.Instant;
import java.util.Map;

/**
 * Writes every step of a flip to the journal, before and after it runs. Inside the write blackout
 * it holds the records and hands them over, in order, when the window closes: a journal write,
 * even queued for the writer thread, wakes a thread and a commit that compete with the window's
 * own round trips for this machine's cores. Nothing is lost by it: the records of steps inside the
 * window were never flushed before the unfence, and recovery after a crash decides from the servers
 * whatever the journal says of them ({@link AfterCrash#assess}).
 */
public final class JournalListener implements FlipListener {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Journal journal;
    private final FlipId id;
    private final FlipListener next;
    private final java.util.List<Runnable> held = new java.util.ArrayList<>();
    private boolean holding;

    public JournalListener(Journal journal, FlipId id, FlipListener next) {
        this.journal = journal;
        this.id = id;
        this.next = next;
        try {
            // Jackson builds its serializers on first use (tens of ms): do it now, not inside the window
            JSON.writeValueAsString(Map.of("details", "warm-up", "ms", 0.0));
        } catch (Exception ignored) {
            // only a warm-up
        }
    }

    @Override
    public void flipStarted(String flipId, String cluster, String from, String to) {
        next.flipStarted(flipId, cluster, from, to);
    }

    @Override
    public void beforeStep(StepKind kind, int no, String name) {
        write(() -> journal.stepStarted(id, kind, no, name));
        next.beforeStep(kind, no, name);
    }

    @Override
    public void afterStep(StepRecord step) {
        write(() -> finished(step));
        next.afterStep(step);
    }

    @Override
    public void windowOpens() {
        holding = true;
        next.windowOpens();
    }

    @Override
    public void windowCloses() {
        release();
        next.windowCloses();
    }

    private void write(Runnable record) {
        if (holding) {
            held.add(record);
        } else {
            record.run();
        }
    }

    /** Hands the held records to the journal, in order; from now on records go straight through. */
    private void release() {
        holding = false;
        for (Runnable r : held) {
            r.run();
        }
        held.clear();
    }

    private void finished(StepRecord step) {
        String details;
        try {
            details = JSON.writeValueAsString(Map.of("details", step.details() == null ? "" : step.details(),
                    "ms", step.millis()));
        } catch (Exception e) {
            details = "{}";
        }
        journal.stepFinished(id, step.kind(), step.no(), step.name(), step.result(), details, micros(step.startEpochMicros()),
                micros(step.endEpochMicros()));
    }

    @Override
    public void checkpoint() {
        release();
        journal.flush();
        next.checkpoint();
    }

    /**
     * A flip that must still be finished by `dbflip resume` or `dbflip rollback` stays open in the
     * journal (no outcome), where those commands look for it: closing it as "failed" would answer
     * the operator's `dbflip resume` with "nothing to resume". Its steps are stored; its report
     * is in the report directory.
     */
    @Override
    public void flipFinished(FlipReport report) {
        release();
        FlipEnd end = FlipEnd.of(report.outcome());
        if (end != null && end.journal() == null) {
            journal.flush();
            next.flipFinished(report);
            return;
        }
        journal.finish(id, end == null ? FlipOutcome.FAILED : end.journal(),
                report.blackoutMillis() == null ? null : (long) (report.blackoutMillis() * 1000), report.toJson());
        next.flipFinished(report);
    }

    private static Instant micros(long epochMicros) {
        return Instant.ofEpochSecond(epochMicros / 1_000_000, (epochMicros % 1_000_000) * 1000);
    }
}
