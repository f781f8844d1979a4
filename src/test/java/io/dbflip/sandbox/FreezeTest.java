package io.dbflip.sandbox;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** How the fault tests know a frozen server is frozen: every thread in state T, read from /proc. */
class FreezeTest {
    @Test
    void aStoppedProcessReadsAsStoppedAndAContinuedOneAsRunning() throws Exception {
        Process p = new ProcessBuilder("sleep", "30").start();
        try {
            long pid = p.pid();
            assertThat(SandboxServer.allThreadsStopped(pid)).isFalse();
            assertThat(new ProcessBuilder("kill", "-STOP", Long.toString(pid)).start().waitFor()).isZero();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (!SandboxServer.allThreadsStopped(pid) && System.nanoTime() < deadline) {
                Thread.sleep(2);
            }
            assertThat(SandboxServer.allThreadsStopped(pid)).isTrue();
            assertThat(new ProcessBuilder("kill", "-CONT", Long.toString(pid)).start().waitFor()).isZero();
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (SandboxServer.allThreadsStopped(pid) && System.nanoTime() < deadline) {
                Thread.sleep(2);
            }
            assertThat(SandboxServer.allThreadsStopped(pid)).isFalse();
        } finally {
            p.destroyForcibly().waitFor();
        }
        assertThat(SandboxServer.allThreadsStopped(p.pid())).as("a process that is gone is not frozen").isFalse();
    }
}
