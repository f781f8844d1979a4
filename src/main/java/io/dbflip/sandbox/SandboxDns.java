package io.dbflip.sandbox;

import io.dbflip.DbflipException;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The sandbox's BIND: a real {@code named} in the foreground, one process, listening on one
 * loopback address, holding the zones with the clusters' master names, updatable with a TSIG key.
 * A stopgap until {@code io.dbflip.sandbox.BindServer} lands on main; only {@link #start} and
 * {@link #awaitReady} are used by {@link Sandbox}, so the switch is local.
 */
final class SandboxDns {
    private SandboxDns() {
    }

    /**
     * Writes named.conf and the zone files (only when missing: a restart keeps the records the
     * flips changed) and starts named. Returns its pid.
     *
     * @param records per zone, name (relative label) → IPv4 address
     */
    /**
     * Where the zones' journals go: BIND fsyncs its journal on every update (~12 ms on this kind of
     * machine), which would dominate the flip's DNS step; on tmpfs the sandbox measures dbflip, not
     * the disk. Production DNS servers keep their own durability.
     */
    static Path journalDir(Path dir) {
        Path shm = Path.of("/dev/shm");
        if (!Files.isDirectory(shm) || !Files.isWritable(shm)) {
            return dir;
        }
        return shm.resolve("dbflip-dns-" + Integer.toHexString(dir.toAbsolutePath().toString().hashCode()));
    }

    static long start(Path dir, String address, int port, Map<String, Map<String, String>> records,
                      String keyName, String secret) throws IOException {
        Files.createDirectories(dir);
        Path journals = journalDir(dir);
        Files.createDirectories(journals);
        StringBuilder conf = new StringBuilder();
        conf.append("key \"").append(keyName).append("\" { algorithm hmac-sha256; secret \"").append(secret).append("\"; };\n");
        // no rndc channel: its default (127.0.0.1:953) is shared by every named on the machine and stalls the start
        conf.append("controls { };\n");
        conf.append("options {\n  directory \"").append(dir).append("\";\n")
                .append("  pid-file \"").append(dir.resolve("named.pid")).append("\";\n")
                .append("  session-keyfile \"").append(dir.resolve("session.key")).append("\";\n")
                .append("  managed-keys-directory \"").append(dir).append("\";\n")
                .append("  listen-on port ").append(port).append(" { ").append(address).append("; };\n")
                .append("  listen-on-v6 { none; };\n  recursion no;\n  dnssec-validation no;\n")
                .append("  notify no;\n  allow-query { any; };\n};\n");
        for (var zone : records.entrySet()) {
            String z = zone.getKey();
            String file = z.substring(0, z.length() - 1) + ".db";
            conf.append("zone \"").append(z).append("\" { type primary; file \"").append(dir.resolve(file))
                    .append("\"; journal \"").append(journals.resolve(file + ".jnl"))
                    .append("\"; allow-update { key \"").append(keyName).append("\"; }; };\n");
            Path zf = dir.resolve(file);
            if (!Files.exists(zf)) {
                StringBuilder zt = new StringBuilder("$TTL 60\n");
                zt.append("@ IN SOA ns.").append(z).append(" hostmaster.").append(z).append(" 1 3600 600 86400 1\n");
                zt.append("@ IN NS ns.").append(z).append("\n");
                zt.append("ns IN A ").append(address).append("\n");
                zone.getValue().forEach((label, ip) -> zt.append(label).append(" 1 IN A ").append(ip).append("\n"));
                Files.writeString(zf, zt);
            }
        }
        Files.writeString(dir.resolve("named.conf"), conf);
        ensureLoopbackAddress(address);
        List<String> cmd = List.of(MariaDbServer.binary("named"), "-g", "-4", "-n", "1", "-c",
                dir.resolve("named.conf").toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("named.log").toFile())).start();
        return p.pid();
    }

    /** Waits until named answers an SOA query for every zone. */
    static void awaitReady(long pid, String address, int port, List<String> zones, Path log, Duration bound) {
        long deadline = System.nanoTime() + bound.toNanos();
        String last = "";
        for (String zone : zones) {
            while (true) {
                if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                    throw DbflipException.failed("BIND (named) exited at start; see " + log + ":\n"
                            + MariaDbServer.tail(log, 15));
                }
                try {
                    SimpleResolver r = new SimpleResolver(new InetSocketAddress(address, port));
                    r.setTimeout(Duration.ofMillis(300));
                    Message m = r.send(Message.newQuery(Record.newRecord(Name.fromString(zone), Type.SOA, DClass.IN)));
                    if (m.getRcode() == Rcode.NOERROR && m.getSection(org.xbill.DNS.Section.ANSWER).size() > 0) {
                        break;
                    }
                    last = Rcode.string(m.getRcode());
                } catch (IOException e) {
                    last = e.getMessage();
                }
                if (System.nanoTime() > deadline) {
                    throw DbflipException.failed("BIND at " + address + ":" + port + " does not serve " + zone
                            + " after " + bound.toSeconds() + " s (" + last + "); see " + log);
                }
                MariaDbServer.sleep(50);
            }
        }
    }

    /**
     * named listens only on addresses an interface carries, unlike mariadbd, which binds any
     * 127/8 address: so the DNS address is added to lo (as a /32, idempotent) before named starts.
     */
    static void ensureLoopbackAddress(String address) throws IOException {
        if (java.net.NetworkInterface.getByInetAddress(java.net.InetAddress.getByName(address)) != null) {
            return;
        }
        Path log = Files.createTempFile("dbflip-ip-", ".log");
        try {
            MariaDbServer.run(List.of("ip", "addr", "add", address + "/32", "dev", "lo"), log);
        } catch (IOException e) {
            if (java.net.NetworkInterface.getByInetAddress(java.net.InetAddress.getByName(address)) == null) {
                throw new IOException("cannot add " + address + "/32 to lo for BIND (needs root or CAP_NET_ADMIN): "
                        + e.getMessage(), e);
            }
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /** Removes the address {@link #ensureLoopbackAddress} added; best effort. */
    static void removeLoopbackAddress(String address) {
        try {
            Path log = Files.createTempFile("dbflip-ip-", ".log");
            try {
                MariaDbServer.run(List.of("ip", "addr", "del", address + "/32", "dev", "lo"), log);
            } finally {
                Files.deleteIfExists(log);
            }
        } catch (IOException ignored) {
            // already gone, or never added
        }
    }

    /** The key in BIND's format, for {@code nsupdate -k}. */
    static String keyFile(String keyName, String secret) {
        return "key \"" + keyName + "\" {\n\talgorithm hmac-sha256;\n\tsecret \"" + secret + "\";\n};\n";
    }
}
