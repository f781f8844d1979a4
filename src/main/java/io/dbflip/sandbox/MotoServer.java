package io.dbflip.sandbox;

import io.dbflip.DbflipException;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * moto, the AWS emulator (python3-moto 5.2.4 from Debian sid), as a process on a loopback address: Route 53,
 * EC2 and RDS with state, for the sandbox's {@code --aws moto} and the AWS tests. It runs with
 * {@code chroot ROOT python3} in the sid root {@code bin/moto-root} fills (moto needs sid's Python); the root
 * shares the host's network, so the host's SDK reaches it over TCP. The command line carries the owner's dir
 * (as an ignored argument) so that {@link Processes#ours} recognises the process by it. Any access key is
 * accepted; the region is the request's.
 */
public final class MotoServer implements AutoCloseable {
    /** A python one-liner rather than /usr/bin/moto_server: argv[1] is the dir, for Processes.ours. */
    private static final String MAIN = "import sys; from moto.server import main; main(sys.argv[2:])";

    private final String host;
    private final int port;
    private final Path dir;
    private final long pid;

    private MotoServer(String host, int port, Path dir, long pid) {
        this.host = host;
        this.port = port;
        this.dir = dir;
        this.pid = pid;
    }

    /** Starts moto in {@code dir} (its log and pid file go there) and waits until it answers. */
    public static MotoServer start(Path dir, String host, int port) {
        Path root = MySqlRoot.dir();
        if (!Files.isExecutable(root.resolve("usr/bin/moto_server"))) {
            throw DbflipException.precondition("moto is not installed for the sandbox: " + root.resolve("usr/bin/moto_server")
                    + " is missing. Run bin/moto-root as root (it installs python3-moto into the sid root)");
        }
        try {
            Files.createDirectories(dir);
            List<String> cmd = new ArrayList<>(List.of("chroot", root.toString(), "python3", "-c", MAIN,
                    dir.toAbsolutePath().toString(), "-H", host, "-p", Integer.toString(port)));
            Path log = dir.resolve("moto.log");
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
            // moto's server must not look for real credentials or config anywhere on the host
            pb.environment().put("MOTO_PORT", Integer.toString(port));
            Process p = pb.start();
            Files.writeString(dir.resolve("moto.pid"), Long.toString(p.pid()));
            MotoServer server = new MotoServer(host, port, dir, p.pid());
            server.awaitReady(p, Duration.ofSeconds(60));
            return server;
        } catch (IOException e) {
            throw DbflipException.failed("cannot start moto in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Reattach to a moto started earlier in {@code dir}, or null when none runs. */
    public static MotoServer attach(Path dir, String host, int port) {
        try {
            long pid = Long.parseLong(Files.readString(dir.resolve("moto.pid")).strip());
            return Processes.ours(pid, dir) ? new MotoServer(host, port, dir, pid) : null;
        } catch (IOException | NumberFormatException e) {
            return null;
        }
    }

    private void awaitReady(Process p, Duration bound) {
        if (!Processes.awaitListening(p, "moto", host, port, dir.resolve("moto.log"), bound)) {
            stop();
            throw DbflipException.failed("moto at " + host + ":" + port + " not listening after " + bound.toSeconds()
                    + " s; see " + dir.resolve("moto.log"));
        }
    }

    public URI endpoint() {
        return URI.create("http://" + host + ":" + port);
    }

    public Path dir() { return dir; }
    public String host() { return host; }
    public int port() { return port; }
    public long pid() { return pid; }

    public boolean alive() {
        return Processes.alive(pid);
    }

    /** SIGTERM, wait, then SIGKILL past the bound. */
    public void stop() {
        Processes.terminate(pid, 10);
    }

    /** SIGKILL, for the fault tests: moto gone without a goodbye. */
    public void kill() {
        Processes.kill(pid, 10);
    }

    @Override
    public void close() {
        stop();
    }

    @Override
    public String toString() {
        return "moto@" + host + ":" + port;
    }
}
