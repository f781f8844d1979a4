package io.dbflip.objects;

import io.dbflip.DbflipException;
import io.dbflip.progress.Progress;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Makes the target hold what the (rewritten) source holds: creates what is missing, alters or
 * replaces what differs, and leaves alone what exists only on the target. Runs in this order:
 * session binlog off, roles, users, routines, views, triggers, events, then grants (read again
 * from the target, because replacing a routine can take its grants with it). A second run finds
 * nothing to do.
 *
 * <p>The target is normally a replica of the source while this runs. The statements are run with
 * the session's binary log off where the target permits (the caller passes the flavor's
 * statements): written to B's binlog they would be transactions A lacks (errant GTIDs, B's own
 * server_id), which the flip's preflight refuses, and after a flip A would receive them again.
 * They never reach A either way: A does not replicate from B until after a flip.
 */
public final class ObjectApplier {

    /**
     * @param binlogOff   statements that turn binary logging off for this session (empty: it stays on, reported)
     * @param dryRun      print, change nothing
     * @param showHashes  print password hashes instead of masking them
     * @param locks       which account locks are a fence's (never lifted here)
     */
    public record Options(List<String> binlogOff, boolean dryRun, boolean showHashes, AccountLocks locks) {
        public Options(List<String> binlogOff, boolean dryRun, boolean showHashes) {
            this(binlogOff, dryRun, showHashes, AccountLocks.NONE);
        }
    }

    private final String serverName;
    private final Connection target;
    private final SkipList skip;
    private final Options options;
    private final List<String> shown = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private boolean mariadb;

    public ObjectApplier(String serverName, Connection target, SkipList skip, Options options) {
        this.serverName = serverName;
        this.target = target;
        this.skip = skip;
        this.options = options;
    }

    private Progress progress = Progress.NONE;
    private long planned;
    private long applied;

    /** Told each statement run, of those known so far (the grants are known only once the accounts exist). */
    public ObjectApplier progress(Progress p) {
        this.progress = p;
        return this;
    }

    public ApplyReport apply(TargetRewriter.Result rewritten, TargetAccess access) {
        this.mariadb = access.mariadb();
        ObjectDumper reader = new ObjectDumper(serverName, target);
        Map<String, ObjectDef> existing = index(reader.dump());
        List<ObjectDef> wanted = options.locks().adjust(rewritten.objects().stream().filter(d -> !skip.skips(d)).toList(),
                existing, mariadb, notes);
        List<List<String>> work = new ArrayList<>();
        boolean replacedRoutine = false;
        for (ObjectDef d : wanted) {
            ObjectDef have = existing.get(d.key());
            if (have != null && SqlText.normalise(have.create()).equals(SqlText.normalise(d.create()))
                    && sameSettings(have, d)) {
                continue;
            }
            work.add(d.kind().account() ? accountStatements(d, have) : programStatements(d, have));
            replacedRoutine |= have != null && (d.kind() == ObjectKind.PROCEDURE || d.kind() == ObjectKind.FUNCTION);
        }
        if (!options.dryRun() && !access.hasSuper() && work.stream().flatMap(List::stream)
                .anyMatch(q -> q.matches("(?is)^\\s*CREATE\\s+(OR\\s+REPLACE\\s+)?DEFINER\\S*\\s+(FUNCTION|TRIGGER)\\b.*"))) {
            requireTrustFunctionCreators();
        }
        Set<String> wantedKeys = wanted.stream().map(ObjectDef::key).collect(Collectors.toSet());
        existing.values().stream().filter(d -> !skip.skips(d) && !wantedKeys.contains(d.key())).limit(20)
                .forEach(d -> notes.add("only on the target, left alone: " + d.key()));
        if (!work.isEmpty() || wanted.stream().anyMatch(d -> d.kind().account())) {
            startSession();
        }
        run(Batches.createUsers(work.stream().flatMap(List::stream).toList()));
        if (!work.isEmpty()) {
            restoreSession();
        }
        // Grants: against what the target holds now (an account just created has none — MySQL's CREATE USER …
        // DEFAULT ROLE grants the role —; a replaced routine lost its own).
        List<String> grantWork = new ArrayList<>();
        for (ObjectDef d : wanted) {
            if (!d.kind().account()) {
                continue;
            }
            ObjectDef have = existing.get(d.key());
            boolean createdBare = have == null && !d.create().toUpperCase().contains(" DEFAULT ROLE ");
            boolean reread = !options.dryRun() && !createdBare && (have == null || replacedRoutine);
            List<String> current = have == null && (options.dryRun() || createdBare) ? List.of()
                    : reread ? reader.grantsOf(grantee(d)).stream().map(Grant::text).toList() : have.grants();
            grantWork.addAll(grantStatements(d.grants(), current));
        }
        run(Batches.grants(grantWork));
        run(afterGrants);
        return new ApplyReport(shown, rewritten.rewrites(), rewritten.leftOut(), notes);
    }

