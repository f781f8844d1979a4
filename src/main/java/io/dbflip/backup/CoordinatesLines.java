package io.dbflip.backup;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The coordinates lines of a backup tool's log, kept verbatim for coordinates.txt (as the seed's
 * tooling did). Recognises the innobackupex, xtrabackup and mariabackup "binlog position" lines and
 * the GTID continuation forms; parsing them into values is {@code io.dbflip.coordinates}' job.
 */
public final class CoordinatesLines {
    // every family's coordinates line says "binlog position" (GTID forms carry it on the same line);
    // a bare "gtid_slave_pos" also names a table the tool streams, so it is not a marker
    private static final Pattern LINE = Pattern.compile("(?i)binlog position");

    /** How a log entry of the tool starts: "[00] 2026-…", "2023-06-21T…", "innobackupex:", "xtrabackup:". */
    private static final Pattern NEW_ENTRY = Pattern.compile("^(\\[\\d+\\]|\\d{4}-\\d\\d-\\d\\d|\\d{6} |innobackupex|xtrabackup|mariabackup|InnoDB)");

    private CoordinatesLines() {
    }

    public static boolean matches(String line) {
        return LINE.matcher(line).find();
    }

    /** Matching lines, each with the lines it wraps onto (xtrabackup 8.0 wraps a long GTID set). */
    public static List<String> filter(List<String> log) {
        List<String> out = new java.util.ArrayList<>();
        boolean inside = false;
        for (String line : log) {
            if (matches(line)) {
                out.add(line);
                inside = true;
            } else if (inside && !line.isBlank() && !NEW_ENTRY.matcher(line).find()) {
                out.add(line);
            } else {
                inside = false;
            }
        }
        return out;
    }
}
