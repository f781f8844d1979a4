package io.dbflip.objects;

import io.dbflip.DbflipException;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the account dbflip connects to the target as may do, read from its own SHOW GRANTS: the
 * global privileges it holds WITH GRANT OPTION (only those can be passed on), whether it may set
 * another DEFINER (SUPER or SET USER), which proxy grants it may give, and which authentication
 * plugins the target has loaded.
 *
 * @param account         the admin, {@code user@host} as CURRENT_USER() reports it
 * @param grantable       global privileges held with GRANT OPTION; contains "ALL PRIVILEGES" when all are
 * @param canSetDefiner   SUPER or SET USER: DEFINER may name any account
 * @param proxyGrantable  accounts (or {@code @%} for any) the admin may grant PROXY on
 * @param authPlugins     active authentication plugins
 * @param hasSuper        SUPER (or ALL PRIVILEGES ON *.*): the server lets it create functions and triggers while
 *                        the binlog is on without log_bin_trust_function_creators
 * @param mariadb         the target is MariaDB: its privilege names and its meaning of ALL PRIVILEGES
 */
public record TargetAccess(String account, Set<String> grantable, boolean canSetDefiner, Set<String> proxyGrantable,
                           Set<String> authPlugins, boolean hasSuper, boolean mariadb, Set<String> systemUsers) {

    /**
     * The same, knowing which accounts hold SYSTEM_USER on the target (MySQL 8.0.16+): only an admin that holds it
     * too may name such an account as DEFINER (error 1227 otherwise), SET_USER_ID / SET_ANY_DEFINER or not.
     */
    public TargetAccess withSystemUsers(Set<String> accounts) {
        return new TargetAccess(account, grantable, canSetDefiner, proxyGrantable, authPlugins, hasSuper, mariadb,
                Set.copyOf(accounts));
    }

    /** MariaDB 10.11's global privileges, in SHOW GRANTS order: what ALL PRIVILEGES ON *.* means. */
    static final List<String> MARIADB_GLOBAL = List.of("SELECT", "INSERT", "UPDATE", "DELETE", "CREATE", "DROP", "RELOAD",
            "SHUTDOWN", "PROCESS", "FILE", "REFERENCES", "INDEX", "ALTER", "SHOW DATABASES", "SUPER",
            "CREATE TEMPORARY TABLES", "LOCK TABLES", "EXECUTE", "REPLICATION SLAVE", "BINLOG MONITOR", "CREATE VIEW",
            "SHOW VIEW", "CREATE ROUTINE", "ALTER ROUTINE", "CREATE USER", "EVENT", "TRIGGER", "CREATE TABLESPACE",
            "DELETE HISTORY", "SET USER", "FEDERATED ADMIN", "CONNECTION ADMIN", "READ_ONLY ADMIN",
            "REPLICATION SLAVE ADMIN", "REPLICATION MASTER ADMIN", "BINLOG ADMIN", "BINLOG REPLAY", "SLAVE MONITOR");
    /**
     * MySQL's static global privileges (5.7 to 9.7). MySQL 8.0+ lists them one by one in SHOW GRANTS and the dynamic
     * ones (BACKUP_ADMIN, …) by name on a second line; it never prints ALL PRIVILEGES ON *.*.
     */
    static final List<String> MYSQL_GLOBAL = List.of("SELECT", "INSERT", "UPDATE", "DELETE", "CREATE", "DROP", "RELOAD",
            "SHUTDOWN", "PROCESS", "FILE", "REFERENCES", "INDEX", "ALTER", "SHOW DATABASES", "SUPER",
            "CREATE TEMPORARY TABLES", "LOCK TABLES", "EXECUTE", "REPLICATION SLAVE", "REPLICATION CLIENT", "CREATE VIEW",
            "SHOW VIEW", "CREATE ROUTINE", "ALTER ROUTINE", "CREATE USER", "EVENT", "TRIGGER", "CREATE TABLESPACE",
            "CREATE ROLE", "DROP ROLE");
    /** What ALL PRIVILEGES ON `db`.* means on MySQL (MySQL prints these 18 back as ALL PRIVILEGES). */
    static final List<String> MYSQL_SCHEMA_LEVEL = List.of("SELECT", "INSERT", "UPDATE", "DELETE", "CREATE", "DROP",
            "REFERENCES", "INDEX", "ALTER", "CREATE TEMPORARY TABLES", "LOCK TABLES", "EXECUTE", "CREATE VIEW",
            "SHOW VIEW", "CREATE ROUTINE", "ALTER ROUTINE", "EVENT", "TRIGGER");
    /** MariaDB adds DELETE HISTORY (system-versioned tables), a privilege MySQL does not know. */
    static final List<String> MARIADB_SCHEMA_LEVEL = plus(MYSQL_SCHEMA_LEVEL, "DELETE HISTORY");
    static final List<String> MYSQL_TABLE_LEVEL = List.of("SELECT", "INSERT", "UPDATE", "DELETE", "CREATE", "DROP",
            "REFERENCES", "INDEX", "ALTER", "CREATE VIEW", "SHOW VIEW", "TRIGGER");
    static final List<String> MARIADB_TABLE_LEVEL = plus(MYSQL_TABLE_LEVEL, "DELETE HISTORY");
    static final List<String> ROUTINE_LEVEL = List.of("EXECUTE", "ALTER ROUTINE");

    public boolean grantsAll() {
        return grantable.contains("ALL PRIVILEGES");
    }

    public boolean mayGrant(String privilege) {
        return grantsAll() || grantable.contains(privilege);
    }

    /** What ALL PRIVILEGES means for a grant on {@code on} ({@code *.*}, {@code `db`.*}, a table, a routine). */
    public List<String> allAt(String on) {
        if (on.equals("*.*")) {
            return mariadb ? MARIADB_GLOBAL : MYSQL_GLOBAL;
        }
        if (on.startsWith("PROCEDURE ") || on.startsWith("FUNCTION ")) {
            return ROUTINE_LEVEL;
        }
        if (on.endsWith(".*")) {
            return mariadb ? MARIADB_SCHEMA_LEVEL : MYSQL_SCHEMA_LEVEL;
        }
        return mariadb ? MARIADB_TABLE_LEVEL : MYSQL_TABLE_LEVEL;
    }

    private static List<String> plus(List<String> list, String one) {
        List<String> out = new ArrayList<>(list);
        out.add(one);
        return List.copyOf(out);
    }

    public boolean maySetDefiner(String definer) {
        if (definer.equals(account)) {
            return true;
        }
        return canSetDefiner && (!systemUsers.contains(definer) || grantable.contains("SYSTEM_USER")
                || grantable.contains("ALL PRIVILEGES"));
    }

    /** Reads the connected account's own grants and the target's plugins. */
    public static TargetAccess read(String serverName, Connection c) {
        try (Statement s = c.createStatement()) {
            String account;
            String version;
            try (ResultSet rs = s.executeQuery("SELECT CURRENT_USER(), VERSION()")) {
                rs.next();
                account = rs.getString(1);
                version = rs.getString(2);
            }
            List<String> lines = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SHOW GRANTS")) {
                while (rs.next()) {
                    lines.add(rs.getString(1));
                }
            }
            Set<String> plugins = new TreeSet<>();
            try (ResultSet rs = s.executeQuery("SELECT PLUGIN_NAME FROM information_schema.PLUGINS"
                    + " WHERE PLUGIN_TYPE = 'AUTHENTICATION' AND PLUGIN_STATUS = 'ACTIVE'")) {
                while (rs.next()) {
                    plugins.add(rs.getString(1).toLowerCase());
                }
            }
            TargetAccess access = fromGrants(account, lines, plugins, version.contains("MariaDB"));
            if (access.mariadb()) {
                return access;
            }
            Set<String> system = new TreeSet<>();
            try (ResultSet rs = s.executeQuery("SELECT USER, HOST FROM mysql.global_grants WHERE PRIV = 'SYSTEM_USER'")) {
                while (rs.next()) {
                    system.add(rs.getString(1) + "@" + rs.getString(2));
                }
            } catch (SQLException e) {
                // MySQL before 8.0 has no SYSTEM_USER; an admin that may not read mysql.* is told by the server
            }
            return access.withSystemUsers(system);
        } catch (SQLException e) {
            throw DbflipException.failed(serverName + ": cannot read the admin's own grants (SHOW GRANTS): [" + e.getErrorCode()
                    + "] " + e.getMessage(), e);
        }
    }

    /** The same from SHOW GRANTS lines already read (unit tests, other callers). */
    public static TargetAccess fromGrants(String account, List<String> showGrants, Set<String> plugins, boolean mariadb) {
        Set<String> held = new LinkedHashSet<>();
        Set<String> grantable = new LinkedHashSet<>();
        Set<String> proxy = new TreeSet<>();
        for (String line : showGrants) {
            Grant g = Grant.parse(line);
            if (g == null) {
                continue;
            }
            if (g.global()) {
                for (String p : g.privileges()) {
                    String name = p.equals("ALL") ? "ALL PRIVILEGES" : p;
                    held.add(name);
                    if (g.grantOption()) {
                        grantable.add(name);
                    }
                }
            } else if (g.type() == Grant.Type.PROXY && g.grantOption()) {
                String on = g.on().replace("`", "").replace("'", "");
                proxy.add(on);
            }
        }
        // SET_USER_ID (MySQL 8.0, Aurora 3) became SET_ANY_DEFINER in 8.2
        boolean all = held.contains("ALL PRIVILEGES");
        boolean definer = all || held.contains("SUPER") || held.contains("SET USER")
                || held.contains("SET_USER_ID") || held.contains("SET_ANY_DEFINER");
        return new TargetAccess(account, grantable, definer, proxy, plugins, all || held.contains("SUPER"), mariadb, Set.of());
    }

    public boolean mayGrantProxy(String on) {
        String bare = on.replace("`", "").replace("'", "");
        return proxyGrantable.contains("@%") || proxyGrantable.contains(bare);
    }
}
