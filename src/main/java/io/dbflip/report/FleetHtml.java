package io.dbflip.report;

import io.dbflip.fleet.ClusterResult;
import io.dbflip.fleet.FleetReport;
import io.dbflip.flip.FlipReport;
import io.dbflip.flip.StepRecord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One page for a fleet run: a row per cluster on a shared millisecond axis (its steps, its write
 * blackout), so an all-at-once run shows the windows side by side and a sequential one shows them
 * in turn; then the table with links to each flip's own report.
 */
public final class FleetHtml {
    private static final int LEFT = 180;
    private static final int WIDTH = 760;
    private static final int ROW = 22;

    private FleetHtml() {
    }

    /** REPORTS/fleet-TIME.html (and its Markdown, fleet-TIME.md); each cluster's flip is read from REPORTS/flip-ID.json. */
    public static Path write(FleetReport fleet, Path reportDir) {
        Map<String, FlipReport> flips = new LinkedHashMap<>();
        for (ClusterResult r : fleet.results()) {
            if (r.flipId() != null) {
                Reports.read(reportDir, r.flipId()).ifPresent(f -> flips.put(r.cluster(), f));
            }
        }
        try {
            Files.createDirectories(reportDir);
            String name = "fleet-" + Instant.now().toString().replace(':', '-');
            Path p = reportDir.resolve(name + ".html");
            Files.writeString(p, render(fleet, flips));
            Files.writeString(reportDir.resolve(name + ".md"), fleet.toMarkdown());
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String render(FleetReport fleet, Map<String, FlipReport> flips) {
        StringBuilder b = new StringBuilder();
        b.append("<h1>Fleet run: ").append(Html.esc(fleet.mode())).append("</h1>\n<p class=\"summary\"><span>")
                .append(Html.esc(fleet.summary())).append("</span><span>wall ").append(Html.ms(fleet.wallMillis()))
                .append("</span><span>exit ").append(fleet.exitCode()).append("</span></p>\n");
        b.append("<h2>Timeline</h2>\n").append(svg(fleet, flips)).append('\n');
        b.append("<h2>Clusters</h2>\n<table id=\"clusters\"><tr><th>cluster</th><th>from</th><th>to</th><th>outcome</th>"
                + "<th>blackout</th><th>detail</th><th>report</th></tr>\n");
        for (ClusterResult r : fleet.results()) {
            b.append("<tr data-cluster=\"").append(Html.esc(r.cluster())).append("\"><td>").append(Html.esc(r.cluster()))
                    .append("</td><td>").append(Html.esc(r.from())).append("</td><td>").append(Html.esc(r.to())).append("</td><td>")
                    .append(Html.esc(r.outcome())).append("</td><td class=\"num\">").append(Html.ms(r.blackoutMillis()))
                    .append("</td><td>").append(Html.esc(r.detail())).append("</td><td>")
                    .append(flips.containsKey(r.cluster()) ? "<a href=\"flip-" + Html.esc(r.flipId()) + ".html\">timeline</a>" : "")
                    .append("</td></tr>\n");
        }
        b.append("</table>\n");
        for (FleetReport.DnsStep d : fleet.sharedDns()) {
            b.append("<h2>Shared DNS step</h2>\n<p class=\"shared-dns\">").append(d.clusters().size()).append(" cluster(s) in ")
                    .append(d.updates()).append(" update(s), ").append(Html.ms(d.millis()))
                    .append(d.error() == null ? "" : "; FAILED: " + Html.esc(d.error())).append("</p>\n<table class=\"shared-dns\">"
                    + "<tr><th>zone</th><th>provider</th><th>records</th><th>apply</th><th>read back</th></tr>\n");
            for (FleetReport.DnsZone z : d.zones()) {
                b.append("<tr><td>").append(Html.esc(z.zone())).append("</td><td>").append(Html.esc(z.provider()))
                        .append("</td><td class=\"num\">").append(z.records()).append("</td><td class=\"num\">")
                        .append(Html.ms(z.applyMs())).append("</td><td class=\"num\">").append(Html.ms(z.verifyMs())).append("</td></tr>\n");
            }
            b.append("</table>\n<p>clusters: ").append(Html.esc(String.join(", ", d.clusters())))
                    .append(d.left().isEmpty() ? "" : "; left out (window failed before DNS, names not switched): "
                            + Html.esc(String.join(", ", d.left())))
                    .append(d.late().isEmpty() ? "" : "; late (not in it; each sends its own update if it reaches DNS): " + Html.esc(String.join(", ", d.late())))
                    .append("</p>\n");
        }
        return Html.page("Fleet run " + fleet.mode(), b.toString());
    }

    static String svg(FleetReport fleet, Map<String, FlipReport> flips) {
        long from = flips.values().stream().mapToLong(FlipReport::startedEpochMicros).min().orElse(0);
        long to = flips.values().stream().mapToLong(FlipReport::finishedEpochMicros).max().orElse(1000);
        Axis axis = new Axis(from, to, LEFT, WIDTH);
        int rows = fleet.results().size() + fleet.sharedDns().size();
        int bottom = 8 + rows * ROW + 4;
        StringBuilder b = new StringBuilder(String.format("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"timeline\" id=\"fleet-timeline\" "
                + "width=\"%d\" height=\"%d\" role=\"img\" aria-label=\"fleet run timeline\">", LEFT + WIDTH + 20, bottom + 20));
        b.append(axis.ticks(8, bottom));
        int y = 8;
        for (ClusterResult r : fleet.results()) {
            b.append(String.format("<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>", LEFT - 6, y + 14, Html.esc(r.cluster())));
            FlipReport f = flips.get(r.cluster());
            if (f != null) {
                FlipTimeline.Window w = FlipTimeline.blackout(f);
                if (w != null) {
                    b.append(String.format("<rect class=\"blackout\" data-cluster=\"%s\" x=\"%.2f\" y=\"%d\" width=\"%.2f\" height=\"%d\">"
                                    + "<title>%s: write blackout %.1f ms</title></rect>", Html.esc(r.cluster()), axis.x(w.startMicros()),
                            y, axis.w(w.startMicros(), w.endMicros()), ROW, Html.esc(r.cluster()), f.blackoutMillis()));
                }
                for (StepRecord s : f.steps()) {
                    b.append(String.format("<rect class=\"step %s\" data-cluster=\"%s\" data-step=\"%d\" x=\"%.2f\" y=\"%d\" "
                                    + "width=\"%.2f\" height=\"%d\"><title>%s %d %s: %.2f ms</title></rect>", Html.esc(s.result()),
                            Html.esc(r.cluster()), s.no(), axis.x(s.startEpochMicros()), y + 5, axis.w(s.startEpochMicros(), s.endEpochMicros()),
                            ROW - 10, Html.esc(r.cluster()), s.no(), Html.esc(s.name()), s.millis()));
                }
            } else {
                b.append(String.format("<text x=\"%d\" y=\"%d\" class=\"muted\">%s</text>", LEFT + 4, y + 14, Html.esc(r.outcome())));
            }
            y += ROW;
        }
        for (FleetReport.DnsStep d : fleet.sharedDns()) {
            // the one update per zone that every cluster's step 9 waited for, on the same axis as their windows
            b.append(String.format("<text x=\"%d\" y=\"%d\" text-anchor=\"end\">shared DNS</text>", LEFT - 6, y + 14));
            b.append(String.format("<rect class=\"step shared-dns %s\" x=\"%.2f\" y=\"%d\" width=\"%.2f\" height=\"%d\">"
                            + "<title>shared DNS step: %d cluster(s), %d update(s), %.2f ms</title></rect>", d.error() == null ? "ok" : "failed",
                    axis.x(d.startEpochMicros()), y + 5, axis.w(d.startEpochMicros(), d.endEpochMicros()), ROW - 10,
                    d.clusters().size(), d.updates(), d.millis()));
            y += ROW;
        }
        return b.append("</svg>").toString();
    }
}
