package io.dbflip.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Processes the sandbox started, recognised by pid AND by their command line naming the sandbox's dir. */
final class Processes {
    private Processes() {
    }

    /** A pid is ours only if it is alive and its command line names our dir: a reused pid is someone else's. */
    static boolean ours(long pid, Path dir) {
        Optional<ProcessHandle> h = ProcessHandle.of(pid);
        if (h.isEmpty() || !h.get().isAlive()) {
            return false;
        }
        return commandLine(pid).contains(dir.toAbsolutePath().toString());
    }

    static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static String commandLine(long pid) {
        try {
            byte[] b = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
            return new String(b, StandardCharsets.UTF_8).replace('\0', ' ');
        } catch (IOException e) {
            return ProcessHandle.of(pid).flatMap(h -> h.info().commandLine()).orElse("");
        }
    }

    /** SIGTERM one process this JVM knows by pid, wait up to {@code graceSeconds}, then SIGKILL it. */
    static void terminate(long pid, long graceSeconds) {
        ProcessHandle.of(pid).ifPresent(h -> {
            h.destroy();
            try {
                h.onExit().get(graceSeconds, TimeUnit.SECONDS);
            } catch (Exception e) {
                h.destroyForcibly();
            }
        });
    }

    /** SIGKILL (a crash, for the fault tests), and wait for the kernel to reap it. */
    static void kill(long pid, long waitSeconds) {
        ProcessHandle.of(pid).ifPresent(h -> {
            h.destroyForcibly();
            try {
                h.onExit().get(waitSeconds, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // SIGKILL cannot be refused; the kernel reaps it
            }
        });
    }

    /** SIGTERM to each, wait up to {@code graceSeconds} for all, then SIGKILL what is left. */
    static void stop(Collection<Long> pids, Path dir, long graceSeconds) {
        List<ProcessHandle> mine = pids.stream().filter(p -> ours(p, dir))
                .map(ProcessHandle::of).flatMap(Optional::stream).toList();
        mine.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(graceSeconds);
        for (ProcessHandle h : mine) {
            long left = Math.max(0, deadline - System.nanoTime());
            try {
                h.onExit().get(left, TimeUnit.NANOSECONDS);
            } catch (Exception e) {
                h.destroyForcibly();
            }
        }
        for (ProcessHandle h : mine) {
            try {
                h.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // SIGKILL cannot be refused; the kernel reaps it
            }
        }
    }

    /**
     * Waits until {@code p} listens on host:port (a TCP connect succeeds); fails at once, with the tail of
     * its log, when it exits; false past the bound (the caller stops it and says so).
     */
    static boolean awaitListening(Process p, String what, String host, int port, Path log, java.time.Duration bound) {
        long deadline = System.nanoTime() + bound.toNanos();
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw io.dbflip.DbflipException.failed(what + " exited at start (code " + p.exitValue() + "); see "
                        + log + ":\n" + io.dbflip.FileTrees.tail(log, 15));
            }
            try (java.net.Socket s = new java.net.Socket()) {
                s.connect(new java.net.InetSocketAddress(host, port), 500);
                return true;
            } catch (java.io.IOException e) {
                SandboxServer.sleep(100);
            }
        }
        return false;
    }
}
