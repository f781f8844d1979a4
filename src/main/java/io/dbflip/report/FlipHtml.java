package io.dbflip.report;

import io.dbflip.flip.Check;
import io.dbflip.flip.FlipReport;
import io.dbflip.flip.StepRecord;
import io.dbflip.mysql.ProcessInfo;
import io.dbflip.verify.ProbeResult;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * The HTML report of one flip, beside its JSON and Markdown: summary, timeline, steps, checks,
 * sessions ended, DNS and notes, in one file that fetches nothing.
 */
public final class FlipHtml {
    private FlipHtml() {
    }

    /** DIR/flip-ID.html, written with the probe's gaps when a probe ran (else null). */
    public static Path write(FlipReport r, ProbeResult probe, Path dir) {
        try {
            Files.createDirectories(dir);
            Path html = dir.resolve("flip-" + r.flipId() + ".html");
            Files.writeString(html, render(r, probe));
            return html;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String render(FlipReport r, ProbeResult probe) {
        return Html.page("Flip " + r.flipId() + " " + r.cluster(), body(r, probe));
    }

    /** The report without the page around it, for the dashboard's cluster page. */
    public static String body(FlipReport r, ProbeResult probe) {
        StringBuilder b = new StringBuilder();
        boolean ok = "completed".equals(r.outcome());
        b.append("<h1>Flip ").append(Html.esc(r.flipId())).append(": ").append(Html.esc(r.cluster())).append(' ')
                .append(Html.esc(r.from())).append(" → ").append(Html.esc(r.to())).append("</h1>\n");
        b.append("<p class=\"summary\"><span>outcome: <b class=\"").append(ok ? "ok" : "fail").append("\" id=\"outcome\">")
                .append(Html.esc(r.outcome())).append("</b>").append(r.error() == null ? "" : " — " + Html.esc(r.error()))
                .append("</span><span>write blackout (fence ").append(Html.esc(r.from())).append(" → unfence ")
                .append(Html.esc(r.to())).append("): <b id=\"blackout-ms\">").append(Html.ms(r.blackoutMillis()))
                .append("</b></span><span>total: ")
                .append(Html.ms((r.finishedEpochMicros() - r.startedEpochMicros()) / 1000.0)).append("</span><span class=\"muted\">started ")
                .append(Instant.ofEpochSecond(0, r.startedEpochMicros() * 1000)).append("</span></p>\n");
        if (probe != null) {
            b.append("<p class=\"summary\"><span>").append(Html.esc(probe.probeName())).append(": longest client-seen gap during this flip <b id=\"client-gap-ms\">")
                    .append(Html.ms(probe.maxGapDuring(r.startedEpochMicros(), r.finishedEpochMicros())))
                    .append("</b></span><span>").append(probe.acknowledged()).append(" acknowledged writes over the probe's run</span></p>\n");
        }
        b.append("<h2>Timeline</h2>\n").append(FlipTimeline.svg(r, probe)).append('\n');
        b.append("<h2>Steps</h2>\n<table id=\"steps\"><tr><th>#</th><th>step</th><th>ms</th><th>result</th><th>details</th></tr>\n");
        for (StepRecord s : orEmpty(r.steps())) {
            b.append("<tr data-step=\"").append(s.no()).append("\"><td class=\"num\">").append(s.no()).append("</td><td>")
                    .append(Html.esc(s.name())).append("</td><td class=\"num\">").append(String.format("%.2f", s.millis()))
                    .append("</td><td>").append(Html.esc(s.result())).append("</td><td>").append(Html.esc(s.details()))
                    .append("</td></tr>\n");
        }
        b.append("</table>\n<h2>Checks</h2>\n<table id=\"checks\"><tr><th>check</th><th>result</th><th>why</th></tr>\n");
        for (Check c : orEmpty(r.checks())) {
            b.append("<tr><td>").append(Html.esc(c.name())).append("</td><td class=\"").append(c.ok() ? "ok\">ok" : "fail\">FAIL")
                    .append("</td><td>").append(Html.esc(c.reason())).append(c.ok() || c.fix() == null ? "" : "<br>fix: " + Html.esc(c.fix()))
                    .append("</td></tr>\n");
        }
        b.append("</table>\n<h2>Sessions ended</h2>\n");
        if (orEmpty(r.endedSessions()).isEmpty()) {
            b.append("<p>none</p>\n");
        } else {
            b.append("<table><tr><th>id</th><th>user</th><th>host</th><th>command</th><th>time s</th><th>state</th></tr>\n");
            for (ProcessInfo p : r.endedSessions()) {
                b.append("<tr><td>").append(p.id()).append("</td><td>").append(Html.esc(p.user())).append("</td><td>")
                        .append(Html.esc(p.host())).append("</td><td>").append(Html.esc(p.command())).append("</td><td>")
                        .append(p.timeSeconds()).append("</td><td>").append(Html.esc(p.state())).append("</td></tr>\n");
            }
            b.append("</table>\n");
        }
        b.append("<h2>DNS</h2>\n<ul>");
        (r.dns() == null ? java.util.Map.<String, Object>of() : r.dns()).forEach((k, v) -> b.append("<li>").append(Html.esc(k)).append(": ").append(Html.esc(v)).append("</li>"));
        b.append("</ul>\n");
        if (!orEmpty(r.notes()).isEmpty()) {
            b.append("<h2>Notes</h2>\n<ul>");
            r.notes().forEach(n -> b.append("<li>").append(Html.esc(n)).append("</li>"));
            b.append("</ul>\n");
        }
        return b.toString();
    }

    private static <T> java.util.List<T> orEmpty(java.util.List<T> l) {
        return l == null ? java.util.List.of() : l;
    }
}
