package io.dbflip.coordinates;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds replication coordinates in text a backup left: a single pasted log line, a whole backup log (other lines
 * are skipped), or the content of an info file. Lines it recognises but cannot read raise a
 * {@link CoordinatesParseException} naming the line and what was expected; nothing else escapes, whatever the
 * input (CoordinatesPropertyTest and bench/fuzz-coordinates hold it to that).
 */
public final class CoordinatesParser {

    static final String SLAVE_MARKER = "MySQL slave binlog position:";
    static final String SELF_MARKER = "MySQL binlog position:";

    /** Keys of the slave line; longer keys first so "master host" wins over "master". */
    private static final List<String> SLAVE_KEYS = List.of("master host", "master_use_gtid", "master", "filename",
            "position", "purge list", "gtid_slave_pos", "channel name:");
    private static final List<String> SELF_KEYS = List.of("filename", "position", "GTID of the last change");

    /** xtrabackup_binlog_info: FILE<TAB>POS[<TAB>GTID]; earlier files of a multi-line one carry "[]". */
    private static final Pattern BINLOG_INFO = Pattern.compile("([^\\s']+)\\t([0-9]+)(?:\\t(.*))?");
    private static final Pattern BINLOG_POS = Pattern.compile("\\s*binlog_pos\\s*=(.*)");
    /** xtrabackup 2.3 with MySQL GTIDs wrote only the GTID set to xtrabackup_binlog_info. */
    private static final Pattern GTID_ONLY = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-"
            + "[0-9a-fA-F]{4}-[0-9a-fA-F]{12}:[0-9A-Za-z:,_\\-\\s]*");

    /** Parses and picks one kind; throws when the input holds none of that kind. */
    public List<Coordinates> parse(String text, Which which, String sourceName) {
        return scan(text, sourceName).select(which);
    }

    /** Everything the input holds, of both kinds. Throws only for lines it recognises but cannot read. */
    public ParseResult scan(String text, String sourceName) {
        String name = sourceName == null || sourceName.isEmpty() ? "-" : sourceName;
        return new Scan(text == null ? "" : text, name).run();
    }

    /** One pass over the lines; keeps the state a later line depends on (the SET before a CHANGE MASTER). */
    private static final class Scan {
        private final String[] lines;
        private final String name;
        private final SlaveInfoStatements statements;
        private final Map<String, Coordinates> sources = new LinkedHashMap<>();
        private final List<String> notes = new ArrayList<>();
        private Coordinates self;
        private int i;

        Scan(String text, String name) {
            this.lines = splitLines(text);
            this.name = name;
            this.statements = new SlaveInfoStatements(name);
        }

        ParseResult run() {
            for (i = 0; i < lines.length; i++) {
                String line = lines[i];
                int lineNo = i + 1;
                int at;
                if ((at = indexOfIgnoreCase(line, SLAVE_MARKER)) >= 0) {
                    String prefix = line.substring(0, at);
                    slaveLine(joinWrapped(line.substring(at + SLAVE_MARKER.length()), lineNo), prefix, lineNo);
                } else if ((at = indexOfIgnoreCase(line, SELF_MARKER)) >= 0) {
                    String prefix = line.substring(0, at);
                    selfLine(joinWrapped(line.substring(at + SELF_MARKER.length()), lineNo), lineNo,
                            tool(prefix, false) + " binlog position");
                } else {
                    other(line, lineNo);
                }
            }
            if (sources.isEmpty() && self == null) {
                String all = String.join("\n", lines).strip();
                if (GTID_ONLY.matcher(all).matches()) {
                    self = new Coordinates(null, null, null, Values.gtidSet(all, name, 1), null,
                            Coordinates.Kind.SELF, name + " line 1: xtrabackup_binlog_info GTID set");
                }
            }
            // a final newline ends the last line; it does not start another one
            int count = lines.length > 1 && lines[lines.length - 1].isEmpty() ? lines.length - 1 : lines.length;
            return new ParseResult(name, count, new ArrayList<>(sources.values()), self, notes);
        }

        private void other(String line, int lineNo) {
            Matcher m;
            String trimmed = line.strip();
            if ((m = BINLOG_POS.matcher(line)).matches()) {
                String body = joinWrapped(m.group(1), lineNo);
                if (!body.isBlank()) {
                    selfLine(body, lineNo, "xtrabackup_info binlog_pos");
                }
            } else if (startsWithWord(trimmed, "SET") || startsWithWord(trimmed, "CHANGE")) {
                for (Coordinates c : statements.parse(joinWrapped(line, lineNo), lineNo)) {
                    sources.put(key(c), c);
                }
            } else if ((m = BINLOG_INFO.matcher(line)).matches()) {
                String gtid = m.group(3);
                // SHOW MASTER STATUS puts a newline after each comma of a long GTID set: follow it
                StringBuilder g = new StringBuilder(gtid == null ? "" : gtid);
                while (gtid != null && g.toString().strip().endsWith(",") && i + 1 < lines.length) {
                    g.append(lines[++i]);
                }
                self = new Coordinates(null, Values.binlogFile(m.group(1), name, lineNo),
                        Values.position(m.group(2), name, lineNo), Values.gtidSet(g.toString(), name, lineNo), null,
                        Coordinates.Kind.SELF, name + " line " + lineNo + ": xtrabackup_binlog_info");
            }
        }

        /**
         * A quoted value left open continues on the next lines (xtrabackup 8.0 wraps long GTID sets, and
         * gtid_executed holds newlines). Joins lines until the quotes balance; an input that ends first is bad.
         */
        private String joinWrapped(String first, int lineNo) {
            int quotes = count(first);
            if (quotes % 2 == 0) {
                return first;
            }
            StringBuilder b = new StringBuilder(first);
            while (quotes % 2 != 0) {
                if (i + 1 >= lines.length) {
                    throw new CoordinatesParseException(name, lineNo,
                            "a closing quote: a value opened on this line is still open at the end of the input");
                }
                String next = lines[++i];
                quotes += count(next);
                b.append('\n').append(next);
            }
            return b.toString();
        }

        private void slaveLine(String body, String prefix, int lineNo) {
            List<Map<String, LineFields.Field>> chunks = LineFields.parse(body, SLAVE_KEYS, name, lineNo);
            if (chunks.isEmpty()) {
                throw new CoordinatesParseException(name, lineNo, "master host '…', filename '…', position … or "
                        + "master '…' filename '…' position '…' after '" + SLAVE_MARKER + "', found nothing");
            }
            String sharedGtid = null;
            boolean mariadb = false;
            for (Map<String, LineFields.Field> f : chunks) {
                if (!f.containsKey("master host") && !f.containsKey("master")) {
                    if (f.size() == 1 && f.containsKey("gtid_slave_pos")) {
                        sharedGtid = Values.gtidSet(f.get("gtid_slave_pos").value(), name, lineNo);
                        continue;
                    }
                    throw new CoordinatesParseException(name, lineNo,
                            "master host '…' or master '…' to start each master's position");
                }
                mariadb |= f.containsKey("master");
                SlaveEntry e = SlaveEntry.of(f, sharedGtid, name, lineNo);
                if (e.empty()) {
                    notes.add("line " + lineNo + " has an empty slave position: the backed-up server was not a replica");
                    continue;
                }
                String form = mariadb ? "mariabackup" : tool(prefix, e.unquotedPosition());
                Coordinates c = e.toCoordinates(name + " line " + lineNo + ": " + form + " slave position");
                sources.put(key(c), c);
            }
        }

        private void selfLine(String body, int lineNo, String form) {
            Map<String, LineFields.Field> f = one(LineFields.parse(body, SELF_KEYS, name, lineNo), lineNo);
            String file = value(f, "filename");
            String pos = value(f, "position");
            String gtid = Values.gtidSet(value(f, "gtid of the last change"), name, lineNo);
            Long p = Values.position(pos, name, lineNo);
            String fl = Values.binlogFile(file, name, lineNo);
            if ((fl == null) != (p == null)) {
                throw new CoordinatesParseException(name, lineNo, "both filename '…' and position '…'");
            }
            if (fl == null && gtid == null) {
                notes.add("line " + lineNo + " has an empty binlog position: binary logging was off");
                return;
            }
            self = new Coordinates(null, fl, p, gtid, null, Coordinates.Kind.SELF,
                    name + " line " + lineNo + ": " + form);
        }

        private Map<String, LineFields.Field> one(List<Map<String, LineFields.Field>> chunks, int lineNo) {
            if (chunks.size() != 1) {
                throw new CoordinatesParseException(name, lineNo,
                        "filename '…', position '…'[, GTID of the last change '…'] after '" + SELF_MARKER + "'");
            }
            return chunks.get(0);
        }

        private static String value(Map<String, LineFields.Field> f, String key) {
            LineFields.Field v = f.get(key.toLowerCase(java.util.Locale.ROOT));
            return v == null ? null : v.value();
        }
    }

    /** Splits at LF, CRLF or CR by hand: the equivalent regex was most of the parse time on long logs. */
    static String[] splitLines(String text) {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int k = 0; k < text.length(); k++) {
            char c = text.charAt(k);
            if (c == '\n' || c == '\r') {
                out.add(text.substring(start, k));
                if (c == '\r' && k + 1 < text.length() && text.charAt(k + 1) == '\n') {
                    k++;
                }
                start = k + 1;
            }
        }
        out.add(text.substring(start));
        return out.toArray(new String[0]);
    }

    static String key(Coordinates c) {
        return c.channel() == null ? "" : c.channel();
    }

    /** Names the tool from the line's prefix and quoting, for "parsed from". */
    static String tool(String prefix, boolean unquotedPosition) {
        if (indexOfIgnoreCase(prefix, "[Xtrabackup]") >= 0 || indexOfIgnoreCase(prefix, "[MY-") >= 0) {
            return "xtrabackup 8.x";
        }
        if (indexOfIgnoreCase(prefix, "innobackupex") >= 0 || unquotedPosition) {
            return "innobackupex";
        }
        if (prefix.contains("[00]")) {
            return "mariabackup";
        }
        return "xtrabackup 2.x";
    }

    private static int count(String s) {
        int n = 0;
        for (int k = 0; k < s.length(); k++) {
            if (s.charAt(k) == '\'') {
                n++;
            }
        }
        return n;
    }

    private static boolean startsWithWord(String s, String w) {
        return s.length() > w.length() && s.regionMatches(true, 0, w, 0, w.length())
                && Character.isWhitespace(s.charAt(w.length()));
    }

    /** Case-insensitive search without lower-casing the line (which can change its length). */
    static int indexOfIgnoreCase(String s, String what) {
        char lo = Character.toLowerCase(what.charAt(0));
        char up = Character.toUpperCase(what.charAt(0));
        for (int k = 0; k + what.length() <= s.length(); k++) {
            char c = s.charAt(k);
            // a cheap first-character test: regionMatches at every column made long logs slow
            if ((c == lo || c == up) && s.regionMatches(true, k, what, 0, what.length())) {
                return k;
            }
        }
        return -1;
    }
}
