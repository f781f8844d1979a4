package io.dbflip.serve;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.dbflip.config.ClusterConfig;
import io.dbflip.fleet.FleetStatus;
import io.dbflip.flip.ClusterDns;
import io.dbflip.flip.FlipReport;
import io.dbflip.journal.FlipRecord;
import io.dbflip.report.FlipHtml;
import io.dbflip.report.HistoryHtml;
import io.dbflip.report.Html;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The dashboard, rendered on the server: the fleet table at {@code /}, a cluster's page at
 * {@code /clusters/NAME} (both sides, history, its last reports with their timelines), and each
 * flip's report at {@code /flips/ID}: no script, a page is whole when it arrives. The live pages
 * ({@code /live}, {@code /live/clusters/NAME}, {@code /live/flips/ID}, see LivePage) carry a little
 * plain JavaScript that polls this server's own JSON.
 */
final class Dashboard implements HttpHandler {
    private static final String NAV = "<nav><a href=\"/\">fleet</a><a href=\"/live\">live</a><a href=\"/metrics\">metrics</a></nav>\n";
    private final Fleet fleet;

    Dashboard(Fleet fleet) {
        this.fleet = fleet;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        String[] p = Http.segments(ex);
        try {
            if (!ex.getRequestMethod().equals("GET") && !ex.getRequestMethod().equals("HEAD")) {
                Http.text(ex, 405, "GET only\n");
            } else if (p.length == 0) {
                Http.html(ex, 200, Html.page("dbflip fleet", NAV + fleetTable(fleet.status(), fleet.dns(fleet.clusters()))));
            } else if (p.length == 2 && p[0].equals("clusters") && fleet.cluster(p[1]).isPresent()) {
                Http.html(ex, 200, Html.page("dbflip " + p[1], NAV + clusterPage(fleet.cluster(p[1]).get())));
            } else if (p.length == 1 && p[0].equals("live")) {
                Http.html(ex, 200, LivePage.render("dbflip live", "Live: every flip of this server", "/api/live", true));
            } else if (p.length == 3 && p[0].equals("live") && p[1].equals("clusters") && fleet.cluster(p[2]).isPresent()) {
                Http.html(ex, 200, LivePage.render("dbflip live " + p[2], "Live: " + p[2],
                        "/api/clusters/" + URLEncoder.encode(p[2], StandardCharsets.UTF_8) + "/live", false));
            } else if (p.length == 3 && p[0].equals("live") && p[1].equals("flips") && p[2].matches("[A-Za-z0-9._-]+")) {
                Http.html(ex, 200, LivePage.render("dbflip live " + p[2], "Live: flip " + p[2], "/api/flips/" + p[2] + "/live", false));
            } else if (p.length == 2 && p[0].equals("flips") && fleet.report(p[1]).isPresent()) {
                Http.html(ex, 200, FlipHtml.render(fleet.report(p[1]).get(), null));
            } else {
                Http.html(ex, 404, Html.page("not found", NAV + "<p>not found</p>"));
            }
        } catch (RuntimeException e) {
            Http.html(ex, 500, Html.page("error", NAV + "<p class=\"fail\">" + Html.esc(e.getMessage()) + "</p>"));
        }
    }

    private static String labels(Map<String, String> labels) {
        return labels == null ? "" : labels.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(java.util.stream.Collectors.joining(","));
    }

    static String fleetTable(List<FleetStatus.Row> rows, Map<String, List<ClusterDns.Named>> dns) {
        StringBuilder b = new StringBuilder("<h1>Fleet</h1>\n<table id=\"fleet\"><tr><th>cluster</th><th>labels</th><th>master</th>"
                + "<th>replication</th><th>DNS</th><th>last flip</th><th>blackout</th><th>lock</th></tr>\n");
        for (FleetStatus.Row r : rows) {
            b.append("<tr data-cluster=\"").append(Html.esc(r.cluster())).append("\"><td><a href=\"/clusters/")
                    .append(Html.esc(URLEncoder.encode(r.cluster(), StandardCharsets.UTF_8))).append("\">").append(Html.esc(r.cluster()))
                    .append("</a></td><td>").append(Html.esc(labels(r.labels()))).append("</td><td class=\"master\">")
                    .append(Html.esc(r.master())).append("</td><td>");
            for (Map.Entry<String, String> e : r.replication().entrySet()) {
                boolean bad = e.getValue().startsWith("DOWN") || e.getValue().contains("BROKEN");
                b.append("<div class=\"").append(bad ? "fail" : "ok").append("\">").append(Html.esc(e.getKey())).append(": ")
                        .append(Html.esc(e.getValue())).append("</div>");
            }
            b.append("</td><td class=\"dns\">").append(dnsCell(r.master(), dns.getOrDefault(r.cluster(), List.of())));
            b.append("</td><td>").append(r.lastFlip() == null ? "never flipped" : Html.esc(r.lastFlip())).append("</td><td class=\"num\">")
                    .append(Html.ms(r.lastBlackoutMillis())).append("</td><td>").append(Html.esc(r.lockHolder())).append("</td></tr>\n");
        }
        return b.append("</table>\n").toString();
    }

