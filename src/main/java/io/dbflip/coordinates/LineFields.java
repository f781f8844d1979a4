package io.dbflip.coordinates;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Splits the text after "MySQL slave binlog position:" or "MySQL binlog position:" into key/value fields.
 * The tools print {@code key 'value'} or {@code key value} pairs separated by commas (xtrabackup) or spaces
 * (mariabackup), and mariabackup separates its masters with {@code ;}. A hand-written scanner rather than one
 * big regex: it reports the column where the text stops making sense and runs in linear time on any input.
 */
final class LineFields {

    /** One {@code key value} pair; {@code quoted} tells innobackupex's bare numbers from later quoted ones. */
    record Field(String key, String value, boolean quoted) {
    }

    private final String text;
    private final List<String> keys;
    private final String source;
    private final int line;
    private final int lastNonBlank;
    private int pos;

    private LineFields(String text, List<String> keys, String source, int line) {
        this.text = text;
        int end = text.length() - 1;
        while (end >= 0 && Character.isWhitespace(text.charAt(end))) {
            end--;
        }
        this.lastNonBlank = end;
        this.keys = keys;
        this.source = source;
        this.line = line;
    }

    /**
     * Reads the fields; each {@code ;}-separated chunk is one map keyed by the lower-case key.
     * {@code keys} must list longer keys before their prefixes ("master host" before "master").
     */
    static List<Map<String, Field>> parse(String text, List<String> keys, String source, int line) {
        return new LineFields(text, keys, source, line).chunks();
    }

    private List<Map<String, Field>> chunks() {
        List<Map<String, Field>> chunks = new ArrayList<>();
        Map<String, Field> chunk = new LinkedHashMap<>();
        while (true) {
            skipSeparators();
            if (pos >= text.length() || trailingPeriod()) {
                break;
            }
            if (text.charAt(pos) == ';') {
                pos++;
                if (!chunk.isEmpty()) {
                    chunks.add(chunk);
                }
                chunk = new LinkedHashMap<>();
                continue;
            }
            String key = matchKey();
            if (key == null) {
                throw fail("one of " + String.join(", ", keys) + " at column " + (pos + 1) + ", found " + snippet());
            }
            pos += key.length();
            skipSpaces();
            if (key.equals("master_use_gtid") && pos < text.length() && text.charAt(pos) == '=') {
                pos++;
                skipSpaces();
            }
            Field f = value(key);
            if (chunk.putIfAbsent(key.toLowerCase(Locale.ROOT), f) != null) {
                throw fail("'" + key + "' once per master, found it twice at column " + (pos + 1));
            }
        }
        if (!chunk.isEmpty()) {
            chunks.add(chunk);
        }
        return chunks;
    }

    private Field value(String key) {
        if (pos < text.length() && text.charAt(pos) == '\'') {
            int close = text.indexOf('\'', pos + 1);
            if (close < 0) {
                throw fail("a closing quote after " + key + " (column " + (pos + 1) + ")");
            }
            String v = text.substring(pos + 1, close);
            pos = close + 1;
            if (pos < text.length() && !isSeparator(text.charAt(pos)) && !trailingPeriod()) {
                throw fail("',' after " + key + " '" + abbreviate(v) + "', found " + snippet());
            }
            return new Field(key, v, true);
        }
        int start = pos;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (isSeparator(c) || trailingPeriod()) {
                break;
            }
            if (c == '\'') {
                throw fail("a value after " + key + " without a quote inside it, found " + snippet());
            }
            pos++;
        }
        return new Field(key, text.substring(start, pos), false);
    }

    private String matchKey() {
        for (String k : keys) {
            if (text.regionMatches(true, pos, k, 0, k.length())) {
                int end = pos + k.length();
                // a key is a whole word: "masterx" is not "master"
                if (end == text.length() || !Character.isLetterOrDigit(text.charAt(end)) && text.charAt(end) != '_'
                        || k.endsWith(":")) {
                    return k;
                }
            }
        }
        return null;
    }

    /** innobackupex lines pasted from prose often end with a full stop ("position 275567830."). */
    private boolean trailingPeriod() {
        return pos == lastNonBlank && text.charAt(pos) == '.';
    }

    private static boolean isSeparator(char c) {
        return c == ',' || c == ';' || Character.isWhitespace(c);
    }

    private void skipSeparators() {
        while (pos < text.length() && (text.charAt(pos) == ',' || Character.isWhitespace(text.charAt(pos)))) {
            pos++;
        }
    }

    private void skipSpaces() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private String snippet() {
        return pos >= text.length() ? "the end of the line" : "'" + abbreviate(text.substring(pos)) + "'";
    }

    static String abbreviate(String s) {
        String one = (s.length() > 200 ? s.substring(0, 200) : s).replaceAll("\\s+", " ");
        return one.length() <= 40 ? one : one.substring(0, 40) + "…";
    }

    private CoordinatesParseException fail(String expected) {
        return new CoordinatesParseException(source, line, expected);
    }
}
