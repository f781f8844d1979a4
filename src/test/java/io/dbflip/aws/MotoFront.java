package io.dbflip.aws;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.net.URLDecoder;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * A pass-through in front of moto for the two things moto 5.2.4 cannot do, each a named constructor:
 * {@link #pending} reports every Route 53 change as PENDING (route53/responses.py hard-codes INSYNC; its
 * /moto-api/config knows only batch, lambda and stepfunctions) — the records do change in moto, only the
 * status lies, as a Route 53 slow to sync would; {@link #restoreFromS3} takes RestoreDBClusterFromS3, which
 * moto lacks, and hands moto the same cluster as CreateDBCluster, so that every later call meets real state.
 * The request bodies it saw are kept for the tests to check what the SDK sent.
 */
public final class MotoFront implements AutoCloseable {
    private static final Set<String> HOP = Set.of("host", "connection", "content-length", "expect", "upgrade",
            "transfer-encoding", "keep-alive");
    private final HttpServer server;
    private final HttpClient client = HttpClient.newHttpClient();
    private final List<String> requests = new CopyOnWriteArrayList<>();

    public static MotoFront pending(URI moto) throws IOException {
        return new MotoFront(moto, UnaryOperator.identity(),
                body -> body.replace("<Status>INSYNC</Status>", "<Status>PENDING</Status>"));
    }

    /**
     * Route 53 changes stay PENDING from a change batch whose body contains {@code marker} (e.g. the new master's
     * address) until a batch without it comes (the rollback's): the flip's forward change never syncs, its revert
     * does. moto hands every change the same id, so the front goes by the batches it saw, not by ids.
     */
    public static MotoFront pendingFrom(URI moto, String marker) throws IOException {
        java.util.concurrent.atomic.AtomicBoolean holding = new java.util.concurrent.atomic.AtomicBoolean();
        return new MotoFront(moto, body -> {
            if (body.contains("<ChangeResourceRecordSetsRequest")) {
                holding.set(body.contains(marker));
            }
            return body;
        }, body -> holding.get() ? body.replace("<Status>INSYNC</Status>", "<Status>PENDING</Status>") : body);
    }

    /** S3-only parameters are dropped; the rest (identifier, engine, groups, parameter group, tags …) go to moto. */
    public static MotoFront restoreFromS3(URI moto) throws IOException {
        return new MotoFront(moto, body -> !body.contains("Action=RestoreDBClusterFromS3") ? body
                : Arrays.stream(body.split("&")).filter(p -> !p.matches("(S3BucketName|S3Prefix|S3IngestionRoleArn|SourceEngine"
                        + "|SourceEngineVersion)=.*")).map(p -> p.equals("Action=RestoreDBClusterFromS3") ? "Action=CreateDBCluster" : p)
                .collect(Collectors.joining("&")),
                body -> body.replace("CreateDBClusterResponse", "RestoreDBClusterFromS3Response")
                        .replace("CreateDBClusterResult", "RestoreDBClusterFromS3Result"));
    }

    /** The (url-decoded) request bodies this front passed on, in order, before any rewrite. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    private MotoFront(URI target, UnaryOperator<String> request, UnaryOperator<String> response) throws IOException {
        server = HttpServer.create(new InetSocketAddress(Moto.HOST, 0), 0);
        server.createContext("/", ex -> {
            try (InputStream in = ex.getRequestBody()) {
                String raw = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                requests.add(URLDecoder.decode(raw, StandardCharsets.UTF_8));
                byte[] body = request.apply(raw).getBytes(StandardCharsets.UTF_8);
                HttpRequest.Builder b = HttpRequest.newBuilder(target.resolve(ex.getRequestURI().toString()))
                        .method(ex.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(body));
                ex.getRequestHeaders().forEach((k, vs) -> {
                    if (!HOP.contains(k.toLowerCase())) {
                        vs.forEach(v -> b.header(k, v));
                    }
                });
                HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
                byte[] out = response.apply(r.body()).getBytes(StandardCharsets.UTF_8);
                r.headers().firstValue("content-type").ifPresent(v -> ex.getResponseHeaders().add("Content-Type", v));
                ex.sendResponseHeaders(r.statusCode(), out.length == 0 ? -1 : out.length);
                try (OutputStream os = ex.getResponseBody()) {
                    os.write(out);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                ex.sendResponseHeaders(502, -1);
            }
        });
        server.start();
    }

    public URI endpoint() {
        return URI.create("http://" + Moto.HOST + ":" + server.getAddress().getPort());
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
