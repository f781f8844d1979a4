package io.dbflip.objects;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Quoting, masking and normalising of the SQL text this package handles. */
final class SqlText {
    private static final Pattern HASH = Pattern.compile("(?i)(PASSWORD|USING|\\bAS) '((?:[^'\\\\]|\\\\.|'')*)'");
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
        return HASH.matcher(sql).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + " '<hash>'"));
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

    /** Comparison form: DEFINER quoting and whitespace made uniform, AUTO_INCREMENT counters dropped. */
    static String normalise(String sql) {
        Matcher m = DEFINER.matcher(sql);
        String s = m.find() ? sql.substring(0, m.start()) + "DEFINER=" + account(unquote(m.group(1)) + "@" + unquote(m.group(2)))
                + sql.substring(m.end()) : sql;
        s = s.replaceAll("(?i)\\s+AUTO_INCREMENT=\\d+", "");
        return s.replaceAll("\\s+", " ").strip();
    }
}
