package io.dbflip.mysql;

import io.dbflip.DbflipException;
import io.dbflip.ErrorCode;
import io.dbflip.config.Credentials;
import io.dbflip.config.SideConfig;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * Opens {@link Server}s for a side of a cluster with MySQL Connector/J: bounded connect and socket
 * timeouts, the side's TLS settings, and the flavor from config or detected ({@code auto}). Failures
 * name the side, the address and what to check, are classified by vendor code, and never carry a
 * password. Close it to delete the TLS stores it wrote.
 */
public final class Connector implements AutoCloseable {
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_SOCKET_TIMEOUT = Duration.ofSeconds(60);
    /**
     * Bound of the handshake and the first reads (version, flavor): a host that accepts TCP and never
     * answers (a hung server, a proxy with no backend) is refused after this, not after the socket
     * timeout meant for long statements (issue 14: 62–65 s before).
     */
    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(3);

    private final Duration connectTimeout;
    private final Duration socketTimeout;
    private TlsStores stores;

    public Connector() {
        this(DEFAULT_CONNECT_TIMEOUT, DEFAULT_SOCKET_TIMEOUT);
    }

    public Connector(Duration connectTimeout, Duration socketTimeout) {
        this.connectTimeout = connectTimeout;
        this.socketTimeout = socketTimeout;
    }

    /** Connect as the side's admin account. */
    public Server connect(SideConfig side) {
        return open(side, side.admin(), side.role() + ".admin", null);
    }

    /** Connect as another account (an app user, for the per-user kill), with the side's TLS settings. */
    public Server connectAs(SideConfig side, Credentials who) {
        return open(side, who, side.role() + ".app_users[" + who.user() + "]", null);
    }

    /** As {@link #connectAs(SideConfig, Credentials)}, with a flavor already known (an app user may not see enough to detect it). */
    public Server connectAs(SideConfig side, Credentials who, Flavor flavor) {
        return open(side, who, side.role() + ".app_users[" + who.user() + "]", flavor);
    }

    /** The flavor named in config, or null for {@code auto}; an unknown name is a config error. */
    public static Flavor configuredFlavor(SideConfig side) {
        String name = side.flavor();
        if (name == null || name.isBlank() || "auto".equals(name)) {
            return null;
        }
        Flavor f = Flavor.fromConfigName(name);
        if (f == null) {
            throw DbflipException.usage(side.role() + ".flavor: unknown flavor '" + name + "'; use auto or one of "
                    + Arrays.stream(Flavor.values()).map(Flavor::configName).collect(Collectors.joining(", ")));
        }
        return f;
    }

    /** The handshake's bound: the shorter of the connect timeout, the socket timeout and {@link #DEFAULT_HANDSHAKE_TIMEOUT}. */
    Duration handshakeTimeout() {
        Duration d = DEFAULT_HANDSHAKE_TIMEOUT;
        if (connectTimeout.compareTo(d) < 0) {
            d = connectTimeout;
        }
        return socketTimeout.compareTo(d) < 0 ? socketTimeout : d;
    }

    Properties properties(SideConfig side, Credentials who) {
        Properties p = new Properties();
        p.setProperty("user", who.user());
        p.setProperty("password", who.password().reveal());
        p.setProperty("connectTimeout", Long.toString(connectTimeout.toMillis()));
        // the socket timeout starts as the handshake's bound; open() raises it once the server has answered
        p.setProperty("socketTimeout", Long.toString(handshakeTimeout().toMillis()));
        // dbflip's own sessions are recognisable in the process list's attributes
        p.setProperty("connectionAttributes", "program_name:dbflip");
        p.setProperty("allowMultiQueries", "false");
        p.setProperty("useServerPrepStmts", "false");
        synchronized (this) {
            if (stores == null && side.tls() != null && side.tls().enabled()) {
                stores = new TlsStores();
            }
        }
        if (side.tls() != null && side.tls().enabled()) {
            stores.apply(side.tls(), side.role(), p);
        } else {
            p.setProperty("sslMode", "DISABLED");
            p.setProperty("allowPublicKeyRetrieval", "true");
        }
        return p;
    }

