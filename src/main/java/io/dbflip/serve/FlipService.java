package io.dbflip.serve;

import io.dbflip.DbflipException;
import io.dbflip.ErrorCode;
import io.dbflip.config.ClusterConfig;
import io.dbflip.config.DbflipConfig;
import io.dbflip.fleet.ClusterResult;
import io.dbflip.fleet.FleetContext;
import io.dbflip.fleet.FleetFlip;
import io.dbflip.fleet.FleetReport;
import io.dbflip.flip.ClusterDns;
import io.dbflip.flip.FlipFailedException;
import io.dbflip.flip.FlipListener;
import io.dbflip.flip.FlipOperation;
import io.dbflip.flip.FlipReport;
import io.dbflip.flip.FlipSession;
import io.dbflip.journal.Journal;
import io.dbflip.report.FleetHtml;
import io.dbflip.report.Reports;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A flip asked for through the API, run in this JVM exactly as the CLI runs one: the same
 * FlipOperation, journal and cluster lock (so a CLI flip and an API flip of one cluster never run
 * at once), the same reports. Answers with an HTTP status and a JSON body.
 */
public final class FlipService {
    public record Answer(int status, Map<String, Object> body) {
    }

    private final DbflipConfig config;
    private final FlipSession.Opener opener;
    private final Journal journal;
    private final Path reportDir;
    private final ServeMetrics metrics;
    private final String operator;
    private final LiveFlips live = new LiveFlips();

    public FlipService(DbflipConfig config, FlipSession.Opener opener, Journal journal, Path reportDir, ServeMetrics metrics,
                       String operator) {
        this.config = config;
        this.opener = opener;
        this.journal = journal;
        this.reportDir = reportDir;
        this.metrics = metrics;
        this.operator = operator;
    }

    /** The flips this service runs, as they run (the live pages read it). */
    public LiveFlips live() {
        return live;
    }

    public Answer flip(String clusterName, String to, boolean dryRun) {
        return flip(clusterName, to, dryRun, FlipListener.NONE);
    }

