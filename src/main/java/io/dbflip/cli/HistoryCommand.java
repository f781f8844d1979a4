package io.dbflip.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dbflip.DbflipException;
import io.dbflip.journal.FlipRecord;
import io.dbflip.journal.Journal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code dbflip history CLUSTER}: the cluster's past flips from the journal, newest first. */
@Command(name = "history", mixinStandardHelpOptions = true,
        description = "List a cluster's past flips, newest first: when, which way, how each ended, "
                + "and its write blackout (fence of the old master to unfence of the new).")
public final class HistoryCommand implements Callable<Integer> {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);

    @Parameters(index = "0", paramLabel = "CLUSTER", description = "The cluster's name.")
    String cluster;

    @Option(names = {"-n", "--limit"}, paramLabel = "N", defaultValue = "20",
            description = "Show at most N flips (default ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Option(names = "--html", description = "Also write an HTML index of these flips, their blackouts as a chart, "
            + "beside the reports (REPORTS/history-CLUSTER.html), and print its path.")
    boolean html;

    @Mixin
    JournalOptions journalOptions;

    @Mixin
    ConfigOptions configOptions;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (limit < 1) {
            throw DbflipException.usage("--limit: must be at least 1, was " + limit);
        }
        PrintWriter out = spec.commandLine().getOut();
        // --journal alone needs no config: the journal is all history reads
        try (Journal journal = journalOptions.open(journalOptions.journal != null ? null : configOptions.load())) {
            List<FlipRecord> flips = journal.history(cluster, limit);
            if (html) {
                java.nio.file.Path reports = journalOptions.reportDir(journalOptions.journal != null ? null : configOptions.load());
                (json ? spec.commandLine().getErr() : out).println("HTML history: " + io.dbflip.report.HistoryHtml.write(cluster, flips, reports));
            }
            if (json) {
                out.println(toJson(flips));
            } else if (flips.isEmpty()) {
                out.println("no flips of cluster " + cluster + " in journal " + journal.location());
            } else {
                printTable(out, flips);
            }
        }
        out.flush();
        return 0;
    }

    private static void printTable(PrintWriter out, List<FlipRecord> flips) {
        String format = "%-20s  %-24s  %-11s  %10s  %9s  %s%n";
        out.printf(format, "STARTED", "DIRECTION", "OUTCOME", "BLACKOUT", "DURATION", "BY");
        for (FlipRecord f : flips) {
            out.printf(format, TIME.format(f.startedAt()), f.fromSide() + " -> " + f.toSide()
                            + (f.dryRun() ? " (dry)" : ""), outcome(f), blackout(f),
                    f.finishedAt() == null ? "-" : millis(Duration.between(f.startedAt(), f.finishedAt()).toNanos() / 1000),
                    f.operator() + "@" + f.host());
        }
    }

    static String outcome(FlipRecord f) {
        return f.outcome() == null ? "unfinished" : f.outcome().dbName();
    }

    static String blackout(FlipRecord f) {
        return f.blackoutMicros() == null ? "-" : String.format("%.1f ms", f.blackoutMicros() / 1000.0);
    }

    private static String millis(long micros) {
        return micros >= 10_000_000 ? String.format("%.1f s", micros / 1e6) : String.format("%d ms", micros / 1000);
    }

    private static String toJson(List<FlipRecord> flips) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (FlipRecord f : flips) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", f.id().value());
            m.put("cluster", f.cluster());
            m.put("from", f.fromSide());
            m.put("to", f.toSide());
            m.put("dry_run", f.dryRun());
            m.put("started_at", f.startedAt().toString());
            m.put("finished_at", f.finishedAt() == null ? null : f.finishedAt().toString());
            m.put("outcome", outcome(f));
            m.put("blackout_us", f.blackoutMicros());
            m.put("operator", f.operator());
            m.put("host", f.host());
            m.put("pid", f.pid());
            rows.add(m);
        }
        try {
            return new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(rows);
        } catch (JsonProcessingException e) {
            throw DbflipException.failed("cannot print the history as JSON: " + e.getOriginalMessage(), e);
        }
    }
}
