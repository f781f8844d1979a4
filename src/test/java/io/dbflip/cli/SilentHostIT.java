package io.dbflip.cli;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14 item 3: a host that accepts TCP and never answers (a hung server, a proxy with no
 * backend) is refused within seconds, naming the host: the CLI as its own process, {@code flip
 * --dry-run} and {@code status} against a Java socket that accepts and stays silent. Before: the
 * dry run hung 62–65 s (the socket timeout meant for long statements bounded the handshake), status
 * 12–17 s. Needs no database: it runs once, not per engine.
 */
class SilentHostIT {

    @Test
    void aHostThatAcceptsAndNeverAnswersIsRefusedInSecondsNamingIt() throws Exception {
        Path jar = Path.of("target", "dbflip.jar");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(jar), "target/dbflip.jar is built by mvn package");
        Path dir = Files.createTempDirectory("dbflip-silent-");
        List<Socket> held = new ArrayList<>();
        try (ServerSocket silent = new ServerSocket()) {
            silent.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            Thread acceptor = new Thread(() -> {
                while (!silent.isClosed()) {
                    try {
                        held.add(silent.accept()); // accepted, never read from nor written to
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "silent-acceptor");
            acceptor.setDaemon(true);
            acceptor.start();
            String host = silent.getInetAddress().getHostAddress();
            int port = silent.getLocalPort();
            Path cfg = dir.resolve("dbflip.yaml");
            Files.writeString(cfg, """
                    clusters:
                      - name: hung
                        sides:
                          - {role: onprem, host: %s, port: %d, admin: {user: u, password: env:SILENT_PW}, replication: {user: r, password: env:SILENT_PW}}
                          - {role: aurora, host: %s, port: %d, admin: {user: u, password: env:SILENT_PW}, replication: {user: r, password: env:SILENT_PW}}
                    """.formatted(host, port, host, port));
            String journal = dir.resolve("journal").toString();
            Run dry = run(dir, "flip", "hung", "--to", "aurora", "--dry-run", "-c", cfg.toString(), "--journal", journal);
            Run status = run(dir, "status", "-c", cfg.toString(), "--journal", journal);
            System.out.println("FIGURE silent host: flip --dry-run exit " + dry.exit + " after " + dry.millis
                    + " ms; status exit " + status.exit + " after " + status.millis + " ms");
            // a preflight refusal, within a few seconds (a JVM's start included), naming the host and port
            assertThat(dry.exit).as(dry.out).isEqualTo(3);
            assertThat(dry.out).contains(host + ":" + port).contains("did not answer");
            assertThat(dry.millis).as(dry.out).isLessThan(15_000);
            // status answers (it reports what it cannot read) and names the silent host
            assertThat(status.out).contains(host + ":" + port);
            assertThat(status.millis).as(status.out).isLessThan(15_000);
        } finally {
            for (Socket s : held) {
                s.close();
            }
            io.dbflip.sandbox.SandboxServer.deleteTree(dir);
        }
    }

    private record Run(int exit, long millis, String out) {
    }

    private static Run run(Path dir, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", Path.of("target", "dbflip.jar").toString()));
        cmd.addAll(List.of(args));
        Path out = dir.resolve(args[0] + ".out");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile());
        pb.environment().put("SILENT_PW", "not-a-real-password");
        long t0 = System.nanoTime();
        Process p = pb.start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError(String.join(" ", args) + " still running after 90 s: " + Files.readString(out));
        }
        return new Run(p.exitValue(), (System.nanoTime() - t0) / 1_000_000, Files.readString(out));
    }
}
