package io.dbflip.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.dbflip.config.ClusterConfig;
import io.dbflip.flip.FlipReport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The JSON API: {@code GET /api/clusters}, {@code GET /api/clusters/NAME}, {@code GET /api/flips/ID},
 * {@code POST /api/clusters/NAME/flip} with {@code {"dry_run": bool, "to": "SIDE"}}, {@code POST /api/fleet/flip}
 * (see FlipService#fleetFlip).
 */
final class Api implements HttpHandler {
    private final Fleet fleet;
    private final FlipService flips;

    Api(Fleet fleet, FlipService flips) {
        this.fleet = fleet;
        this.flips = flips;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        String[] p = Http.segments(ex);
        String method = ex.getRequestMethod();
        try {
            if (p.length == 1 && p[0].equals("live") && method.equals("GET")) {
                Http.json(ex, 200, flips.live().all(after(ex), LONG_POLL));
            } else if (p.length == 3 && p[0].equals("clusters") && p[2].equals("live") && method.equals("GET")) {
                if (fleet.cluster(p[1]).isEmpty()) {
                    Http.json(ex, 404, FlipService.error(404, "no cluster named '" + p[1] + "'").body());
                } else {
                    Http.json(ex, 200, flips.live().cluster(p[1], after(ex), LONG_POLL));
                }
            } else if (p.length == 3 && p[0].equals("flips") && p[2].equals("live") && method.equals("GET")) {
                Map<String, Object> l = flips.live().flip(p[1], after(ex), LONG_POLL);
                Optional<FlipReport> r = l == null ? fleet.report(p[1]) : Optional.empty();
                if (l != null) {
                    Http.json(ex, 200, l);
                } else if (r.isPresent()) {
                    Http.json(ex, 200, Map.of("version", 0, "flip", finished(r.get())));
                } else {
                    Http.json(ex, 404, FlipService.error(404, "no flip '" + p[1] + "' here").body());
                }
            } else if (p.length == 1 && p[0].equals("clusters") && method.equals("GET")) {
                Http.json(ex, 200, fleet.rows());
            } else if (p.length == 2 && p[0].equals("clusters") && method.equals("GET")) {
                Optional<ClusterConfig> c = fleet.cluster(p[1]);
                if (c.isEmpty()) {
                    Http.json(ex, 404, FlipService.error(404, "no cluster named '" + p[1] + "'").body());
                } else {
                    Http.json(ex, 200, cluster(c.get()));
                }
            } else if (p.length == 2 && p[0].equals("flips") && method.equals("GET")) {
                Optional<FlipReport> r = fleet.report(p[1]);
                if (r.isEmpty()) {
                    Http.json(ex, 404, FlipService.error(404, "no report of flip '" + p[1] + "'").body());
                } else {
                    Http.send(ex, 200, "application/json", r.get().toJson().getBytes(StandardCharsets.UTF_8));
                }
            } else if (p.length == 3 && p[0].equals("clusters") && p[2].equals("flip")) {
                if (!method.equals("POST")) {
                    Http.json(ex, 405, FlipService.error(405, "POST only").body());
                    return;
                }
                JsonNode body = readBody(ex);
                if (body == null) {
                    Http.json(ex, 400, FlipService.error(400, "the body must be JSON: {\"dry_run\": bool, \"to\": \"SIDE\"}").body());
                    return;
                }
                String to = body.hasNonNull("to") ? body.get("to").asText() : null;
                boolean dryRun = body.path("dry_run").asBoolean(false);
                // "wait": false answers 202 as soon as the flip has started, with where to watch it
                FlipService.Answer a = !dryRun && !body.path("wait").asBoolean(true) ? flips.start(p[1], to)
                        : flips.flip(p[1], to, dryRun);
                Http.json(ex, a.status(), a.body());
            } else if (p.length == 2 && p[0].equals("fleet") && p[1].equals("flip") && method.equals("POST")) {
                JsonNode body = readBody(ex);
                FlipService.Answer a = body == null ? FlipService.error(400, "the body must be a JSON object") : flips.fleetFlip(body);
                Http.json(ex, a.status(), a.body());
            } else {
                Http.json(ex, 404, FlipService.error(404, "no such resource").body());
            }
        } catch (RuntimeException e) {
            Http.json(ex, 500, FlipService.error(500, e.getMessage()).body());
        }
    }

    /** A long poll answers at once when something changed, else after this; the page then asks again. */
    static final java.time.Duration LONG_POLL = java.time.Duration.ofSeconds(20);

    /** {@code ?after=VERSION}: the version the page has seen (-1, or absent: answer at once). */
    static long after(HttpExchange ex) {
        String q = ex.getRequestURI().getRawQuery();
        if (q != null) {
            for (String kv : q.split("&")) {
                if (kv.startsWith("after=")) {
                    try {
                        return Long.parseLong(kv.substring(6));
                    } catch (NumberFormatException e) {
                        return -1;
                    }
                }
            }
        }
        return -1;
    }

    /** A saved report in the live view's shape (a flip this server did not run, or ran before it restarted). */
    static Map<String, Object> finished(FlipReport r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("flip_id", r.flipId());
        m.put("cluster", r.cluster());
        m.put("from", r.from());
        m.put("to", r.to());
        m.put("state", r.outcome());
        m.put("blackout_ms", r.blackoutMillis());
        m.put("error", r.error());
        m.put("steps", r.steps().stream().map(s -> {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("no", s.no());
            x.put("name", s.name());
            x.put("result", s.result());
            x.put("ms", Math.round(s.millis() * 10) / 10.0);
            return x;
        }).toList());
        return m;
    }

    private Map<String, Object> cluster(ClusterConfig c) {
        Map<String, Object> m = new LinkedHashMap<>(Fleet.json(fleet.status(c), fleet.dns(List.of(c)).getOrDefault(c.name(), List.of())));
        m.put("sides", fleet.sides(c));
        List<Map<String, Object>> history = fleet.history(c.name(), 20).stream().map(Fleet::json).toList();
        m.put("history", history);
        return m;
    }

    private static JsonNode readBody(HttpExchange ex) {
        try {
            byte[] b = ex.getRequestBody().readNBytes(64 * 1024);
            if (b.length == 0) {
                return Http.JSON.createObjectNode();
            }
            JsonNode n = Http.JSON.readTree(b);
            return n != null && n.isObject() ? n : null;
        } catch (IOException e) {
            return null;
        }
    }
}
