package io.dbflip.config;

import io.dbflip.DbflipException;

import java.util.ArrayList;
import java.util.List;

/**
 * The errors and warnings found while loading, each {@code FILE:LINE: FIELD: what (expected)}.
 * All are collected so the user fixes a file in one pass instead of one error per run.
 */
final class Problems {
    /** Past this many, the rest are counted, not listed: a wrong file type would otherwise print thousands. */
    static final int MAX_LISTED = 50;

    private final List<String> errors = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();

    void error(String file, int line, String field, String what) {
        errors.add(file + ":" + line + ": " + (field.isEmpty() ? "" : field + ": ") + what);
    }

    void warn(String file, int line, String field, String what) {
        warnings.add(file + ":" + line + ": " + field + ": " + what);
    }

    boolean hasErrors() {
        return !errors.isEmpty();
    }

    List<String> warnings() {
        return List.copyOf(warnings);
    }

    /** Throws one USAGE exception listing every error, one per line, when there is any. */
    void throwIfAny() {
        if (errors.isEmpty()) {
            return;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < errors.size() && i < MAX_LISTED; i++) {
            sb.append(i == 0 ? "" : "\n").append(errors.get(i));
        }
        if (errors.size() > MAX_LISTED) {
            sb.append("\n... and ").append(errors.size() - MAX_LISTED).append(" more errors");
        }
        throw DbflipException.usage(sb.toString());
    }

    /** A value as shown in a message: quoted, control characters escaped, long ones cut. */
    static String show(String value) {
        StringBuilder sb = new StringBuilder("\"");
        int n = 0;
        for (int i = 0; i < value.length() && n < 40; i++, n++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7f) {
                sb.append(String.format("\\x%02x", (int) c));
            } else {
                sb.append(c);
            }
        }
        if (value.length() > 40) {
            sb.append("...");
        }
        return sb.append('"').toString();
    }
}
