package io.dbflip.serve;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Every request needs {@code Authorization: Bearer TOKEN}. A missing token and a wrong one get
 * the same 401 and the same body, so a caller learns nothing; the comparison takes the same time
 * whatever the guess; the token is never logged.
 */
public final class BearerAuth extends Filter {
    static final byte[] DENIED = "unauthorized\n".getBytes(StandardCharsets.UTF_8);

    private final byte[] token;
    private final boolean publicReads;

    /** {@code publicReads}: GET and HEAD pass without a token (a dashboard on a trusted network). */
    public BearerAuth(String token, boolean publicReads) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("the API token is empty");
        }
        this.token = ("Bearer " + token.strip()).getBytes(StandardCharsets.UTF_8);
        this.publicReads = publicReads;
    }

    @Override
    public void doFilter(HttpExchange ex, Chain chain) throws IOException {
        boolean read = ex.getRequestMethod().equals("GET") || ex.getRequestMethod().equals("HEAD");
        if ((publicReads && read) || allowed(ex.getRequestHeaders().getFirst("Authorization"))) {
            chain.doFilter(ex);
            return;
        }
        ex.getResponseHeaders().set("WWW-Authenticate", "Bearer");
        ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        ex.sendResponseHeaders(401, DENIED.length);
        ex.getResponseBody().write(DENIED);
        ex.close();
    }

    boolean allowed(String header) {
        byte[] given = header == null ? new byte[0] : header.strip().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(given, token);
    }

    @Override
    public String description() {
        return "bearer token";
    }
}
