package io.dbflip.flip;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dbflip.journal.FlipId;
import io.dbflip.journal.FlipOutcome;
import io.dbflip.journal.Journal;
import io.dbflip.journal.StepResult;

import java.time.Instant;
import java.util.Map;

/** Writes every step of a flip to the journal, before and after it runs. */
public final class JournalListener implements FlipListener {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Journal journal;
    private final FlipId id;
    private final FlipListener next;

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
    public void beforeStep(int no, String name) {
        journal.stepStarted(id, no, name);
        next.beforeStep(no, name);
    }

    @Override
    public void afterStep(StepRecord step) {
        StepResult result = switch (step.result()) {
            case "ok" -> StepResult.OK;
            case "undone" -> StepResult.UNDONE;
            case "skipped" -> StepResult.SKIPPED;
            default -> StepResult.FAILED;
        };
        String details;
        try {
            details = JSON.writeValueAsString(Map.of("details", step.details() == null ? "" : step.details(),
                    "ms", step.millis()));
        } catch (Exception e) {
            details = "{}";
        }
        journal.stepFinished(id, step.no(), step.name(), result, details, micros(step.startEpochMicros()),
                micros(step.endEpochMicros()));
        next.afterStep(step);
    }

    @Override
    public void checkpoint() {
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
        if (FlipRunner.FAILED_FORWARD.equals(report.outcome()) || FlipRunner.ROLLBACK_FAILED.equals(report.outcome())
                || FlipRunner.RECOVERY_FAILED.equals(report.outcome())) {
            journal.flush();
            next.flipFinished(report);
            return;
        }
        FlipOutcome outcome = switch (report.outcome()) {
            case "completed", "resumed", "dry run" -> FlipOutcome.COMPLETED;
            case "rolled-back", "refused", "not confirmed", "abandoned" -> FlipOutcome.ROLLED_BACK;
            default -> FlipOutcome.FAILED;
        };
        journal.finish(id, outcome, report.blackoutMillis() == null ? null : (long) (report.blackoutMillis() * 1000),
                report.toJson());
        next.flipFinished(report);
    }

    private static Instant micros(long epochMicros) {
        return Instant.ofEpochSecond(epochMicros / 1_000_000, (epochMicros % 1_000_000) * 1000);
    }
}
