package io.dbflip.backup;

import io.dbflip.coordinates.Coordinates;
import io.dbflip.coordinates.CoordinatesParser;
import io.dbflip.coordinates.ParseResult;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The parsed form of a backup's coordinates lines, for backup.json: source positions and the server's own. */
final class CoordinatesSupport {
    private CoordinatesSupport() {
    }

    /** Never throws: a line the parser cannot read is recorded as an error; coordinates.txt keeps the raw lines. */
    static Map<String, Object> parse(String lines, String sourceName) {
        Map<String, Object> m = new LinkedHashMap<>();
        try {
            ParseResult r = new CoordinatesParser().scan(lines, sourceName + " backup log");
            List<Map<String, Object>> source = new ArrayList<>();
            for (Coordinates c : r.source()) {
                source.add(c.toMap());
            }
            m.put("source", source);
            m.put("self", r.self() == null ? null : r.self().toMap());
            m.put("notes", r.notes());
        } catch (RuntimeException e) {
            m.put("error", e.getMessage());
        }
        return m;
    }
}
