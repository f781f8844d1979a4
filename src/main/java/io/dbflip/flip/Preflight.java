package io.dbflip.flip;

import io.dbflip.DbflipException;
import io.dbflip.config.Credentials;
import io.dbflip.config.FenceMethod;
import io.dbflip.config.Limits;
import io.dbflip.fence.Privileges;
import io.dbflip.mysql.Catalog;
import io.dbflip.mysql.ReplicationStatus;
import io.dbflip.mysql.Server;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Every check DESIGN.md names, run before anything changes. Each check has a name, a result, a
 * reason and (when it fails) a one-line fix. Reads only.
 */
final class Preflight {
    private final FlipSession s;
    private final Limits limits;
    private final List<Check> checks = new ArrayList<>();

    Preflight(FlipSession session, Limits limits) {
        this.s = session;
        this.limits = limits;
    }

    List<Check> run(List<Check> dnsChecks) {
        guarded("replication", () -> replication(s.bAdmin.replicaStatus()));
        guarded("errant transactions", this::errantTransactions);
        guarded("long transactions", this::longTransactions);
        guarded("reverse replication", this::reverseReplication);
        guarded("server ids", this::serverIds);
        checks.addAll(dnsChecks);
        guarded("fences and kill", this::fencesAndKills);
        guarded("write-through accounts", this::writeThroughAccounts);
        guarded("app on " + s.b.role(), () -> checks.addAll(AppAccess.preflight(s)));
        guarded("events", this::events);
        guarded("hooks", this::hooks);
        return checks;
    }

    /**
     * A check whose SQL fails (a variable the release removed, a privilege the admin lacks) is a
     * failed check naming the server and the statement: the flip is refused (exit 3) with nothing
     * changed, never left half-run.
     */
    private void guarded(String check, Runnable body) {
        try {
            body.run();
        } catch (DbflipException e) {
            add(Check.fail(check, "could not be checked: " + e.getMessage(), "fix what the error names, then flip again"));
        }
    }

    private void add(Check c) {
        checks.add(c);
    }

    private void replication(ReplicationStatus row) {
        String b = s.b.role();
        if (row == null) {
            add(Check.fail("replication", b + " does not replicate from anything", "dbflip replicate " + s.cluster.name()));
            return;
        }
        boolean io = row.ioRunning();
        boolean sql = row.sqlRunning();
        String err = row.errors();
        if (io && sql && err.isEmpty()) {
            add(Check.pass("replication", b + " replicates from " + row.sourceHost() + ":" + row.sourcePort()
                    + ", IO and SQL threads running, no error"));
        } else {
            add(Check.fail("replication", b + ": IO thread " + (io ? "running" : "stopped") + ", SQL thread "
                    + (sql ? "running" : "stopped") + (err.isEmpty() ? "" : ", " + err),
                    "fix replication on " + b + " (" + s.bAdmin.dialect().replicaStatusQuery() + ") before flipping"));
        }
        Long lag = row.secondsBehind();
        if (lag == null) {
            add(Check.fail("lag", b + ": lag unknown (a replication thread is stopped)", null));
        } else if (lag > limits.maxLag().toSeconds()) {
            add(Check.fail("lag", b + " is " + lag + " s behind, over the limit of " + limits.maxLag().toSeconds() + " s",
                    "wait for " + b + " to catch up, or raise limits.max_lag"));
        } else {
            add(Check.pass("lag", b + " is " + lag + " s behind (limit " + limits.maxLag().toSeconds() + " s)"));
        }
    }