    /**
     * Without SUPER, a server that writes a binlog refuses CREATE FUNCTION and CREATE TRIGGER (error 1419) unless
     * log_bin_trust_function_creators is on — on RDS/Aurora it is a parameter-group setting. Checked before
     * anything changes, so the apply does not stop half-way.
     */
    private void requireTrustFunctionCreators() {
        Map<String, String> v = new ObjectDumperSession(target).variables();
        if ("1".equals(v.get("log_bin")) && !"1".equals(v.get("trust"))) {
            throw DbflipException.precondition(serverName + ": functions and triggers cannot be created by an admin without"
                    + " SUPER while log_bin is on and log_bin_trust_function_creators is off; set"
                    + " log_bin_trust_function_creators=1 (the DB cluster parameter group on Aurora/RDS) and run apply again."
                    + " Nothing was changed.");
        }
    }

    private boolean sessionStarted;
    private Map<String, String> savedSession;

    private void startSession() {
        if (sessionStarted) {
            return;
        }
        sessionStarted = true;
        if (options.binlogOff().isEmpty()) {
            notes.add("binary logging stays on for these statements: the target's flavor gives no way to turn it off"
                    + " for a session; they become the target's own transactions");
        } else {
            run(options.binlogOff());
        }
        savedSession = options.dryRun() ? Map.of() : readSession();
    }

    private static final java.util.regex.Pattern DEFAULT_ROLE =
            java.util.regex.Pattern.compile("(?i)\\s+DEFAULT ROLE\\s+(.+?)(?=\\s+REQUIRE\\b|$)");
    private final List<String> afterGrants = new ArrayList<>();

    private static String defaultRoles(String createUser) {
        java.util.regex.Matcher m = DEFAULT_ROLE.matcher(createUser);
        return m.find() ? m.group(1).strip() : "";
    }

    private List<String> accountStatements(ObjectDef d, ObjectDef have) {
        if (have == null) {
            return List.of(d.create());
        }
        if (d.kind() == ObjectKind.ROLE) {
            return List.of();
        }
        String acct = grantee(d);
        String tail = d.create().substring(d.create().indexOf(acct) + acct.length());
        if (!mariadb) {
            // MySQL prints DEFAULT ROLE inside CREATE USER, which ALTER USER … IDENTIFIED does not take; the role
            // may be granted only in the grants step, so the default follows it
            String want = defaultRoles(d.create());
            if (!want.equals(defaultRoles(have.create()))) {
                afterGrants.add("SET DEFAULT ROLE " + (want.isEmpty() ? "NONE" : want) + " TO " + acct);
            }
            tail = DEFAULT_ROLE.matcher(tail).replaceFirst("");
        }
        List<String> out = new ArrayList<>();
        String was = have.create().toUpperCase();
        String now = d.create().toUpperCase();
        if (was.contains(" MAX_") && !now.contains(" MAX_")) {
            out.add("ALTER USER " + acct + " WITH MAX_QUERIES_PER_HOUR 0 MAX_UPDATES_PER_HOUR 0 MAX_CONNECTIONS_PER_HOUR 0 MAX_USER_CONNECTIONS 0"
                    + (mariadb ? " MAX_STATEMENT_TIME 0" : ""));
        }
        if (was.contains(" REQUIRE ") && !now.contains(" REQUIRE ")) {
            out.add("ALTER USER " + acct + " REQUIRE NONE");
        }
        // No ACCOUNT UNLOCK, ever: a lock on the target may be a fence (AccountLocks), and leaving the clause out
        // keeps whatever lock holds when the statement runs, even one a fence set after this apply read the target.
        if (was.contains("PASSWORD EXPIRE") && !now.contains("PASSWORD EXPIRE")) {
            out.add("ALTER USER " + acct + " PASSWORD EXPIRE DEFAULT");
        }
        out.add("ALTER USER " + acct + AccountLocks.withoutUnlock(tail));
        return out;
    }