    /**
     * Starts a flip and answers once it has started (202 with its id and where to watch it live), or
     * once it has ended without starting (a refused preflight: 409, as {@link #flip} answers). The
     * flip goes on in its own thread, under the same lock and journal as any other.
     */
    public Answer start(String clusterName, String to) {
        java.util.concurrent.CompletableFuture<String> started = new java.util.concurrent.CompletableFuture<>();
        FlipListener onStart = new FlipListener() {
            @Override
            public void flipStarted(String flipId, String c, String from, String toSide) {
                started.complete(flipId);
            }
        };
        java.util.concurrent.CompletableFuture<Answer> done = new java.util.concurrent.CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                done.complete(flip(clusterName, to, false, onStart));
            } catch (RuntimeException | Error e) {
                done.completeExceptionally(e);
            }
        }, "dbflip-api-flip-" + clusterName);
        t.setDaemon(true);
        t.start();
        try {
            java.util.concurrent.CompletableFuture.anyOf(started, done).get(5, java.util.concurrent.TimeUnit.MINUTES);
        } catch (java.util.concurrent.TimeoutException e) {
            return error(504, "the flip of " + clusterName + " has not started after 5 minutes (preflight still running?)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return error(500, "interrupted");
        } catch (java.util.concurrent.ExecutionException e) {
            // the flip ended: its own answer says how
        }
        if (started.isDone() && !started.isCompletedExceptionally()) {
            String id = started.join();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("flip_id", id);
            m.put("cluster", clusterName);
            m.put("state", "running");
            m.put("live", "/live/flips/" + id);
            m.put("report", "/api/flips/" + id);
            return new Answer(202, m);
        }
        return done.join();
    }

    private Answer flip(String clusterName, String to, boolean dryRun, FlipListener also) {
        ClusterConfig cluster = config.clusters().stream().filter(c -> c.name().equals(clusterName)).findFirst().orElse(null);
        if (cluster == null) {
            return error(404, "no cluster named '" + clusterName + "'");
        }
        AtomicReference<FlipOperation.Preview> seen = new AtomicReference<>();
        FlipOperation op = new FlipOperation(config, cluster, opener, new ClusterDns(config), journal);
        try {
            FlipReport r = op.run(new FlipOperation.Options(to, dryRun, reportDir, operator), p -> {
                seen.set(p);
                if (!p.ok()) {
                    metrics.preflightFailed(cluster.name(), p.checks());
                }
                return p.ok();
            }, FlipListener.both(live.listener(), also));
            if (r == null) {
                return new Answer(200, preview(seen.get(), true));
            }
            metrics.flipFinished(r);
            return new Answer(200, summary(r));
        } catch (FlipFailedException e) {
            if (e.report() != null) {
                metrics.flipFinished(e.report());
                Map<String, Object> body = summary(e.report());
                body.put("error", e.getMessage());
                return new Answer(500, body);
            }
            return error(500, e.getMessage());
        } catch (DbflipException e) {
            FlipOperation.Preview p = seen.get();
            if (p != null && !p.ok()) {
                metrics.flipNotRun(cluster.name(), p.from().role(), p.to().role(), "refused");
                Map<String, Object> body = preview(p, dryRun);
                body.put("error", e.getMessage());
                return new Answer(409, body);
            }
            int status = e.code() == ErrorCode.USAGE ? 400 : e.code() == ErrorCode.PRECONDITION ? 409 : 500;
            return error(status, e.getMessage());
        }
    }

    /**
     * A fleet run as {@code dbflip fleet flip} runs it, answered yes at every question (the request
     * is the confirmation): {@code select}, {@code to}, {@code canary}, {@code parallel},
     * {@code all_at_once}, {@code skip_failing}, {@code stop_on_failure}, {@code dry_run}.
     */
    public Answer fleetFlip(com.fasterxml.jackson.databind.JsonNode body) {
        java.util.List<ClusterConfig> selected;
        FleetFlip.Options o;
        try {
            String select = body.path("select").asText("*");
            selected = io.dbflip.fleet.Selection.parse(select.isBlank() ? "*" : select).select(config.clusters());
            o = new FleetFlip.Options(body.hasNonNull("to") ? body.get("to").asText() : null, body.path("canary").asInt(0),
                    body.path("parallel").asInt(1), body.path("all_at_once").asBoolean(false), body.path("skip_failing").asBoolean(false),
                    body.path("stop_on_failure").asBoolean(false), body.path("dry_run").asBoolean(false));
        } catch (DbflipException e) {
            return error(400, e.getMessage());
        }
        if (selected.isEmpty()) {
            return error(400, "the selection matches no cluster");
        }
        FleetContext ctx = new FleetContext(opener, new ClusterDns(config), journal, operator, reportDir, c -> live.listener());
        FleetReport r = new FleetFlip(ctx, null).run(selected, o, question -> true);
        for (ClusterResult c : r.results()) {
            FlipReport f = c.flipId() == null || o.dryRun() ? null : Reports.read(reportDir, c.flipId()).orElse(null);
            if (f != null) {
                metrics.flipFinished(f);
            } else if (!o.dryRun() && c.from() != null && c.to() != null && !c.outcome().equals(ClusterResult.ALREADY)) {
                metrics.flipNotRun(c.cluster(), c.from(), c.to(), c.outcome());
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mode", r.mode());
        m.put("exit_code", r.exitCode());
        m.put("summary", r.summary());
        m.put("wall_ms", r.wallMillis());
        m.put("results", r.results());
        m.put("shared_dns", r.sharedDns());
        if (!o.dryRun()) {
            m.put("html", FleetHtml.write(r, reportDir).getFileName().toString());
        }
        return new Answer(r.exitCode() == 0 ? 200 : r.exitCode() == 3 ? 409 : 500, m);
    }

    static Map<String, Object> summary(FlipReport r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("flip_id", r.flipId());
        m.put("cluster", r.cluster());
        m.put("from", r.from());
        m.put("to", r.to());
        m.put("outcome", r.outcome());
        m.put("blackout_ms", r.blackoutMillis());
        m.put("report", "/api/flips/" + r.flipId());
        m.put("html", "/flips/" + r.flipId());
        return m;
    }

    private static Map<String, Object> preview(FlipOperation.Preview p, boolean dryRun) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dry_run", dryRun);
        m.put("ok", p.ok());
        m.put("from", p.from().role());
        m.put("to", p.to().role());
        m.put("checks", p.checks());
        m.put("plan", p.plan());
        return m;
    }

    static Answer error(int status, String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("error", message);
        return new Answer(status, m);
    }
}
