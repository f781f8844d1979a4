package io.dbflip.flip;

import io.dbflip.DbflipException;
import io.dbflip.config.ClusterConfig;
import io.dbflip.journal.ClusterLock;
import io.dbflip.journal.FlipRecord;
import io.dbflip.journal.Journal;
import io.dbflip.journal.StepRecord;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An interrupted flip (dbflip killed, the host lost): finds it in the journal, decides from the
 * servers whether it must go forward (resume) or back (rollback), and does it under the cluster's
 * lock, taken over from the dead holder.
 */
public final class Recovery {
    public record Assessment(FlipRecord flip, int lastFinishedStep, FlipRunner.Way way, List<String> why) {
        public String describe() {
            return "flip " + flip.id() + " " + flip.fromSide() + " → " + flip.toSide() + " (started " + flip.startedAt()
                    + " by " + flip.operator() + ") stopped after step " + lastFinishedStep + ": "
                    + (way == FlipRunner.Way.RESUME ? "run `dbflip resume " : "run `dbflip rollback ") + flip.cluster()
                    + "` (" + String.join("; ", why) + ")";
        }
    }

    private final ClusterConfig cluster;
    private final Journal journal;
    private final ClusterDns dns;
    private final FlipFactory flips;

    public Recovery(ClusterConfig cluster, Journal journal, FlipSession.Opener opener, ClusterDns dns) {
        this.cluster = cluster;
        this.journal = journal;
        this.dns = dns;
        this.flips = new FlipFactory(cluster, opener, dns, journal);
    }

    public Optional<Assessment> assess() {
        Optional<FlipRecord> open = journal.unfinished(cluster.name());
        if (open.isEmpty()) {
            return Optional.empty();
        }
        FlipRecord f = open.get();
        int last = journal.steps(f.id()).stream().filter(StepRecord::finishedStep)
                .mapToInt(StepRecord::stepNo).max().orElse(-1);
        List<String> why = new ArrayList<>();
        FlipRunner runner = flips.reopen(f, false);
        FlipRunner.Way way = runner.assess(last, why);
        runner.abandonQuietly();
        return Optional.of(new Assessment(f, last, way, why));
    }

    /** Runs the way the servers say; refuses (exit 3) when the operator asked for the other one. */
    public FlipReport recover(FlipRunner.Way asked, String operator, Path reportDir) {
        Assessment a = assess().orElseThrow(() -> DbflipException.precondition(cluster.name()
                + ": no interrupted flip in the journal; nothing to " + asked.name().toLowerCase()));
        if (a.way() != asked) {
            throw DbflipException.precondition(cluster.name() + ": " + asked.name().toLowerCase() + " does not apply: "
                    + a.describe());
        }
        return recover(a, operator, reportDir);
    }

    /**
     * Runs the way an assessment made a moment ago names, without reading everything again (the
     * supervisor assesses, logs what it found, then acts: a second assessment cost it a few hundred
     * milliseconds of a recovery whose target is 2 s).
     */
    public FlipReport recover(Assessment a, String operator, Path reportDir) {
        FlipRunner.Way asked = a.way();
        try (ClusterLock lock = flips.lock(operator, true)) {
            FlipRunner runner = flips.reopen(a.flip(), true);
            FlipReport r = asked == FlipRunner.Way.RESUME ? runner.resumeAfterCrash(dns) : runner.rollbackAfterCrash(dns);
            FlipFactory.save(r, reportDir);
            return r;
        } catch (FlipFailedException e) {
            FlipFactory.save(e.report(), reportDir);
            throw e;
        }
    }
}
