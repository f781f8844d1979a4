package io.dbflip.serve;

import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP server of {@code dbflip serve}: the JDK's own, a small pool of threads, and the
 * bearer token in front of every context (dashboard, API and metrics alike).
 */
public final class DashboardServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService pool;

    public DashboardServer(InetSocketAddress listen, BearerAuth auth, Fleet fleet, FlipService flips, ServeMetrics metrics)
            throws IOException {
        server = HttpServer.create(listen, 64);
        // live pages hold a thread for a long poll (at most LiveFlips.MAX_WAITING of them): room for the rest
        pool = Executors.newFixedThreadPool(8 + LiveFlips.MAX_WAITING, r -> {
            Thread t = new Thread(r, "dbflip-serve");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(pool);
        context("/", new Dashboard(fleet), auth);
        context("/api/", new Api(fleet, flips), auth);
        context("/metrics", ex -> metrics(ex, metrics), auth);
    }

    private void context(String path, com.sun.net.httpserver.HttpHandler h, BearerAuth auth) {
        HttpContext c = server.createContext(path, h);
        c.getFilters().add(auth);
    }

    private static void metrics(HttpExchange ex, ServeMetrics metrics) throws IOException {
        // the lag is read from the servers at scrape time; an unreachable one is left out, not an error
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        metrics.write(out);
        Http.send(ex, 200, ServeMetrics.contentType(), out.toByteArray());
    }

    public DashboardServer start() {
        server.start();
        return this;
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    @Override
    public void close() {
        server.stop(1);
        pool.shutdown();
        try {
            pool.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
