package io.dbflip.mysql;

/**
 * Quoting of values and names put into SQL text. Everything a dialect puts between quotes goes
 * through here: statements like CHANGE MASTER TO and CALL mysql.rds_* cannot take bind parameters
 * on every flavor, so values are written as literals and must be escaped. The escaping assumes a
 * session without NO_BACKSLASH_ESCAPES, which {@link Connector} guarantees.
 */
public final class Quote {
    private Quote() {
    }

    /** A single-quoted string literal: quotes doubled, backslash and control characters escaped. */
    public static String string(String value) {
        if (value == null) {
            return "NULL";
        }
        StringBuilder b = new StringBuilder(value.length() + 2).append('\'');
        for (char c : value.toCharArray()) {
            switch (c) {
                case '\'' -> b.append("''");
                case '\\' -> b.append("\\\\");
                case '\0' -> b.append("\\0");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\032' -> b.append("\\Z");
                default -> b.append(c);
            }
        }
        return b.append('\'').toString();
    }

    /** A back-quoted identifier, back-quotes doubled. */
    public static String identifier(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("empty identifier");
        }
        return "`" + name.replace("`", "``") + "`";
    }

    /** A server variable name: only letters, digits and underscores (never quoted, so never trusted). */
    public static String variable(String name) {
        if (name == null || !name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("not a variable name: " + name);
        }
        return name;
    }
}
