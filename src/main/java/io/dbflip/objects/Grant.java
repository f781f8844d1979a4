package io.dbflip.objects;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One line of SHOW GRANTS, parsed: privileges on an object, a proxy, a role, or a default role.
 * {@link #text()} is the canonical form: privileges sorted, no IDENTIFIED/REQUIRE clause, no
 * resource limits (those belong to the account, not to its grants).
 */
public record Grant(Type type, List<String> privileges, String on, String grantee, boolean grantOption) {
    public enum Type { PRIVILEGES, PROXY, ROLE, DEFAULT_ROLE }

    private static final Pattern PRIVS = Pattern.compile("(?is)GRANT (.+?) ON (.+?) TO ((?:`(?:[^`]|``)*`|'[^']*')(?:@(?:`(?:[^`]|``)*`|'[^']*'))?)(.*)");
    /** MariaDB: GRANT `r` TO …; MySQL names roles as accounts and may list several: GRANT `r1`@`%`,`r2`@`%` TO … */
    private static final Pattern ROLE = Pattern.compile("(?is)GRANT ((?:`(?:[^`]|``)*`)(?:@`(?:[^`]|``)*`)?(?:\\s*,\\s*`(?:[^`]|``)*`(?:@`(?:[^`]|``)*`)?)*) TO ((?:`(?:[^`]|``)*`)(?:@`(?:[^`]|``)*`)?)(.*)");
    private static final Pattern DEFAULT_ROLE = Pattern.compile("(?is)SET DEFAULT ROLE (.+?) FOR (.+)");

    public Grant {
        privileges = List.copyOf(privileges);
    }

    /** Parses one SHOW GRANTS line; null for a line this package does not carry. */
    public static Grant parse(String line) {
        String l = line.strip();
        if (l.endsWith(";")) {
            l = l.substring(0, l.length() - 1);
        }
        Matcher m = DEFAULT_ROLE.matcher(l);
        if (m.matches()) {
            return new Grant(Type.DEFAULT_ROLE, List.of(m.group(1).strip()), "", m.group(2).strip(), false);
        }
        m = PRIVS.matcher(l);
        if (m.matches()) {
            String privs = m.group(1).strip();
            String tail = m.group(4);
            boolean option = tail.toUpperCase().matches("(?s).*\\bWITH\\b.*\\bGRANT OPTION\\b.*");
            if (privs.equalsIgnoreCase("PROXY")) {
                return new Grant(Type.PROXY, List.of("PROXY"), m.group(2).strip(), m.group(3), option);
            }
            return new Grant(Type.PRIVILEGES, splitPrivileges(privs), m.group(2).strip(), m.group(3), option);
        }
        m = ROLE.matcher(l);
        if (m.matches()) {
            boolean admin = m.group(3).toUpperCase().contains("WITH ADMIN OPTION");
            return new Grant(Type.ROLE, List.of(m.group(1)), "", m.group(2), admin);
        }
        return null;
    }

    /** Splits {@code SELECT (`a`, `b`), INSERT} at the commas outside parentheses, upper-cased and sorted. */
    static List<String> splitPrivileges(String privs) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        StringBuilder cur = new StringBuilder();
        for (char c : privs.toCharArray()) {
            if (c == '(') depth++;
            if (c == ')') depth--;
            if (c == ',' && depth == 0) {
                out.add(cur.toString().strip());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString().strip());
        return out.stream().map(p -> {
            int paren = p.indexOf('(');
            if (paren < 0) {
                return p.toUpperCase();
            }
            // the server lists a privilege's columns in no fixed order: sort them
            String cols = p.substring(paren + 1, p.lastIndexOf(')'));
            List<String> names = java.util.Arrays.stream(cols.split(",")).map(String::strip).sorted().toList();
            return p.substring(0, paren).strip().toUpperCase() + " (" + String.join(", ", names) + ")";
        }).sorted().toList();
    }

    /** The privilege's name without its column list. */
    static String bareName(String privilege) {
        int paren = privilege.indexOf('(');
        return (paren < 0 ? privilege : privilege.substring(0, paren)).strip();
    }

    /** True for a USAGE line without GRANT OPTION: every account has it, it carries nothing. */
    public boolean empty() {
        return type == Type.PRIVILEGES && privileges.equals(List.of("USAGE")) && !grantOption;
    }

    /**
     * What this grant is on: two lines with the same target replace each other. Privileges with and without GRANT
     * OPTION on one level are two targets: MySQL keeps the option per dynamic privilege and prints such privileges
     * on lines of their own.
     */
    public String target() {
        return type + " " + (type == Type.ROLE ? privileges.get(0) : on)
                + (type == Type.PRIVILEGES && grantOption ? " +option" : "");
    }

    /**
     * One line per level and grant option: MySQL prints a level's static privileges on one line and its dynamic
     * ones (BACKUP_ADMIN, …) on another, MariaDB all on one; merged, both read the same. Order kept otherwise.
     */
    public static List<Grant> merge(List<Grant> grants) {
        java.util.Map<String, Grant> byTarget = new java.util.LinkedHashMap<>();
        for (Grant g : grants) {
            byTarget.merge(g.type == Type.PRIVILEGES ? g.grantee + " " + g.target() : g.grantee + " " + g.text(), g,
                    (a, b) -> {
                        List<String> privs = new ArrayList<>(a.privileges);
                        b.privileges.stream().filter(p -> !privs.contains(p)).forEach(privs::add);
                        privs.remove("USAGE");
                        return a.withPrivileges(privs.isEmpty() ? List.of("USAGE") : privs);
                    });
        }
        return List.copyOf(byTarget.values());
    }

    public boolean global() {
        return type == Type.PRIVILEGES && on.equals("*.*");
    }

    public Grant withPrivileges(List<String> privs) {
        return new Grant(type, privs.stream().sorted().toList(), on, grantee, grantOption);
    }

    public String text() {
        return switch (type) {
            case DEFAULT_ROLE -> "SET DEFAULT ROLE " + privileges.get(0) + " FOR " + grantee;
            case ROLE -> "GRANT " + privileges.get(0) + " TO " + grantee + (grantOption ? " WITH ADMIN OPTION" : "");
            case PROXY -> "GRANT PROXY ON " + on + " TO " + grantee + (grantOption ? " WITH GRANT OPTION" : "");
            case PRIVILEGES -> "GRANT " + String.join(", ", privileges) + " ON " + on + " TO " + grantee
                    + (grantOption ? " WITH GRANT OPTION" : "");
        };
    }

    /** The statements that take this grant away again. */
    public List<String> revoke() {
        return switch (type) {
            case DEFAULT_ROLE -> List.of("SET DEFAULT ROLE NONE FOR " + grantee);
            case ROLE -> List.of("REVOKE " + privileges.get(0) + " FROM " + grantee);
            case PROXY -> List.of("REVOKE PROXY ON " + on + " FROM " + grantee);
            case PRIVILEGES -> {
                List<String> r = new ArrayList<>();
                if (!privileges.equals(List.of("USAGE"))) {
                    r.add("REVOKE " + String.join(", ", privileges) + " ON " + on + " FROM " + grantee);
                }
                if (grantOption) {
                    r.add("REVOKE GRANT OPTION ON " + on + " FROM " + grantee);
                }
                yield r;
            }
        };
    }

    @Override
    public String toString() {
        return text();
    }
}