    /** Each record and the side it names: green when that is the master, red when not (or unreadable). */
    static String dnsCell(String master, List<ClusterDns.Named> records) {
        if (records.isEmpty()) {
            return "<span class=\"muted\">none</span>";
        }
        StringBuilder b = new StringBuilder();
        for (ClusterDns.Named n : records) {
            boolean ok = n.error() == null && n.side().equals(master);
            b.append("<div class=\"").append(ok ? "ok" : "fail").append("\" data-points-at=\"").append(Html.esc(n.side() == null ? "" : n.side()))
                    .append("\">").append(Html.esc(n.record())).append(" → ")
                    .append(n.error() != null ? "unreadable: " + Html.esc(n.error()) : Html.esc(n.side()) + " " + Html.esc(n.values()))
                    .append("</div>");
        }
        return b.toString();
    }

    private String clusterPage(ClusterConfig c) {
        StringBuilder b = new StringBuilder();
        FleetStatus.Row row = fleet.status(c);
        b.append("<h1>").append(Html.esc(c.name())).append("</h1>\n<p>master: <b id=\"master\">").append(Html.esc(row.master()))
                .append("</b> ").append(Html.esc(labels(c.labels()))).append(" <a href=\"/live/clusters/")
                .append(Html.esc(URLEncoder.encode(c.name(), StandardCharsets.UTF_8))).append("\">watch its flips live</a></p>\n<h2>Sides</h2>\n<table id=\"sides\">")
                .append("<tr><th>side</th><th>address</th><th>reachable</th><th>writable</th><th>replicating from</th><th>lag s</th></tr>\n");
        for (Map<String, Object> s : fleet.sides(c)) {
            b.append("<tr><td>").append(Html.esc(s.get("role"))).append("</td><td>").append(Html.esc(s.get("address")))
                    .append("</td><td>").append(s.get("reachable")).append("</td><td>").append(s.get("writable")).append("</td><td>")
                    .append(Html.esc(s.getOrDefault("source", "–"))).append(Boolean.FALSE.equals(s.get("healthy")) ? " <b class=\"fail\">BROKEN</b>" : "")
                    .append("</td><td class=\"num\">").append(Html.esc(s.getOrDefault("lag_seconds", "–"))).append("</td></tr>\n");
        }
        b.append("</table>\n");
        List<FlipRecord> history = fleet.history(c.name(), 30);
        b.append(HistoryHtml.body(c.name(), history, fleet.reportDir(), "/flips/").replaceFirst("<h1>", "<h2>").replaceFirst("</h1>", "</h2>"));
        b.append("<h2>Last reports</h2>\n");
        int shown = 0;
        for (FlipRecord f : history) {
            Optional<FlipReport> r = fleet.report(f.id().value());
            if (r.isPresent() && shown++ < 3) {
                b.append("<section class=\"report\" data-flip=\"").append(Html.esc(f.id().value())).append("\">")
                        // several reports on one page: their ids become data-ids so that each id stays unique
                        .append(FlipHtml.body(r.get(), null).replaceAll("<(/?)h1>", "<$1h3>").replaceAll("<(/?)h2>", "<$1h4>")
                                .replace(" id=\"", " data-id=\""))
                        .append("<p><a href=\"/flips/").append(Html.esc(f.id().value())).append("\">full report</a></p></section>\n");
            }
        }
        if (shown == 0) {
            b.append("<p>none saved</p>\n");
        }
        return b.toString();
    }
}
