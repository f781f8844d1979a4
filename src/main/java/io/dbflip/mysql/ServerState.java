package io.dbflip.mysql;

import java.util.List;

/**
 * What the {@link Inspector} read from one server, at one moment. An unreachable server is a
 * state, not an error: {@code reachable} is false and {@code error} says why.
 *
 * @param superReadOnly null when the flavor has no super_read_only (MariaDB)
 * @param binlogPosition null when binary logging is off or the account may not read it
 * @param replication    null when the server is not a replica
 * @param problems       what could not be read (a privilege missing, ...), each a sentence
 */
public record ServerState(String side, String address, boolean reachable, String error,
                          Flavor flavor, String version, long serverId,
                          boolean readOnly, Boolean superReadOnly,
                          boolean logBin, String binlogFormat, BinlogPosition binlogPosition,
                          GtidState gtid, ReplicationStatus replication,
                          List<ProcessInfo> processes, Grants grants, List<String> problems) {

    public static ServerState unreachable(String side, String address, String error) {
        return new ServerState(side, address, false, error, null, null, 0, false, null, false, null, null,
                null, null, List.of(), null, List.of());
    }

    public boolean isReplica() {
        return replication != null;
    }

    /** Writable for ordinary clients: neither read_only nor super_read_only. */
    public boolean writable() {
        return reachable && !readOnly && !Boolean.TRUE.equals(superReadOnly);
    }
}