    private Server open(SideConfig side, Credentials who, String credentialsField, Flavor known) {
        Flavor configured = known != null ? known : configuredFlavor(side);
        String url = "jdbc:mysql://" + side.host() + ":" + side.port() + "/";
        Connection c;
        try {
            c = DriverManager.getConnection(url, properties(side, who));
        } catch (SQLException e) {
            throw connectError(side, who, credentialsField, e);
        }
        try {
            prepareSession(c);
            String version;
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT @@version")) {
                rs.next();
                version = rs.getString(1);
            }
            Flavor flavor = configured != null ? configured : FlavorDetector.detect(c);
            c.setNetworkTimeout(Runnable::run, (int) Math.min(Integer.MAX_VALUE, socketTimeout.toMillis()));
            return new Server(side.role(), side.address(), c, Dialects.of(flavor, version));
        } catch (SQLException e) {
            close(c);
            throw new DbflipException(ErrorCode.FAILED, side.role() + " (" + side.address() + "): connected as "
                    + who.user() + " but cannot read the server's version and flavor: [" + e.getErrorCode() + "] "
                    + e.getMessage(), e);
        } catch (RuntimeException e) {
            close(c);
            throw e;
        }
    }

    /** Quoting in the dialects assumes backslash escapes: take NO_BACKSLASH_ESCAPES out of this session's sql_mode. */
    private static void prepareSession(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT @@SESSION.sql_mode")) {
            rs.next();
            String mode = rs.getString(1) == null ? "" : rs.getString(1);
            if (mode.toUpperCase().contains("NO_BACKSLASH_ESCAPES")) {
                String kept = Arrays.stream(mode.split(",")).filter(m -> !m.equalsIgnoreCase("NO_BACKSLASH_ESCAPES"))
                        .collect(Collectors.joining(","));
                s.execute("SET SESSION sql_mode = " + Quote.string(kept));
            }
        }
    }

    static DbflipException connectError(SideConfig side, Credentials who, String credentialsField, SQLException e) {
        String where = side.role() + " (" + side.address() + ")";
        SqlErrors.Kind kind = SqlErrors.classify(e);
        return switch (kind) {
            case ACCESS_DENIED -> new DbflipException(ErrorCode.USAGE, where + ": access denied for " + who.user()
                    + " [" + SqlErrors.vendorCode(e) + "]; check the credentials of " + credentialsField
                    + " (password from " + who.password().source() + ")"
                    // MariaDB answers a plain client of a server with require_secure_transport=ON with 1045 too
                    + (side.tls() == null || !side.tls().enabled() ? ", or set " + side.role()
                    + ".tls.mode if the server requires TLS" : ""), e);
            case UNREACHABLE -> new DbflipException(ErrorCode.PRECONDITION, where + " is unreachable ("
                    + rootMessage(e) + "); check " + side.role() + ".host and .port and that the server runs", e);
            case TLS -> new DbflipException(ErrorCode.PRECONDITION, where + ": TLS handshake failed (" + rootMessage(e)
                    + "); check " + side.role() + ".tls (mode " + (side.tls() == null ? "disabled" : side.tls().mode())
                    + ", ca " + (side.tls() == null ? null : side.tls().caFile()) + ") against the server's certificate", e);
            case CONNECTION_LOST, QUERY_TIMEOUT -> new DbflipException(ErrorCode.PRECONDITION, where
                    + " did not answer (" + rootMessage(e) + "); the server may be frozen or a firewall drops packets", e);
            case TOO_MANY_CONNECTIONS -> new DbflipException(ErrorCode.PRECONDITION, where
                    + ": too many connections [" + SqlErrors.vendorCode(e) + "]; free some or raise max_connections", e);
            default -> new DbflipException(ErrorCode.PRECONDITION, where + ": cannot connect as " + who.user()
                    + ": [" + e.getErrorCode() + "] " + e.getMessage(), e);
        };
    }

    private static String rootMessage(Throwable e) {
        Throwable r = e;
        while (r.getCause() != null && r.getCause() != r) {
            r = r.getCause();
        }
        String m = r.getMessage() == null ? r.getClass().getSimpleName() : r.getMessage();
        // the PKIX chain messages run to several lines; the first says enough
        int nl = m.indexOf('\n');
        return nl > 0 ? m.substring(0, nl) : m;
    }

    private static void close(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // already broken
        }
    }

    @Override
    public synchronized void close() {
        if (stores != null) {
            stores.close();
            stores = null;
        }
    }
}
