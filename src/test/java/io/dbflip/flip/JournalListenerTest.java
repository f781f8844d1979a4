package io.dbflip.flip;

import io.dbflip.journal.FileJournal;
import io.dbflip.journal.FlipId;
import io.dbflip.journal.StepKind;
import io.dbflip.journal.StepResult;
import io.dbflip.verify.Probe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The journal listener holds the records of the steps inside the write blackout and hands them to
 * the journal, in order, when the window closes (after the unfence, or before a rollback's undos).
 */
class JournalListenerTest {
    @Test
    void recordsInsideTheWindowReachTheJournalWhenItClosesInOrderBeforeTheUndos(@TempDir Path dir) {
        try (FileJournal journal = new FileJournal(dir)) {
            FlipId id = journal.begin("c1", "a", "b", "tester", false);
            JournalListener l = new JournalListener(journal, id, FlipListener.NONE);
            step(l, StepKind.STEP, 2, "make sure B is fenced");
            l.checkpoint();
            l.windowOpens();
            step(l, StepKind.STEP, 3, "fence A");
            step(l, StepKind.STEP, 4, "end client sessions on A");
            journal.flush();
            assertThat(names(journal, id)).as("held while the window is open").containsExactly("make sure B is fenced");
            l.windowCloses();
            step(l, StepKind.UNDO, 3, "undo: unfence A");
            journal.flush();
            assertThat(names(journal, id)).containsExactly("make sure B is fenced", "fence A", "end client sessions on A",
                    "undo: unfence A");
        }
    }

    @Test
    void aFlipThatFinishesWithTheWindowStillOpenStoresWhatWasHeld(@TempDir Path dir) {
        try (FileJournal journal = new FileJournal(dir)) {
            FlipId id = journal.begin("c1", "a", "b", "tester", false);
            JournalListener l = new JournalListener(journal, id, FlipListener.NONE);
            l.windowOpens();
            step(l, StepKind.STEP, 3, "fence A");
            l.checkpoint();
            assertThat(names(journal, id)).containsExactly("fence A");
        }
    }

    private static void step(FlipListener l, StepKind kind, int no, String name) {
        l.beforeStep(kind, no, name);
        long now = Probe.nowMicros();
        l.afterStep(new StepRecord(kind, no, name, now, now + 1000, 1.0, kind == StepKind.UNDO ? StepResult.UNDONE : StepResult.OK, "ok"));
    }

    private static List<String> names(FileJournal journal, FlipId id) {
        return journal.steps(id).stream().map(io.dbflip.journal.StepRecord::step).toList();
    }
}
