package io.dbflip.journal;

import io.dbflip.DbflipException;
import io.dbflip.config.Secret;

import java.net.URI;
import java.net.URISyntaxException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The team journal: tables in a MySQL/MariaDB database shared by several operators and hosts
 * ({@code journal: mysql://user@host:port/db}, password from {@code journal_password}). It creates
 * its database (when permitted) and tables if missing.
 * <p>
 * A cluster lock is {@code GET_LOCK('dbflip.DB.CLUSTER', 0)} on a connection of its own, kept
 * open while the lock is held: the server releases it when that session ends, whether dbflip
 * released it, died, or was cut off. A row in {@code dbflip_locks} names the holder for display
 * and outlives a dead holder, so a new flip refuses until resume or rollback takes it over.
 */
public final class MySqlJournal extends JdbcJournal {
    private final Target target;
    private final String password;

    /** A parsed {@code mysql://user@host:port/db[?params]}; {@link #toString()} is safe to print. */
    public record Target(String user, String host, int port, String database, String params) {
        public static Target parse(String url) {
            try {
                URI u = new URI(url);
                if (!"mysql".equals(u.getScheme()) || u.getHost() == null) {
                    throw new URISyntaxException(url, "not mysql://user@host:port/db");
                }
                String user = u.getUserInfo();
                if (user == null || user.isBlank() || user.contains(":")) {
                    throw DbflipException.usage("journal: " + safe(url) + " must name a user and no password"
                            + " (mysql://user@host:port/db; the password goes in journal_password)");
                }
                String db = u.getPath() == null ? "" : u.getPath().replaceFirst("^/", "");
                if (!db.matches("[A-Za-z0-9_$]{1,64}")) {
                    throw DbflipException.usage("journal: " + safe(url) + " must name a database (mysql://user@host:port/db)");
                }
                return new Target(user, u.getHost(), u.getPort() < 0 ? 3306 : u.getPort(), db, u.getQuery());
            } catch (URISyntaxException e) {
                throw DbflipException.usage("journal: '" + safe(url) + "' is not mysql://user@host:port/db");
            }
        }

        private static String safe(String url) {
            return url.replaceAll("//([^:@/]*):[^@/]*@", "//$1:***@");
        }

        String jdbcUrl(boolean withDb) {
            return "jdbc:mysql://" + host + ":" + port + "/" + (withDb ? database : "")
                    + "?allowPublicKeyRetrieval=true&connectTimeout=5000&socketTimeout=60000&tcpNoDelay=true"
                    + (params == null || params.isBlank() ? "" : "&" + params);
        }

        @Override
        public String toString() {
            return "mysql://" + user + "@" + host + ":" + port + "/" + database;
        }
    }

    public MySqlJournal(String url, Secret password) {
        this.target = Target.parse(url);
        this.password = password == null ? "" : password.reveal();
        createDatabase();
        init();
    }

    @Override
    public String location() {
        return target.toString();
    }

    private void createDatabase() {
        try (Connection c = DriverManager.getConnection(target.jdbcUrl(false), target.user(), password);
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE IF NOT EXISTS `" + target.database() + "`");
        } catch (SQLException e) {
            // No CREATE privilege is fine when the database exists; init() reports what is wrong.
        }
    }

    @Override
    protected Connection connect() throws SQLException {
        return DriverManager.getConnection(target.jdbcUrl(true), target.user(), password);
    }

    @Override
    protected List<String> schema() {
        String tail = " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4";
        return List.of(
                "CREATE TABLE IF NOT EXISTS dbflip_flips (id VARCHAR(36) PRIMARY KEY, cluster VARCHAR(128) NOT NULL,"
                        + " from_side VARCHAR(64), to_side VARCHAR(64), operator VARCHAR(128), host VARCHAR(255),"
                        + " pid BIGINT, dry_run BOOLEAN NOT NULL, started_us BIGINT NOT NULL, finished_us BIGINT,"
                        + " outcome VARCHAR(16), blackout_us BIGINT, report MEDIUMTEXT,"
                        + " KEY dbflip_flips_cluster (cluster, started_us))" + tail,
                "CREATE TABLE IF NOT EXISTS dbflip_steps (seq BIGINT AUTO_INCREMENT PRIMARY KEY,"
                        + " flip_id VARCHAR(36) NOT NULL, step_no INT NOT NULL, step VARCHAR(128) NOT NULL,"
                        + " result VARCHAR(16), started_us BIGINT, finished_us BIGINT, details MEDIUMTEXT,"
                        + " KEY dbflip_steps_flip (flip_id, step_no))" + tail,
                "CREATE TABLE IF NOT EXISTS dbflip_locks (cluster VARCHAR(128) PRIMARY KEY,"
                        + " operator VARCHAR(128), host VARCHAR(255), pid BIGINT, since_us BIGINT, session VARCHAR(64))" + tail);
    }

    /** The server-wide lock name: at most 64 characters, as GET_LOCK allows. */
    String lockName(String cluster) {
        String db = target.database().length() <= 16 ? target.database() : LockMessages.sha1(target.database()).substring(0, 12);
        return "dbflip." + db + "." + LockMessages.safeName(cluster);
    }

    @Override
    public ClusterLock acquire(String cluster, String operator, boolean takeOverDead) {
        Connection c = null;
        boolean got = false;
        try {
            c = connect();
            String session;
            try (PreparedStatement ps = c.prepareStatement("SELECT GET_LOCK(?, 0), CONNECTION_ID()")) {
                ps.setString(1, lockName(cluster));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getInt(1) != 1) {
                        String who = lockRow(cluster).map(LockHolder::describe).orElse("another dbflip session");
                        throw LockMessages.held(cluster, who, location());
                    }
                    session = rs.getString(2);
                    got = true;
                }
            }
            Optional<LockHolder> dead = lockRow(cluster);
            if (dead.isPresent() && !takeOverDead) {
                throw LockMessages.deadHolder(cluster, dead.get(), location());
            }
            MySqlClusterLock l = new MySqlClusterLock(cluster, writeLockRow(cluster, operator, session), c);
            track(l, true);
            return l;
        } catch (SQLException e) {
            giveBack(c, got, cluster);
            throw error("lock cluster " + cluster, e);
        } catch (RuntimeException e) {
            giveBack(c, got, cluster);
            throw e;
        }
    }

    /**
     * Releases a lock this session got before it closes: the server ends a closed session after
     * the client has gone on, so a refusal that only closed would still hold the lock for a moment,
     * and an operator's next command (resume right after the refusal) would be told a flip is under way.
     */
    private void giveBack(Connection c, boolean got, String cluster) {
        if (c != null && got) {
            try (PreparedStatement ps = c.prepareStatement("DO RELEASE_LOCK(?)")) {
                ps.setString(1, lockName(cluster));
                ps.execute();
            } catch (SQLException ignored) {
                // closing the session below releases it, a moment later
            }
        }
        closeQuietly(c);
    }

    @Override
    public List<LockHolder> holders() {
        List<LockHolder> out = new ArrayList<>();
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement("SELECT IS_USED_LOCK(?)")) {
            for (LockHolder h : lockRows()) {
                ps.setString(1, lockName(h.cluster()));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    rs.getLong(1);
                    boolean alive = !rs.wasNull();
                    out.add(new LockHolder(h.cluster(), h.operator(), h.host(), h.pid(), h.since(), alive));
                }
            }
            return out;
        } catch (SQLException e) {
            throw error("read the cluster locks", e);
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            if (c != null) {
                c.close();
            }
        } catch (SQLException ignored) {
            // the server releases the session's locks either way
        }
    }

    private final class MySqlClusterLock extends HeldLock {
        private final Connection connection;

        MySqlClusterLock(String cluster, LockHolder holder, Connection connection) {
            super(cluster, holder);
            this.connection = connection;
        }

        @Override
        void releaseMeans() {
            giveBack(connection, true, cluster());
        }
    }
}
