package io.dbflip.backup;

import java.util.List;
import java.util.Map;

/**
 * The parsed form of the coordinates lines for backup.json.
 * TODO(coordinates): replace with io.dbflip.coordinates.CoordinatesParser once it is on main; until then
 * backup.json carries the verbatim lines and this returns an empty list.
 */
final class CoordinatesSupport {
    private CoordinatesSupport() {
    }

    static List<Map<String, Object>> parse(String lines, String sourceName) {
        return List.of();
    }
}
