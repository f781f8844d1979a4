package io.dbflip.flip;

import io.dbflip.mysql.Server;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a MySQL server's own transactions wrote, read from its binlog: the errant-transaction check
 * lets a managed server's heartbeat (mysql.rds_* tables only) through and names anything else.
 */
final class MySqlGtids {
    private static final Pattern GTID_NEXT = Pattern.compile("GTID_NEXT\\s*=\\s*'([0-9a-fA-F-]+(?::[^:']+)?):(\\d+)'");
    /** A bound on the binlog events read (the newest files first): a managed server's heartbeat writes one transaction a second. */
    private static final int MAX_EVENTS = 2_000_000;

    private MySqlGtids() {
    }

    /**
     * Tables (and statements, by their first words) other than mysql.rds_* written by the
     * transactions of {@code gtidSet}, read from the server's binlogs, newest first, until every
     * transaction of the set is found (or {@value #MAX_EVENTS} events were read). A transaction of the
     * set that is not there (purged) is named as unknown: it cannot be shown harmless. (Reading only
     * the last three files refused flips after ~18 flips on MySQL: the heartbeat's older GTIDs had
     * moved into earlier files.)
     */
    static List<String> tablesWrittenBy(Server s, String gtidSet) {
        Set<String> wanted = expand(gtidSet);
        Set<String> seen = new LinkedHashSet<>();
        Set<String> out = new LinkedHashSet<>();
        List<String> files = s.query("SHOW BINARY LOGS").stream().map(r -> String.valueOf(r.get("Log_name"))).toList();
        long read = 0;
        for (int i = files.size() - 1; i >= 0 && seen.size() < wanted.size() && read < MAX_EVENTS; i--) {
            boolean inSet = false;
            for (Map<String, Object> r : s.query("SHOW BINLOG EVENTS IN '" + files.get(i).replace("'", "") + "' LIMIT "
                    + (MAX_EVENTS - read))) {
                read++;
                String type = String.valueOf(r.get("Event_type"));
                String info = String.valueOf(r.get("Info"));
                if (type.equals("Gtid") || type.equals("Gtid_tagged_log")) {
                    Matcher m = GTID_NEXT.matcher(info);
                    String gtid = m.find() ? m.group(1).toLowerCase(Locale.ROOT) + ":" + m.group(2) : "";
                    inSet = wanted.contains(gtid);
                    if (inSet) {
                        seen.add(gtid);
                    }
                    continue;
                }
                if (!inSet) {
                    continue;
                }
                if (type.equals("Table_map")) {
                    int open = info.indexOf('(');
                    String table = open < 0 ? info : info.substring(open + 1, info.indexOf(')', open));
                    if (!table.replace("`", "").startsWith("mysql.rds_")) {
                        out.add(table);
                    }
                } else if (type.equals("Query")) {
                    String stmt = info.replaceFirst("^(?s)use `[^`]*`; ", "").strip();
                    String upper = stmt.toUpperCase(Locale.ROOT);
                    if (!(upper.equals("BEGIN") || upper.equals("COMMIT") || upper.startsWith("XA ")
                            || upper.contains("MYSQL.RDS_") || upper.contains("`MYSQL`.`RDS_"))) {
                        // only its first words: the rest may hold a password (CREATE USER … IDENTIFIED BY)
                        String[] words = stmt.split("\\s+", 4);
                        out.add("statement " + String.join(" ", java.util.Arrays.copyOf(words, Math.min(3, words.length)))
                                + (words.length > 3 ? " …" : ""));
                    }
                }
            }
        }
        List<String> result = new ArrayList<>(out);
        long unseen = wanted.size() - seen.size();
        if (unseen > 0) {
            result.add(unseen + " transaction(s) no longer in its binlogs, or beyond the " + MAX_EVENTS
                    + " newest events (cannot be shown harmless)");
        }
        return result;
    }

    /** {@code uuid:1-3:5,uuid2:7} → {uuid:1, uuid:2, uuid:3, uuid:5, uuid2:7}; at most 100,000. */
    static Set<String> expand(String set) {
        Set<String> out = new LinkedHashSet<>();
        for (String part : set.replace("\n", "").split(",")) {
            String[] p = part.strip().split(":");
            if (p.length < 2) {
                continue;
            }
            // a tagged GTID (8.3+) is uuid:tag:intervals; the tag belongs to the name
            int first = p.length >= 3 && !p[1].matches("\\d.*") ? 2 : 1;
            String uuid = (first == 2 ? p[0] + ":" + p[1] : p[0]).toLowerCase(Locale.ROOT);
            for (int i = first; i < p.length; i++) {
                String[] range = p[i].split("-");
                long lo = Long.parseLong(range[0]);
                long hi = range.length > 1 ? Long.parseLong(range[1]) : lo;
                for (long n = lo; n <= hi && out.size() < 100_000; n++) {
                    out.add(uuid + ":" + n);
                }
            }
        }
        return out;
    }
}
