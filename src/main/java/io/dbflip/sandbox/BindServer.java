package io.dbflip.sandbox;

import io.dbflip.DbflipException;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.Type;
import org.xbill.DNS.Update;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A real BIND (named) authoritative server for the sandbox and the tests: primary zones that accept
 * RFC 2136 updates signed with one TSIG key, on one loopback address and port, in its own directory.
 * named only listens on addresses it finds on an interface, so a 127.x address that is not on
 * {@code lo} yet is added there (as root) before the start. Only the process this object started is
 * ever stopped, by its pid; {@link #attach(Path)} finds it again from another JVM.
 */
public final class BindServer implements AutoCloseable {
    public static final String ALGORITHM = "hmac-sha256";
    private static final String STATE = "bind.properties";

    private final Path dir;
    private final String address;
    private final int port;
    private final List<String> zones;
    private final String keyName;
    private final String secret;
    private final long pid;

    private BindServer(Path dir, String address, int port, List<String> zones, String keyName, String secret, long pid) {
        this.dir = dir;
        this.address = address;
        this.port = port;
        this.zones = List.copyOf(zones);
        this.keyName = keyName;
        this.secret = secret;
        this.pid = pid;
    }

    /** Start named with every zone accepting updates signed with {@code tsigKeyName}. */
    public static BindServer start(Path dir, String address, int port, List<String> zones, String tsigKeyName) {
        return start(dir, address, port, zones, tsigKeyName, Set.of(), List.of());
    }

    /**
     * Start named. Zones in {@code refuseUpdates} answer every update with REFUSED (for failure tests).
     * {@code records} are zone-file lines with absolute owner names (e.g.
     * {@code "db.a.test. 5 IN A 127.72.0.10"}), each put in the zone its owner name belongs to.
     * An existing key in {@code dir} is reused, so configs that point at {@link #tsigSecretFile()} stay valid.
     */
    public static BindServer start(Path dir, String address, int port, List<String> zones, String tsigKeyName,
                                   Set<String> refuseUpdates, List<String> records) {
        List<String> abs = zones.stream().map(BindServer::absolute).toList();
        Set<String> refusing = new LinkedHashSet<>();
        refuseUpdates.forEach(z -> refusing.add(absolute(z)));
        try {
            dir = dir.toAbsolutePath();
            Files.createDirectories(dir);
            ensureLocalAddress(address);
            String secret = keySecret(dir, tsigKeyName);
            writeConf(dir, address, port, abs, tsigKeyName, refusing);
            for (String zone : abs) {
                writeZone(dir, zone, address, records);
            }
            Path log = dir.resolve("named.log");
            List<String> cmd = List.of(SandboxServer.binary("named"), "-g", "-c", dir.resolve("named.conf").toString());
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            Files.writeString(dir.resolve("dbflip.pid"), Long.toString(p.pid()));
            BindServer server = new BindServer(dir, address, port, abs, tsigKeyName, secret, p.pid());
            server.saveState();
            server.awaitSoa(p, Duration.ofSeconds(20));
            return server;
        } catch (IOException e) {
            throw DbflipException.failed("cannot start BIND in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Reattach to a named started earlier in {@code dir}, or null if none runs there. */
    public static BindServer attach(Path dir) {
        dir = dir.toAbsolutePath();
        try (Reader r = Files.newBufferedReader(dir.resolve(STATE))) {
            Properties s = new Properties();
            s.load(r);
            long pid = Long.parseLong(Files.readString(dir.resolve("dbflip.pid")).strip());
            if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                return null;
            }
            return new BindServer(dir, s.getProperty("address"), Integer.parseInt(s.getProperty("port")),
                    List.of(s.getProperty("zones").split(",")), s.getProperty("key"),
                    Files.readString(dir.resolve("KEY.secret")).strip(), pid);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    public Path dir() { return dir; }
    public String address() { return address; }
    public int port() { return port; }
    public long pid() { return pid; }
    public List<String> zones() { return zones; }
    public String tsigKeyName() { return keyName; }
    public String tsigAlgorithm() { return ALGORITHM; }
    /** The key's base64 secret. For the sandbox's own use: never print it. */
    public String tsigSecret() { return secret; }
    /** The key in named.conf syntax (for nsupdate -k), mode 0600. */
    public Path tsigKeyFile() { return dir.resolve("KEY.key"); }
    /** The bare secret, mode 0600: a config can name it as {@code file:<path>}. */
    public Path tsigSecretFile() { return dir.resolve("KEY.secret"); }

    public boolean alive() {
        return Processes.alive(pid);
    }

    /** SIGTERM and wait (SIGKILL past 15 s). */
    public void stop() {
        Processes.terminate(pid, 15);
        removeJournals();
    }

    /** The journals on tmpfs are not under dir: they go with the server (a restart rewrites the zones anyway). */
    private void removeJournals() {
        Path journals = journalDir(dir);
        if (!journals.startsWith(dir) && !alive()) {
            try {
                SandboxServer.deleteTree(journals);
            } catch (IOException ignored) {
                // tmpfs is emptied at reboot anyway
            }
        }
    }

    /** SIGKILL: a crashed DNS server, for the fault tests. */
    public void kill() {
        Processes.kill(pid, 15);
        removeJournals();
    }

    @Override
    public void close() {
        stop();
    }

    /** Replace {@code name}'s {@code type} rrset with one record, by a signed dynamic update (seeding tests). */
    public void set(String name, String type, int ttl, String value) {
        try {
            Name owner = Name.fromString(absolute(name));
            String zone = zoneOf(absolute(name));
            Update u = new Update(Name.fromString(zone));
            int t = Type.value(type);
            u.replace(owner, t, ttl, value);
            Message r = resolver().send(u);
            if (r.getRcode() != Rcode.NOERROR) {
                throw DbflipException.failed("BIND at " + address + ":" + port + " answered " + Rcode.string(r.getRcode())
                        + " to the update of " + name + " " + type + " in zone " + zone);
            }
        } catch (IOException e) {
            throw DbflipException.failed("cannot update " + name + " at BIND " + address + ":" + port + ": " + e.getMessage(), e);
        }
    }

    /** The values of {@code name}'s {@code type} rrset, as the server answers now (empty when absent). */
    public List<String> lookup(String name, String type) {
        try {
            Record q = Record.newRecord(Name.fromString(absolute(name)), Type.value(type), DClass.IN);
            Message r = resolver().send(Message.newQuery(q));
            List<String> out = new ArrayList<>();
            for (Record rec : r.getSection(Section.ANSWER)) {
                if (rec.getType() == Type.value(type)) {
                    out.add(rec.rdataToString());
                }
            }
            return out;
        } catch (IOException e) {
            throw DbflipException.failed("cannot query BIND at " + address + ":" + port + ": " + e.getMessage(), e);
        }
    }

    private SimpleResolver resolver() throws IOException {
        SimpleResolver r = new SimpleResolver(new InetSocketAddress(InetAddress.getByName(address), port));
        r.setTimeout(Duration.ofSeconds(2));
        r.setTSIGKey(new TSIG(TSIG.HMAC_SHA256, keyName, secret));
        return r;
    }

    private String zoneOf(String name) {
        return zones.stream().filter(z -> name.equals(z) || name.endsWith("." + z))
                .max((a, b) -> a.length() - b.length())
                .orElseThrow(() -> DbflipException.usage(name + " is in none of this BIND's zones " + zones));
    }

    private void awaitSoa(Process p, Duration bound) {
        long deadline = System.nanoTime() + bound.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw DbflipException.failed("BIND exited at start (code " + p.exitValue() + "); see "
                        + dir.resolve("named.log") + ":\n" + io.dbflip.FileTrees.tail(dir.resolve("named.log"), 15));
            }
            try {
                SimpleResolver r = new SimpleResolver(new InetSocketAddress(InetAddress.getByName(address), port));
                r.setTimeout(Duration.ofMillis(300));
                Record q = Record.newRecord(Name.fromString(zones.get(0)), Type.SOA, DClass.IN);
                Message m = r.send(Message.newQuery(q));
                if (m.getRcode() == Rcode.NOERROR && m.getSection(Section.ANSWER).stream().anyMatch(x -> x.getType() == Type.SOA)) {
                    return;
                }
                last = Rcode.string(m.getRcode());
            } catch (IOException e) {
                last = e.getMessage();
            }
            SandboxServer.sleep(50);
        }
        stop();
        throw DbflipException.failed("BIND at " + address + ":" + port + " did not answer the SOA of " + zones.get(0)
                + " within " + bound.toSeconds() + " s (" + last + "); see " + dir.resolve("named.log"));
    }

    private void saveState() throws IOException {
        Properties s = new Properties();
        s.setProperty("address", address);
        s.setProperty("port", Integer.toString(port));
        s.setProperty("zones", String.join(",", zones));
        s.setProperty("key", keyName);
        try (Writer w = Files.newBufferedWriter(dir.resolve(STATE))) {
            s.store(w, "dbflip sandbox BIND (no secret here; see KEY.secret)");
        }
    }

    // ---- files ---------------------------------------------------------------------------------

    static String absolute(String name) {
        return name.endsWith(".") ? name : name + ".";
    }

    /** The key's secret: reused from the dir when the same key was made before, else 32 random bytes. */
    private static String keySecret(Path dir, String keyName) throws IOException {
        Path secretFile = dir.resolve("KEY.secret");
        Path nameFile = dir.resolve("KEY.name");
        String secret;
        if (Files.exists(secretFile) && Files.exists(nameFile) && Files.readString(nameFile).strip().equals(keyName)) {
            secret = Files.readString(secretFile).strip();
        } else {
            byte[] b = new byte[32];
            new SecureRandom().nextBytes(b);
            secret = Base64.getEncoder().encodeToString(b);
        }
        writePrivate(secretFile, secret + "\n");
        Files.writeString(nameFile, keyName + "\n");
        writePrivate(dir.resolve("KEY.key"), "key \"" + keyName + "\" {\n\talgorithm " + ALGORITHM + ";\n\tsecret \""
                + secret + "\";\n};\n");
        return secret;
    }

    private static void writePrivate(Path file, String content) throws IOException {
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, content);
    }

    private static void writeConf(Path dir, String address, int port, List<String> zones, String keyName,
                                  Set<String> refusing) throws IOException {
        StringBuilder c = new StringBuilder();
        c.append("include \"").append(dir.resolve("KEY.key")).append("\";\n");
        // no rndc channel: every sandbox BIND would otherwise fight over 127.0.0.1#953
        c.append("controls { };\n");
        c.append("options {\n")
                .append("\tdirectory \"").append(dir).append("\";\n")
                .append("\tpid-file \"").append(dir.resolve("named.pid")).append("\";\n")
                .append("\tsession-keyfile \"").append(dir.resolve("session.key")).append("\";\n")
                .append("\tmanaged-keys-directory \"").append(dir).append("\";\n")
                .append("\tlisten-on port ").append(port).append(" { ").append(address).append("; };\n")
                .append("\tlisten-on-v6 { none; };\n")
                .append("\trecursion no;\n")
                .append("\tdnssec-validation no;\n")
                .append("\tnotify no;\n")
                .append("};\n");
        for (String zone : zones) {
            String policy = refusing.contains(zone) ? "none;" : "key \"" + keyName + "\";";
            c.append("zone \"").append(zone).append("\" {\n\ttype primary;\n\tfile \"").append(zoneFile(dir, zone))
                    .append("\";\n\tjournal \"").append(journalDir(dir).resolve(zone + "zone.jnl"))
                    .append("\";\n\tallow-update { ").append(policy).append(" };\n};\n");
        }
        Files.writeString(dir.resolve("named.conf"), c.toString());
    }

    /**
     * Where the zones' journals go: BIND fsyncs its journal on every update (~12 ms on this kind of
     * machine), which would dominate a flip's DNS step; on tmpfs the sandbox measures dbflip, not the
     * disk. Production DNS servers keep their own durability. Remove it with the dir.
     */
    public static Path journalDir(Path dir) {
        Path shm = Path.of("/dev/shm");
        if (!Files.isDirectory(shm) || !Files.isWritable(shm)) {
            return dir;
        }
        return shm.resolve("dbflip-dns-" + Integer.toHexString(dir.toAbsolutePath().toString().hashCode()));
    }

    private static Path zoneFile(Path dir, String zone) {
        return dir.resolve(zone + "zone");
    }

    private static void writeZone(Path dir, String zone, String address, List<String> records) throws IOException {
        StringBuilder z = new StringBuilder();
        z.append("$TTL 60\n");
        z.append(zone).append(" IN SOA ns.").append(zone).append(" hostmaster.").append(zone)
                .append(" 1 3600 600 86400 5\n");
        z.append(zone).append(" IN NS ns.").append(zone).append('\n');
        z.append("ns.").append(zone).append(" IN A ").append(address).append('\n');
        for (String line : records) {
            String owner = absolute(line.strip().split("\\s+")[0]);
            if (owner.equals(zone) || owner.endsWith("." + zone)) {
                z.append(line.strip()).append('\n');
            }
        }
        // a journal from an earlier run would not match the fresh zone file
        Files.deleteIfExists(dir.resolve(zone + "zone.jnl"));
        Files.createDirectories(journalDir(dir));
        Files.deleteIfExists(journalDir(dir).resolve(zone + "zone.jnl"));
        Files.writeString(zoneFile(dir, zone), z.toString());
    }

    /** named listens only on addresses it finds on an interface: put a loopback address on lo if needed. */
    private static void ensureLocalAddress(String address) throws IOException {
        InetAddress a = InetAddress.getByName(address);
        if (NetworkInterface.getByInetAddress(a) != null) {
            return;
        }
        if (!a.isLoopbackAddress()) {
            throw DbflipException.usage("BIND address " + address + " is on no interface of this machine");
        }
        try {
            Process p = new ProcessBuilder("ip", "addr", "add", address + "/32", "dev", "lo").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).strip();
            if (p.waitFor() != 0 && NetworkInterface.getByInetAddress(a) == null) {
                throw DbflipException.precondition("cannot add " + address + " to lo for BIND (" + out
                        + "); run as root or: ip addr add " + address + "/32 dev lo");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    @Override
    public String toString() {
        return "BIND@" + address + ":" + port + zones;
    }
}
