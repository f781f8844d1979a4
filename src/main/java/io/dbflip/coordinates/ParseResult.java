package io.dbflip.coordinates;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything one input held: the source positions (one per channel), the server's own position, and notes such
 * as "the backup says the server was not a replica".
 *
 * @param sourceName the file name (or "-") the lines belong to
 * @param lines      how many lines the input had, for "nothing found" messages
 */
public record ParseResult(String sourceName, int lines, List<Coordinates> source, Coordinates self,
                          List<String> notes) {

    public ParseResult {
        source = List.copyOf(source);
        notes = List.copyOf(notes);
    }

    /** What a caller asked for, and whether it had to fall back from SOURCE to SELF. */
    public record Selection(List<Coordinates> coordinates, boolean fellBack, List<String> notes) {
    }

    /** The coordinates of one kind; none of that kind is bad input for the caller who asked. */
    public List<Coordinates> select(Which which) {
        if (which == Which.SOURCE && !source.isEmpty()) {
            return source;
        }
        if (which == Which.SELF && self != null) {
            return List.of(self);
        }
        String what = which == Which.SOURCE
                ? "a replica (slave) position: a 'MySQL slave binlog position:' line or xtrabackup_slave_info"
                : "the server's own binlog position: a 'MySQL binlog position:' line, xtrabackup_binlog_info "
                        + "or binlog_pos in xtrabackup_info";
        String found = source.isEmpty() && self == null ? "no coordinates at all"
                : which == Which.SOURCE ? "only the server's own binlog position (use --which self)"
                : "only a replica (slave) position (use --which source)";
        String notesText = notes.isEmpty() ? "" : " (" + String.join("; ", notes) + ")";
        throw new CoordinatesParseException(sourceName, Math.max(lines, 1), what + ", found " + found + notesText);
    }

    /** SOURCE when there is one, else SELF with a note saying so: what `dbflip coordinates` does by default. */
    public Selection selectDefault() {
        if (!source.isEmpty() || self == null) {
            return new Selection(select(Which.SOURCE), false, notes);
        }
        List<String> n = new ArrayList<>(notes);
        n.add("no replica (slave) position in " + sourceName + ": showing the server's own binlog position "
                + "(as --which self would)");
        return new Selection(List.of(self), true, n);
    }

    /** Combines the files of a backup directory: later source entries replace earlier ones of the same channel. */
    static ParseResult merge(String name, List<ParseResult> parts) {
        Map<String, Coordinates> byChannel = new LinkedHashMap<>();
        Coordinates self = null;
        List<String> notes = new ArrayList<>();
        for (ParseResult p : parts) {
            p.source().forEach(c -> byChannel.put(c.channel() == null ? "" : c.channel(), c));
            if (self == null) {
                self = p.self();
            }
            notes.addAll(p.notes());
        }
        return new ParseResult(name, 0, new ArrayList<>(byChannel.values()), self, notes);
    }
}
