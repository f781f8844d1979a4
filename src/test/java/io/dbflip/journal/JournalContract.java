package io.dbflip.journal;

import io.dbflip.DbflipException;
import io.dbflip.ErrorCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every journal must do, run against each implementation on its real store. A subclass
 * opens journals on one shared store (as two processes or two operators would) and can make a
 * lock holder die.
 */
abstract class JournalContract {
    protected Journal journal;

    /** A new journal on the same store as every other one this test opens. */
    protected abstract Journal openJournal();

    /** A holder outside this journal that takes the cluster's lock and can then die abruptly. */
    protected abstract ExternalHolder holdElsewhere(String cluster) throws Exception;

    interface ExternalHolder extends AutoCloseable {
        long pid();

        /** Dies without releasing: SIGKILL, or the server ending the session. */
        void die() throws Exception;
    }

    @BeforeEach
    void openIt() {
        journal = openJournal();
    }

    @AfterEach
    void closeIt() {
        journal.close();
    }

    @Test
    void recordsAFlipItsStepsAndItsOutcome() {
        FlipId id = journal.begin("c1", "onprem", "aurora", "alice", false);
        assertThat(journal.unfinished("c1")).map(FlipRecord::id).contains(id);
        Instant t0 = Instant.parse("2026-01-02T03:04:05.123456Z");
        journal.stepStarted(id, 1, "flush-a");
        journal.stepFinished(id, 1, "flush-a", StepResult.OK, "{\"ms\":3}", t0, t0.plusMillis(3));
        journal.stepStarted(id, 2, "fence-a");
        journal.stepFinished(id, 3, "hooks", StepResult.SKIPPED, null, t0, t0);
        List<StepRecord> steps = journal.steps(id);
        assertThat(steps).extracting(StepRecord::stepNo).containsExactly(1, 2, 3);
        assertThat(steps.get(0).result()).isEqualTo(StepResult.OK);
        assertThat(steps.get(0).startedAt()).isEqualTo(t0);
        assertThat(steps.get(0).finishedAt()).isEqualTo(t0.plusMillis(3));
        assertThat(steps.get(0).detailsJson()).isEqualTo("{\"ms\":3}");
        assertThat(steps.get(1).finished()).as("a started step without a result was interrupted").isFalse();
        assertThat(steps.get(2).result()).isEqualTo(StepResult.SKIPPED);

        journal.finish(id, FlipOutcome.COMPLETED, 38_123L, "{\"ok\":true}");
        FlipRecord f = journal.flip(id).orElseThrow();
        assertThat(f.outcome()).isEqualTo(FlipOutcome.COMPLETED);
        assertThat(f.blackoutMicros()).isEqualTo(38_123L);
        assertThat(f.reportJson()).isEqualTo("{\"ok\":true}");
        assertThat(f.fromSide()).isEqualTo("onprem");
        assertThat(f.toSide()).isEqualTo("aurora");
        assertThat(f.operator()).isEqualTo("alice");
        assertThat(f.pid()).isEqualTo(ProcessHandle.current().pid());
        assertThat(f.finishedAt()).isAfterOrEqualTo(f.startedAt());
        assertThat(journal.unfinished("c1")).isEmpty();
    }

    @Test
    void anUndoOfAStepIsRecordedBesideIt() {
        FlipId id = journal.begin("c1", "a", "b", "op", false);
        Instant t = Instant.now();
        journal.stepStarted(id, 3, "fence-a");
        journal.stepFinished(id, 3, "fence-a", StepResult.OK, null, t, t);
        journal.stepStarted(id, 3, "fence-a");
        journal.stepFinished(id, 3, "fence-a", StepResult.UNDONE, null, t, t);
        journal.finish(id, FlipOutcome.ROLLED_BACK, null, null);
        assertThat(journal.steps(id)).extracting(StepRecord::result).containsExactly(StepResult.OK, StepResult.UNDONE);
        assertThat(journal.flip(id).orElseThrow().blackoutMicros()).isNull();
    }