    private List<String> programStatements(ObjectDef d, ObjectDef have) {
        List<String> out = new ArrayList<>();
        Map<String, String> m = d.metadata();
        if (m.containsKey("sql_mode")) {
            out.add("SET SESSION sql_mode = " + SqlText.literal(m.get("sql_mode")));
        }
        if (m.containsKey("character_set_client")) {
            out.add("SET SESSION character_set_client = " + m.get("character_set_client"));
            out.add("SET SESSION collation_connection = " + m.get("collation_connection"));
        }
        if (m.containsKey("time_zone")) {
            out.add("SET SESSION time_zone = " + SqlText.literal(m.get("time_zone")));
        }
        out.add("USE " + SqlText.ident(d.schema()));
        if (have == null) {
            out.add(d.create());
        } else if (mariadb || d.kind() == ObjectKind.VIEW) {
            // MariaDB replaces in one statement: the object is never missing, and a bad body leaves the old one.
            out.add(d.create().replaceFirst("(?i)^\\s*CREATE\\s+(OR\\s+REPLACE\\s+)?", "CREATE OR REPLACE "));
        } else {
            String kind = d.kind() == ObjectKind.PROCEDURE ? "PROCEDURE" : d.kind().name();
            out.add("DROP " + kind + " IF EXISTS " + SqlText.ident(d.schema()) + "." + SqlText.ident(d.name()));
            out.add(d.create());
        }
        return out;
    }

    static List<String> grantStatements(List<String> wanted, List<String> current) {
        Map<String, Grant> want = grants(wanted);
        Map<String, Grant> have = grants(current);
        List<String> out = new ArrayList<>();
        for (Grant h : have.values()) {
            Grant w = want.get(h.target());
            if (w == null || !w.text().equals(h.text())) {
                out.addAll(h.revoke());
            }
        }
        want.values().stream()
                .filter(w -> have.get(w.target()) == null || !have.get(w.target()).text().equals(w.text()))
                .sorted(Comparator.comparing((Grant g) -> g.type() == Grant.Type.DEFAULT_ROLE))
                .forEach(w -> out.add(w.text()));
        return out;
    }

    private static Map<String, Grant> grants(List<String> lines) {
        return lines.stream().map(Grant::parse).filter(g -> g != null && !g.empty())
                .collect(Collectors.toMap(Grant::target, Function.identity(), (a, b) -> a, java.util.LinkedHashMap::new));
    }

    private String grantee(ObjectDef d) {
        return d.kind() == ObjectKind.ROLE ? ObjectDumper.roleGrantee(d.name(), mariadb) : SqlText.account(d.name());
    }

    private static boolean sameSettings(ObjectDef a, ObjectDef b) {
        return ObjectDiff.difference(a.withGrants(List.of()), b.withGrants(List.of())) == null;
    }

    private Map<String, String> readSession() {
        return new ObjectDumperSession(target).read();
    }

    private void restoreSession() {
        if (options.dryRun() || savedSession == null || savedSession.isEmpty()) {
            return;
        }
        run(List.of("SET SESSION sql_mode = " + SqlText.literal(savedSession.get("sql_mode")),
                "SET SESSION character_set_client = " + savedSession.get("cs"),
                "SET SESSION collation_connection = " + savedSession.get("coll"),
                "SET SESSION time_zone = " + SqlText.literal(savedSession.get("tz"))));
    }

    /** Session settings and schema as this apply last set them: a statement that would set them again is skipped. */
    private final Map<String, String> session = new java.util.HashMap<>();
    private static final java.util.regex.Pattern SESSION_SET =
            java.util.regex.Pattern.compile("(?is)^(SET SESSION \\w+|USE)\\s*=?\\s*(.*)$");

    /** True when {@code sql} only sets what the session already has (each one is a round trip per routine). */
    private boolean alreadySet(String sql) {
        java.util.regex.Matcher m = SESSION_SET.matcher(sql);
        if (!m.matches() || sql.toLowerCase().startsWith("set session sql_log_bin")) {
            return false;
        }
        return m.group(2).equals(session.put(m.group(1).toLowerCase(), m.group(2)));
    }

    /** Statements sent in one round trip (a multi-statement), and the bytes such a batch may hold at most. */
    static final int BATCH = 100;
    private static final int BATCH_BYTES = 256 * 1024;

    private void run(List<String> statements) {
        List<String> todo = new ArrayList<>();
        for (String sql : statements) {
            if (alreadySet(sql)) {
                continue;
            }
            shown.add(options.showHashes() ? sql : SqlText.maskHashes(sql));
            todo.add(sql);
        }
        if (options.dryRun()) {
            return;
        }
        planned += todo.size();
        progress.total(planned);
        for (List<String> batch : batches(todo, !mariadb)) {
            execute(batch);
        }
    }

