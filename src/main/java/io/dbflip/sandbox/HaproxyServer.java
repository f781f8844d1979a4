package io.dbflip.sandbox;

import io.dbflip.DbflipException;
import io.dbflip.traffic.HaproxyRuntime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * HAProxy (bookworm's 2.6) in front of each cluster of a {@code --traffic haproxy} sandbox: per cluster a TCP
 * listener on 127.77.N.(base+4):3310 whose backend (named like the cluster) holds {@code onprem} (onprem-a) and
 * {@code aurora} (aurora-b); aurora starts in maint. No health checks: the flip alone moves the backend, through
 * the runtime API on {@code haproxy/admin.sock}. Runs in the foreground ({@code -db}) as a child, by pid.
 */
final class HaproxyServer {
    static final String ONPREM = "onprem";
    static final String AURORA = "aurora";

    private HaproxyServer() {
    }

    static Path socket(SandboxLayout l) {
        return l.haproxyDir().resolve("admin.sock");
    }

    /** Starts HAProxy unless ours runs; returns its pid. */
    static long ensure(SandboxLayout l, Long knownPid, java.util.function.Consumer<String> progress) {
        if (knownPid != null && Processes.ours(knownPid, l.dir())) {
            return knownPid;
        }
        String bin = List.of("/usr/sbin/haproxy", "/usr/bin/haproxy").stream().filter(p -> Files.isExecutable(Path.of(p)))
                .findFirst().orElseThrow(() -> DbflipException.precondition("HAProxy is not installed; run bin/setup as root"
                        + " (apt-get install haproxy)"));
        long t = System.nanoTime();
        Path dir = l.haproxyDir();
        Path cfg = dir.resolve("haproxy.cfg");
        try {
            Files.createDirectories(dir);
            Files.deleteIfExists(socket(l));
            StringBuilder c = new StringBuilder("global\n  stats socket " + socket(l) + " mode 600 level admin\n"
                    + "  stats timeout 10s\n\ndefaults\n  mode tcp\n  timeout connect 1s\n  timeout client 1h\n"
                    + "  timeout server 1h\n");
            for (SandboxLayout.ClusterLayout k : l.clusterLayouts()) {
                c.append("\nlisten ").append(k.name()).append("\n  bind ").append(l.proxyAddress(k)).append(":")
                        .append(SandboxLayout.MYSQL_PORT).append("\n  server ").append(ONPREM).append(" ")
                        .append(k.onpremA().address()).append("\n  server ").append(AURORA).append(" ")
                        .append(k.auroraB().address()).append("\n");
            }
            Files.writeString(cfg, c.toString());
            Process p = new ProcessBuilder(bin, "-db", "-f", cfg.toString()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("haproxy.log").toFile()).start();
            Files.writeString(dir.resolve("haproxy.pid"), Long.toString(p.pid()));
            HaproxyRuntime rt = new HaproxyRuntime(socket(l).toString(), Duration.ofSeconds(2));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (!Files.exists(socket(l))) {
                if (!p.isAlive() || System.nanoTime() > deadline) {
                    p.destroyForcibly();
                    throw DbflipException.failed("HAProxy did not start; see " + dir.resolve("haproxy.log") + ":\n"
                            + io.dbflip.FileTrees.tail(dir.resolve("haproxy.log"), 15));
                }
                SandboxServer.sleep(50);
            }
            for (SandboxLayout.ClusterLayout k : l.clusterLayouts()) {
                rt.setState(k.name(), AURORA, "maint");
            }
            progress.accept(String.format("haproxy up in %.1f s (%s)", (System.nanoTime() - t) / 1e9,
                    l.clusterLayouts().stream().map(k -> k.name() + " " + l.proxyAddress(k) + ":" + SandboxLayout.MYSQL_PORT).toList()));
            return p.pid();
        } catch (IOException e) {
            throw DbflipException.failed("cannot start HAProxy in " + dir + ": " + e.getMessage(), e);
        }
    }
}
