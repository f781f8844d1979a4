package io.dbflip.flip;

import io.dbflip.DbflipException;
import io.dbflip.config.ClusterConfig;
import io.dbflip.config.SideConfig;
import io.dbflip.mysql.ReplicationStatus;
import io.dbflip.mysql.Server;

import java.net.InetAddress;

/**
 * Which side of a cluster is the master now and which replicates from it, read from the servers
 * (never from config or the journal: the servers are the truth).
 */
public record Topology(SideConfig master, SideConfig replica, String replicaSourceHost, int replicaSourcePort) {

    public static Topology read(ClusterConfig cluster, FlipSession.Opener opener) {
        SideConfig x = cluster.sides().get(0);
        SideConfig y = cluster.sides().get(1);
        ReplicationStatus xRow;
        ReplicationStatus yRow;
        try (Server sx = opener.open(x, x.admin()); Server sy = opener.open(y, y.admin())) {
            xRow = sx.replicaStatus();
            yRow = sy.replicaStatus();
        }
        boolean xFromY = pointsAt(xRow, y);
        boolean yFromX = pointsAt(yRow, x);
        if (xFromY && yFromX) {
            throw DbflipException.precondition(cluster.name() + ": " + x.role() + " and " + y.role()
                    + " replicate from each other; dbflip needs one master. Reset replication on the side that "
                    + "must be master (STOP SLAVE; RESET SLAVE ALL) first");
        }
        if (yFromX) {
            return new Topology(x, y, yRow.sourceHost(), yRow.sourcePort());
        }
        if (xFromY) {
            return new Topology(y, x, xRow.sourceHost(), xRow.sourcePort());
        }
        throw DbflipException.precondition(cluster.name() + ": neither side replicates from the other ("
                + x.role() + ": " + describe(xRow) + "; " + y.role() + ": " + describe(yRow)
                + "); set it up with `dbflip replicate " + cluster.name() + " --coordinates FILE`");
    }

    private static String describe(ReplicationStatus row) {
        return row == null ? "no replication" : "replicates from " + row.sourceHost() + ":" + row.sourcePort();
    }

    /** True when the replica row's source is this side (by name or address, and port). */
    static boolean pointsAt(ReplicationStatus row, SideConfig side) {
        if (row == null || row.sourceHost() == null || row.sourceHost().isEmpty()) {
            return false;
        }
        if (row.sourcePort() != side.port()) {
            return false;
        }
        String host = row.sourceHost();
        if (host.equalsIgnoreCase(side.host())) {
            return true;
        }
        try {
            return InetAddress.getByName(host).equals(InetAddress.getByName(side.host()));
        } catch (Exception e) {
            return false;
        }
    }
}
