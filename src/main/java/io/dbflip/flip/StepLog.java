package io.dbflip.flip;

import io.dbflip.DbflipException;
import io.dbflip.journal.StepKind;
import io.dbflip.journal.StepResult;
import io.dbflip.verify.Probe;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Runs one step at a time, journaled before and after through the {@link FlipListener}, timed, its
 * outcome typed; keeps the records for the report and how far the flip got. A stop asked for
 * (SIGTERM) takes effect at the next step of the flip itself, never inside an undo or a resume.
 */
final class StepLog {
    private final FlipListener listener;
    private final List<StepRecord> records = new ArrayList<>();
    private volatile String stopRequested;
    private int lastStarted = -1;
    private int lastFinished = -1;

    StepLog(FlipListener listener) {
        this.listener = listener;
    }

    FlipListener listener() {
        return listener;
    }

    void requestStop(String why) {
        stopRequested = why;
    }

    /** The flip's own step. */
    void run(FlipStep step, Callable<String> body) {
        if (stopRequested != null) {
            throw DbflipException.failed("stopped before step " + step.no() + " (" + step.title() + "): " + stopRequested);
        }
        lastStarted = step.no();
        run(StepKind.STEP, step.no(), step.title(), body);
        lastFinished = step.no();
    }

    /** A step run again after a crash (`dbflip resume`), under its own name. */
    void resume(FlipStep step, String name, Callable<String> body) {
        run(StepKind.RESUME, step.no(), name, body);
    }

    /** An undo after a crash (`dbflip rollback`): a failure throws, as for a step. */
    void undo(FlipStep.Undo undo, Callable<String> body) {
        run(StepKind.UNDO, undo.undoes().no(), undo.title(), body);
    }

    private void run(StepKind kind, int no, String name, Callable<String> body) {
        listener.beforeStep(kind, no, name);
        long startMicros = Probe.nowMicros();
        long t0 = System.nanoTime();
        String details;
        try {
            details = body.call();
        } catch (DbflipException e) {
            record(kind, no, name, startMicros, t0, StepResult.FAILED, e.getMessage());
            throw e;
        } catch (Exception e) {
            record(kind, no, name, startMicros, t0, StepResult.FAILED, e.getMessage());
            throw DbflipException.failed("step " + no + " (" + name + ") failed: " + e.getMessage(), e);
        }
        record(kind, no, name, startMicros, t0, StepResult.OK, details);
    }

    /**
     * An undo inside a rolling-back flip: never throws, each one on its own. Returns what to tell the
     * operator: its name, or its name and why it failed.
     */
    String undoInFlip(FlipStep.Undo undo, Runnable r) {
        String name = "undo: " + undo.title();
        long startMicros = Probe.nowMicros();
        long t0 = System.nanoTime();
        try {
            r.run();
            record(StepKind.UNDO, undo.undoes().no(), name, startMicros, t0, StepResult.UNDONE, "ok");
            return undo.title();
        } catch (RuntimeException e) {
            record(StepKind.UNDO, undo.undoes().no(), name, startMicros, t0, StepResult.FAILED, e.getMessage());
            return undo.title() + " FAILED (" + e.getMessage() + ")";
        }
    }

    private void record(StepKind kind, int no, String name, long startMicros, long t0, StepResult result, String details) {
        double ms = (System.nanoTime() - t0) / 1e6;
        StepRecord r = new StepRecord(kind, no, name, startMicros, startMicros + (long) (ms * 1000), ms, result, details);
        records.add(r);
        listener.afterStep(r);
    }

    /** The number of the last flip step started (-1: none). */
    int lastStarted() {
        return lastStarted;
    }

    /** The number of the last flip step that finished without error (-1: none). */
    int lastFinished() {
        return lastFinished;
    }

    boolean started(FlipStep step) {
        return lastStarted >= step.no();
    }

    boolean finished(FlipStep step) {
        return lastFinished >= step.no();
    }

    List<StepRecord> records() {
        return List.copyOf(records);
    }
}