    @Test
    void undoAndResumeRecordsHaveTheirOwnKindAndNameTheStepTheyConcern() {
        FlipId id = journal.begin("c1", "a", "b", "op", false);
        Instant t = Instant.now();
        journal.stepStarted(id, 9, "point DNS at B");
        // the step failed before its result was stored; its undo, with the same number, must not take its row
        journal.stepFinished(id, StepKind.UNDO, 9, "undo: DNS back to A", StepResult.UNDONE, null, t, t);
        journal.stepStarted(id, StepKind.RESUME, 10, "unfence B");
        journal.stepFinished(id, StepKind.RESUME, 10, "unfence B", StepResult.OK, null, t, t);
        List<StepRecord> steps = journal.steps(id);
        assertThat(steps).extracting(StepRecord::kind).containsExactly(StepKind.STEP, StepKind.UNDO, StepKind.RESUME);
        assertThat(steps).extracting(StepRecord::stepNo).containsExactly(9, 9, 10);
        assertThat(steps.get(0).finished()).as("the interrupted step stays interrupted").isFalse();
        assertThat(steps).filteredOn(StepRecord::finishedStep).as("only the flip's own steps say how far it got").isEmpty();
    }

    @Test
    void historyIsNewestFirstPerClusterAndDryRunsAreNotTheLastFlip() throws Exception {
        FlipId first = journal.begin("c2", "a", "b", "op", false);
        journal.finish(first, FlipOutcome.COMPLETED, 40_000L, null);
        Thread.sleep(2);
        FlipId second = journal.begin("c2", "b", "a", "op", false);
        journal.finish(second, FlipOutcome.FAILED, null, null);
        Thread.sleep(2);
        FlipId dry = journal.begin("c2", "a", "b", "op", true);
        journal.begin("other", "a", "b", "op", false);

        assertThat(journal.history("c2", 10)).extracting(FlipRecord::id).containsExactly(dry, second, first);
        assertThat(journal.history("c2", 2)).extracting(FlipRecord::id).containsExactly(dry, second);
        assertThat(journal.lastFlip("c2")).map(FlipRecord::id).contains(second);
        assertThat(journal.unfinished("c2")).as("a dry run changes nothing, so there is nothing to resume").isEmpty();
        assertThat(journal.lastFlip("none")).isEmpty();
    }

    @Test
    void anotherJournalOnTheSameStoreSeesTheRecords() {
        FlipId id = journal.begin("c3", "a", "b", "op", false);
        journal.stepStarted(id, 1, "s");
        journal.flush(); // step records are queued: another process sees them once flushed
        try (Journal other = openJournal()) {
            assertThat(other.unfinished("c3")).map(FlipRecord::id).contains(id);
            assertThat(other.steps(id)).hasSize(1);
        }
    }

