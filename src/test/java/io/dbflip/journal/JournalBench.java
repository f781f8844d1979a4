package io.dbflip.journal;

import io.dbflip.config.Secret;
import io.dbflip.sandbox.SandboxServer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * bench/journal: what journaling one flip step costs, for the file journal and the MySQL journal
 * (a sandbox MariaDB with innodb_flush_log_at_trx_commit=1 and sync_binlog=1). Prints figures;
 * asserts nothing. The tests' contract also prints them (measureStepCost).
 */
final class JournalBench {
    private JournalBench() {
    }

    static String summary(String what, long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        return String.format("%s over %d: p50 %.3f ms, p99 %.3f ms, max %.3f ms", what, s.length,
                s[s.length / 2] / 1e6, s[Math.min(s.length - 1, s.length * 99 / 100)] / 1e6, s[s.length - 1] / 1e6);
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        String host = args.length > 1 ? args[1] : "127.74.2.1";
        Path tmp = Files.createTempDirectory("dbflip-journal-bench");
        try {
            try (Journal file = new FileJournal(tmp.resolve("journal"))) {
                run("file  " + file.location(), file, n);
            }
            try (SandboxServer db = SandboxServer.start("journal-bench", tmp.resolve("db"), host, 3310, 7420, List.of())) {
                try (Journal mysql = Journals.open("mysql://" + SandboxServer.ROOT_USER + "@" + host + ":3310/dbflip_bench",
                        Secret.literal(SandboxServer.ROOT_PASSWORD))) {
                    run("mysql " + mysql.location(), mysql, n);
                }
            }
        } finally {
            SandboxServer.deleteTree(tmp);
        }
    }

    private static void run(String name, Journal j, int n) {
        FlipId id = j.begin("bench", "a", "b", "bench", false);
        int warm = Math.max(20, n / 10);
        long[] queued = new long[n];
        long[] durable = new long[n];
        long[] window = new long[n / 10 + 1];
        for (int i = 0; i < n + warm; i++) {
            Instant s = Instant.now();
            long t0 = System.nanoTime();
            j.stepStarted(id, 2 * i, "step");
            j.stepFinished(id, 2 * i, "step", StepResult.OK, "{\"ms\":1}", s, Instant.now());
            long t1 = System.nanoTime();
            j.flush();
            long t2 = System.nanoTime();
            j.stepStarted(id, 2 * i + 1, "step");
            j.stepFinished(id, 2 * i + 1, "step", StepResult.OK, "{\"ms\":1}", s, Instant.now());
            j.flush();
            long t3 = System.nanoTime();
            if (i >= warm) {
                queued[i - warm] = t1 - t0;
                durable[i - warm] = t3 - t2;
            }
        }
        // a whole blackout's worth: 8 steps queued, then one flush after the unfence
        for (int k = 0; k < window.length; k++) {
            long t0 = System.nanoTime();
            for (int step = 3; step <= 10; step++) {
                Instant s = Instant.now();
                j.stepStarted(id, 100_000 + k * 20 + step, "window");
                j.stepFinished(id, 100_000 + k * 20 + step, "window", StepResult.OK, "{}", s, Instant.now());
            }
            j.flush();
            window[k] = System.nanoTime() - t0;
        }
        j.finish(id, FlipOutcome.COMPLETED, null, null);
        System.out.println(name);
        System.out.println("  " + summary("queued step, the cost inside the blackout (started+finished)", queued));
        System.out.println("  " + summary("durable step (started+finished+flush)", durable));
        System.out.println("  " + summary("8 window steps queued + one flush", window));
    }
}
