package io.dbflip.verify;

import io.dbflip.DbflipException;
import io.dbflip.mysql.Server;

import java.time.Duration;

/** Waits until a replica has applied everything its master has written so far (the server waits). */
public final class InSync {
    private InSync() {
    }

    public static void await(Server master, Server replica, Duration bound) {
        io.dbflip.mysql.BinlogPosition pos = master.binlogPosition();
        if (pos == null) {
            throw DbflipException.failed(master.name() + ": no binlog position to wait for");
        }
        String r = replica.queryString(replica.dialect().waitForPosition(pos, bound));
        if (r == null || Long.parseLong(r) < 0) {
            throw DbflipException.failed(replica.name() + " did not reach " + master.name() + "'s position " + pos
                    + " within " + bound.toSeconds() + " s" + (r == null ? " (not replicating)" : ""));
        }
    }
}
