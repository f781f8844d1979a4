package io.dbflip.coordinates;

/** Checks and normalises the three values every form carries: binlog file, position and GTID set. */
final class Values {
    private Values() {
    }

    /** A binlog file name as the server reports it: no path separators' worth of checking, just no junk. */
    static String binlogFile(String raw, String source, int line) {
        if (raw == null || raw.isEmpty()) {
            return null;
        }
        if (raw.length() > 512) {
            throw new CoordinatesParseException(source, line, "a binlog file name of at most 512 characters");
        }
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (Character.isWhitespace(c) || Character.isISOControl(c) || c == '\'' || c == '"' || c == '`') {
                throw new CoordinatesParseException(source, line,
                        "a binlog file name without spaces, quotes or control characters, found '"
                                + LineFields.abbreviate(raw) + "'");
            }
        }
        return raw;
    }

    static Long position(String raw, String source, int line) {
        if (raw == null || raw.isEmpty()) {
            return null;
        }
        boolean digits = raw.length() <= 19;
        for (int i = 0; i < raw.length() && digits; i++) {
            digits = raw.charAt(i) >= '0' && raw.charAt(i) <= '9';
        }
        if (!digits) {
            throw new CoordinatesParseException(source, line, "a position from 0 to " + Long.MAX_VALUE
                    + ", found '" + LineFields.abbreviate(raw) + "'");
        }
        try {
            return Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw new CoordinatesParseException(source, line, "a position from 0 to " + Long.MAX_VALUE
                    + ", found '" + raw + "'");
        }
    }

    /**
     * A GTID set with whitespace and line wraps removed: SHOW MASTER STATUS puts a newline after every comma and
     * xtrabackup 8.0's log wraps long sets anywhere, even inside a UUID. MySQL sets are {@code uuid[:tag]:1-5,…},
     * MariaDB's {@code domain-server-seq,…}; only their characters are accepted. Empty or "[]" means none.
     */
    static String gtidSet(String raw, String source, int line) {
        if (raw == null) {
            return null;
        }
        StringBuilder b = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (Character.isWhitespace(c)) {
                continue;
            }
            boolean ok = c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
                    || c == ':' || c == ',' || c == '-' || c == '_';
            if (!ok) {
                if (raw.strip().equals("[]")) {
                    return null;
                }
                throw new CoordinatesParseException(source, line,
                        "a GTID set like 'uuid:1-5,uuid:1-3' or '0-1-6,1-2-9', found '" + LineFields.abbreviate(raw)
                                + "'");
            }
            b.append(c);
        }
        return b.isEmpty() ? null : b.toString();
    }
}
