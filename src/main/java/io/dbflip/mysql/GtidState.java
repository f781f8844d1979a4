package io.dbflip.mysql;

/**
 * A server's GTID state. MySQL: {@code mode} (gtid_mode), {@code executed}, {@code purged}.
 * MariaDB (GTIDs always on): {@code binlogPos}, {@code slavePos}, {@code currentPos},
 * {@code strictMode}. Fields a flavor lacks are null.
 */
public record GtidState(String mode, String executed, String purged, String binlogPos, String slavePos,
                        String currentPos, Boolean strictMode) {
}