    private void errantTransactions() {
        Server a = s.aAdmin;
        Server b = s.bAdmin;
        try {
            if (b.flavor().mariadb()) {
                String bState = b.queryString("SELECT @@global.gtid_binlog_state");
                String aState = a.flavor().mariadb() ? a.queryString("SELECT @@global.gtid_binlog_state") : "";
                // B's own transactions older than the last one it applied from A predate its life as
                // A's replica (written while it was master, or carried by the backup it was seeded from)
                String bSlavePos = b.queryString("SELECT @@global.gtid_slave_pos");
                long bId = Long.parseLong(b.queryString("SELECT @@server_id"));
                List<String> ahead = new ArrayList<>();
                for (String g : split(bState)) {
                    String[] p = g.split("-");
                    if (p.length == 3 && Long.parseLong(p[1]) == bId) {
                        long aSeq = Math.max(seqOf(aState, p[0], p[1]), seqOfDomain(bSlavePos, p[0]));
                        if (Long.parseLong(p[2]) > aSeq) {
                            ahead.add(g);
                        }
                    }
                }
                if (ahead.isEmpty()) {
                    add(Check.pass("errant transactions", s.b.role() + " has no transactions of its own that "
                            + s.a.role() + " lacks"));
                    return;
                }
                if (b.flavor().writesRdsTables()) {
                    List<String> foreign = nonRdsOwnEvents(b, bId, aState, bSlavePos);
                    if (foreign.isEmpty()) {
                        add(Check.pass("errant transactions", s.b.role() + "'s own events (" + String.join(",", ahead)
                                + ") touch only mysql.rds_* tables (the managed server's heartbeat), which "
                                + s.a.role() + " ignores"));
                    } else {
                        add(Check.fail("errant transactions", s.b.role() + " wrote transactions of its own on "
                                + String.join(", ", foreign), "find who writes to " + s.b.role()
                                + " and reconcile those rows before flipping"));
                    }
                    return;
                }
                add(Check.fail("errant transactions", s.b.role() + " has GTIDs " + String.join(",", ahead) + " that "
                        + s.a.role() + " lacks", "reconcile the errant transactions on " + s.b.role()));
            } else {
                // B first: a transaction A commits between the two reads reaches B at once, and read
                // in this order it is in both sets instead of looking like one of B's own
                String bSet = b.queryString("SELECT @@global.gtid_executed");
                String errant = notYetOnA(bSet, () -> a.queryString("SELECT @@global.gtid_executed"),
                        (x, y) -> a.queryString("SELECT GTID_SUBTRACT('" + x.replace("'", "") + "', '" + y.replace("'", "") + "')"),
                        RECHECKS, RECHECK_PAUSE_MS);
                if (errant == null || errant.isBlank()) {
                    add(Check.pass("errant transactions", "GTID_SUBTRACT(" + s.b.role() + ", " + s.a.role() + ") is empty"));
                } else if (b.flavor().writesRdsTables()) {
                    // a managed server writes its own heartbeat (mysql.rds_heartbeat2) and configuration
                    // with GTIDs of its own: errant only if one of them touches anything else
                    List<String> foreign = MySqlGtids.tablesWrittenBy(b, errant.replace("\n", ""));
                    if (foreign.isEmpty()) {
                        add(Check.pass("errant transactions", s.b.role() + "'s own GTIDs (" + errant.replace("\n", "")
                                + ") touch only mysql.rds_* tables (the managed server's heartbeat), which "
                                + s.a.role() + " ignores"));
                    } else {
                        add(Check.fail("errant transactions", s.b.role() + " wrote transactions of its own ("
                                + errant.replace("\n", "") + ") on " + String.join(", ", foreign), "find who writes to "
                                + s.b.role() + " and reconcile those rows before flipping"));
                    }
                } else {
                    add(Check.fail("errant transactions", s.b.role() + " has " + errant.replace("\n", "") + " that "
                            + s.a.role() + " lacks (they wrote: " + MySqlGtids.tablesWrittenBy(b, errant.replace("\n", "")) + ")",
                            "reconcile the errant transactions on " + s.b.role()));
                }
            }
        } catch (RuntimeException e) {
            add(Check.fail("errant transactions", "could not compare GTID state: " + e.getMessage(), null));
        }
    }

