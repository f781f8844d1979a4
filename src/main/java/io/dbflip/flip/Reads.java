package io.dbflip.flip;

import io.dbflip.DbflipException;
import io.dbflip.mysql.BinlogPosition;
import io.dbflip.mysql.BinlogStatus;
import io.dbflip.mysql.ReplicationStatus;
import io.dbflip.mysql.Server;

/**
 * The few reads the flip makes inside its window, kept minimal so they cost one round trip each.
 * The rows are parsed by the mysql package's records ({@link BinlogStatus}, {@link ReplicationStatus});
 * this adds the flip's own answers for a server that has none (binlog off, no replication).
 */
final class Reads {
    private Reads() {
    }

    static BinlogPosition binlogPosition(Server s) {
        return sourceState(s, false).position();
    }

    /** A server's binlog position and, when asked, its GTID set, read in one round trip on MySQL. */
    record SourceState(BinlogPosition position, String gtidSet) {
    }

    /**
     * The binlog status row: its position, and with {@code gtid} the server's GTID set — MySQL's
     * Executed_Gtid_Set from the same row, MariaDB's gtid_binlog_pos (a second query: MariaDB's row
     * has no GTID column).
     */
    static SourceState sourceState(Server s, boolean gtid) {
        BinlogStatus st = s.binlogStatus();
        if (st == null) {
            throw DbflipException.failed(s.name() + ": binary logging is off (" + s.dialect().binlogStatusQuery() + " is empty)");
        }
        if (!gtid) {
            return new SourceState(st.position(), null);
        }
        String set = s.flavor().mariadb() ? s.queryString("SELECT @@GLOBAL.gtid_binlog_pos") : st.executedGtids();
        return new SourceState(st.position(), set == null ? null : set.replace("\n", "").strip());
    }

    /** Both replication threads run (false when the server replicates from nothing). */
    static boolean running(ReplicationStatus r) {
        return r != null && r.running();
    }

    /** The replication errors, empty when none (or no replication). */
    static String lastError(ReplicationStatus r) {
        return r == null ? "" : r.errors();
    }
}
