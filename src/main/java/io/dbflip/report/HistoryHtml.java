package io.dbflip.report;

import io.dbflip.journal.FlipRecord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The index of a cluster's past flips: a small bar chart of their write blackouts (oldest left)
 * and a table linking each flip's HTML report when it is in the report directory.
 */
public final class HistoryHtml {
    private HistoryHtml() {
    }

    public static Path write(String cluster, List<FlipRecord> newestFirst, Path reportDir) {
        try {
            Files.createDirectories(reportDir);
            Path p = reportDir.resolve("history-" + cluster.replaceAll("[^A-Za-z0-9._-]", "_") + ".html");
            Files.writeString(p, Html.page("History of " + cluster, body(cluster, newestFirst, reportDir, "")));
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code linkPrefix} goes before flip-ID.html (the dashboard links its own pages instead). */
    public static String body(String cluster, List<FlipRecord> newestFirst, Path reportDir, String linkPrefix) {
        StringBuilder b = new StringBuilder();
        b.append("<h1>Flips of ").append(Html.esc(cluster)).append("</h1>\n");
        List<FlipRecord> oldestFirst = new java.util.ArrayList<>(newestFirst);
        java.util.Collections.reverse(oldestFirst);
        b.append(chart(oldestFirst)).append('\n');
        b.append("<table id=\"history\"><tr><th>started</th><th>direction</th><th>outcome</th><th>blackout</th><th>by</th><th>report</th></tr>\n");
        for (FlipRecord f : newestFirst) {
            boolean has = reportDir != null && Files.isRegularFile(reportDir.resolve("flip-" + f.id().value() + ".html"));
            b.append("<tr data-flip=\"").append(Html.esc(f.id().value())).append("\"><td>").append(f.startedAt())
                    .append("</td><td>").append(Html.esc(f.fromSide())).append(" → ").append(Html.esc(f.toSide()))
                    .append(f.dryRun() ? " (dry)" : "").append("</td><td>").append(Html.esc(outcome(f))).append("</td><td class=\"num\">")
                    .append(f.blackoutMicros() == null ? "–" : Html.ms(f.blackoutMicros() / 1000.0)).append("</td><td>")
                    .append(Html.esc(f.operator())).append('@').append(Html.esc(f.host())).append("</td><td>")
                    .append(has ? "<a href=\"" + Html.esc(linkPrefix.isEmpty() ? "flip-" + f.id().value() + ".html" : linkPrefix + f.id().value()) + "\">timeline</a>" : "")
                    .append("</td></tr>\n");
        }
        return b.append("</table>\n").toString();
    }

    static String outcome(FlipRecord f) {
        return f.outcome() == null ? "unfinished" : f.outcome().dbName();
    }

    /** One bar per flip that fenced, height proportional to its blackout. */
    public static String chart(List<FlipRecord> oldestFirst) {
        List<FlipRecord> fenced = oldestFirst.stream().filter(f -> f.blackoutMicros() != null).toList();
        int h = 120;
        int bw = 14;
        int width = Math.max(200, 40 + fenced.size() * (bw + 4));
        double max = fenced.stream().mapToDouble(f -> f.blackoutMicros() / 1000.0).max().orElse(1);
        StringBuilder b = new StringBuilder();
        b.append(String.format("<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"blackouts\" width=\"%d\" height=\"%d\" role=\"img\" "
                + "aria-label=\"write blackout per flip\">", width, h + 20));
        b.append(String.format("<text x=\"0\" y=\"10\">max %.1f ms</text><line class=\"axis\" x1=\"36\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>",
                max, h, width, h));
        int x = 40;
        for (FlipRecord f : fenced) {
            double ms = f.blackoutMicros() / 1000.0;
            double bh = Math.max(1, ms / max * (h - 20));
            b.append(String.format("<rect class=\"step\" data-flip=\"%s\" x=\"%d\" y=\"%.1f\" width=\"%d\" height=\"%.1f\">"
                    + "<title>%s %s → %s: %.1f ms</title></rect>", Html.esc(f.id().value()), x, h - bh, bw, bh,
                    f.startedAt(), Html.esc(f.fromSide()), Html.esc(f.toSide()), ms));
            x += bw + 4;
        }
        return b.append("</svg>").toString();
    }
}
