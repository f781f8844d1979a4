package io.dbflip.coordinates;

/** A small SQL tokenizer for the statements in slave_info files: words, quoted strings and single symbols. */
final class Tokens {
    private final String text;
    private final String source;
    private final int line;
    private int pos;

    Tokens(String text, int line) {
        this(text, null, line);
    }

    Tokens(String text, String source, int line) {
        this.text = text;
        this.source = source;
        this.line = line;
    }

    private String source() {
        return source == null ? "" : source;
    }

    boolean more() {
        skip();
        return pos < text.length();
    }

    private void skip() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private int wordEnd() {
        int e = pos;
        while (e < text.length()) {
            char c = text.charAt(e);
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '@'
                    || c == '.' || c == '$' || c == '-') {
                e++;
            } else {
                break;
            }
        }
        return e;
    }

    boolean acceptWord(String w) {
        skip();
        int e = wordEnd();
        if (e - pos == w.length() && text.regionMatches(true, pos, w, 0, w.length())) {
            pos = e;
            return true;
        }
        return false;
    }

    void expectWord(String w) {
        if (!acceptWord(w)) {
            throw fail(w);
        }
    }

    String word(String expected) {
        skip();
        int e = wordEnd();
        if (e == pos) {
            throw fail(expected);
        }
        String w = text.substring(pos, e);
        pos = e;
        return w;
    }

    boolean acceptSymbol(char c) {
        skip();
        if (pos < text.length() && text.charAt(pos) == c) {
            pos++;
            return true;
        }
        return false;
    }

    void symbol(char c) {
        if (!acceptSymbol(c)) {
            throw fail("'" + c + "'");
        }
    }

    boolean peekString() {
        skip();
        return pos < text.length() && (text.charAt(pos) == '\'' || text.charAt(pos) == '"');
    }

    /** A quoted string; backslash escapes and doubled quotes as mysql_real_escape_string writes them. */
    String string(String expected) {
        if (!peekString()) {
            throw fail(expected);
        }
        char q = text.charAt(pos);
        StringBuilder b = new StringBuilder();
        int i = pos + 1;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                b.append(text.charAt(i + 1));
                i += 2;
            } else if (c == q && i + 1 < text.length() && text.charAt(i + 1) == q) {
                b.append(q);
                i += 2;
            } else if (c == q) {
                pos = i + 1;
                return b.toString();
            } else {
                b.append(c);
                i++;
            }
        }
        throw fail("a closing quote");
    }

    /** Names the token found, but never the contents of a quoted string (it may be a password). */
    CoordinatesParseException fail(String expected) {
        skip();
        String found;
        if (pos >= text.length()) {
            found = "the end of the statement";
        } else if (text.charAt(pos) == '\'' || text.charAt(pos) == '"') {
            found = "a quoted string";
        } else {
            int e = wordEnd();
            found = "'" + LineFields.abbreviate(text.substring(pos, e == pos ? pos + 1 : e)) + "'";
        }
        return new CoordinatesParseException(source(), line, expected + ", found " + found + " at column " + (pos + 1));
    }
}
