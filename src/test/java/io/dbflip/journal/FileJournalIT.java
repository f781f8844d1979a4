package io.dbflip.journal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class FileJournalIT extends JournalContract {
    @TempDir
    Path dir;

    @Override
    protected Journal openJournal() {
        return new FileJournal(dir);
    }

    @Override
    protected ExternalHolder holdElsewhere(String cluster) throws Exception {
        Process p = child(dir, cluster);
        return new ExternalHolder() {
            @Override public long pid() { return p.pid(); }

            @Override
            public void die() throws Exception {
                p.destroyForcibly();
                p.waitFor(30, TimeUnit.SECONDS);
            }

            @Override
            public void close() throws Exception {
                die();
            }
        };
    }

    /** A child JVM that opens the journal in dir (and locks cluster, if given), then waits to be killed. */
    static Process child(Path dir, String cluster) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = cluster == null
                ? new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), LockHolderMain.class.getName(), dir.toString())
                : new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), LockHolderMain.class.getName(), dir.toString(), cluster);
        Process p = pb.redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream()));
        String line;
        StringBuilder seen = new StringBuilder();
        while ((line = out.readLine()) != null) {
            if (line.startsWith("READY")) {
                return p;
            }
            seen.append(line).append('\n');
        }
        p.destroyForcibly();
        throw new AssertionError("child JVM did not get ready:\n" + seen);
    }

    @Test
    void theJournalOutlivesTheProcessThatServedTheFile() throws Exception {
        // The child opens the file first, so it serves it; this JVM connects through it.
        Process p = child(dir, null);
        try (Journal mine = new FileJournal(dir)) {
            FlipId id = mine.begin("c9", "a", "b", "op", false);
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
            long t0 = System.nanoTime();
            mine.stepStarted(id, 1, "after-the-server-died");
            System.out.printf("FileJournalIT: first write after the serving process died took %.1f ms%n",
                    (System.nanoTime() - t0) / 1e6);
            mine.stepFinished(id, 1, "after-the-server-died", StepResult.OK, null, Instant.now(), Instant.now());
            assertThat(mine.steps(id)).extracting(StepRecord::result).containsExactly(StepResult.OK);
        } finally {
            p.destroyForcibly();
        }
        try (Journal again = new FileJournal(dir)) {
            assertThat(again.unfinished("c9")).isPresent();
        }
    }
}
