package io.dbflip.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.dbflip.sandbox.SandboxServer;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 4 item 3: the whole rehearsal ({@code dbflip demo --keep}), then status, history, a flip and an
 * objects apply in dry-run, config check and commands that fail (a wrong password), all in this JVM
 * with stdout, stderr and logback (at DEBUG) captured; then every secret the sandbox made is searched
 * for in the captured output, every file under the rehearsal dir and the journal's tables.
 * Not searched, because they must hold a secret: the secrets files themselves, BIND's key files (BIND
 * needs the TSIG key to verify updates; named.conf only includes KEY.key, so it is searched), S3Proxy's
 * s3proxy.properties (the credentials it accepts), and the servers' datadirs (master.info keeps
 * the replication password, as every MariaDB replica does; mysql.* holds hashes).
 */
class SecretsIT {

    @Test
    void noSecretInAnyOutputLogReportOrJournal() throws Exception {
        Path dir = Files.createTempDirectory("dbflip-secrets-");
        Path sbDir = dir.resolve("sandbox");
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream oldOut = System.out;
        Map<String, Integer> exits = new LinkedHashMap<>();
        Map<String, String> secrets = new LinkedHashMap<>();
        try {
            runAndScan(dir, sbDir, captured, oldOut, exits, secrets);
        } finally {
            Main.run("sandbox", "down", "--dir", sbDir.toString());
            SandboxServer.deleteTree(dir);
        }
    }

