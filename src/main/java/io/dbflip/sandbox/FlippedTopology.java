package io.dbflip.sandbox;

import io.dbflip.DbflipException;
import io.dbflip.mysql.ReplicationStatus;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.function.Consumer;

/**
 * What a flip left in one sandbox cluster, read before {@code sandbox up} touches replication again:
 * who replicates from whom, and who is read-only. A flip to aurora makes onprem-a a replica of
 * aurora-b and removes B's replication from A; setting that up again (as a fresh sandbox needs) would
 * make the two replicate from each other. Only reads; {@link ClusterBuilder} decides.
 */
final class FlippedTopology {
    /** One server's role now: the master it replicates from (null: none) and its read_only. */
    record Role(String server, String masterHost, int masterPort, boolean readOnly) {
        boolean replicatesFrom(SandboxServer master) {
            return masterHost != null && masterPort == master.port() && sameHost(masterHost, master.host());
        }
    }

    private FlippedTopology() {
    }

    /**
     * True, after saying so on {@code progress}, when B is not a replica of A but A is a replica of B:
     * a flip made B the master, and replication must be left as it is.
     */
    static boolean leaveAsIs(SandboxServer a, SandboxServer b, Consumer<String> progress) {
        Role ra = read(a);
        Role rb = read(b);
        if (rb.replicatesFrom(a) || !ra.replicatesFrom(b)) {
            return false;
        }
        progress.accept(b.name() + " is master (flipped); leaving replication as it is"
                + (rb.readOnly() ? " (but " + b.name() + " is read-only: a flip may have stopped half way; "
                + "see 'dbflip status' and 'dbflip resume')" : "")
                + (ra.readOnly() ? "" : " (but " + a.name() + " is writable)"));
        return true;
    }

    static Role read(SandboxServer s) {
        try (Connection c = s.rootConnection(); Statement st = c.createStatement()) {
            ReplicationStatus repl = SandboxSql.replicaStatus(c);
            String host = repl == null ? null : repl.sourceHost();
            int port = repl == null ? 0 : repl.sourcePort();
            boolean readOnly;
            try (ResultSet rs = st.executeQuery("SELECT @@global.read_only")) {
                readOnly = rs.next() && rs.getInt(1) != 0;
            }
            return new Role(s.name(), host == null || host.isBlank() ? null : host, port, readOnly);
        } catch (SQLException e) {
            throw DbflipException.failed(s.name() + ": cannot read its replication role: " + e.getMessage(), e);
        }
    }

    private static boolean sameHost(String x, String y) {
        if (x.equalsIgnoreCase(y)) {
            return true;
        }
        try {
            return InetAddress.getByName(x).equals(InetAddress.getByName(y));
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