    static final int RECHECKS = 3;
    static final long RECHECK_PAUSE_MS = 100;

    /**
     * B's GTIDs that A's gtid_executed lacks, read again (up to {@code rechecks} times, {@code pauseMs} apart)
     * while any are missing. Reading B first is not enough on MySQL: a transaction reaches the replica once
     * the source's binlog is synced, before the source's commit stage adds it to its own gtid_executed, so a
     * fast replica can hold a GTID its source does not show yet (bench/flip-blackout on MySQL refused 1 flip
     * in 20 so, on the probe's own writes). A real errant transaction is still missing after the rechecks.
     */
    static String notYetOnA(String bSet, java.util.function.Supplier<String> aSet,
                            java.util.function.BinaryOperator<String> subtract, int rechecks, long pauseMs) {
        String errant = subtract.apply(bSet, aSet.get());
        for (int i = 0; i < rechecks && errant != null && !errant.isBlank(); i++) {
            try {
                Thread.sleep(pauseMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            errant = subtract.apply(bSet, aSet.get());
        }
        return errant;
    }

    /**
     * Tables other than mysql.rds_* that the server's own transactions touch, among those the other
     * side has not applied (GTID sequence above what A's gtid_binlog_state holds for B's server_id),
     * in B's current binlog. Transactions B wrote while it was the master, and A replicated, are older.
     */
    private static List<String> nonRdsOwnEvents(Server b, long bId, String aState, String bSlavePos) {
        String file = Reads.binlogPosition(b).file();
        List<String> tables = new ArrayList<>();
        long currentSeq = -1;
        long appliedSeq = -1;
        for (Map<String, Object> r : b.query("SHOW BINLOG EVENTS IN '" + file.replace("'", "") + "' LIMIT 200000")) {
            String type = String.valueOf(r.get("Event_type"));
            String info = String.valueOf(r.get("Info"));
            if ("Gtid".equals(type)) {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)-(\\d+)-(\\d+)").matcher(info);
                if (m.find()) {
                    currentSeq = Long.parseLong(m.group(3));
                    appliedSeq = Math.max(seqOf(aState, m.group(1), m.group(2)), seqOfDomain(bSlavePos, m.group(1)));
                }
                continue;
            }
            if (((Number) r.get("Server_id")).longValue() != bId || currentSeq <= appliedSeq) {
                continue;
            }
            if ("Query".equals(type)) {
                // a DDL (or a statement-format write) of B's own has no Table_map: it is errant all the same
                String stmt = info.replaceFirst("^(?s)use `[^`]*`; ", "").strip();
                String upper = stmt.toUpperCase(java.util.Locale.ROOT);
                boolean txControl = upper.equals("BEGIN") || upper.equals("COMMIT") || upper.equals("ROLLBACK")
                        || upper.startsWith("XA ");
                boolean rds = upper.contains("MYSQL.RDS_") || upper.contains("`MYSQL`.`RDS_");
                // only its first words: the rest may hold a password (CREATE USER … IDENTIFIED BY)
                String[] words = stmt.split("\\s+", 4);
                String what = "statement " + String.join(" ", Arrays.copyOf(words, Math.min(3, words.length)))
                        + (words.length > 3 ? " …" : "");
                if (!txControl && !rds && !tables.contains(what)) {
                    tables.add(what);
                }
                continue;
            }
            if (!"Table_map".equals(type)) {
                continue;
            }
            int open = info.indexOf('(');
            String table = open < 0 ? info : info.substring(open + 1, info.indexOf(')', open));
            if (!table.startsWith("`mysql`.`rds_") && !table.startsWith("mysql.rds_") && !tables.contains(table)) {
                tables.add(table);
            }
        }
        return tables;
    }

    private static List<String> split(String gtids) {
        return gtids == null || gtids.isBlank() ? List.of() : List.of(gtids.trim().split("\\s*,\\s*"));
    }

    private static long seqOfDomain(String pos, String domain) {
        for (String g : split(pos)) {
            String[] p = g.split("-");
            if (p.length == 3 && p[0].equals(domain)) {
                return Long.parseLong(p[2]);
            }
        }
        return -1;
    }

    private static long seqOf(String state, String domain, String serverId) {
        for (String g : split(state)) {
            String[] p = g.split("-");
            if (p.length == 3 && p[0].equals(domain) && p[1].equals(serverId)) {
                return Long.parseLong(p[2]);
            }
        }
        return -1;
    }

    private void longTransactions() {
        long limit = limits.longTransaction().toSeconds();
        List<Map<String, Object>> trx = s.aAdmin.query("SELECT trx_mysql_thread_id AS id, "
                + "TIMESTAMPDIFF(SECOND, trx_started, NOW()) AS age FROM information_schema.INNODB_TRX "
                + "WHERE trx_started < NOW() - INTERVAL " + limit + " SECOND");
        if (trx.isEmpty()) {
            add(Check.pass("long transactions", "no transaction on " + s.a.role() + " older than " + limit + " s"));
        } else {
            add(Check.fail("long transactions", trx.size() + " transaction(s) on " + s.a.role() + " older than " + limit
                    + " s (sessions " + trx.stream().map(r -> r.get("id") + " (" + r.get("age") + " s)").toList() + ")",
                    "let them finish or end them, then flip; killing one inside the flip would mean an unbounded rollback"));
        }
        List<Map<String, Object>> queries = s.bAdmin.query("SELECT ID, USER, TIME FROM information_schema.PROCESSLIST "
                + "WHERE COMMAND = 'Query' AND TIME > " + limit + " AND USER NOT IN ('system user', 'event_scheduler')"
                + " AND ID <> CONNECTION_ID()");
        if (queries.isEmpty()) {
            add(Check.pass("long queries", "no query on " + s.b.role() + " running longer than " + limit + " s"));
        } else {
            add(Check.fail("long queries", queries.size() + " query(ies) on " + s.b.role() + " running longer than "
                    + limit + " s", "let them finish or end them"));
        }
    }

    private void reverseReplication() {
        Server b = s.bAdmin;
        Server a = s.aAdmin;
        String role = s.b.role();
        if (!"1".equals(b.queryString("SELECT @@global.log_bin"))) {
            add(Check.fail("reverse: binlog", role + " writes no binary log, so " + s.a.role() + " could not replicate from it",
                    b.flavor().managed() ? "set binlog_format=ROW in the cluster parameter group and reboot"
                            : "start " + role + " with log_bin and log_slave_updates"));
        } else {
            String format = b.queryString("SELECT @@global.binlog_format");
            // MySQL 8.0.26+ says log_replica_updates (log_slave_updates is a deprecated alias)
            String updates = b.variable("log_replica_updates");
            boolean slaveUpdates = "1".equals(updates != null ? updates : b.variable("log_slave_updates"));
            if (!slaveUpdates) {
                add(Check.fail("reverse: binlog", role + " has log_slave_updates off: what it applied from "
                        + s.a.role() + " is not in its binlog", "enable log_slave_updates on " + role));
            } else {
                add(Check.pass("reverse: binlog", role + " writes a binlog (" + format + ") with log_slave_updates"));
            }
        }
        Credentials repl = s.b.replication();
        if (repl == null) {
            add(Check.fail("reverse: replication user", "no replication account configured for " + role,
                    "add sides[" + role + "].replication to the config"));
        } else {
            List<String> accounts = Privileges.accountsNamed(b, repl.user());
            add(accounts.isEmpty()
                    ? Check.fail("reverse: replication user", "account " + repl.user() + " does not exist on " + role,
                    "CREATE USER '" + repl.user() + "'@'%' …; GRANT REPLICATION SLAVE ON *.* TO it, on " + s.a.role()
                            + " (it replicates)")
                    : Check.pass("reverse: replication user", repl.user() + " exists on " + role + " " + accounts));
        }
        if (b.flavor().managed()) {
            String hours = null;
            try {
                for (Map<String, Object> r : b.query("CALL mysql.rds_show_configuration()")) {
                    if ("binlog retention hours".equalsIgnoreCase(String.valueOf(r.get("name")))) {
                        hours = r.get("value") == null ? null : r.get("value").toString();
                    }
                }
            } catch (RuntimeException e) {
                hours = "unknown (" + e.getMessage() + ")";
            }
            boolean ok = hours != null && hours.matches("\\d+") && Integer.parseInt(hours) >= 1;
            add(ok ? Check.pass("reverse: binlog retention", role + " keeps binlogs " + hours + " h")
                    : Check.fail("reverse: binlog retention", role + " binlog retention hours is " + hours
                    + ": binlogs may be purged before " + s.a.role() + " reads them",
                    "CALL mysql.rds_set_configuration('binlog retention hours', 24);"));
        } else {
            add(Check.pass("reverse: binlog retention", role + " " + retention(b)));
        }
        if (b.flavor().writesRdsTables()) {
            String filter = String.valueOf(a.queryString(a.dialect().replicationFilterQuery())).toLowerCase(Locale.ROOT);
            if (filter.contains("mysql.rds%") || filter.contains("mysql.rds_%")) {
                add(Check.pass("reverse: rds filter", s.a.role() + " ignores mysql.rds% already"));
            } else if (!a.dialect().ignoreRdsTables().isEmpty()) {
                add(Check.pass("reverse: rds filter", s.a.role() + " will ignore mysql.rds% (set at step 11); to keep it "
                        + "after a restart add to its my.cnf: " + a.dialect().ignoreRdsTablesMyCnf()));
            } else {
                add(Check.fail("reverse: rds filter", s.a.role() + " cannot set the mysql.rds% filter dynamically",
                        a.dialect().ignoreRdsTablesMyCnf()));
            }
        }
    }

    /**
     * binlog_expire_logs_seconds where the server has it (MySQL 8.0+, MariaDB 10.6+; MySQL 8.4
     * removed expire_logs_days: error 1193), expire_logs_days elsewhere.
     */
    static String retention(Server b) {
        String seconds = b.variable("binlog_expire_logs_seconds");
        if (seconds != null) {
            long s = Long.parseLong(seconds.strip());
            return s == 0 ? "keeps binlogs until purged (binlog_expire_logs_seconds=0)"
                    : "keeps binlogs " + (s / 3600) + " h (binlog_expire_logs_seconds=" + s + ")";
        }
        return "expire_logs_days=" + b.variable("expire_logs_days");
    }

    private void serverIds() {
        String aId = s.aAdmin.queryString("SELECT @@server_id");
        String bId = s.bAdmin.queryString("SELECT @@server_id");
        add(aId.equals(bId)
                ? Check.fail("server ids", "both sides have server_id " + aId, "give each server its own server_id")
                : Check.pass("server ids", s.a.role() + "=" + aId + ", " + s.b.role() + "=" + bId));
    }

    private void fencesAndKills() {
        for (var e : List.of(Map.entry(s.fenceA, s.fenceA()), Map.entry(s.fenceB, s.fenceB()))) {
            List<String> problems = e.getKey().preflight(e.getValue());
            String name = "fence " + e.getValue().side().role() + " (" + e.getKey().name() + ")";
            add(problems.isEmpty() ? Check.pass(name, "permitted by the admin's privileges")
                    : Check.fail(name, String.join("; ", problems), null));
        }
        List<String> problems = s.killA.preflight(s.killA());
        String name = "kill on " + s.a.role() + " (" + s.killA.name() + ")";
        add(problems.isEmpty() ? Check.pass(name, "permitted") : Check.fail(name, String.join("; ", problems), null));
    }

    /** Accounts that write through read_only: app users among them refuse the flip; others are named. */
    private void writeThroughAccounts() {
        if (!FenceMethod.of(s.a.fence()).equals(List.of(FenceMethod.READ_ONLY))) {
            return;
        }
        Server a = s.aAdmin;
        List<String> appUsers = s.a.appUsers().stream().map(Credentials::user).toList();
        List<String> bad = new ArrayList<>();
        for (String u : appUsers) {
            for (String account : Privileges.accountsNamed(a, u)) {
                List<String> grants = a.query("SHOW GRANTS FOR " + account).stream()
                        .map(r -> String.valueOf(r.values().iterator().next())).toList();
                if (Privileges.hasGlobal(grants, "SUPER") || Privileges.hasGlobal(grants, "READ_ONLY ADMIN")
                        || Privileges.hasGlobal(grants, "CONNECTION_ADMIN")) {
                    bad.add(account);
                }
            }
        }
        if (!bad.isEmpty()) {
            add(Check.fail("write-through accounts", "app accounts " + bad + " have SUPER/READ_ONLY ADMIN and write through read_only",
                    "revoke those privileges from the app accounts, or fence " + s.a.role() + " with account-lock"));
        } else {
            add(Check.pass("write-through accounts", "no app account of " + s.a.role() + " can write through read_only"
                    + (!a.flavor().mariadb() ? " (super_read_only is set too)" : "")));
        }
    }

    /**
     * The events the flip will alter — A's enabled ones at step 1, B's replica-side disabled ones
     * at step 12 (after the point of no return) — must be alterable by each side's admin. On MySQL
     * an event whose definer holds SYSTEM_USER can be altered only by an account that holds it too,
     * which a managed server's admin never does.
     */
    private void events() {
        List<String> problems = new ArrayList<>();
        problems.addAll(unalterableEvents(s.aAdmin, s.a.role(), List.of("ENABLED")));
        problems.addAll(unalterableEvents(s.bAdmin, s.b.role(), io.dbflip.mysql.Dialect.REPLICA_SIDE_DISABLED));
        add(problems.isEmpty() ? Check.pass("events", "each side's admin may alter the events that follow the master")
                : Check.fail("events", String.join("; ", problems), "recreate those events with a definer that does"
                + " not hold SYSTEM_USER (the objects' owner, not an administrator)"));
    }

    private static List<String> unalterableEvents(Server srv, String role, List<String> states) {
        List<Catalog.Event> events = Catalog.events(srv, states);
        if (events.isEmpty() || srv.flavor().mariadb()
                || Privileges.hasGlobal(Privileges.grantsOfCurrentUser(srv), "SYSTEM_USER")) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (Catalog.Event e : events) {
            String definer = String.valueOf(e.definer());
            int at = definer.lastIndexOf('@');
            if (at < 0) {
                continue;
            }
            String n = srv.queryString("SELECT COUNT(*) FROM mysql.global_grants WHERE PRIV = 'SYSTEM_USER' AND USER = "
                    + Privileges.quote(definer.substring(0, at)) + " AND HOST = " + Privileges.quote(definer.substring(at + 1)));
            if (!"0".equals(n)) {
                out.add(role + "'s admin cannot alter event " + e + ": its definer " + definer
                        + " holds SYSTEM_USER");
            }
        }
        return out;
    }

    private void hooks() {
        List<String> bad = new ArrayList<>();
        for (String h : s.cluster.hooks().preFlip()) {
            if (!Files.isExecutable(Path.of(h))) bad.add(h);
        }
        for (String h : s.cluster.hooks().postFlip()) {
            if (!Files.isExecutable(Path.of(h))) bad.add(h);
        }
        if (!bad.isEmpty()) {
            add(Check.fail("hooks", "not executable: " + bad, "chmod +x " + String.join(" ", bad)));
        }
    }

    static boolean allOk(List<Check> checks) {
        return checks.stream().allMatch(Check::ok);
    }
}
