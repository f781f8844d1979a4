package io.dbflip.verify;

import io.dbflip.DbflipException;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

import java.net.InetSocketAddress;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * An independent write client that behaves like an application: it resolves the cluster's DNS
 * name at every (re)connect, writes numbered rows at a steady rate, and remembers which writes
 * were acknowledged. The longest gap between two acknowledged writes is the blackout a client
 * saw. Each attempt uses a new id, so a write whose acknowledgement was lost (committed or not)
 * can never be counted twice; {@link ProbeCheck} later reads every server for the acknowledged ids.
 */
public final class Probe implements AutoCloseable {
    public static final String SCHEMA = "dbflip_probe";
    public static final String TABLE = SCHEMA + ".writes";
    public static final String CREATE_TABLE = "CREATE TABLE IF NOT EXISTS " + TABLE
            + " (probe VARCHAR(64) NOT NULL, id BIGINT NOT NULL, written_at DATETIME(6) NOT NULL,"
            + " PRIMARY KEY (probe, id)) ENGINE=InnoDB";

    /**
     * @param dnsServer host:port of the server that answers for {@code name} (authoritative)
     * @param port      the MySQL port every side listens on (a DNS record carries no port)
     * @param rate      writes per second
     */
    /**
     * @param tls  encrypt the probe's sessions (sslMode=REQUIRED), for servers that require TLS; the probe
     *             stands in for an application, so it checks no certificate: dbflip's own sessions do
     * @param pool keep a connection through a refusal the way a connection pool does (see {@link #keeps}); by
     *             default the probe drops its connection on any error, as a pool that validates would
     */
    public record Options(String probeName, String dnsServer, String name, int port, String user, String password,
                          int rate, boolean tls, boolean pool) {
        public Options(String probeName, String dnsServer, String name, int port, String user, String password, int rate) {
            this(probeName, dnsServer, name, port, user, password, rate, false, false);
        }

        public Options(String probeName, String dnsServer, String name, int port, String user, String password,
                       int rate, boolean tls) {
            this(probeName, dnsServer, name, port, user, password, rate, tls, false);
        }

        @Override
        public String toString() {
            return probeName + " → " + name + " via " + dnsServer + " as " + user + " at " + rate + "/s"
                    + (pool ? " (keeps its connection through refusals, as a pool)" : "");
        }
    }

    /**
     * Whether a pooled client keeps its connection after this error of a write: HikariCP's rule (its
     * default eviction: SQLState class 08, a connection exception, or a timeout ends the connection;
     * anything else, such as MySQL's 1290 read-only refusal with SQLState HY000, leaves it in the pool).
     * A pooled application retries on the same session, so it writes again the moment the server allows it.
     */
    public static boolean keeps(SQLException e) {
        String state = e.getSQLState();
        return !(e instanceof java.sql.SQLTimeoutException)
                && !(e instanceof java.sql.SQLTransientConnectionException)
                && !(e instanceof java.sql.SQLNonTransientConnectionException)
                && (state == null || !state.startsWith("08"))
                && !"57P01".equals(state) && !"57P02".equals(state) && !"57P03".equals(state);
    }

    /** A stretch of time without an acknowledged write, longer than a few write intervals. */
    public record Gap(long startEpochMicros, long endEpochMicros, String fromAddress, String toAddress) {
        public double millis() {
            return (endEpochMicros - startEpochMicros) / 1000.0;
        }
    }

    /** Where the probe learns the master's address: by default a DNS query to the authoritative server. */
    @FunctionalInterface
    public interface Lookup {
        String address() throws Exception;
    }

    private final Options options;
    private final SimpleResolver resolver;
    private final Lookup lookup;
    private final Name name;
    private final BitSet acked = new BitSet();
    private final List<Gap> gaps = new ArrayList<>();
    /** Each failed attempt and the first acknowledged write after failures, as trace lines (see {@link #trace()}). */
    private final List<String> trace = new ArrayList<>();
    private volatile boolean running;
    private Thread thread;
    private long attempts;
    private long errors;
    private volatile String lastError;
    private long reconnects;
    private long maxGapMicros;
    private long startedMicros;
    private long stoppedMicros;

    public Probe(Options options) {
        this(options, null);
    }

    /** A probe that asks {@code lookup} (null: DNS, as {@link #Probe(Options)}) for the address on each (re)connect. */
    public Probe(Options options, Lookup lookup) {
        this.options = options;
        this.lookup = lookup;
        try {
            String[] hp = options.dnsServer().split(":");
            this.resolver = new SimpleResolver(new InetSocketAddress(hp[0], Integer.parseInt(hp[1])));
            this.resolver.setTimeout(Duration.ofMillis(500));
            this.name = Name.fromString(options.name().endsWith(".") ? options.name() : options.name() + ".");
        } catch (Exception e) {
            throw DbflipException.usage("probe: bad DNS server or name (" + options.dnsServer() + ", " + options.name()
                    + "): " + e.getMessage());
        }
    }

