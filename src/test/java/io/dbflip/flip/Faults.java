package io.dbflip.flip;

import io.dbflip.config.ClusterConfig;
import io.dbflip.config.Limits;
import io.dbflip.mysql.Server;
import io.dbflip.sandbox.SandboxServer;
import io.dbflip.sandbox.SandboxLayout;
import io.dbflip.verify.InSync;
import io.dbflip.verify.ProbeCheck;
import io.dbflip.verify.ProbeResult;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the fault tests share: the sandbox's servers by role (as processes and as root), the
 * invariants every case ends with, and out-of-band DNS changes.
 */
final class Faults {
    /** The options the sandbox starts aurora-b with (ClusterBuilder): a restart must use the same. */
    List<String> auroraOptions() {
        List<String> o = new ArrayList<>(List.of("--event-scheduler=ON", "--log-bin-trust-function-creators=1"));
        if (mysql()) {
            o.add("--log-bin=mysql-bin-changelog");
        }
        return o;
    }

    private final SandboxFixture f;

    Faults(SandboxFixture f) {
        this.f = f;
    }

    SandboxLayout.ServerLayout layout(String role) {
        SandboxLayout.ClusterLayout c = f.sandbox.layout().cluster(1);
        return "onprem".equals(role) ? c.onpremA() : c.auroraB();
    }

    /** The running server process of a side (attached by its pid file). */
    SandboxServer process(String role) {
        SandboxLayout.ServerLayout l = layout(role);
        SandboxServer m = SandboxServer.attach(l.label(), l.dir(), l.host(), l.port());
        assertThat(m).as("%s is running", l.label()).isNotNull();
        return m;
    }

    /** Start a side's server again on its own datadir, as the sandbox started it. */
    SandboxServer restart(String role) {
        SandboxLayout.ServerLayout l = layout(role);
        return SandboxServer.start(l.label(), l.dir(), l.host(), l.port(), l.serverId(),
                "aurora".equals(role) ? auroraOptions() : List.of());
    }

