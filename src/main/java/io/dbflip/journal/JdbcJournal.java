package io.dbflip.journal;

import io.dbflip.DbflipException;

import java.net.InetAddress;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The SQL both journals share. One long-lived connection and cached prepared statements: a
 * record is one small statement, never a connect or a parse. Step records are queued and written
 * by a {@link StepWriter} thread in batches, because the flip writes them inside the write
 * blackout where a commit (an fsync on MySQL) costs milliseconds; every other call, and
 * {@link #flush()}, first waits until the queue is written. Times are stored as microseconds
 * since the epoch so both databases store them alike, without time zones.
 */
abstract class JdbcJournal implements Journal {
    static final String FLIP_COLUMNS = "id, cluster, from_side, to_side, operator, host, pid, dry_run, started_us, "
            + "finished_us, outcome, blackout_us, report";

    private final Map<String, PreparedStatement> cache = new HashMap<>();
    private final StepWriter writer = new StepWriter(this);
    private Connection connection;

    /** Opens a new connection in autocommit. */
    protected abstract Connection connect() throws SQLException;

    /** CREATE TABLE IF NOT EXISTS statements for dbflip_flips, dbflip_steps, dbflip_locks. */
    protected abstract List<String> schema();

    protected final void init() {
        try {
            connection = connect();
            try (Statement s = connection.createStatement()) {
                for (String ddl : schema()) {
                    s.execute(ddl);
                }
            }
            addKindColumn();
        } catch (SQLException e) {
            throw DbflipException.failed("journal " + location() + ": cannot open it: " + e.getMessage()
                    + "; check the journal setting (--journal or journal: in config)", e);
        }
    }

    /**
     * Journals written before step records had a kind have no {@code kind} column: add it (NULL on
     * their rows, which {@link LegacySteps} reads by number and name).
     */
    private void addKindColumn() throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.executeQuery("SELECT kind FROM dbflip_steps WHERE 1 = 0").close();
        } catch (SQLException missing) {
            try (Statement s = connection.createStatement()) {
                s.execute("ALTER TABLE dbflip_steps ADD COLUMN kind VARCHAR(16)");
            }
        }
    }

    @Override
    public void flush() {
        writer.flush();
    }

    @Override
    public FlipId begin(String cluster, String fromSide, String toSide, String operator, boolean dryRun) {
        flush();
        FlipId id = FlipId.random();
        update("INSERT INTO dbflip_flips (id, cluster, from_side, to_side, operator, host, pid, dry_run, started_us)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", id.value(), cluster, fromSide, toSide, operator, Local.host(),
                Local.pid(), dryRun, micros(Instant.now()));
        return id;
    }

    @Override
    public void stepStarted(FlipId flip, StepKind kind, int stepNo, String step) {
        long now = micros(Instant.now());
        writer.submit(() -> update("INSERT INTO dbflip_steps (flip_id, kind, step_no, step, started_us) VALUES (?, ?, ?, ?, ?)",
                flip.value(), kind.dbName(), stepNo, step, now));
    }

    @Override
    public void stepFinished(FlipId flip, StepKind kind, int stepNo, String step, StepResult result, String detailsJson,
                             Instant start, Instant end) {
        writer.submit(() -> writeStepFinished(flip, kind, stepNo, step, result, detailsJson, start, end));
    }

    private void writeStepFinished(FlipId flip, StepKind kind, int stepNo, String step, StepResult result,
                                   String detailsJson, Instant start, Instant end) {
        int n = update("UPDATE dbflip_steps SET result = ?, started_us = ?, finished_us = ?, details = ?"
                        + " WHERE flip_id = ? AND kind = ? AND step_no = ? AND result IS NULL",
                result.dbName(), micros(start), micros(end), detailsJson, flip.value(), kind.dbName(), stepNo);
        if (n == 0) {
            update("INSERT INTO dbflip_steps (flip_id, kind, step_no, step, result, started_us, finished_us, details)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", flip.value(), kind.dbName(), stepNo, step, result.dbName(),
                    micros(start), micros(end), detailsJson);
        }
    }

    @Override
    public void finish(FlipId flip, FlipOutcome outcome, Long blackoutMicros, String reportJson) {
        flush();
        int n = update("UPDATE dbflip_flips SET finished_us = ?, outcome = ?, blackout_us = ?, report = ? WHERE id = ?",
                micros(Instant.now()), outcome.dbName(), blackoutMicros, reportJson, flip.value());
        if (n == 0) {
            throw DbflipException.failed("journal " + location() + ": no flip " + flip + " to finish");
        }
    }

    @Override
    public Optional<FlipRecord> flip(FlipId flip) {
        flush();
        return flips("SELECT " + FLIP_COLUMNS + " FROM dbflip_flips WHERE id = ?", flip.value()).stream().findFirst();
    }

    @Override
    public Optional<FlipRecord> lastFlip(String cluster) {
        flush();
        return flips("SELECT " + FLIP_COLUMNS + " FROM dbflip_flips WHERE cluster = ? AND dry_run = FALSE"
                + " ORDER BY started_us DESC LIMIT 1", cluster).stream().findFirst();
    }

    @Override
    public List<FlipRecord> history(String cluster, int limit) {
        flush();
        return flips("SELECT " + FLIP_COLUMNS + " FROM dbflip_flips WHERE cluster = ?"
                + " ORDER BY started_us DESC LIMIT " + Math.max(1, limit), cluster);
    }

    @Override
    public Optional<FlipRecord> unfinished(String cluster) {
        flush();
        return flips("SELECT " + FLIP_COLUMNS + " FROM dbflip_flips WHERE cluster = ? AND dry_run = FALSE"
                + " AND outcome IS NULL ORDER BY started_us DESC LIMIT 1", cluster).stream().findFirst();
    }

    @Override
    public List<StepRecord> steps(FlipId flip) {
        flush();
        return readSteps(flip);
    }

    private synchronized List<StepRecord> readSteps(FlipId flip) {
        List<StepRecord> out = new ArrayList<>();
        try (ResultSet rs = query("SELECT step_no, step, result, started_us, finished_us, details, kind FROM dbflip_steps"
                + " WHERE flip_id = ? ORDER BY seq", flip.value())) {
            while (rs.next()) {
                StepKind kind = StepKind.fromDb(rs.getString(7));
                int no = rs.getInt(1);
                String name = rs.getString(2);
                if (kind == null) {
                    kind = LegacySteps.kind(no, name);
                    no = LegacySteps.stepNo(kind, no, name);
                }
                out.add(new StepRecord(flip, kind, no, name, StepResult.fromDb(rs.getString(3)),
                        instant(rs, 4), instant(rs, 5), rs.getString(6)));
            }
            return out;
        } catch (SQLException e) {
            throw error("read the steps of flip " + flip, e);
        }
    }

    private synchronized List<FlipRecord> flips(String sql, Object... args) {
        List<FlipRecord> out = new ArrayList<>();
        try (ResultSet rs = query(sql, args)) {
            while (rs.next()) {
                long blackout = rs.getLong(12);
                Long b = rs.wasNull() ? null : blackout;
                out.add(new FlipRecord(new FlipId(rs.getString(1)), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getLong(7), rs.getBoolean(8), instant(rs, 9),
                        instant(rs, 10), FlipOutcome.fromDb(rs.getString(11)), b, rs.getString(13)));
            }
            return out;
        } catch (SQLException e) {
            throw error("read flips", e);
        }
    }

    // ---- lock rows: who holds a cluster, for display and for detecting a dead holder ----------

    /** The lock row of a cluster, as stored; {@code alive} is left for the caller to decide. */
    protected synchronized Optional<LockHolder> lockRow(String cluster) {
        return lockRows("SELECT cluster, operator, host, pid, since_us FROM dbflip_locks WHERE cluster = ?", cluster)
                .stream().findFirst();
    }

    protected synchronized List<LockHolder> lockRows() {
        return lockRows("SELECT cluster, operator, host, pid, since_us FROM dbflip_locks ORDER BY cluster");
    }

    private List<LockHolder> lockRows(String sql, Object... args) {
        List<LockHolder> out = new ArrayList<>();
        try (ResultSet rs = query(sql, args)) {
            while (rs.next()) {
                out.add(new LockHolder(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                        instant(rs, 5), true));
            }
            return out;
        } catch (SQLException e) {
            throw error("read the cluster locks", e);
        }
    }

    /** Writes (or overwrites: a take-over) the lock row of a cluster whose real lock we hold. */
    protected synchronized LockHolder writeLockRow(String cluster, String operator, String session) {
        LockHolder h = new LockHolder(cluster, operator, Local.host(), Local.pid(),
                Instant.now().truncatedTo(ChronoUnit.MICROS), true);
        update("DELETE FROM dbflip_locks WHERE cluster = ?", cluster);
        update("INSERT INTO dbflip_locks (cluster, operator, host, pid, since_us, session) VALUES (?, ?, ?, ?, ?, ?)",
                cluster, operator, h.host(), h.pid(), micros(h.since()), session);
        return h;
    }

    protected synchronized void deleteLockRow(String cluster) {
        update("DELETE FROM dbflip_locks WHERE cluster = ?", cluster);
    }

    // ---- plumbing ------------------------------------------------------------------------------

    protected synchronized int update(String sql, Object... args) {
        try {
            return bind(sql, args).executeUpdate();
        } catch (SQLException e) {
            throw error("write", e);
        }
    }

    private ResultSet query(String sql, Object... args) throws SQLException {
        return bind(sql, args).executeQuery();
    }

    private PreparedStatement bind(String sql, Object... args) throws SQLException {
        PreparedStatement ps = cache.get(sql);
        if (ps == null || ps.isClosed()) {
            ps = connection.prepareStatement(sql);
            cache.put(sql, ps);
        }
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            if (a == null) {
                ps.setNull(i + 1, Types.VARCHAR);
            } else {
                ps.setObject(i + 1, a);
            }
        }
        return ps;
    }

    protected DbflipException error(String what, SQLException e) {
        return DbflipException.failed("journal " + location() + ": cannot " + what + ": " + e.getMessage(), e);
    }

    static long micros(Instant t) {
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000;
    }

    private static Instant instant(ResultSet rs, int col) throws SQLException {
        long v = rs.getLong(col);
        return rs.wasNull() ? null : Instant.EPOCH.plus(v, ChronoUnit.MICROS);
    }

    /** Runs queued writes as one transaction: one commit (one fsync) for the whole batch. */
    synchronized void writeBatch(java.util.List<Runnable> batch) {
        try {
            connection.setAutoCommit(false);
            try {
                batch.forEach(Runnable::run);
                connection.commit();
            } catch (RuntimeException | SQLException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw error("write step records", e);
        }
    }

    @Override
    public void close() {
        List<ClusterLock> held;
        synchronized (openLocks) {
            held = new ArrayList<>(openLocks);
        }
        held.forEach(ClusterLock::close);
        try {
            writer.close();
        } finally {
            closeConnection();
        }
    }

    /** Locks this instance holds, released on {@link #close()}: each lock is tracked when taken and removes itself when released. */
    protected final List<ClusterLock> openLocks = new ArrayList<>();

    protected void track(ClusterLock l, boolean holds) {
        synchronized (openLocks) {
            if (holds) {
                openLocks.add(l);
            } else {
                openLocks.remove(l);
            }
        }
    }

    /**
     * A cluster lock this journal holds: its lock row, and what makes it exclusive (a file lock, a named lock).
     * Released once; the row goes first, so whoever takes the lock next and still finds a row knows its holder
     * died; then what made it exclusive; then it is no longer tracked.
     */
    abstract class HeldLock implements ClusterLock {
        private final String cluster;
        private final LockHolder holder;
        private boolean released;

        HeldLock(String cluster, LockHolder holder) {
            this.cluster = cluster;
            this.holder = holder;
        }

        @Override public String cluster() { return cluster; }
        @Override public LockHolder holder() { return holder; }

        /** Lets go of what makes the lock exclusive; never throws. */
        abstract void releaseMeans();

        @Override
        public final synchronized void close() {
            if (released) {
                return;
            }
            released = true;
            try {
                deleteLockRow(cluster);
            } finally {
                releaseMeans();
                track(this, false);
            }
        }
    }

    private synchronized void closeConnection() {
        try {
            if (connection != null) {
                connection.close();
            }
        } catch (SQLException ignored) {
            // closing: nothing left to record
        }
        cache.clear();
    }

    /** This process's identity, as lock rows and flips record it. */
    static final class Local {
        private static final String HOST = hostName();

        static String host() {
            return HOST;
        }

        static long pid() {
            return ProcessHandle.current().pid();
        }

        private static String hostName() {
            String h = System.getenv("HOSTNAME");
            if (h != null && !h.isBlank()) {
                return h;
            }
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (Exception e) {
                return "unknown-host";
            }
        }
    }
}
