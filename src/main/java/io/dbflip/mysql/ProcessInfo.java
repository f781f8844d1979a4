package io.dbflip.mysql;

/** One row of the process list, without the query text (which may hold data we must not print). */
public record ProcessInfo(long id, String user, String host, String db, String command, long timeSeconds,
                          String state) {

    public boolean isReplicationThread() {
        return "system user".equals(user) || "Binlog Dump".equals(command) || "Binlog Dump GTID".equals(command)
                || "Slave_IO".equals(command) || "Slave_SQL".equals(command) || "Slave_worker".equals(command)
                || "Connect".equals(command) && "system user".equals(user)
                || "event_scheduler".equals(user) || "Daemon".equals(command);
    }
}
