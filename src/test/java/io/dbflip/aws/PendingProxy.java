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
import java.util.Set;

/**
 * A pass-through in front of moto that reports every Route 53 change as PENDING. moto 5.2.4 answers INSYNC
 * to every ChangeResourceRecordSets and GetChange (route53/responses.py hard-codes it; its /moto-api/config
 * knows only batch, lambda and stepfunctions), so a change that never syncs needs this: the records do change
 * in moto, only the status lies, as a Route 53 that is slow to sync would.
 */
public final class PendingProxy implements AutoCloseable {
    private static final Set<String> HOP = Set.of("host", "connection", "content-length", "expect", "upgrade",
            "transfer-encoding", "keep-alive");
    private final HttpServer server;
    private final HttpClient client = HttpClient.newHttpClient();

    public PendingProxy(URI target) throws IOException {
        server = HttpServer.create(new InetSocketAddress(Moto.HOST, 0), 0);
        server.createContext("/", ex -> {
            try (InputStream in = ex.getRequestBody()) {
                byte[] body = in.readAllBytes();
                HttpRequest.Builder b = HttpRequest.newBuilder(target.resolve(ex.getRequestURI().toString()))
                        .method(ex.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(body));
                ex.getRequestHeaders().forEach((k, vs) -> {
                    if (!HOP.contains(k.toLowerCase())) {
                        vs.forEach(v -> b.header(k, v));
                    }
                });
                HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
                byte[] out = r.body().replace("<Status>INSYNC</Status>", "<Status>PENDING</Status>")
                        .getBytes(StandardCharsets.UTF_8);
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
