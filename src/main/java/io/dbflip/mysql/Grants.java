package io.dbflip.mysql;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The connected account's grants (SHOW GRANTS), and what they allow dbflip to do. Only global
 * grants ({@code ON *.*}) count for the fences and kills. Privileges reached through a MySQL 8
 * role (Aurora 3's rds_superuser_role) show as the role's name only: such an account is judged
 * by its flavor's documented master-user privileges, not here.
 */
public record Grants(String account, List<String> lines) {
    private static final Pattern GLOBAL = Pattern.compile("^GRANT (.+?) ON \\*\\.\\* TO ", Pattern.CASE_INSENSITIVE);

    public Grants {
        lines = List.copyOf(lines);
    }

    /** Global privileges, upper case, spaces as underscores (MariaDB "READ_ONLY ADMIN" = "READ_ONLY_ADMIN"). */
    public Set<String> global() {
        Set<String> out = new LinkedHashSet<>();
        for (String line : lines) {
            Matcher m = GLOBAL.matcher(line.strip());
            if (m.find()) {
                for (String p : split(m.group(1))) {
                    out.add(normalize(p));
                }
            }
        }
        return out;
    }

    public boolean has(String privilege) {
        Set<String> g = global();
        return g.contains("ALL_PRIVILEGES") || g.contains("ALL") || g.contains(normalize(privilege));
    }

    /** SUPER, READ_ONLY ADMIN (MariaDB) or CONNECTION_ADMIN (MySQL 8, Aurora 3) write through read_only. */
    public boolean bypassesReadOnly() {
        return has("SUPER") || has("READ_ONLY ADMIN") || has("CONNECTION_ADMIN");
    }

    public boolean canSetReadOnly() {
        return has("SUPER") || has("SYSTEM_VARIABLES_ADMIN") || has("READ_ONLY ADMIN");
    }

    /** KILL of other accounts' sessions. */
    public boolean canKillOthers() {
        return has("SUPER") || has("CONNECTION_ADMIN");
    }

    /** SET SESSION sql_log_bin. */
    public boolean canSetSessionBinlog() {
        return has("SUPER") || has("BINLOG ADMIN") || has("SYSTEM_VARIABLES_ADMIN") || has("SESSION_VARIABLES_ADMIN");
    }

    static String normalize(String privilege) {
        return privilege.strip().toUpperCase(Locale.ROOT).replaceAll("\\s+", "_");
    }

    /** Split a privilege list on commas outside parentheses (column privileges carry lists). */
    private static List<String> split(String list) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        StringBuilder cur = new StringBuilder();
        for (char c : list.toCharArray()) {
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            }
            if (c == ',' && depth == 0) {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        if (!cur.isEmpty()) {
            out.add(cur.toString());
        }
        return out;
    }
}
