package io.dbflip.sandbox;

import io.dbflip.DbflipException;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One real server of the sandbox, MySQL or MariaDB ({@link Engine}), on its own loopback address
 * and port, with its own datadir. Datadirs are copied from a template made once per machine,
 * engine and version, so a server starts in seconds. The template has one account besides root:
 * {@code dbflip_root@'%'} with every privilege and password {@link #ROOT_PASSWORD}. Only the
 * process this object started is ever stopped, by its pid.
 */
public final class SandboxServer implements AutoCloseable {
    public static final String ROOT_USER = "dbflip_root";
    public static final String ROOT_PASSWORD = "sandbox-root-pw";

    private static final java.util.concurrent.ConcurrentHashMap<Path, Object> TEMPLATE_MONITORS =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final String name;
    private final Engine engine;
    private final String host;
    private final int port;
    private final Path dir;
    private final long pid;

    private SandboxServer(String name, Engine engine, String host, int port, Path dir, long pid) {
        this.name = name;
        this.engine = engine;
        this.host = host;
        this.port = port;
        this.dir = dir;
        this.pid = pid;
    }

    /** The server's unix socket: in its dir, or under /tmp when that path is too long for a socket. */
    public static Path socketPath(Path dir) {
        Path p = dir.toAbsolutePath().resolve("mysqld.sock");
        return p.toString().length() < 100 ? p
                : Path.of("/tmp", "dbflip-" + Integer.toHexString(p.toString().hashCode()) + ".sock");
    }

    /** Options every sandbox server gets; small, so many fit on a small machine. */
    public static List<String> baseOptions(Engine engine, Path dir, String host, int port, int serverId) {
        List<String> o = new ArrayList<>(engine.installOptions());
        o.addAll(List.of(
                "--datadir=" + dir.resolve("data"),
                "--socket=" + socketPath(dir),
                "--pid-file=" + dir.resolve("mysqld.pid"),
                "--log-error=" + dir.resolve("error.log"),
                "--tmpdir=" + dir.resolve("tmp"),
                "--bind-address=" + host,
                "--port=" + port,
                "--server-id=" + serverId,
                "--log-bin=bin",
                "--relay-log=relay",
                "--binlog-format=ROW",
                "--skip-name-resolve",
                "--innodb-buffer-pool-size=24M",
                // an fsync costs ~12 ms on this kind of machine; a commit written to the OS cache
                // survives a crash of the server process (what the fault tests inflict), not of the OS
                "--innodb-flush-log-at-trx-commit=2",
                "--sync-binlog=0",
                "--innodb-doublewrite=0",
                "--performance-schema=OFF",
                "--max-connections=300"));
        o.addAll(engine.engineOptions());
        if ("root".equals(System.getProperty("user.name"))) {
            o.add("--user=root");
        }
        return o;
    }

    /** The engine a server dir was made with (its {@code engine} file), or null for a new dir. */
    static Engine engineOf(Path dir) {
        try {
            Path f = dir.resolve("engine");
            return Files.exists(f) ? Engine.parse(Files.readString(f).strip()) : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** A MariaDB server, or whatever engine an existing {@code dir} was made with. */
    public static SandboxServer start(String name, Path dir, String host, int port, int serverId,
                                      List<String> extraOptions) {
        Engine e = engineOf(dir);
        return start(e == null ? Engine.MARIADB : e, name, dir, host, port, serverId, extraOptions);
    }

    /**
     * Start a server in {@code dir} (created if missing; an existing datadir is reused, so a
     * restart keeps its data). Waits until it accepts connections.
     */
    public static SandboxServer start(Engine engine, String name, Path dir, String host, int port, int serverId,
                                      List<String> extraOptions) {
        Engine made = engineOf(dir);
        if (made != null && made != engine) {
            throw DbflipException.usage(name + ": " + dir + " holds a " + made.configName() + " server, not "
                    + engine.configName());
        }
        try {
            Files.createDirectories(dir.resolve("tmp"));
            Path data = dir.resolve("data");
            if (!Files.isDirectory(data.resolve("mysql"))) {
                copyTree(template(engine), data);
            }
            Files.writeString(dir.resolve("engine"), engine.configName() + "\n");
            List<String> cmd = new ArrayList<>(engine.serverCommand());
            cmd.add("--no-defaults");
            cmd.addAll(baseOptions(engine, dir, host, port, serverId));
            cmd.addAll(extraOptions);
            Files.deleteIfExists(dir.resolve("mysqld.pid"));
            Process p = new ProcessBuilder(cmd)
                    .redirectOutput(dir.resolve("stdout.log").toFile())
                    .redirectErrorStream(true)
                    .start();
            SandboxServer server = new SandboxServer(name, engine, host, port, dir, p.pid());
            Files.writeString(dir.resolve("dbflip.pid"), Long.toString(p.pid()));
            Files.writeString(dir.resolve("command.txt"), String.join(" ", cmd));
            server.awaitReady(p, Duration.ofSeconds(60));
            return server;
        } catch (IOException e) {
            throw DbflipException.failed("cannot start " + engine.configName() + " server " + name + " in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Reattach to a server started earlier in {@code dir} (pid from dbflip.pid), or null if none runs. */
    public static SandboxServer attach(String name, Path dir, String host, int port) {
        try {
            Path pidFile = dir.resolve("dbflip.pid");
            if (!Files.exists(pidFile)) {
                return null;
            }
            long pid = Long.parseLong(Files.readString(pidFile).strip());
            if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                Engine e = engineOf(dir);
                return new SandboxServer(name, e == null ? Engine.MARIADB : e, host, port, dir, pid);
            }
            return null;
        } catch (IOException | NumberFormatException e) {
            return null;
        }
    }

    private void awaitReady(Process p, Duration bound) {
        long deadline = System.nanoTime() + bound.toNanos();
        SQLException last = null;
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw DbflipException.failed(engine.configName() + " server " + name + " exited at start (code " + p.exitValue()
                        + "); see " + dir.resolve("error.log") + ":\n" + io.dbflip.FileTrees.tail(dir.resolve("error.log"), 15));
            }
            try (Connection c = rootConnection()) {
                return;
            } catch (SQLException e) {
                last = e;
                sleep(100);
            }
        }
        throw DbflipException.failed(engine.configName() + " server " + name + " at " + host + ":" + port + " not ready after "
                + bound.toSeconds() + "s: " + (last == null ? "" : last.getMessage()));
    }

    public Connection rootConnection() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(host, port), ROOT_USER, ROOT_PASSWORD);
    }

    /** Run statements as root, each in autocommit. */
    public void execute(String... statements) {
        try (Connection c = rootConnection(); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        } catch (SQLException e) {
            throw DbflipException.failed(name + ": " + e.getMessage(), e);
        }
    }

    /** PREFERRED: plain on a server without certificates, TLS on one that has them (a TLS sandbox requires it). */
    public static String jdbcUrl(String host, int port) {
        return "jdbc:mysql://" + host + ":" + port + "/?sslMode=PREFERRED&allowPublicKeyRetrieval=true"
                + "&connectTimeout=3000&socketTimeout=60000&permitMysqlScheme=true";
    }

    public String name() { return name; }
    public Engine engine() { return engine; }
    public String host() { return host; }
    public int port() { return port; }
    public Path dir() { return dir; }
    public long pid() { return pid; }
    public String address() { return host + ":" + port; }

    public boolean alive() {
        return Processes.alive(pid);
    }

    /** Stop with SIGTERM and wait for the process to exit (then SIGKILL past the bound). */
    public void stop() {
        if (alive()) {
            signal("CONT", false); // a frozen server must run to hear the SIGTERM
            if (engine == Engine.MYSQL) {
                quietEventScheduler(host, port);
            }
        }
        Processes.terminate(pid, 30);
    }

    /**
     * MySQL 9.7 spends ~7 s of its shutdown waiting for a running event scheduler (measured here: 11 s
     * with it, 4 s without); turning it off first is harmless to a server about to stop. Best effort:
     * a server that does not answer within a second is simply stopped.
     */
    static void quietEventScheduler(String host, int port) {
        try (Connection c = DriverManager.getConnection(jdbcUrl(host, port).replace("connectTimeout=3000", "connectTimeout=1000")
                .replace("socketTimeout=60000", "socketTimeout=1000"), ROOT_USER, ROOT_PASSWORD);
             Statement s = c.createStatement()) {
            s.execute("SET GLOBAL event_scheduler = OFF");
        } catch (SQLException e) {
            // not reachable, or no longer the sandbox's root: stop it all the same
        }
    }

    /** SIGKILL: a crash, for the fault tests. */
    public void kill() {
        Processes.kill(pid, 30);
    }

    /**
     * SIGSTOP / SIGCONT: a frozen server, for the fault tests. Returns only once every thread of the
     * server is stopped (or running again), read from /proc: a signal sent by a {@code kill} process
     * that had not yet run when this returned let a "frozen" server answer the next step (seen in CI
     * on a loaded machine: the flip's step 7 came back ok, and B froze steps later).
     */
    public void freeze() { signal("STOP", true); }

    public void thaw() { signal("CONT", false); }

    private void signal(String sig, boolean stopped) {
        try {
            Process p = new ProcessBuilder("kill", "-" + sig, Long.toString(pid)).redirectErrorStream(true).start();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw DbflipException.failed("kill -" + sig + " " + pid + " (" + name + ") did not finish within 30 s");
            }
            if (p.exitValue() != 0) {
                throw DbflipException.failed("kill -" + sig + " " + pid + " (" + name + ") failed: "
                        + new String(p.getInputStream().readAllBytes()).strip());
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (allThreadsStopped(pid) != stopped) {
                if (System.nanoTime() > deadline) {
                    throw DbflipException.failed(name + " (pid " + pid + ") is " + (stopped ? "not stopped" : "still stopped")
                            + " 10 s after SIG" + sig);
                }
                Thread.sleep(2);
            }
        } catch (IOException e) {
            throw DbflipException.failed("cannot send SIG" + sig + " to " + name + " (pid " + pid + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw DbflipException.failed("interrupted sending SIG" + sig + " to " + name, e);
        }
    }

    /** Every thread of {@code pid} in state T (stopped) per /proc/PID/task/TID/stat; false if any runs or the process is gone. */
    static boolean allThreadsStopped(long pid) throws IOException {
        Path tasks = Path.of("/proc", Long.toString(pid), "task");
        if (!Files.isDirectory(tasks)) {
            return false;
        }
        try (Stream<Path> ts = Files.list(tasks)) {
            for (Path t : (Iterable<Path>) ts::iterator) {
                String stat;
                try {
                    stat = Files.readString(t.resolve("stat"));
                } catch (IOException gone) {
                    continue; // a thread that ended meanwhile
                }
                // pid (comm) STATE ...: comm may hold spaces and parentheses, so read after the last ')'
                char state = stat.substring(stat.lastIndexOf(')') + 2).charAt(0);
                if (state != 'T' && state != 't') {
                    return false;
                }
            }
        }
        return true;
    }

    @Override
    public void close() {
        stop();
    }

    // ---- the template datadir, made once per machine, engine and version ---------------------

    /**
     * The engine's template datadir, made on first use. Made under a lock that serialises the
     * threads of this JVM (a monitor per template) as well as other processes (a file lock, which
     * Java grants once per JVM and file: a second {@code lock()} in the same JVM would throw).
     */
    static Path template(Engine engine) throws IOException {
        String version = version(engine);
        Path base = Path.of(System.getProperty("java.io.tmpdir"), engine.templateKey(version));
        Path ready = base.resolve("READY");
        if (Files.exists(ready)) {
            return base.resolve("data");
        }
        synchronized (TEMPLATE_MONITORS.computeIfAbsent(base, k -> new Object())) {
            Files.createDirectories(base);
            try (FileChannel ch = FileChannel.open(base.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = ch.lock()) {
                if (Files.exists(ready)) {
                    return base.resolve("data");
                }
                Path data = base.resolve("data");
                deleteTree(data);
                Path bootDir = base.resolve("boot");
                deleteTree(bootDir);
                Files.createDirectories(bootDir);
                if (engine == Engine.MYSQL) {
                    makeMySqlTemplate(engine, data, bootDir);
                } else {
                    makeMariaDbTemplate(data, bootDir, base);
                }
                // the template carries no binlogs, relay logs or server identity (MySQL's server_uuid
                // lives in auto.cnf: servers copied from one template must not share it)
                try (Stream<Path> s = Files.list(data)) {
                    for (Path f : s.toList()) {
                        String n = f.getFileName().toString();
                        if (n.startsWith("bin.") || n.startsWith("relay") || n.endsWith(".pid") || n.equals("master.info")
                                || n.equals("relay-log.info") || n.startsWith("aria_log_control.lock")
                                || n.equals("auto.cnf")) {
                            Files.delete(f);
                        }
                    }
                }
                Files.writeString(ready, version);
                return data;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while making the template datadir", e);
            }
        }
    }

    /** mysqld --initialize-insecure, with the sandbox's root account made by an init file in the same run. */
    private static void makeMySqlTemplate(Engine engine, Path data, Path bootDir) throws IOException {
        Path init = bootDir.resolve("init.sql");
        Files.writeString(init, "CREATE USER '" + ROOT_USER + "'@'%' IDENTIFIED BY '" + ROOT_PASSWORD + "';\n"
                + "GRANT ALL PRIVILEGES ON *.* TO '" + ROOT_USER + "'@'%' WITH GRANT OPTION;\n");
        List<String> cmd = new ArrayList<>(engine.serverCommand());
        cmd.add("--no-defaults");
        cmd.addAll(engine.installOptions());
        cmd.addAll(List.of("--initialize-insecure", "--datadir=" + data, "--init-file=" + init,
                "--innodb-redo-log-capacity=8M", "--innodb-buffer-pool-size=24M",
                "--log-error=" + bootDir.resolve("error.log")));
        if ("root".equals(System.getProperty("user.name"))) {
            cmd.add("--user=root");
        }
        try {
            run(cmd, bootDir.resolve("install.log"));
        } catch (IOException e) {
            throw new IOException(e.getMessage() + "\n" + io.dbflip.FileTrees.tail(bootDir.resolve("error.log"), 15), e);
        }
    }

    private static void makeMariaDbTemplate(Path data, Path bootDir, Path base) throws IOException, InterruptedException {
        List<String> install = new ArrayList<>(List.of(binary("mariadb-install-db"), "--no-defaults",
                "--datadir=" + data, "--auth-root-authentication-method=normal", "--skip-test-db",
                "--innodb-log-file-size=8M", "--innodb-buffer-pool-size=24M"));
        if ("root".equals(System.getProperty("user.name"))) {
            install.add("--user=root");
        }
        run(install, base.resolve("install.log"));
        // Start it once on its socket only, add the sandbox's root account, stop it.
        List<String> cmd = new ArrayList<>(List.of(binary("mariadbd"), "--no-defaults", "--datadir=" + data,
                "--socket=" + bootDir.resolve("s.sock"), "--pid-file=" + bootDir.resolve("s.pid"),
                "--skip-networking", "--log-error=" + bootDir.resolve("error.log"),
                "--innodb-log-file-size=8M", "--innodb-buffer-pool-size=24M"));
        if ("root".equals(System.getProperty("user.name"))) {
            cmd.add("--user=root");
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(bootDir.resolve("stdout.log").toFile()).start();
        String sql = "CREATE USER '" + ROOT_USER + "'@'%' IDENTIFIED BY '" + ROOT_PASSWORD + "';"
                + "GRANT ALL PRIVILEGES ON *.* TO '" + ROOT_USER + "'@'%' WITH GRANT OPTION;"
                + "SHUTDOWN;";
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!Files.exists(bootDir.resolve("s.sock")) && System.nanoTime() < deadline && p.isAlive()) {
            sleep(100);
        }
        List<String> client = List.of(binary("mariadb"), "--no-defaults", "-uroot",
                "--socket=" + bootDir.resolve("s.sock"), "-e", sql);
        run(client, bootDir.resolve("client.log"));
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("template server did not shut down");
        }
    }

    /** The installed server's {@code --version} line (MariaDB's, for the tools that ask). */
    public static String version() throws IOException {
        return version(Engine.MARIADB);
    }

    public static String version(Engine engine) throws IOException {
        List<String> cmd = new ArrayList<>(engine.serverCommand());
        cmd.add("--version");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        return new String(p.getInputStream().readAllBytes()).strip();
    }

    /** The binary's path: from /usr/sbin or /usr/bin, or PATH. */
    public static String binary(String name) {
        for (String d : List.of("/usr/sbin", "/usr/bin", "/usr/local/bin", "/usr/local/sbin")) {
            if (Files.isExecutable(Path.of(d, name))) {
                return Path.of(d, name).toString();
            }
        }
        return name;
    }

    static void run(List<String> cmd, Path log) throws IOException {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(cmd.get(0) + " did not finish in 120 s");
            }
            if (p.exitValue() != 0) {
                throw new IOException(String.join(" ", cmd.subList(0, Math.min(2, cmd.size()))) + " failed (exit "
                        + p.exitValue() + "):\n" + io.dbflip.FileTrees.tail(log, 20));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    public static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path src : s.toList()) {
                Path dst = to.resolve(from.relativize(src).toString());
                if (Files.isDirectory(src)) {
                    Files.createDirectories(dst);
                } else {
                    Files.copy(src, dst, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    public static void deleteTree(Path dir) throws IOException {
        io.dbflip.FileTrees.delete(dir);
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw DbflipException.failed("interrupted");
        }
    }

    @Override
    public String toString() {
        return name + "@" + host + ":" + port;
    }
}
