package io.dbflip.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The flip's side of its supervisor (issue 14): before a CLI flip changes anything, it starts
 * {@code dbflip supervise} as a process of its own session (setsid), which outlives this JVM. The
 * two are tied by a pipe: this JVM writes "done" when the flip has ended its own way; if the pipe
 * closes without it — the JVM was killed, ran out of memory, or its host's power went, as far as
 * the pipe can tell — the supervisor runs at once the recovery `dbflip status` would name, decided
 * from the servers. Nothing of the flip waits on it.
 */
final class Supervisor implements AutoCloseable {
    private final Process process;
    private final OutputStream pipe;
    final Path log;

    private Supervisor(Process process, Path log) {
        this.process = process;
        this.pipe = process.getOutputStream();
        this.log = log;
    }

    /** Starts the supervisor and waits (bounded) until it watches; null, with a warning, when it cannot start. */
    static Supervisor start(String cluster, List<Path> configs, String journal, Path reportDir, java.io.PrintStream err) {
        return start(List.of(cluster), configs, journal, reportDir, err);
    }

    /**
     * One supervisor for every flip this process runs (a fleet run, {@code dbflip serve}): should the
     * process die, it recovers each of these clusters whose interrupted flip this process began.
     */
    static Supervisor start(List<String> clusters, List<Path> configs, String journal, Path reportDir, java.io.PrintStream err) {
        String cluster = clusters.size() == 1 ? clusters.get(0) : clusters.size() + "-clusters";
        try {
            Files.createDirectories(reportDir);
            Path log = reportDir.resolve("supervisor-" + cluster + "-" + ProcessHandle.current().pid() + ".log");
            List<String> cmd = new ArrayList<>();
            if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
                cmd.add("/usr/bin/setsid"); // its own session: a signal to the flip's process group spares it
            }
            cmd.add(ProcessHandle.current().info().command().orElse("java"));
            cmd.addAll(inherited(ManagementFactory.getRuntimeMXBean().getInputArguments()));
            cmd.add("-cp");
            cmd.add(System.getProperty("java.class.path"));
            cmd.add(Main.class.getName());
            cmd.add("supervise");
            cmd.addAll(clusters);
            cmd.add("--parent");
            cmd.add(Long.toString(ProcessHandle.current().pid()));
            for (Path c : configs) {
                cmd.add("--config");
                cmd.add(c.toString());
            }
            cmd.add("--journal");
            cmd.add(journal);
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            if (logSays(p, log, System.nanoTime() + TimeUnit.SECONDS.toNanos(20), SuperviseCommand.READY)) {
                err.println("dbflip: supervisor (pid " + p.pid() + ") watches this flip: should this process die,"
                        + " it finishes or rolls back the flip; log " + log);
                return new Supervisor(p, log);
            }
            p.destroy();
            err.println("dbflip: warning: the supervisor did not start (see " + log + "); should this process die"
                    + " inside the flip, run what `dbflip status " + cluster + "` names");
            return null;
        } catch (IOException e) {
            err.println("dbflip: warning: cannot start the supervisor: " + e.getMessage());
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /**
     * The flip's JVM arguments the supervisor starts with too: the launcher's class-data archive and a flip's
     * JVM flags, so that it starts as fast as the flip, and recovers as fast. (Session 6 dropped the add while
     * adding the flags, and the supervisor started without the archive: SupervisorTest.)
     */
    static List<String> inherited(List<String> jvmArguments) {
        return jvmArguments.stream().filter(a -> a.startsWith("-XX:SharedArchiveFile") || a.startsWith("-Xshare")
                || a.startsWith("-Xlog:cds") || a.startsWith("-XX:TieredStopAtLevel") || a.equals("-XX:+UseSerialGC")).toList();
    }

    /** The warm-up's end was seen in the log. */
    private volatile boolean warmSeen;

    /**
     * Before the fence: waits (at most {@code bound}) until the supervisor has finished its warm-up reads
     * (its log says so), so that its cold JVM's work does not compete with the window for the cores.
     * Returns the milliseconds waited; usually 0, the warm-up running beside the flip's preflight.
     */
    long awaitWarm(java.time.Duration bound) {
        if (warmSeen) {
            return 0;
        }
        long start = System.nanoTime();
        try {
            // a fleet's clusters ask at once, each before its own fence: the first answer serves them all
            warmSeen = logSays(process, log, start + bound.toNanos(), SuperviseCommand.WARMED, SuperviseCommand.WARM_FAILED);
        } catch (IOException e) {
            // the log is unreadable: do not wait for it
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return (System.nanoTime() - start) / 1_000_000;
    }

    /** Polls the supervisor's log (every 10 ms, until the deadline or its exit) for any of {@code markers}. */
    private static boolean logSays(Process p, Path log, long deadlineNanos, String... markers) throws IOException, InterruptedException {
        while (System.nanoTime() < deadlineNanos && p.isAlive()) {
            String text = Files.exists(log) ? Files.readString(log) : "";
            for (String m : markers) {
                if (text.contains(m)) {
                    return true;
                }
            }
            Thread.sleep(10);
        }
        return false;
    }

    /** The flip ended its own way: the supervisor stops without doing anything. */
    @Override
    public void close() {
        try {
            pipe.write((SuperviseCommand.DONE + "\n").getBytes(StandardCharsets.UTF_8));
            pipe.flush();
            pipe.close();
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            // it is gone already
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Reads the pipe to its end: true when the flip said it was done, false when the pipe just closed. */
    static boolean toldDone(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            b.append((char) c);
        }
        return b.toString().lines().anyMatch(SuperviseCommand.DONE::equals);
    }
}
