package io.dbflip.objects;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Quoting, masking and normalising of the SQL text this package handles. */
final class SqlText {
    private static final Pattern HASH = Pattern.compile("(?i)(PASSWORD|USING|\\bAS) '((?:[^'\\\\]|\\\\.|'')*)'");
    /** MySQL's hashes printed as hex (print_identified_with_as_hex): caching_sha2_password's hold raw bytes. */
    private static final Pattern HEX_HASH = Pattern.compile("(?i)\\bAS 0x[0-9A-F]+");
    private static final Pattern DEFINER = Pattern.compile("(?i)DEFINER\\s*=\\s*(`(?:[^`]|``)*`|'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"|[^\\s@]+)@(`(?:[^`]|``)*`|'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"|[^\\s]+)");

    private SqlText() {
    }

    static String ident(String name) {
        return "`" + name.replace("`", "``") + "`";
    }

    static String literal(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "''") + "'";
    }

    /** {@code `user`@`host`} from the {@code user@host} form this package keys accounts by (host after the last @). */
    static String account(String userAtHost) {
        int at = userAtHost.lastIndexOf('@');
        if (at < 0) {
            return ident(userAtHost);
        }
        return ident(userAtHost.substring(0, at)) + "@" + ident(userAtHost.substring(at + 1));
    }

    /** Hashes and plugin strings replaced by a mark: they are not plaintext, but they stay out of logs. */
    static String maskHashes(String sql) {
        String masked = HASH.matcher(sql).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + " '<hash>'"));
        return HEX_HASH.matcher(masked).replaceAll("AS '<hash>'");
    }

    /** Strip one layer of `...` or '...' quoting. */
    static String unquote(String s) {
        if (s.length() >= 2 && (s.startsWith("`") && s.endsWith("`"))) {
            return s.substring(1, s.length() - 1).replace("``", "`");
        }
        if (s.length() >= 2 && (s.startsWith("\"") && s.endsWith("\""))) {
            return s.substring(1, s.length() - 1).replace("\"\"", "\"");
        }
        if (s.length() >= 2 && (s.startsWith("'") && s.endsWith("'"))) {
            return s.substring(1, s.length() - 1).replace("''", "'");
        }
        return s;
    }

    /** {@code user@host} from an information_schema DEFINER column or a DEFINER= clause. */
    static String definerOf(String createSql) {
        Matcher m = DEFINER.matcher(createSql);
        return m.find() ? unquote(m.group(1)) + "@" + unquote(m.group(2)) : "";
    }

    /** The statement with its DEFINER clause set to {@code user@host}. */
    static String replaceDefiner(String createSql, String userAtHost) {
        Matcher m = DEFINER.matcher(createSql);
        return m.find() ? createSql.substring(0, m.start()) + "DEFINER=" + account(userAtHost) + createSql.substring(m.end())
                : createSql;
    }

    /**
     * Comparison form: DEFINER quoting and whitespace made uniform, AUTO_INCREMENT counters dropped, and an event's
     * DISABLE ON REPLICA (how MySQL 8.0.22+ prints it) read as DISABLE ON SLAVE (what MariaDB prints and every
     * version accepts).
     */
    static String normalise(String sql) {
        Matcher m = DEFINER.matcher(sql);
        String s = m.find() ? sql.substring(0, m.start()) + "DEFINER=" + account(unquote(m.group(1)) + "@" + unquote(m.group(2)))
                + sql.substring(m.end()) : sql;
        s = s.replaceAll("(?i)\\s+AUTO_INCREMENT=\\d+", "");
        s = s.replaceAll("(?i)\\bDISABLE\\s+ON\\s+REPLICA\\b", "DISABLE ON SLAVE");
        return s.replaceAll("\\s+", " ").strip();
    }
}
