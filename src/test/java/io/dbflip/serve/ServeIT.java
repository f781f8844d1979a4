package io.dbflip.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dbflip.flip.ServerOpener;
import io.dbflip.config.ClusterConfig;
import io.dbflip.config.ConfigLoader;
import io.dbflip.config.DbflipConfig;
import io.dbflip.config.SideConfig;
import io.dbflip.flip.Topology;
import io.dbflip.journal.Journal;
import io.dbflip.journal.Journals;
import io.dbflip.mysql.Connector;
import io.dbflip.mysql.Server;
import io.dbflip.mysql.Sql;
import io.dbflip.objects.DefinerPolicy;
import io.dbflip.objects.ObjectsMigration;
import io.dbflip.sandbox.Sandbox;
import io.dbflip.sandbox.SandboxOptions;
import io.dbflip.sandbox.SandboxServer;
import io.dbflip.verify.InSync;
import io.dbflip.verify.Probe;
import io.dbflip.verify.ProbeCheck;
import io.dbflip.verify.ProbeResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code dbflip serve} on a sandbox, in this JVM on a free loopback port: the token guards every
 * request, the API flips the cluster under a probe that loses nothing, /metrics counts the flip,
 * and Chromium renders the dashboard and the report (one bar per step, no console error).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServeIT {
    static Path dir;
    static Sandbox sandbox;
    static DbflipConfig config;
    static ClusterConfig cluster;
    static Journal journal;
    static Connector connector;
    static ServerOpener opener;
    static DashboardServer server;
    static Fleet fleet;
    static FlipService flips;
    static ServeMetrics metrics;
    static String token;
    static String base;
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final ObjectMapper JSON = new ObjectMapper();
    static int flipsRun;
    static String flipId;

    @BeforeAll
    static void up() throws Exception {
        dir = Files.createTempDirectory("dbflip-serve-it-");
        sandbox = Sandbox.up(dir.resolve("sb"), SandboxOptions.defaults());
        config = ConfigLoader.load(sandbox.configFile());
        cluster = config.clusters().get(0);
        journal = Journals.open(dir.resolve("journal").toString(), null);
        opener = new ServerOpener();
        connector = new Connector(Duration.ofSeconds(3), Duration.ofSeconds(10));
        carryObjects();
        token = UUID.randomUUID().toString();
        Path reports = dir.resolve("reports");
        fleet = new Fleet(config, connector, journal, reports);
        metrics = new ServeMetrics(fleet::lags);
        flips = new FlipService(config, opener, journal, reports, metrics, "serve-it");
        server = new DashboardServer(new InetSocketAddress("127.0.0.1", 0), new BearerAuth(token, false), fleet, flips, metrics).start();
        base = "http://127.0.0.1:" + server.address().getPort();
    }

    @AfterAll
    static void down() throws Exception {
        if (server != null) {
            server.close();
        }
        if (opener != null) {
            opener.close();
        }
        if (connector != null) {
            connector.close();
        }
        if (journal != null) {
            journal.close();
        }
        if (sandbox != null) {
            sandbox.down();
        }
        SandboxServer.deleteTree(dir);
    }

    static void carryObjects() {
        Topology t = Topology.read(cluster, opener);
        try (Server a = admin(t.master()); Server b = admin(t.replica())) {
            new ObjectsMigration(a, t.master(), b, t.replica(), List.of()).apply(DefinerPolicy.REWRITE, null, false, false);
        }
    }

    static Server admin(SideConfig s) {
        return opener.open(s, s.admin());
    }

    static HttpResponse<String> get(String path, String bearer) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).GET();
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> post(String path, String bearer, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(120))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    @Order(1)
    void everyRequestNeedsTheTokenAndAWrongOneGetsNoHint() throws Exception {
        for (String path : List.of("/api/clusters", "/", "/metrics", "/api/flips/x", "/clusters/" + cluster.name())) {
            HttpResponse<String> none = get(path, null);
            // a wrong token: the right one with its 36th character changed (appending "0" was the right token
            // whenever that character was already "0", 1 run in 16)
            HttpResponse<String> wrong = get(path, token.substring(0, 35) + (token.charAt(35) == '0' ? "1" : "0"));
            assertThat(none.statusCode()).as(path).isEqualTo(401);
            assertThat(wrong.statusCode()).as(path).isEqualTo(401);
            // the same answer whether the token was missing or wrong, and nothing of the token in it
            assertThat(wrong.body()).isEqualTo(none.body()).isEqualTo("unauthorized\n");
            assertThat(filtered(wrong)).isEqualTo(filtered(none));
        }
        HttpResponse<String> noFlip = post("/api/clusters/" + cluster.name() + "/flip", null, "{\"dry_run\":false}");
        assertThat(noFlip.statusCode()).isEqualTo(401);
        assertThat(Topology.read(cluster, opener).master().role()).as("no token, no flip").isEqualTo(master());

        HttpResponse<String> ok = get("/api/clusters", token);
        assertThat(ok.statusCode()).isEqualTo(200);
        JsonNode rows = JSON.readTree(ok.body());
        assertThat(rows).hasSize(config.clusters().size());
        assertThat(rows.get(0).get("cluster").asText()).isEqualTo(cluster.name());
        assertThat(rows.get(0).get("master").asText()).isEqualTo(master());
        // DNS as the authoritative server answers: every record of the cluster names the master
        JsonNode dns = rows.get(0).get("dns");
        assertThat(dns).hasSize(cluster.dns().size()).isNotEmpty();
        dns.forEach(d -> assertThat(d.get("points_at").asText()).as(d.toString()).isEqualTo(master()));
        assertThat(dns.get(0).get("values").get(0).asText()).isEqualTo(cluster.side(master()).orElseThrow().host());
    }

    static Map<String, List<String>> filtered(HttpResponse<String> r) {
        Map<String, List<String>> m = new LinkedHashMap<>(r.headers().map());
        m.keySet().removeIf(k -> k.equalsIgnoreCase("date"));
        return m;
    }

    static String master() {
        return Topology.read(cluster, opener).master().role();
    }

    @Test
    @Order(2)
    void flipThroughTheApiUnderAProbeLosesNothing() throws Exception {
        String from = master();
        String to = cluster.other(cluster.side(from).orElseThrow()).role();
        HttpResponse<String> dry = post("/api/clusters/" + cluster.name() + "/flip", token, "{\"dry_run\":true,\"to\":\"" + to + "\"}");
        assertThat(dry.statusCode()).as(dry.body()).isEqualTo(200);
        assertThat(JSON.readTree(dry.body()).get("ok").asBoolean()).isTrue();
        assertThat(master()).as("a dry run changes nothing").isEqualTo(from);

        HttpResponse<String> badSide = post("/api/clusters/" + cluster.name() + "/flip", token, "{\"to\":\"nowhere\"}");
        assertThat(badSide.statusCode()).as(badSide.body()).isEqualTo(400);
        assertThat(post("/api/clusters/no-such/flip", token, "{}").statusCode()).isEqualTo(404);

        Probe probe = probe();
        probe.start();
        Thread.sleep(1000);
        HttpResponse<String> flip = post("/api/clusters/" + cluster.name() + "/flip", token, "{\"dry_run\":false,\"to\":\"" + to + "\"}");
        Thread.sleep(700);
        ProbeResult result = probe.stop();
        assertThat(flip.statusCode()).as(flip.body()).isEqualTo(200);
        flipsRun++;
        JsonNode answer = JSON.readTree(flip.body());
        assertThat(answer.get("outcome").asText()).isEqualTo("completed");
        flipId = answer.get("flip_id").asText();
        assertThat(master()).isEqualTo(to);

        ProbeCheck.Outcome outcome = check(result);
        assertThat(result.acknowledged()).isGreaterThan(500);
        assertThat(outcome.lost()).as(outcome.toString()).isZero();
        assertThat(outcome.oneSidedRows()).as(outcome.toString()).isZero();
        System.out.printf("API flip %s→%s: internal blackout %.1f ms, client-seen %.1f ms%n", from, to,
                answer.get("blackout_ms").asDouble(), result.maxGapDuring(result.startedEpochMicros(), result.stoppedEpochMicros()));

        HttpResponse<String> report = get("/api/flips/" + flipId, token);
        assertThat(report.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(report.body()).get("steps").size()).isGreaterThan(10);
        JsonNode c = JSON.readTree(get("/api/clusters/" + cluster.name(), token).body());
        assertThat(c.get("master").asText()).isEqualTo(to);
        assertThat(c.get("sides")).hasSize(2);
        assertThat(c.get("history").get(0).get("id").asText()).isEqualTo(flipId);
        assertThat(c.get("dns").get(0).get("points_at").asText()).as("DNS follows the flip").isEqualTo(to);
        assertThat(Files.exists(dir.resolve("reports").resolve("flip-" + flipId + ".html"))).isTrue();
    }

    @Test
    @Order(3)
    void fleetFlipThroughTheApi() throws Exception {
        String from = master();
        assertThat(post("/api/fleet/flip", null, "{}").statusCode()).isEqualTo(401);
        assertThat(post("/api/fleet/flip", token, "{\"select\":\"shard=8..1\"}").statusCode()).isEqualTo(400);
        HttpResponse<String> run = post("/api/fleet/flip", token, "{\"select\":\"*\",\"parallel\":1}");
        assertThat(run.statusCode()).as(run.body()).isEqualTo(200);
        flipsRun++;
        JsonNode answer = JSON.readTree(run.body());
        assertThat(answer.get("results").get(0).get("outcome").asText()).isEqualTo("flipped");
        assertThat(master()).isNotEqualTo(from);
        assertThat(Files.exists(dir.resolve("reports").resolve(answer.get("html").asText()))).isTrue();
    }

    @Test
    @Order(4)
    void metricsCountTheFlipsThatRan() throws Exception {
        HttpResponse<String> m = get("/metrics", token);
        assertThat(m.statusCode()).isEqualTo(200);
        assertThat(m.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        Map<String, Double> samples = MetricsText.parse(m.body());
        String c = "cluster=\"" + cluster.name() + "\"";
        assertThat(samples.get("dbflip_write_blackout_seconds_count{" + c + "}")).isEqualTo((double) flipsRun);
        assertThat(samples.get("dbflip_write_blackout_seconds_bucket{" + c + ",le=\"+Inf\"}")).isEqualTo((double) flipsRun);
        assertThat(samples.entrySet().stream().filter(e -> e.getKey().startsWith("dbflip_flips_total{") && e.getKey().contains(c)
                && e.getKey().contains("outcome=\"completed\"")).mapToDouble(Map.Entry::getValue).sum()).isEqualTo(flipsRun);
        assertThat(samples.keySet()).anyMatch(k -> k.startsWith("dbflip_flip_step_seconds_count{") && k.contains("step=\"3\""));
        assertThat(samples.keySet()).anyMatch(k -> k.startsWith("dbflip_last_flip_timestamp_seconds{"));
        assertThat(samples.keySet()).anyMatch(k -> k.startsWith("dbflip_replication_lag_seconds{" + c));
        assertThat(m.body()).doesNotContain(token);
    }

    @Test
    @Order(5)
    void chromiumRendersTheDashboardAndTheReport() throws Exception {
        Path pages = dir.resolve("pages");
        Files.createDirectories(pages);
        // Chromium cannot send the bearer token on a navigation: the pages are fetched with it and opened from files
        Chromium.Page fleet = Chromium.dumpDom(save(pages, "fleet.html", get("/", token)));
        assertThat(fleet.consoleErrors()).isEmpty();
        String row = fleet.dom().substring(fleet.dom().indexOf("data-cluster=\"" + cluster.name() + "\""));
        assertThat(row.substring(0, row.indexOf("</tr>"))).contains("<td class=\"master\">" + master() + "</td>")
                .contains("<div class=\"ok\" data-points-at=\"" + master() + "\">");
        assertThat(Chromium.count(row.substring(0, row.indexOf("</tr>")), "data-points-at=\"" + master() + "\""))
                .isEqualTo(cluster.dns().size());

        JsonNode report = JSON.readTree(get("/api/flips/" + flipId, token).body());
        Chromium.Page page = Chromium.dumpDom(save(pages, "flip.html", get("/flips/" + flipId, token)));
        assertThat(page.consoleErrors()).isEmpty();
        assertThat(Chromium.count(page.dom(), "<rect class=\"step ")).isEqualTo(report.get("steps").size());
        assertThat(page.dom()).contains("id=\"blackout\"");

        Chromium.Page saved = Chromium.dumpDom(dir.resolve("reports").resolve("flip-" + flipId + ".html"));
        assertThat(saved.consoleErrors()).isEmpty();
        assertThat(Chromium.count(saved.dom(), "<rect class=\"step ")).isEqualTo(report.get("steps").size());

        // pictures for docs/ (bin/assemble-readme's README shows them): the report's timeline and the fleet table
        Path shots = Path.of("target", "screenshots");
        Files.createDirectories(shots);
        Chromium.screenshot(dir.resolve("reports").resolve("flip-" + flipId + ".html"), shots.resolve("report-timeline.png"), 1000, 900);
        Chromium.screenshot(pages.resolve("fleet.html"), shots.resolve("dashboard-fleet.png"), 1200, 300);
        assertThat(Files.size(shots.resolve("report-timeline.png"))).isGreaterThan(10_000);

        Chromium.Page clusterPage = Chromium.dumpDom(save(pages, "cluster.html", get("/clusters/" + cluster.name(), token)));
        assertThat(clusterPage.consoleErrors()).isEmpty();
        assertThat(clusterPage.dom()).contains("id=\"master\">" + master() + "</b>", "data-flip=\"" + flipId + "\"");
    }

    @Test
    @Order(6)
    void theLiveViewShowsAFlipsStepsAsTheyRun() throws Exception {
        // the page's script polls the API: Chromium cannot send the token, so a second listener of the
        // same service lets reads through (--public-reads); a flip still needs the token
        try (DashboardServer pub = new DashboardServer(new InetSocketAddress("127.0.0.1", 0), new BearerAuth(token, true),
                fleet, flips, metrics).start()) {
            String pubBase = "http://127.0.0.1:" + pub.address().getPort();
            String from = master();
            String to = cluster.other(cluster.side(from).orElseThrow()).role();
            java.util.concurrent.CompletableFuture<Chromium.Page> page = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    return Chromium.dumpDomAfterScripts(pubBase + "/live/clusters/" + cluster.name(), 30_000);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            // the page is loaded when its long poll waits for a change; only then does the flip start
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (flips.live().waiting() == 0) {
                assertThat(System.nanoTime()).as("the live page polls the server").isLessThan(deadline);
                assertThat(page).as("chromium ended before its page polled").isNotDone();
                Thread.sleep(20);
            }
            Probe probe = probe();
            probe.start();
            Thread.sleep(500);
            HttpResponse<String> started = post("/api/clusters/" + cluster.name() + "/flip", token,
                    "{\"wait\":false,\"to\":\"" + to + "\"}");
            assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
            JsonNode answer = JSON.readTree(started.body());
            String id = answer.get("flip_id").asText();
            assertThat(answer.get("live").asText()).isEqualTo("/live/flips/" + id);
            JsonNode live = JSON.readTree(get("/api/flips/" + id + "/live", token).body());
            long v = live.get("version").asLong();
            while (live.get("flip").get("state").asText().equals("running")) {
                live = JSON.readTree(get("/api/flips/" + id + "/live?after=" + v, token).body());
                v = live.get("version").asLong();
            }
            Thread.sleep(500);
            ProbeResult result = probe.stop();
            assertThat(live.get("flip").get("state").asText()).isEqualTo("completed");
            assertThat(master()).isEqualTo(to);
            ProbeCheck.Outcome outcome = check(result);
            assertThat(outcome.lost()).as(outcome.toString()).isZero();
            assertThat(outcome.oneSidedRows()).as(outcome.toString()).isZero();

            Chromium.Page p = page.get(150, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(p.consoleErrors()).isEmpty();
            int steps = JSON.readTree(get("/api/flips/" + id, token).body()).get("steps").size();
            // the page's own script holds the markup it draws: count in what it drew, not in its source
            String dom = p.dom().replaceAll("(?s)<script>.*?</script>", "");
            assertThat(dom).contains("data-flip=\"" + id + "\" data-state=\"completed\"", "id=\"status\" class=\"muted\">finished<");
            assertThat(Chromium.count(dom, "<tr data-step=")).isEqualTo(steps);
            // what the page drew, redraw by redraw: the flip before (or none), then this one running with
            // fewer steps than it ends with, then completed with every step
            String seen = dom.replaceAll("(?s).*data-seen=\"([^\"]*)\".*", "$1");
            List<String> draws = List.of(seen.split(" "));
            System.out.println("live page draws: " + seen);
            assertThat(draws.get(draws.size() - 1)).isEqualTo("completed:" + steps);
            List<Integer> running = draws.stream().filter(d -> d.startsWith("running:"))
                    .map(d -> Integer.parseInt(d.substring(8))).toList();
            // drawn while it ran: more steps each time, and at least once fewer than it ends with
            // (all of them may be drawn once more between the last step and the outcome)
            assertThat(running).as(seen).isNotEmpty().isSorted().allMatch(n -> n <= steps).anyMatch(n -> n < steps);
            assertThat(draws.indexOf("running:" + running.get(0))).isGreaterThan(0);

            Path shots = Path.of("target", "screenshots");
            Files.createDirectories(shots);
            // the page as drawn, without its script (from a file it would poll nothing and say so)
            Path saved = Files.writeString(dir.resolve("live.html"), dom);
            Chromium.screenshot(saved, shots.resolve("dashboard-live.png"), 1000, 700);
        }
    }

    record Cli(int code, String out, String err) {
    }

    /** ./dbflip in its own process, as an operator runs it; standard output and error to files (no terminal). */
    static Cli cli(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(Path.of("dbflip").toAbsolutePath().toString()));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "cli-", ".out");
        Path err = Files.createTempFile(dir, "cli-", ".err");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(p.waitFor(300, java.util.concurrent.TimeUnit.SECONDS)).as(String.join(" ", args)).isTrue();
        return new Cli(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    @Test
    @Order(7)
    void theCliDrawsProgressOnStandardErrorKeepsJsonParseableAndQuietSilencesIt() throws Exception {
        String cfg = sandbox.configFile().toString();
        String journalDir = dir.resolve("cli-journal").toString();
        String from = master();
        Cli json = cli("fleet", "flip", "--select", "*", "--yes", "--json", "-c", cfg, "--journal", journalDir);
        assertThat(json.code()).as(json.err()).isZero();
        // standard output is the JSON report and nothing else (the summary line used to follow it there)
        JsonNode report = JSON.reader().with(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .readTree(json.out());
        assertThat(report.get("results").get(0).get("outcome").asText()).isEqualTo("flipped");
        assertThat(json.err()).contains("fleet: 100% 1 of 1 clusters done", " in all (0 running, 0 waiting)", "done (parallel 1)");
        assertThat(master()).isNotEqualTo(from);

        Cli quiet = cli("fleet", "flip", "--select", "*", "--yes", "--quiet", "-c", cfg, "--journal", journalDir);
        assertThat(quiet.code()).as(quiet.err()).isZero();
        assertThat(quiet.out()).contains("flipped", "done (parallel 1)");
        assertThat(quiet.err()).doesNotContain("clusters done").doesNotContain("fleet: ");
        assertThat(master()).isEqualTo(from);

        Cli verify = cli("verify", cluster.name(), "-c", cfg);
        assertThat(verify.code()).as(verify.out() + verify.err()).isZero();
        assertThat(verify.err()).containsPattern("verify \\S+ vs \\S+: 100% (\\d+) of \\1 tables, .* in all \\(\\d+ chunks\\)");
        Cli verifyQuiet = cli("-q", "verify", cluster.name(), "-c", cfg);
        assertThat(verifyQuiet.code()).isZero();
        // the result still prints, whole: --quiet silences progress only
        assertThat(verifyQuiet.out().lines().count()).isEqualTo(verify.out().lines().count()).isPositive();
        assertThat(verifyQuiet.err()).doesNotContain("tables").doesNotContain("in all");
    }

    static Path save(Path dir, String name, HttpResponse<String> r) throws Exception {
        assertThat(r.statusCode()).isEqualTo(200);
        return Files.writeString(dir.resolve(name), r.body());
    }

    static Probe probe() {
        Map<String, String> env = sandbox.env();
        try (Server s = admin(Topology.read(cluster, opener).master())) {
            s.execute(Sql.of("CREATE DATABASE IF NOT EXISTS " + Probe.SCHEMA));
            s.execute(Sql.of(Probe.CREATE_TABLE));
        }
        return new Probe(new Probe.Options("serve-it", env.get("DBFLIP_DNS_SERVER"), env.get("DBFLIP_DNS_NAME"),
                cluster.sides().get(0).port(), env.get("DBFLIP_APP_USER"), env.get("DBFLIP_APP_PASSWORD"), 500,
                sandbox.layout().tls()));
    }

    static ProbeCheck.Outcome check(ProbeResult result) {
        Topology t = Topology.read(cluster, opener);
        try (Server m = admin(t.master()); Server r = admin(t.replica())) {
            InSync.await(m, r, Duration.ofSeconds(30));
            Map<String, Server> servers = new LinkedHashMap<>();
            servers.put(t.master().role(), m);
            servers.put(t.replica().role(), r);
            return ProbeCheck.check(result, servers);
        }
    }
}
