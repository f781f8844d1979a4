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
    /**
     * A bound on the time spent reading binlogs (the newest files first), not on the events read. SQL
     * reads a binlog file only from its start, and a file holds up to max_binlog_size (1 GB): under an
     * OLTP load the newest file's heartbeat GTIDs, at its end, lie millions of events in. A bound of
     * 2,000,000 events read (and held in memory at once) never reached them after about twenty minutes of
     * `sysbench oltp_write_only` at 4 then 16 threads, and every flip was refused (bench/flip-load, MySQL,
     * 2026-12-03). Now pages of {@value #PAGE} events, up to 30 s.
     */
    static final long SCAN_BOUND_MS = 30_000;
    /** Events read per statement: {@code SHOW BINLOG EVENTS ... FROM pos LIMIT n} pages through a file. */
    private static final int PAGE = 50_000;

    private MySqlGtids() {
    }

    /**
     * Tables (and statements, by their first words) other than mysql.rds_* written by the
     * transactions of {@code gtidSet}, read from the server's binlogs, newest first, page by page,
     * until every transaction of the set is found (or {@value #SCAN_BOUND_MS} ms went by). A transaction
     * of the set that is not there (purged) is named as unknown: it cannot be shown harmless. (Reading
     * only the last three files refused flips after ~18 flips on MySQL: the heartbeat's older GTIDs had
     * moved into earlier files.)
     */
    static List<String> tablesWrittenBy(Server s, String gtidSet) {
        return tablesWrittenBy(s, gtidSet, SCAN_BOUND_MS, PAGE);
    }

    static List<String> tablesWrittenBy(Server s, String gtidSet, long boundMs, int pageSize) {
        return scan(s, gtidSet, boundMs, pageSize).tables();
    }

    /** What a scan found: the tables (or the note on what it could not find), where it began and how much it read. */
    record Scan(List<String> tables, String firstFile, long eventsRead) {
    }

    /**
     * Reads forward from the binlog file that holds the set's oldest transaction, found by the files'
     * Previous_gtids events (one short read per file, newest first): the set's transactions lie in that
     * file and later ones, never before. A flip flushes the binlog of the side that stops being the master
     * (step 11), so the file begins where that side's transactions of its own began to be errant.
     */
    static Scan scan(Server s, String gtidSet, long boundMs, int pageSize) {
        Set<String> wanted = expand(gtidSet);
        Set<String> seen = new LinkedHashSet<>();
        Set<String> out = new LinkedHashSet<>();
        List<String> files = s.query("SHOW BINARY LOGS").stream().map(r -> String.valueOf(r.get("Log_name")).replace("'", "")).toList();
        long deadline = System.nanoTime() + boundMs * 1_000_000;
        int first = firstFileHolding(s, files, gtidSet.replace("\n", ""));
        long read = 0;
        boolean timedOut = false;
        for (int i = first; i < files.size() && seen.size() < wanted.size() && !timedOut; i++) {
            boolean inSet = false;
            String file = files.get(i);
            long from = 4;
            while (seen.size() < wanted.size() || inSet) {
                if (System.nanoTime() > deadline) {
                    timedOut = true;
                    break;
                }
                List<Map<String, Object>> page = s.query("SHOW BINLOG EVENTS IN '" + file + "' FROM " + from + " LIMIT " + pageSize);
                for (Map<String, Object> r : page) {
                    read++;
                    inSet = event(r, wanted, seen, out, inSet);
                }
                if (page.size() < pageSize) {
                    break;
                }
                from = Long.parseLong(String.valueOf(page.get(page.size() - 1).get("End_log_pos")));
            }
        }
        List<String> result = new ArrayList<>(out);
        long unseen = wanted.size() - seen.size();
        if (unseen > 0) {
            result.add(unseen + " transaction(s) " + (timedOut ? "not found in the " + read + " binlog events read within "
                    + boundMs / 1000 + " s from " + files.get(first) : "no longer in its binlogs") + " (cannot be shown harmless)");
        }
        return new Scan(result, files.isEmpty() ? "" : files.get(first), read);
    }

    /**
     * The index of the newest file whose Previous_gtids holds none of the set: the file its oldest
     * transaction is in (0 when even the oldest file's predecessors held some: they were purged, and the
     * scan says so when it does not find them).
     */
    private static int firstFileHolding(Server s, List<String> files, String gtidSet) {
        String set = gtidSet.replace("'", "");
        for (int i = files.size() - 1; i > 0; i--) {
            String before = "";
            for (Map<String, Object> r : s.query("SHOW BINLOG EVENTS IN '" + files.get(i) + "' LIMIT 3")) {
                if ("Previous_gtids".equals(String.valueOf(r.get("Event_type")))) {
                    before = String.valueOf(r.get("Info")).replace("\n", "").replace("'", "");
                }
            }
            if (before.isBlank() || "1".equals(s.queryString("SELECT GTID_SUBSET('" + set + "', GTID_SUBTRACT('" + set + "', '" + before + "'))"))) {
                return i;
            }
        }
        return 0;
    }

    /** One binlog event: notes a wanted GTID, or what a wanted transaction writes; returns whether the next events are in the set. */
    private static boolean event(Map<String, Object> r, Set<String> wanted, Set<String> seen, Set<String> out, boolean inSet) {
        String type = String.valueOf(r.get("Event_type"));
        String info = String.valueOf(r.get("Info"));
        if (type.equals("Gtid") || type.equals("Gtid_tagged_log")) {
            Matcher m = GTID_NEXT.matcher(info);
            String gtid = m.find() ? m.group(1).toLowerCase(Locale.ROOT) + ":" + m.group(2) : "";
            boolean in = wanted.contains(gtid);
            if (in) {
                seen.add(gtid);
            }
            return in;
        }
        if (!inSet) {
            return false;
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
        return true;
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
