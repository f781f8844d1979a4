package io.dbflip.sandbox;

import io.dbflip.DbflipException;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
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
            String host = null;
            int port = 0;
            // SHOW REPLICA STATUS on MySQL 8.0.22+ and MariaDB 10.5+; MySQL 8.4 has no SHOW SLAVE STATUS
            try (ResultSet rs = query(st, "SHOW REPLICA STATUS", "SHOW SLAVE STATUS")) {
                if (rs.next()) {
                    host = column(rs, "Source_Host", "Master_Host");
                    String p = column(rs, "Source_Port", "Master_Port");
                    port = p == null ? 0 : Integer.parseInt(p);
                }
            }
            boolean readOnly;
            try (ResultSet rs = st.executeQuery("SELECT @@global.read_only")) {
                readOnly = rs.next() && rs.getInt(1) != 0;
            }
            return new Role(s.name(), host == null || host.isBlank() ? null : host, port, readOnly);
        } catch (SQLException e) {
            throw DbflipException.failed(s.name() + ": cannot read its replication role: " + e.getMessage(), e);
        }
    }

    private static ResultSet query(Statement st, String sql, String older) throws SQLException {
        try {
            return st.executeQuery(sql);
        } catch (SQLException e) {
            return st.executeQuery(older);
        }
    }

    private static String column(ResultSet rs, String name, String older) throws SQLException {
        try {
            return rs.getString(name);
        } catch (SQLException e) {
            return rs.getString(older);
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
