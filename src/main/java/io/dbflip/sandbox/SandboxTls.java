package io.dbflip.sandbox;

import io.dbflip.DbflipException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The TLS material of a TLS sandbox, made with openssl under DIR/tls: a CA (ca.pem, its key
 * ca.key 0600) and per server a certificate signed by it whose subjectAltName is the server's
 * loopback address, so verify-identity holds. Made once; a later {@code up} reuses it.
 */
final class SandboxTls {
    private static final String DAYS = "3650";

    private SandboxTls() {
    }

    static Path cert(SandboxLayout l, SandboxLayout.ServerLayout s) {
        return l.tlsDir().resolve(s.host() + ".pem");
    }

    static Path key(SandboxLayout l, SandboxLayout.ServerLayout s) {
        return l.tlsDir().resolve(s.host() + ".key");
    }

    /** The mariadbd options of a server in a TLS sandbox. */
    static List<String> serverOptions(SandboxLayout l, SandboxLayout.ServerLayout s) {
        return List.of("--ssl-ca=" + l.caFile(), "--ssl-cert=" + cert(l, s), "--ssl-key=" + key(l, s),
                "--require-secure-transport=ON");
    }

    /** CA and every server's certificate; what exists is kept. */
    static synchronized void ensure(SandboxLayout l) {
        Path d = l.tlsDir();
        try {
            Files.createDirectories(d);
            if (!Files.exists(l.caFile())) {
                Files.deleteIfExists(d.resolve("ca.key"));
                openssl(d, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem.tmp",
                        "-days", DAYS, "-subj", "/CN=dbflip sandbox CA (slot " + l.slot() + ")");
                Files.setPosixFilePermissions(d.resolve("ca.key"), PosixFilePermissions.fromString("rw-------"));
                Files.move(d.resolve("ca.pem.tmp"), l.caFile());
            }
            for (SandboxLayout.ClusterLayout c : l.clusterLayouts()) {
                for (SandboxLayout.ServerLayout s : c.servers()) {
                    if (!Files.exists(cert(l, s))) {
                        serverCert(l, s);
                    }
                }
            }
        } catch (IOException e) {
            throw DbflipException.failed("cannot make the sandbox's TLS certificates in " + d + ": " + e.getMessage(), e);
        }
    }

    private static void serverCert(SandboxLayout l, SandboxLayout.ServerLayout s) throws IOException {
        Path d = l.tlsDir();
        String h = s.host();
        Files.writeString(d.resolve(h + ".ext"), "subjectAltName=IP:" + h + "\nbasicConstraints=CA:FALSE\n"
                + "keyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth,clientAuth\n");
        openssl(d, "req", "-newkey", "rsa:2048", "-nodes", "-keyout", h + ".key", "-out", h + ".csr", "-subj", "/CN=" + h);
        Files.setPosixFilePermissions(d.resolve(h + ".key"), PosixFilePermissions.fromString("rw-------"));
        openssl(d, "x509", "-req", "-in", h + ".csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                "-out", h + ".pem.tmp", "-days", DAYS, "-extfile", h + ".ext");
        Files.move(d.resolve(h + ".pem.tmp"), cert(l, s));
        Files.deleteIfExists(d.resolve(h + ".csr"));
    }

    private static void openssl(Path dir, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        Path log = dir.resolve("openssl.log");
        try {
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("openssl " + args[0] + " did not finish in 60 s");
            }
            if (p.exitValue() != 0) {
                throw new IOException("openssl " + args[0] + " failed (exit " + p.exitValue() + "):\n"
                        + io.dbflip.FileTrees.tail(log, 10));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
