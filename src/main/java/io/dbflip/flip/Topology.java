package io.dbflip.flip;

import io.dbflip.DbflipException;
import io.dbflip.config.ClusterConfig;
import io.dbflip.config.SideConfig;
import io.dbflip.mysql.Server;

import java.net.InetAddress;
import java.util.Map;

/**
 * Which side of a cluster is the master now and which replicates from it, read from the servers
 * (never from config or the journal: the servers are the truth).
 */
public record Topology(SideConfig master, SideConfig replica, String replicaSourceHost, int replicaSourcePort) {

    public static Topology read(ClusterConfig cluster, FlipSession.Opener opener) {
        SideConfig x = cluster.sides().get(0);
        SideConfig y = cluster.sides().get(1);
        Map<String, Object> xRow;
        Map<String, Object> yRow;
        try (Server sx = opener.open(x, x.admin()); Server sy = opener.open(y, y.admin())) {
            xRow = Reads.replicaRow(sx);
            yRow = Reads.replicaRow(sy);
        }
        boolean xFromY = pointsAt(xRow, y);
        boolean yFromX = pointsAt(yRow, x);
        if (xFromY && yFromX) {
            throw DbflipException.precondition(cluster.name() + ": " + x.role() + " and " + y.role()
                    + " replicate from each other; dbflip needs one master. Reset replication on the side that "
                    + "must be master (STOP SLAVE; RESET SLAVE ALL) first");
        }
        if (yFromX) {
            return new Topology(x, y, Reads.sourceHost(yRow), Reads.sourcePort(yRow));
        }
        if (xFromY) {
            return new Topology(y, x, Reads.sourceHost(xRow), Reads.sourcePort(xRow));
        }
        throw DbflipException.precondition(cluster.name() + ": neither side replicates from the other ("
                + x.role() + ": " + describe(xRow) + "; " + y.role() + ": " + describe(yRow)
                + "); set it up with `dbflip replicate " + cluster.name() + " --coordinates FILE`");
    }

    private static String describe(Map<String, Object> row) {
        return row == null ? "no replication" : "replicates from " + Reads.sourceHost(row) + ":" + Reads.sourcePort(row);
    }

    /** True when the replica row's source is this side (by name or address, and port). */
    static boolean pointsAt(Map<String, Object> row, SideConfig side) {
        if (row == null || Reads.sourceHost(row) == null || Reads.sourceHost(row).isEmpty()) {
            return false;
        }
        if (Reads.sourcePort(row) != side.port()) {
            return false;
        }
        String host = Reads.sourceHost(row);
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
