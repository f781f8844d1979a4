package io.dbflip.flip;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.dbflip.mysql.ProcessInfo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What one flip did: its steps with timings, the sessions it ended, the internal write blackout
 * (from the fence on the old master to the unfence of the new), the DNS timings and the checks.
 */
public record FlipReport(String flipId, String cluster, String from, String to, String outcome, String error,
                         long startedEpochMicros, long finishedEpochMicros, Double blackoutMillis,
                         List<Check> checks, List<StepRecord> steps, List<ProcessInfo> endedSessions,
                         Map<String, Object> dns, List<String> notes) {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String toMarkdown() {
        StringBuilder md = new StringBuilder();
        md.append("# Flip ").append(flipId).append(": ").append(cluster).append(" ").append(from).append(" → ").append(to)
                .append("\n\n");
        md.append("- outcome: **").append(outcome).append("**").append(error == null ? "" : " — " + error).append('\n');
        md.append("- write blackout (fence ").append(from).append(" → unfence ").append(to).append("): ")
                .append(blackoutMillis == null ? "n/a" : String.format("%.1f ms", blackoutMillis)).append('\n');
        md.append(String.format("- total: %.1f ms%n%n", (finishedEpochMicros - startedEpochMicros) / 1000.0));
        md.append("## Steps\n\n| # | step | ms | result | details |\n|---|---|---:|---|---|\n");
        for (StepRecord s : steps) {
            md.append("| ").append(s.label()).append(" | ").append(s.name()).append(" | ")
                    .append(String.format("%.2f", s.millis())).append(" | ").append(s.result()).append(" | ")
                    .append(s.details() == null ? "" : s.details().replace("|", "\\|").replace("\n", " ")).append(" |\n");
        }
        md.append("\n## Sessions ended\n\n");
        if (endedSessions.isEmpty()) {
            md.append("none\n");
        } else {
            md.append("| id | user | host | command | time s | state |\n|---|---|---|---|---:|---|\n");
            for (ProcessInfo p : endedSessions) {
                md.append("| ").append(p.id()).append(" | ").append(p.user()).append(" | ").append(p.host()).append(" | ")
                        .append(p.command()).append(" | ").append(p.timeSeconds()).append(" | ")
                        .append(p.state() == null ? "" : p.state()).append(" |\n");
            }
        }
        md.append("\n## DNS\n\n");
        dns.forEach((k, v) -> md.append("- ").append(k).append(": ").append(v).append('\n'));
        md.append("\n## Checks that passed\n\n");
        checks.stream().filter(Check::ok).forEach(c -> md.append("- ").append(c.name()).append(": ").append(c.reason()).append('\n'));
        if (!notes.isEmpty()) {
            md.append("\n## Notes\n\n");
            notes.forEach(n -> md.append("- ").append(n).append('\n'));
        }
        return md.toString();
    }

    /** The report's further forms (the HTML), found once. */
    private static final java.util.List<ReportWriter> WRITERS = java.util.ServiceLoader.load(ReportWriter.class)
            .stream().map(java.util.ServiceLoader.Provider::get).toList();

    /** Writes DIR/flip-ID.json, DIR/flip-ID.md and the {@link ReportWriter}s' forms (DIR/flip-ID.html); returns the JSON's path. */
    public Path save(Path dir) {
        try {
            Files.createDirectories(dir);
            Path json = dir.resolve("flip-" + flipId + ".json");
            Files.writeString(json, toJson());
            Files.writeString(dir.resolve("flip-" + flipId + ".md"), toMarkdown());
            for (ReportWriter w : WRITERS) {
                try {
                    w.write(this, dir);
                } catch (RuntimeException e) {
                    // a picture is for people; the JSON and Markdown above are the record, and the flip is done
                    System.err.println("dbflip: a report of flip " + flipId + " was not written ("
                            + w.getClass().getSimpleName() + "): " + e);
                }
            }
            return json;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
