package io.dbflip.fence;

import io.dbflip.mysql.Server;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What an account may do, read from SHOW GRANTS. */
public final class Privileges {
    private Privileges() {
    }

    public static List<String> grantsOfCurrentUser(Server server) {
        return server.query("SHOW GRANTS FOR CURRENT_USER()").stream()
                .map(r -> String.valueOf(r.values().iterator().next())).toList();
    }

    public static List<String> grantsOf(Server server, String user, String host) {
        return server.query("SHOW GRANTS FOR " + account(user, host)).stream()
                .map(r -> String.valueOf(r.values().iterator().next())).toList();
    }

    /** True when one of the grants holds a global privilege (by its name, e.g. "SUPER"). */
    public static boolean hasGlobal(List<String> grants, String privilege) {
        String p = privilege.toUpperCase(Locale.ROOT);
        for (String g : grants) {
            String u = g.toUpperCase(Locale.ROOT);
            if (!u.contains(" ON *.* ")) {
                continue;
            }
            String privs = u.substring(u.indexOf("GRANT ") + 6, u.indexOf(" ON *.* "));
            if (privs.contains("ALL PRIVILEGES") || List.of(privs.split(",\\s*")).contains(p)) {
                return true;
            }
        }
        return false;
    }

    /** Accounts (user@host) with this user name. */
    public static List<String> accountsNamed(Server server, String user) {
        return server.query("SELECT user, host FROM mysql.user WHERE user = " + quote(user) + " ORDER BY host").stream()
                .map(Privileges::account).toList();
    }

    private static String account(Map<String, Object> row) {
        return account(String.valueOf(row.get("user") == null ? row.get("User") : row.get("user")),
                String.valueOf(row.get("host") == null ? row.get("Host") : row.get("host")));
    }

    public static String account(String user, String host) {
        return quote(user) + "@" + quote(host);
    }

    public static String quote(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "''") + "'";
    }
}
