package io.dbflip.flip;

import io.dbflip.DbflipException;
import io.dbflip.config.Credentials;
import io.dbflip.config.SideConfig;
import io.dbflip.fence.Privileges;
import io.dbflip.mysql.Catalog;
import io.dbflip.mysql.Server;
import io.dbflip.mysql.SqlErrors;
import io.dbflip.mysql.Sql;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether the application can write on the new master: before the flip (preflight: every app user
 * logs in on B, or is locked only by B's own account-lock fence, and holds on B every write grant
 * it holds on A) and after it (step 13: a real write as an app user on B is accepted). A flip whose
 * app is locked out of the new master is an outage, never a success.
 */
final class AppAccess {
    /** The privileges that let an account change data or schema; the ones the app must keep on B. */
    static final Set<String> WRITE = Set.of("INSERT", "UPDATE", "DELETE", "CREATE", "DROP", "ALTER", "INDEX");
    /** ER_ACCOUNT_HAS_BEEN_LOCKED: 3118 on MySQL, 4151 on MariaDB. */
    private static final Set<Integer> LOCKED = Set.of(3118, 4151);
    private static final Pattern GRANT = Pattern.compile("^GRANT (.+?) ON (?:(?:TABLE|FUNCTION|PROCEDURE) )?(\\S+) TO ",
            Pattern.CASE_INSENSITIVE);

    private AppAccess() {
    }

    /** Preflight: the app users' login on B and their write grants there, compared with A's. */
    static List<Check> preflight(FlipSession s) {
        List<Check> checks = new ArrayList<>();
        Map<String, Credentials> users = new LinkedHashMap<>();
        s.a.appUsers().forEach(c -> users.putIfAbsent(c.user(), c));
        s.b.appUsers().forEach(c -> users.put(c.user(), c)); // B's password is the one to log in on B with
        if (users.isEmpty()) {
            checks.add(Check.pass("app on " + s.b.role(), "no app_users configured: the app's access to "
                    + s.b.role() + " cannot be checked"));
            return checks;
        }
        List<String> problems = new ArrayList<>();
        List<String> fine = new ArrayList<>();
        for (Credentials app : users.values()) {
            String login = login(s, app);
            if (login != null) {
                problems.add(login);
            }
            List<String> missing = missingWriteGrants(s.aAdmin, s.bAdmin, app.user());
            if (!missing.isEmpty()) {
                problems.add(app.user() + " lacks on " + s.b.role() + " what it may do on " + s.a.role() + ": "
                        + String.join("; ", missing));
            }
            if (login == null && missing.isEmpty()) {
                fine.add(app.user());
            }
        }
        checks.add(problems.isEmpty()
                ? Check.pass("app on " + s.b.role(), "app user(s) " + fine + " log in on " + s.b.role()
                + " (or are locked by its fence, which step 10 lifts) and hold there every write grant they hold on " + s.a.role())
                : Check.fail("app on " + s.b.role(), String.join("; ", problems) + ": after the flip the app could not write",
                "carry the app accounts and grants to " + s.b.role() + " (`dbflip objects apply " + s.cluster.name()
                        + "`), or fix app_users' passwords in the config"));
        return checks;
    }

    /** Null when the app user logs in on B (or is locked by B's account-lock fence); else why not. */
    private static String login(FlipSession s, Credentials app) {
        try (Server ignored = s.opener.open(s.b, app)) {
            return null;
        } catch (DbflipException e) {
            int code = SqlErrors.vendorCode(e);
            if (LOCKED.contains(code) && io.dbflip.fence.Fences.locksAccounts(s.fenceB.name())) {
                return null;
            }
            return app.user() + " cannot log in on " + s.b.role() + " (" + s.b.address() + "): " + e.getMessage();
        }
    }

    /** Each (object, privilege) the user's accounts hold on A and not on B; an account B lacks is named whole. */
    static List<String> missingWriteGrants(Server a, Server b, String user) {
        List<String> missing = new ArrayList<>();
        List<String> onB = Privileges.accountsNamed(b, user);
        for (String account : Privileges.accountsNamed(a, user)) {
            if (!onB.contains(account)) {
                missing.add("account " + account + " does not exist");
                continue;
            }
            Map<String, Set<String>> wanted = writeGrants(grants(a, account));
            Map<String, Set<String>> held = writeGrants(grants(b, account));
            for (var e : wanted.entrySet()) {
                for (String p : e.getValue()) {
                    if (!covered(held, e.getKey(), p)) {
                        missing.add(account + " " + p + " ON " + e.getKey());
                    }
                }
            }
        }
        return missing;
    }

