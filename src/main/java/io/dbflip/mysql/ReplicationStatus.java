package io.dbflip.mysql;

/**
 * What SHOW SLAVE/REPLICA STATUS says about a server's replication from its source.
 *
 * @param executed       the source's coordinates up to which the SQL thread has applied
 * @param secondsBehind  null when unknown (a thread is stopped)
 * @param gtidMode       MariaDB: Using_Gtid (No, Slave_Pos, Current_Pos); MySQL: Auto_Position 0/1
 * @param errors         the applier's and the receiver's errors, "SQL error N: …; IO error N: …", empty when none
 */
public record ReplicationStatus(String sourceHost, int sourcePort, String sourceUser,
                                boolean ioRunning, boolean sqlRunning, String ioState,
                                Long secondsBehind, int lastErrno, String lastError,
                                BinlogPosition executed, BinlogPosition read,
                                String gtidMode, String retrievedGtids, String executedGtids,
                                String wildIgnoreTable, String errors) {

    /** Both replication threads run (an error may still be recorded). */
    public boolean running() {
        return ioRunning && sqlRunning;
    }

    public boolean healthy() {
        return ioRunning && sqlRunning && lastErrno == 0;
    }
}
