package io.dbflip.replicate;

/**
 * What one server says about its GTIDs, as far as starting a replica needs it.
 *
 * @param mariadb     MariaDB GTIDs (domain-server-sequence, always written) rather than MySQL's uuid:n
 * @param on          MySQL: gtid_mode is ON; MariaDB: always true
 * @param managed     a managed server (RDS, Aurora): its master user cannot set gtid_purged
 * @param holdsSet    target only: its gtid_executed already contains the backup's GTID set (MySQL); null when not
 *                    asked or not known
 * @param emptyGtids  target only: its gtid_executed is empty, so gtid_purged may be set (MySQL)
 * @param hasPurgedBeyond source only: it purged binlogs holding transactions outside the backup's set (MySQL), so a
 *                    replica that starts from the set cannot fetch them; null when not known
 */
public record GtidFacts(boolean mariadb, boolean on, boolean managed, Boolean holdsSet, boolean emptyGtids,
                        Boolean hasPurgedBeyond) {
}
