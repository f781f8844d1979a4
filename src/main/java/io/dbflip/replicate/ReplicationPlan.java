package io.dbflip.replicate;

import io.dbflip.coordinates.Coordinates;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * How to start the replica: GTID auto-position when the coordinates carry a GTID set and both servers write
 * GTIDs (a GTID start survives a later change of source, and the flip's catch-up waits by GTID), otherwise the
 * binlog file and position. Says why, in the words `replicate` prints.
 *
 * @param mode       GTID or FILE_POSITION; null when neither is possible (see problems)
 * @param gtidSet    the set the replica starts after (GTID mode)
 * @param setGtids   GTID mode: set gtid_purged (MySQL) / gtid_slave_pos (MariaDB) to the set first; false when the
 *                   target holds the set already or is managed (its import carried it)
 * @param reasons    why this mode, one line each
 * @param problems   reasons to refuse (exit 3)
 */
public record ReplicationPlan(Mode mode, String gtidSet, boolean setGtids, List<String> reasons, List<String> problems) {
    public enum Mode { GTID, FILE_POSITION }

    private static final Pattern MYSQL_GTID = Pattern.compile("(?i)^\\s*[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}:.*");
    private static final Pattern MARIADB_GTID = Pattern.compile("^\\s*\\d+-\\d+-\\d+(\\s*,\\s*\\d+-\\d+-\\d+)*\\s*$");

    public ReplicationPlan {
        reasons = List.copyOf(reasons);
        problems = List.copyOf(problems);
    }

    public static ReplicationPlan decide(Coordinates c, GtidFacts source, GtidFacts target, String sourceName,
                                         String targetName) {
        List<String> reasons = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        String set = c.gtidSet() == null || c.gtidSet().isBlank() ? null : c.gtidSet().strip();
        String whyNot = set == null ? "the coordinates carry no GTID set"
                : !source.on() ? sourceName + " has gtid_mode OFF"
                : !target.on() ? targetName + " has gtid_mode OFF"
                : source.mariadb() != target.mariadb() ? "one server is MariaDB and the other MySQL: their GTIDs differ"
                : !(target.mariadb() ? MARIADB_GTID : MYSQL_GTID).matcher(set).matches()
                        ? "the GTID set '" + set + "' is not in " + (target.mariadb() ? "MariaDB's" : "MySQL's") + " form"
                : null;
        if (whyNot == null && !target.mariadb()) {
            if (Boolean.TRUE.equals(source.hasPurgedBeyond())) {
                problems.add(sourceName + " has purged binlogs with transactions after the backup's GTID set: a replica"
                        + " started there would miss them (take a new backup)");
            }
            if (Boolean.TRUE.equals(target.holdsSet())) {
                reasons.add(targetName + "'s gtid_executed already holds the backup's GTID set (restored with it):"
                        + " gtid_purged is left as it is");
                return gtid(set, false, reasons, problems);
            }
            if (target.managed()) {
                whyNot = targetName + " is managed: its master user cannot set gtid_purged, and its gtid_executed"
                        + " lacks the backup's set";
            } else if (!target.emptyGtids()) {
                whyNot = targetName + " has GTIDs of its own outside the backup's set, so gtid_purged cannot be set"
                        + " (RESET BINARY LOGS AND GTIDS on it first if it holds only the restored backup)";
            }
        }
        if (whyNot == null) {
            reasons.add("the coordinates carry a GTID set and both servers write GTIDs: auto-position, "
                    + (target.mariadb() ? "gtid_slave_pos" : "gtid_purged") + " = the backup's set");
            return gtid(set, !target.managed() || target.mariadb(), reasons, problems);
        }
        if (c.binlogFile() == null) {
            problems.add("the coordinates carry only a GTID set, and GTID replication is not possible: " + whyNot);
            return new ReplicationPlan(null, set, false, reasons, problems);
        }
        reasons.add("binlog file and position " + c.binlogFile() + ":" + c.position() + " (" + whyNot + ")");
        return new ReplicationPlan(Mode.FILE_POSITION, null, false, reasons, problems);
    }

    private static ReplicationPlan gtid(String set, boolean setGtids, List<String> reasons, List<String> problems) {
        return new ReplicationPlan(Mode.GTID, set, setGtids, reasons, problems);
    }
}
