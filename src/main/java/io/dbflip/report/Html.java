package io.dbflip.report;

/** The little HTML every page shares: escaping and one inline stylesheet (no fetches, no CDN). */
public final class Html {
    private Html() {
    }

    public static String esc(Object o) {
        if (o == null) {
            return "";
        }
        String s = o.toString();
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    public static final String CSS = """
            body{font-family:system-ui,-apple-system,Segoe UI,Helvetica,Arial,sans-serif;margin:24px;color:#1d2330;background:#fff}
            h1{font-size:22px;margin:0 0 8px}h2{font-size:17px;margin:24px 0 8px}
            table{border-collapse:collapse;font-size:13px}th,td{border-bottom:1px solid #e3e6ec;padding:4px 8px;text-align:left;vertical-align:top}
            th{background:#f4f6f9}td.num{text-align:right;font-variant-numeric:tabular-nums}
            .ok{color:#17803d}.fail{color:#b42318}.muted{color:#6b7280}
            .summary span{display:inline-block;margin-right:18px}
            svg text{font-family:inherit;font-size:11px;fill:#1d2330}
            svg .step{fill:#3b82f6}svg .step.failed{fill:#b42318}svg .step.skipped{fill:#9ca3af}
            svg .blackout{fill:#f59e0b;fill-opacity:.22;stroke:#d97706;stroke-width:1}
            svg .ack{fill:#17803d;fill-opacity:.55}svg .gap{fill:#b42318}
            svg .axis{stroke:#9ca3af;stroke-width:1}svg .grid{stroke:#eef0f4;stroke-width:1}
            nav a{margin-right:12px}
            """;

    /** A whole page: head with the inline stylesheet, then the body. */
    public static String page(String title, String body) {
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
                + "<title>" + esc(title) + "</title><style>" + CSS + "</style></head><body>\n" + body + "\n</body></html>\n";
    }

    public static String ms(Double millis) {
        return millis == null ? "–" : String.format("%.1f ms", millis);
    }
}