    /**
     * Consecutive statements in batches of BATCH (and BATCH_BYTES) at most; a CALL alone, since it answers with
     * result sets of its own. At 10,000 accounts and 2,000 routines the apply is ~2,600 statements: one round trip
     * each, on a loaded machine, cost more than the server's work. On MySQL a CREATE of a trigger, routine, event
     * or view ends its batch: MySQL keeps the ';' that ends a one-statement body inside the stored body when
     * another statement follows (the trigger read back as {@code SET NEW.a = 1;}), and a second apply would then
     * replace it again; MariaDB does not.
     */
    static List<List<String>> batches(List<String> statements, boolean programEndsBatch) {
        List<List<String>> out = new ArrayList<>();
        List<String> cur = new ArrayList<>();
        int bytes = 0;
        for (String sql : statements) {
            boolean alone = sql.regionMatches(true, 0, "CALL", 0, 4);
            if (!cur.isEmpty() && (alone || cur.size() >= BATCH || bytes + sql.length() > BATCH_BYTES)) {
                out.add(cur);
                cur = new ArrayList<>();
                bytes = 0;
            }
            cur.add(sql);
            bytes += sql.length();
            if (alone || programEndsBatch && PROGRAM.matcher(sql).lookingAt()) {
                out.add(cur);
                cur = new ArrayList<>();
                bytes = 0;
            }
        }
        if (!cur.isEmpty()) {
            out.add(cur);
        }
        return out;
    }

    private static final java.util.regex.Pattern PROGRAM = java.util.regex.Pattern.compile("(?i)\\s*CREATE\\s+(?!USER\\b|ROLE\\b)");

    /**
     * One multi-statement: the server runs the statements in order and stops at the first that fails, so the
     * statements before it are applied and the rest are not, as when they were sent one by one. Connector/J turns
     * multi-statements on for the batch only (as its own batched execution does) and off again. It reads every
     * answer before it reports an error, so which statement failed is told by a user variable set before each.
     */
    private void execute(List<String> batch) {
        com.mysql.cj.NativeSession session = batch.size() > 1 ? multiStatements() : null;
        if (session == null && batch.size() > 1) {
            batch.forEach(q -> execute(List.of(q)));
            return;
        }
        StringBuilder sql = new StringBuilder();
        for (int i = 0; i < batch.size(); i++) {
            sql.append(batch.size() == 1 ? "" : "SET @dbflip_apply_at = " + i + ";\n").append(batch.get(i))
                    .append(i < batch.size() - 1 ? ";\n" : "");
        }
        try (Statement s = target.createStatement()) {
            if (session != null) {
                session.enableMultiQueries();
            }
            s.execute(sql.toString());
            while (s.getMoreResults() || s.getUpdateCount() != -1) {
                // every answer read: a failure among them throws here
            }
            applied += batch.size();
            progress.update(applied);
        } catch (SQLException e) {
            throw DbflipException.failed(serverName + ": apply failed at '" + SqlText.maskHashes(batch.get(failedAt(batch)))
                    + "': [" + e.getErrorCode() + "] " + e.getMessage() + " — the statements before it were applied;"
                    + " fix the cause and run apply again (it continues where it stopped)", e);
        } finally {
            if (session != null) {
                try {
                    session.disableMultiQueries();
                } catch (RuntimeException e) {
                    // the connection broke: the failure above says so, or the next statement will
                }
            }
        }
    }

    /** The statement of a batch the server stopped at: the last @dbflip_apply_at set (the first, if unreadable). */
    private int failedAt(List<String> batch) {
        if (batch.size() == 1) {
            return 0;
        }
        try (Statement s = target.createStatement(); java.sql.ResultSet rs = s.executeQuery("SELECT @dbflip_apply_at")) {
            int at = rs.next() ? rs.getInt(1) : 0;
            return at >= 0 && at < batch.size() ? at : 0;
        } catch (SQLException e) {
            return 0;
        }
    }

    /**
     * Connector/J's session, to run a batch as one multi-statement; null (one statement at a time then) when the
     * connection is not one of its, or was opened with allowMultiQueries (dbflip's never are: not ours to turn off).
     */
    private com.mysql.cj.NativeSession multiStatements() {
        try {
            if (!target.isWrapperFor(com.mysql.cj.jdbc.JdbcConnection.class)) {
                return null;
            }
            com.mysql.cj.jdbc.JdbcConnection c = target.unwrap(com.mysql.cj.jdbc.JdbcConnection.class);
            return !c.getPropertySet().getBooleanProperty(com.mysql.cj.conf.PropertyKey.allowMultiQueries).getValue()
                    && c.getSession() instanceof com.mysql.cj.NativeSession n ? n : null;
        } catch (SQLException e) {
            return null;
        }
    }

    private static Map<String, ObjectDef> index(List<ObjectDef> defs) {
        return defs.stream().collect(Collectors.toMap(ObjectDef::key, Function.identity(), (a, b) -> a, java.util.TreeMap::new));
    }

    /** Set of keys; used by tests to compare. */
    static Set<String> keys(List<ObjectDef> defs) {
        return defs.stream().map(ObjectDef::key).collect(Collectors.toCollection(TreeSet::new));
    }
}