    public synchronized Probe start() {
        running = true;
        thread = new Thread(this::loop, "probe-" + options.probeName());
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    /** Stops writing and returns what it saw. */
    public ProbeResult stop() {
        running = false;
        if (thread != null) {
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (this) {
            return new ProbeResult(options.probeName(), attempts, acked.cardinality(), errors, reconnects,
                    maxGapMicros / 1000.0, List.copyOf(gaps), (BitSet) acked.clone(), startedMicros, stoppedMicros);
        }
    }

    /** The address the name resolves to now, asked of the authoritative server. */
    public String resolve() throws Exception {
        if (lookup != null) {
            return lookup.address();
        }
        Message q = Message.newQuery(Record.newRecord(name, Type.A, DClass.IN));
        Message r = resolver.send(q);
        if (r.getRcode() != Rcode.NOERROR) {
            throw new IllegalStateException("DNS " + Rcode.string(r.getRcode()) + " for " + name);
        }
        for (Record rec : r.getSection(Section.ANSWER)) {
            if (rec instanceof ARecord a) {
                return a.getAddress().getHostAddress();
            }
        }
        throw new IllegalStateException("no A record for " + name);
    }

    /** The pause after a failed attempt, at most the write interval: 1 ms unless -Ddbflip.probe.retryMillis says. */
    public static final long RETRY_NANOS = Math.max(100_000L, (long) (Double.parseDouble(System.getProperty("dbflip.probe.retryMillis", "1")) * 1e6));

    private void loop() {
        long intervalNanos = 1_000_000_000L / Math.max(1, options.rate());
        long gapThresholdMicros = Math.max(3 * intervalNanos / 1000, 3_000);
        Connection conn = null;
        PreparedStatement insert = null;
        String address = null;
        String lastAckAddress = null;
        long id = 0;
        long lastAckMicros = 0;
        boolean failing = false;
        long next = System.nanoTime();
        startedMicros = nowMicros();
        try {
            while (running) {
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                next = Math.max(next + intervalNanos, System.nanoTime() - intervalNanos);
                long attemptStart = nowMicros();
                long connectedAt = 0;
                String phase = "resolve";
                try {
                    if (conn == null) {
                        address = resolve();
                        phase = "connect";
                        conn = DriverManager.getConnection("jdbc:mysql://" + address + ":" + options.port()
                                        + (options.tls() ? "/?sslMode=REQUIRED" : "/?useSSL=false")
                                        + "&allowPublicKeyRetrieval=true&connectTimeout=1000&socketTimeout=5000",
                                options.user(), options.password());
                        insert = conn.prepareStatement("INSERT INTO " + TABLE + " (probe, id, written_at) VALUES (?, ?, NOW(6))");
                        insert.setString(1, options.probeName());
                        synchronized (this) {
                            reconnects++;
                        }
                        connectedAt = nowMicros();
                    }
                    phase = "write";
                    long attemptId = ++id;
                    synchronized (this) {
                        attempts++;
                    }
                    insert.setLong(2, attemptId);
                    insert.executeUpdate();
                    long now = nowMicros();
                    synchronized (this) {
                        acked.set((int) attemptId);
                        if (lastAckMicros > 0) {
                            long gap = now - lastAckMicros;
                            maxGapMicros = Math.max(maxGapMicros, gap);
                            if (gap > gapThresholdMicros) {
                                gaps.add(new Gap(lastAckMicros, now, lastAckAddress, address));
                            }
                        }
                    }
                    if (failing) {
                        traceLine(attemptStart, connectedAt, now, "ok", address, 0, null);
                        failing = false;
                    }
                    lastAckMicros = now;
                    lastAckAddress = address;
                } catch (Exception e) {
                    synchronized (this) {
                        errors++;
                    }
                    failing = true;
                    traceLine(attemptStart, connectedAt, nowMicros(), phase, address,
                            e instanceof SQLException q ? q.getErrorCode() : -1, e.getClass().getSimpleName());
                    lastError = e.getClass().getSimpleName() + ": " + e.getMessage();
                    if (!(options.pool() && insert != null && "write".equals(phase) && e instanceof SQLException q && keeps(q))) {
                        closeQuietly(conn);
                        conn = null;
                        insert = null;
                    }
                    // try again at once (a reconnect re-resolves the name), but do not spin
                    LockSupport.parkNanos(Math.min(intervalNanos, RETRY_NANOS));
                    next = System.nanoTime();
                }
            }
        } finally {
            closeQuietly(conn);
            stoppedMicros = nowMicros();
        }
    }

    private synchronized void traceLine(long start, long connected, long end, String what, String address, int code,
                                        String exception) {
        if (trace.size() < 200_000) {
            trace.add(start + " " + (connected == 0 ? "-" : Long.toString(connected)) + " " + end + " " + what + " "
                    + address + " " + code + (exception == null ? "" : " " + exception));
        }
    }

    /**
     * The attempts around each outage, one line each: {@code START_US CONNECTED_US|- END_US WHAT ADDRESS CODE [EXCEPTION]}
     * (epoch microseconds; WHAT is the phase that failed — resolve, connect, write — or ok for the first acknowledged
     * write after failures; CODE the server's error code, -1 for none). No secret is in a line.
     */
    public synchronized List<String> trace() {
        return List.copyOf(trace);
    }

    /** The last write's or connect's error (the class and message; no secret is in either), null if none. */
    public String lastError() {
        return lastError;
    }

    public static long nowMicros() {
        java.time.Instant i = java.time.Instant.now();
        return i.getEpochSecond() * 1_000_000 + i.getNano() / 1000;
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // a broken connection: nothing to close cleanly
            }
        }
    }

    @Override
    public void close() {
        if (running) {
            stop();
        }
    }
}