    @Test
    void aSecondHolderIsRefusedNamingTheFirstUntilItReleases() {
        try (Journal other = openJournal()) {
            try (ClusterLock lock = journal.acquire("c4", "alice")) {
                assertThat(lock.holder().operator()).isEqualTo("alice");
                assertThatThrownBy(() -> other.acquire("c4", "bob"))
                        .isInstanceOfSatisfying(DbflipException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.PRECONDITION))
                        .hasMessageContaining("cluster c4 is locked by alice")
                        .hasMessageContaining("pid " + ProcessHandle.current().pid())
                        .hasMessageContaining(lock.holder().host());
                assertThatThrownBy(() -> journal.acquire("c4", "alice-again")).isInstanceOf(DbflipException.class);
                try (ClusterLock otherCluster = other.acquire("c5", "bob")) {
                    assertThat(other.holders()).extracting(LockHolder::cluster, LockHolder::operator, LockHolder::alive)
                            .contains(org.assertj.core.groups.Tuple.tuple("c4", "alice", true),
                                    org.assertj.core.groups.Tuple.tuple("c5", "bob", true));
                }
            }
            try (ClusterLock lock = other.acquire("c4", "bob")) {
                assertThat(lock.holder().operator()).isEqualTo("bob");
            }
            assertThat(journal.holders()).isEmpty();
        }
    }

    @Test
    void closingTheJournalReleasesItsLocks() {
        Journal other = openJournal();
        other.acquire("c6", "bob");
        other.close();
        try (ClusterLock lock = journal.acquire("c6", "alice")) {
            assertThat(lock.holder().operator()).isEqualTo("alice");
        }
    }

    @Test
    void aDeadHoldersLockRefusesANewFlipButResumeMayTakeItOver() throws Exception {
        try (ExternalHolder holder = holdElsewhere("c7")) {
            assertThatThrownBy(() -> journal.acquire("c7", "alice", true))
                    .as("a live holder is never taken over")
                    .hasMessageContaining("cluster c7 is locked by child-op")
                    .hasMessageContaining("pid " + holder.pid());
            holder.die();
            assertThat(journal.holders()).extracting(LockHolder::cluster, LockHolder::alive)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("c7", false));
            assertThatThrownBy(() -> journal.acquire("c7", "alice"))
                    .isInstanceOfSatisfying(DbflipException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.PRECONDITION))
                    .hasMessageContaining("no longer running")
                    .hasMessageContaining("pid " + holder.pid())
                    .hasMessageContaining("dbflip resume c7");
            try (ClusterLock lock = journal.acquire("c7", "alice", true)) {
                assertThat(lock.holder().operator()).isEqualTo("alice");
                assertThat(journal.holders()).extracting(LockHolder::operator, LockHolder::alive)
                        .containsExactly(org.assertj.core.groups.Tuple.tuple("alice", true));
            }
        }
    }

    @Test
    void aStepRecordThatCannotBeWrittenStopsTheFlipAtTheNextFlush() {
        FlipId id = journal.begin("c8", "a", "b", "op", false);
        journal.stepStarted(id, 1, "x".repeat(500)); // longer than the step column
        assertThatThrownBy(() -> journal.flush())
                .isInstanceOfSatisfying(DbflipException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.FAILED))
                .hasMessageContaining("journal " + journal.location());
        assertThatThrownBy(() -> journal.stepStarted(id, 2, "next")).isInstanceOf(DbflipException.class);
    }

    /**
     * Prints (does not assert) what journaling one step costs the flip's thread inside the
     * blackout (stepStarted + stepFinished, queued), and what a durable step costs (with flush).
     */
    @Test
    void measureStepCost() {
        FlipId id = journal.begin("bench", "a", "b", "op", false);
        int n = 300;
        long[] queued = new long[n];
        long[] durable = new long[n];
        for (int i = 0; i < n + 30; i++) {
            long t0 = System.nanoTime();
            Instant s = Instant.now();
            journal.stepStarted(id, 2 * i, "step");
            journal.stepFinished(id, 2 * i, "step", StepResult.OK, "{}", s, Instant.now());
            long t1 = System.nanoTime();
            journal.flush();
            long t2 = System.nanoTime();
            journal.stepStarted(id, 2 * i + 1, "step");
            journal.stepFinished(id, 2 * i + 1, "step", StepResult.OK, "{}", s, Instant.now());
            journal.flush();
            long t3 = System.nanoTime();
            if (i >= 30) {
                queued[i - 30] = t1 - t0;
                durable[i - 30] = t3 - t2;
            }
        }
        System.out.println(getClass().getSimpleName() + " " + JournalBench.summary("queued step (started+finished)", queued));
        System.out.println(getClass().getSimpleName() + " " + JournalBench.summary("durable step (started+finished+flush)", durable));
        assertThat(journal.steps(id)).hasSize(2 * (n + 30)).allMatch(StepRecord::finished);
    }
}