    /** True when the sandbox runs MySQL (the suite's engine), false on MariaDB. */
    boolean mysql() {
        try (Connection c = root("onprem")) {
            return mysql(c);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** START/STOP REPLICA on MySQL, START/STOP SLAVE on MariaDB (as root, not through a dialect). */
    String replicaVerb(String verb) {
        return verb + (mysql() ? " REPLICA" : " SLAVE");
    }

    /** MySQL (SHOW REPLICA STATUS, Replica_* columns) or MariaDB (SHOW SLAVE STATUS, Slave_*). */
    static boolean mysql(Connection c) throws SQLException {
        return !c.getMetaData().getDatabaseProductVersion().toLowerCase().contains("mariadb");
    }

    static String io(Map<String, String> st) {
        return st.containsKey("Replica_IO_Running") ? st.get("Replica_IO_Running") : st.get("Slave_IO_Running");
    }

    static String sqlThread(Map<String, String> st) {
        return st.containsKey("Replica_SQL_Running") ? st.get("Replica_SQL_Running") : st.get("Slave_SQL_Running");
    }

    Connection root(String role) throws SQLException {
        SandboxLayout.ServerLayout l = layout(role);
        return DriverManager.getConnection(SandboxServer.jdbcUrl(l.host(), l.port()),
                SandboxServer.ROOT_USER, SandboxServer.ROOT_PASSWORD);
    }

    void sql(String role, String... statements) {
        try (Connection c = root(role); Statement s = c.createStatement()) {
            for (String st : statements) {
                s.execute(st);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(role + ": " + e.getMessage(), e);
        }
    }

    String one(String role, String query) {
        try (Connection c = root(role); Statement s = c.createStatement(); ResultSet r = s.executeQuery(query)) {
            return r.next() ? r.getString(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException(role + ": " + e.getMessage(), e);
        }
    }

    Map<String, String> replicaStatus(String role) {
        try (Connection c = root(role); Statement s = c.createStatement(); ResultSet r = s.executeQuery(
                mysql(c) ? "SHOW REPLICA STATUS" : "SHOW SLAVE STATUS")) {
            Map<String, String> m = new LinkedHashMap<>();
            if (r.next()) {
                for (int i = 1; i <= r.getMetaData().getColumnCount(); i++) {
                    m.put(r.getMetaData().getColumnLabel(i), r.getString(i));
                }
            }
            return m;
        } catch (SQLException e) {
            throw new IllegalStateException(role + ": " + e.getMessage(), e);
        }
    }

    /** Waits until the side's SQL thread has stopped with an error; returns the error. */
    String awaitReplicationError(String role, Duration bound) {
        long deadline = System.nanoTime() + bound.toNanos();
        while (System.nanoTime() < deadline) {
            Map<String, String> st = replicaStatus(role);
            String err = st.getOrDefault("Last_SQL_Error", "");
            if (err != null && !err.isEmpty()) {
                // MySQL's parallel applier reports "Coordinator stopped …": the code says what failed
                return st.get("Last_SQL_Errno") + ": " + err;
            }
            sleep(50);
        }
        throw new AssertionError(role + "'s replication did not break within " + bound);
    }

    /** True when the side takes app writes: read_only off and no app account locked. */
    boolean writable(String role) {
        String ro = one(role, "SELECT @@global.read_only");
        boolean locked = one(role, "SHOW CREATE USER 'app'@'%'").contains("ACCOUNT LOCK");
        return "0".equals(ro) && !locked;
    }

    /**
     * The invariants every fault case ends with: exactly one writable master, the other side fenced
     * and replicating from it without error, in sync, and the probe's rows: 0 lost acknowledged
     * writes, 0 one-sided rows. Returns the master's role.
     */
    String assertOneMasterAndNothingLost(ProbeResult result) {
        return assertOneMasterAndNothingLost(result, true);
    }

    /**
     * As above; {@code replicaFenced} false only before any flip touched the sandbox, whose
     * Aurora-like replica starts unfenced (a flip's step 2 fences it).
     */
    String assertOneMasterAndNothingLost(ProbeResult result, boolean replicaFenced) {
        Topology t = Topology.read(f.cluster, f.opener);
        String master = t.master().role();
        String replica = t.replica().role();
        assertThat(writable(master)).as("%s (master) is writable", master).isTrue();
        if (replicaFenced) {
            assertThat(writable(replica)).as("%s (replica) is fenced", replica).isFalse();
        }
        awaitReplicating(replica, Duration.ofSeconds(90));
        try (Server m = f.admin(master); Server r = f.admin(replica)) {
            InSync.await(m, r, Duration.ofSeconds(60));
            if (result != null) {
                Map<String, Server> servers = new LinkedHashMap<>();
                servers.put(master, m);
                servers.put(replica, r);
                ProbeCheck.Outcome o = ProbeCheck.check(result, servers);
                assertThat(result.acknowledged()).as("the probe wrote").isPositive();
                assertThat(o.lost()).as(o.toString()).isZero();
                assertThat(o.oneSidedRows()).as(o.toString()).isZero();
            }
        }
        return master;
    }

    /** Both replication threads running and no error (the IO thread may need a retry after a restart). */
    void awaitReplicating(String role, Duration bound) {
        long deadline = System.nanoTime() + bound.toNanos();
        Map<String, String> st = Map.of();
        while (System.nanoTime() < deadline) {
            st = replicaStatus(role);
            if ("Yes".equals(io(st)) && "Yes".equals(sqlThread(st))
                    && st.getOrDefault("Last_IO_Error", "").isEmpty() && st.getOrDefault("Last_SQL_Error", "").isEmpty()) {
                return;
            }
            sleep(200);
        }
        throw new AssertionError(role + " does not replicate without error: IO " + io(st) + ", SQL "
                + sqlThread(st) + ", " + st.get("Last_IO_Error") + " " + st.get("Last_SQL_Error"));
    }

    /** The cluster with other limits (the config is records: a copy, nothing written). */
    ClusterConfig withLimits(Limits l) {
        ClusterConfig c = f.cluster;
        return new ClusterConfig(c.name(), c.labels(), c.sides(), c.dns(), l, c.hooks());
    }

    FlipOperation operation(ClusterConfig cluster) {
        return new FlipOperation(f.config, cluster, f.opener, new ClusterDns(f.config), f.journal);
    }

    FlipReport flip(ClusterConfig cluster, String to, FlipListener l) {
        return operation(cluster).run(new FlipOperation.Options(to, false, f.dir.resolve("reports"), "test"), p -> true, l);
    }

    // ---- DNS, out of band ------------------------------------------------------------------------

    String dnsName(int zone) {
        return f.sandbox.layout().cluster(1).dnsName(SandboxLayout.ZONES.get(zone));
    }

    /** Sets a record with nsupdate and the sandbox's TSIG key, as an operator (or another tool) would. */
    void setRecord(int zone, String address) {
        setRecord(zone, address, 1);
    }

    void setRecord(int zone, String address, int ttl) {
        SandboxLayout l = f.sandbox.layout();
        String script = "server " + l.dnsAddress() + " " + SandboxLayout.DNS_PORT + "\n"
                + "zone " + SandboxLayout.ZONES.get(zone) + "\n"
                + "update delete " + dnsName(zone) + " A\n"
                + "update add " + dnsName(zone) + " " + ttl + " A " + address + "\n"
                + "send\n";
        run(List.of("nsupdate", "-k", f.sandbox.env().get("DBFLIP_TSIG_KEY_FILE")), script);
    }

    /** The record's address(es), asked of the sandbox's BIND; empty when it does not answer. */
    String dig(int zone) {
        SandboxLayout l = f.sandbox.layout();
        return run(List.of("dig", "+short", "+time=1", "+tries=1", "-p", String.valueOf(SandboxLayout.DNS_PORT),
                "@" + l.dnsAddress(), dnsName(zone), "A"), null).strip();
    }

    long dnsPid() {
        return f.sandbox.status().stream().filter(p -> p.label().equals("dns")).findFirst().orElseThrow().pid();
    }

    static String run(List<String> cmd, String stdin) {
        try {
            Path out = Files.createTempFile("faults-", ".out");
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (stdin != null) {
                p.getOutputStream().write(stdin.getBytes());
            }
            p.getOutputStream().close();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(cmd + " did not finish in 30 s");
            }
            String s = Files.readString(out);
            Files.deleteIfExists(out);
            if (p.exitValue() != 0 && !cmd.get(0).equals("dig")) {
                throw new IllegalStateException(cmd + " exited " + p.exitValue() + ": " + s);
            }
            return s;
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static List<String> failedChecks(FlipFailedException e) {
        List<String> names = new ArrayList<>();
        if (e.report() != null) {
            e.report().checks().stream().filter(c -> !c.ok()).forEach(c -> names.add(c.name()));
        }
        return names;
    }
}