    private void runAndScan(Path dir, Path sbDir, ByteArrayOutputStream captured, PrintStream oldOut,
                            Map<String, Integer> exits, Map<String, String> secrets) throws Exception {
        PrintStream oldErr = System.err;
        Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
        Level oldLevel = root.getLevel();
        try {
            System.setOut(new PrintStream(new Tee(oldOut, captured), true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(new Tee(oldErr, captured), true, StandardCharsets.UTF_8));
            // every log line dbflip has, not only warnings
            root.setLevel(Level.DEBUG);
            exits.put("demo", Main.run("demo", "--dir", dir.toString(), "--keep", "--rate", "300", "--pause", "500"));
            String cfg = sbDir.resolve("dbflip.yaml").toString();
            exits.put("status", Main.run("status", "-c", cfg));
            exits.put("status --json", Main.run("status", "--json", "-c", cfg));
            exits.put("history", Main.run("history", "sandbox", "-c", cfg));
            exits.put("history --json", Main.run("history", "sandbox", "--json", "-c", cfg));
            exits.put("flip --dry-run", Main.run("flip", "sandbox", "--dry-run", "-c", cfg));
            exits.put("objects apply --dry-run", Main.run("objects", "apply", "sandbox", "--dry-run", "-c", cfg));
            exits.put("config check", Main.run("config", "check", "-c", cfg));
            // failing commands: the onprem admin's password replaced by a wrong literal one
            Path bad = dir.resolve("bad.yaml");
            String wrong = "Wrong-Pw-" + Long.toHexString(System.nanoTime());
            secrets.put("wrong password", wrong);
            String yaml = Files.readString(Path.of(cfg));
            String onpremAdmin = "password: \"file:" + sbDir.resolve("secrets/onprem-admin") + "\"";
            assertThat(yaml).contains(onpremAdmin);
            Files.writeString(bad, yaml.replace(onpremAdmin, "password: \"" + wrong + "\""));
            exits.put("status (wrong password)", Main.run("status", "-c", bad.toString()));
            exits.put("flip --dry-run (wrong password)", Main.run("flip", "sandbox", "--dry-run", "-c", bad.toString()));
            exits.put("flip (wrong password)", Main.run("flip", "sandbox", "-c", bad.toString()));
            // a TSIG secret that does not verify: BIND refuses; the message must not echo either secret
            String tsigFile = sbDir.resolve("dns/KEY.secret").toString();
            Path badTsig = dir.resolve("badtsig.yaml");
            String wrongTsig = java.util.Base64.getEncoder().encodeToString(("not-the-key-" + System.nanoTime()).getBytes());
            secrets.put("wrong TSIG secret", wrongTsig);
            Files.writeString(badTsig, yaml.replace("\"file:" + tsigFile + "\"", "\"" + wrongTsig + "\""));
            exits.put("flip --dry-run (wrong TSIG)", Main.run("flip", "sandbox", "--dry-run", "-c", badTsig.toString()));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
            root.setLevel(oldLevel);
        }
        collectSecrets(sbDir, secrets);
        String out = captured.toString(StandardCharsets.UTF_8);
        assertThat(exits.get("demo")).as(out).isZero();
        assertThat(exits).containsEntry("status", 0).containsEntry("history", 0).containsEntry("flip --dry-run", 0)
                .containsEntry("objects apply --dry-run", 0).containsEntry("config check", 0);
        // status reports an unreachable side and goes on (exit 0); the flip refuses
        assertThat(out).contains("error: onprem (").contains("access denied for dbflip [1045]; check the credentials of onprem.admin");
        assertThat(exits.get("flip --dry-run (wrong password)")).isNotZero();
        assertThat(exits.get("flip (wrong password)")).isEqualTo(2);
        assertThat(out).contains("access denied for dbflip").contains("REHEARSAL PASSED");
        assertThat(exits.get("flip --dry-run (wrong TSIG)")).isNotZero();
        assertThat(out).contains("preflight refused ([dns master.sandbox.internal. A");

        assertThat(secrets).containsKeys("onprem-admin", "aurora-admin", "repl", "app", "app_ro", "tsig");
        List<String> found = new ArrayList<>();
        search("captured stdout/stderr/log", out.getBytes(StandardCharsets.UTF_8), secrets, found);
        List<Path> scanned = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                if (!mustHoldSecrets(sbDir, f) && !f.equals(dir.resolve("bad.yaml")) && !f.equals(badTsig(dir))) {
                    scanned.add(f);
                    search(dir.relativize(f).toString(), Files.readAllBytes(f), secrets, found);
                }
            }
        }
        List<Path> journals = scanned.stream().filter(f -> f.getFileName().toString().equals("journal.mv.db")).toList();
        assertThat(journals).as("the rehearsal's and the CLI's journals").hasSizeGreaterThanOrEqualTo(2);
        int rows = 0;
        for (Path j : journals) {
            rows += dumpJournal(j, secrets, found);
        }
        assertThat(rows).as("journal rows dumped").isGreaterThan(10);
        assertThat(scanned).as("files scanned")
                .anyMatch(f -> f.toString().endsWith(".json") && f.toString().contains("reports"))
                .anyMatch(f -> f.toString().endsWith(".md"))
                .anyMatch(f -> f.getFileName().toString().equals("error.log"))
                .anyMatch(f -> f.getFileName().toString().equals("dbflip.yaml"))
                .anyMatch(f -> f.getFileName().toString().equals("named.conf"))
                .anyMatch(f -> f.toString().contains("/dns/") && f.toString().endsWith(".log"));
        // the search itself works: the files that must hold a secret are found holding it
        List<String> control = new ArrayList<>();
        search("KEY.key", Files.readAllBytes(sbDir.resolve("dns/KEY.key")), Map.of("tsig", secrets.get("tsig")), control);
        search("secrets/app", Files.readAllBytes(sbDir.resolve("secrets/app")), Map.of("app", secrets.get("app")), control);
        assertThat(control).hasSize(2);
        oldOut.printf("secrets scan: %d secrets, %d files, %d journal rows, %d bytes of output; found: %s%n",
                secrets.size(), scanned.size(), rows, out.length(), found);
        assertThat(found).as("secrets found").isEmpty();
    }

    private static Path badTsig(Path dir) {
        return dir.resolve("badtsig.yaml");
    }

    /** Files whose job is to hold a secret. */
    private static boolean mustHoldSecrets(Path sbDir, Path f) {
        String rel = sbDir.relativize(f.toAbsolutePath()).toString();
        if (f.startsWith(sbDir.resolve("secrets")) || f.startsWith(sbDir.resolve("dns"))
                && List.of("KEY.secret", "KEY.key").contains(f.getFileName().toString())) {
            return true;
        }
        // S3Proxy's own config: it must know the access key and secret it accepts, as BIND knows its key
        if (f.equals(sbDir.resolve("s3/s3proxy.properties"))) {
            return true;
        }
        // a server's own datadir: onprem-a/data/..., aurora-b/data/...
        return rel.matches("(onprem-a|onprem-r|aurora-b)/data/.*");
    }

    private static void collectSecrets(Path sbDir, Map<String, String> secrets) throws IOException {
        if (!Files.isDirectory(sbDir.resolve("secrets"))) {
            return;
        }
        try (Stream<Path> s = Files.list(sbDir.resolve("secrets"))) {
            for (Path p : s.toList()) {
                secrets.put(p.getFileName().toString(), Files.readString(p).strip());
            }
        }
        secrets.put("tsig", Files.readString(sbDir.resolve("dns/KEY.secret")).strip());
        secrets.put("root", SandboxServer.ROOT_PASSWORD);
    }

    private static void search(String where, byte[] bytes, Map<String, String> secrets, List<String> found) {
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        secrets.forEach((name, value) -> {
            assertThat(value).as(name).hasSizeGreaterThanOrEqualTo(8);
            if (text.contains(value)) {
                int i = text.indexOf(value);
                found.add(name + " in " + where + ": ..." + text.substring(Math.max(0, i - 80), i).replaceAll("[^ -~]", ".") + "<secret>");
            }
        });
    }

    /** Every table of an H2 journal, row by row, every column as text. */
    private static int dumpJournal(Path mvDb, Map<String, String> secrets, List<String> found) throws Exception {
        String base = mvDb.toString().substring(0, mvDb.toString().length() - ".mv.db".length());
        int rows = 0;
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + base + ";AUTO_SERVER=TRUE", "dbflip", "");
             Statement s = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT TABLE_NAME FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = 'PUBLIC'")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (String t : tables) {
                StringBuilder b = new StringBuilder();
                try (ResultSet rs = s.executeQuery("SELECT * FROM \"" + t + "\"")) {
                    ResultSetMetaData md = rs.getMetaData();
                    while (rs.next()) {
                        rows++;
                        for (int i = 1; i <= md.getColumnCount(); i++) {
                            b.append(rs.getString(i)).append('\t');
                        }
                        b.append('\n');
                    }
                }
                search("journal table " + t + " (" + mvDb + ")", b.toString().getBytes(StandardCharsets.ISO_8859_1), secrets, found);
            }
        }
        return rows;
    }

    /** Writes to the real stream and to the capture. */
    private static final class Tee extends OutputStream {
        private final OutputStream a;
        private final OutputStream b;

        Tee(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public synchronized void write(int x) throws IOException {
            a.write(x);
            b.write(x);
        }

        @Override
        public synchronized void write(byte[] buf, int off, int len) throws IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }

        @Override
        public void flush() throws IOException {
            a.flush();
            b.flush();
        }
    }
}
