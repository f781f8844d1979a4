package io.dbflip.sandbox;

import io.dbflip.rehearsal.Rehearsal;

import io.dbflip.DbflipException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 10: the first `./dbflip demo` on a fresh machine failed half way through `sandbox up` and left
 * S3Proxy, BIND and a mariadbd running, its directory in /tmp, and said nothing. A failed rehearsal
 * stops every process it started, keeps its logs and says where they are.
 */
class RehearsalCleanupIT {

    /** The rehearsal's output; it fails once, the way the cold template did, when a line starts with {@code at}. */
    static final class FailingOut extends PrintStream {
        private final String at;
        private final AtomicBoolean failed = new AtomicBoolean();

        FailingOut(ByteArrayOutputStream buf, String at) {
            super(buf, true, StandardCharsets.UTF_8);
            this.at = at;
        }

        @Override
        public void println(String x) {
            super.println(x);
            if (x != null && x.startsWith(at) && failed.compareAndSet(false, true)) {
                throw new OverlappingFileLockException();
            }
        }
    }

    @Test
    void aRehearsalFailingInSandboxUpStopsEveryProcessItStartedAndSaysWhereTheLogsAre() throws IOException {
        failAndCheck("onprem-a up", "starting onprem-a failed: OverlappingFileLockException (no message)");
    }

    @Test
    void aRehearsalFailingAfterSandboxUpStopsEveryProcessItStartedAndSaysWhereTheLogsAre() throws IOException {
        failAndCheck("objects: ", null);
    }

    private static void failAndCheck(String at, String message) throws IOException {
        Path dir = Files.createTempDirectory("dbflip-rehearsal-fail-");
        Path sandboxDir = dir.resolve("sandbox").toAbsolutePath();
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try {
            Rehearsal rehearsal = new Rehearsal(new Rehearsal.Options(dir, 1, 100, 100, false), new FailingOut(buf, at));
            var thrown = assertThatThrownBy(rehearsal::run);
            if (message != null) {
                thrown.isInstanceOf(DbflipException.class).hasMessage(message);
            } else {
                thrown.isInstanceOf(OverlappingFileLockException.class);
            }
            String out = buf.toString(StandardCharsets.UTF_8);
            assertThat(out).as(out).contains("rehearsal failed: stopped every process it started; logs kept in " + sandboxDir)
                    .contains(sandboxDir.resolve("onprem-a").resolve("error.log").toString());

            SandboxState state = SandboxState.read(sandboxDir);
            assertThat(state).as("the sandbox's state is kept with its logs").isNotNull();
            assertThat(state.pids()).as(out).containsKeys("dns", "s3", "onprem-a");
            List<Long> pids = new ArrayList<>(state.pids().values());
            for (String s : List.of("onprem-a", "onprem-r", "aurora-b")) {
                Path f = sandboxDir.resolve(s).resolve("dbflip.pid");
                if (Files.exists(f)) {
                    pids.add(Long.parseLong(Files.readString(f).strip()));
                }
            }
            assertThat(pids).as("no process of the failed rehearsal is left: %s", out).noneMatch(Processes::alive);
            assertThat(sandboxDir.resolve("onprem-a").resolve("error.log")).exists();
        } finally {
            if (SandboxState.read(sandboxDir) != null) {
                Sandbox.open(sandboxDir).down();
            }
            SandboxServer.deleteTree(dir);
        }
    }
}