    private static List<String> grants(Server s, String account) {
        return s.query("SHOW GRANTS FOR " + account).stream().map(r -> String.valueOf(r.values().iterator().next())).toList();
    }

    /**
     * Write privileges by object ({@code *.*}, {@code db.*}, {@code db.t}, {@code db.t(col)}), from
     * SHOW GRANTS lines; {@code ALL PRIVILEGES} stands for every write privilege. Role grants (no
     * ON) and routine grants carry no write privilege of their own and are skipped.
     */
    static Map<String, Set<String>> writeGrants(List<String> grants) {
        Map<String, Set<String>> out = new LinkedHashMap<>();
        for (String g : grants) {
            Matcher m = GRANT.matcher(g.strip());
            if (!m.find()) {
                continue;
            }
            String object = m.group(2).replace("`", "").replace("\"", "");
            for (String priv : splitPrivileges(m.group(1))) {
                String p = priv.strip();
                String columns = "";
                int paren = p.indexOf('(');
                if (paren > 0) {
                    columns = p.substring(paren).replace(" ", "").replace("`", "");
                    p = p.substring(0, paren).strip();
                }
                p = p.toUpperCase(Locale.ROOT);
                if (p.equals("ALL PRIVILEGES") || p.equals("ALL")) {
                    out.computeIfAbsent(object, k -> new LinkedHashSet<>()).addAll(WRITE);
                } else if (WRITE.contains(p)) {
                    out.computeIfAbsent(object + columns, k -> new LinkedHashSet<>()).add(p);
                }
            }
        }
        return out;
    }

    /** A privilege on an object is covered by the same privilege on it, on its schema, or on *.*. */
    static boolean covered(Map<String, Set<String>> held, String object, String privilege) {
        List<String> levels = new ArrayList<>(List.of(object, "*.*"));
        int paren = object.indexOf('(');
        String table = paren > 0 ? object.substring(0, paren) : object;
        levels.add(table);
        int dot = table.indexOf('.');
        if (dot > 0) {
            levels.add(table.substring(0, dot) + ".*");
        }
        return levels.stream().anyMatch(l -> held.getOrDefault(l, Set.of()).contains(privilege));
    }

    private static List<String> splitPrivileges(String list) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        StringBuilder cur = new StringBuilder();
        for (char c : list.toCharArray()) {
            if (c == '(') depth++;
            if (c == ')') depth--;
            if (c == ',' && depth == 0) {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }

    /**
     * Step 13: as the first app user, log in on the new master and run a zero-row DELETE on a table
     * it may delete from. The server checks read_only (and the grant) before it looks for rows, so
     * an accepted statement proves the app can write, and changes nothing. Throws when the app is
     * locked out or refused; says so when the app may delete from no table (nothing to prove).
     */
    static String verifyWrite(SideConfig side, FlipSession.Opener opener) {
        if (side.appUsers().isEmpty()) {
            return "no app user configured to test a write with";
        }
        Credentials app = side.appUsers().get(0);
        Server s;
        try {
            s = opener.open(side, app);
        } catch (DbflipException e) {
            throw DbflipException.failed("the app is locked out of the new master: " + app.user() + " cannot log in on "
                    + side.role() + ": " + e.getMessage());
        }
        try (s) {
            for (String name : Catalog.userTables(s)) {
                try {
                    s.execute(Sql.of("DELETE FROM " + name + " WHERE 1 = 0"));
                    return "a write by " + app.user() + " on " + side.role() + " was accepted (zero-row DELETE on " + name + ")";
                } catch (DbflipException e) {
                    if (SqlErrors.vendorCode(e) != 1142) {
                        throw DbflipException.failed("the app cannot write on the new master: " + app.user() + " on "
                                + side.role() + ": " + e.getMessage());
                    }
                    // 1142: no DELETE on this table for the app user; try the next one
                }
            }
            return app.user() + " may DELETE from no table on " + side.role() + ": logged in, no write to test";
        }
    }
}
