package io.dbflip.serve;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Answers: JSON, HTML and plain text, always with a length and no caching. */
final class Http {
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Http() {
    }

    static void json(HttpExchange ex, int status, Object body) throws IOException {
        send(ex, status, "application/json", JSON.writeValueAsBytes(body));
    }

    static void html(HttpExchange ex, int status, String page) throws IOException {
        send(ex, status, "text/html; charset=utf-8", page.getBytes(StandardCharsets.UTF_8));
    }

    static void text(HttpExchange ex, int status, String text) throws IOException {
        send(ex, status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
    }

    static void send(HttpExchange ex, int status, String contentType, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", contentType);
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(status, head ? -1 : body.length);
        if (!head) {
            ex.getResponseBody().write(body);
        }
        ex.close();
    }

    /** The path's segments after the context, e.g. /api/clusters/x/flip → [clusters, x, flip]. */
    static String[] segments(HttpExchange ex) {
        String ctx = ex.getHttpContext().getPath();
        String rest = ex.getRequestURI().getPath().substring(Math.min(ctx.length(), ex.getRequestURI().getPath().length()));
        rest = rest.replaceAll("^/+|/+$", "");
        return rest.isEmpty() ? new String[0] : rest.split("/+");
    }
}
