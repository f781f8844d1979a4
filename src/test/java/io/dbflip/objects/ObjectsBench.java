package io.dbflip.objects;

import io.dbflip.sandbox.Engine;
import io.dbflip.sandbox.SandboxServer;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * bench/objects: dump, diff and apply of many users and routines between two sandbox servers of the engine
 * {@link Engine#defaultEngine()} names (MySQL, or MariaDB with -Ddbflip.engine=mariadb); prints phase times.
 */
public final class ObjectsBench {
    static final Engine ENGINE = Engine.defaultEngine();

    public static void main(String[] args) throws Exception {
        int users = Integer.parseInt(args[0]);
        int routines = Integer.parseInt(args[1]);
        String prefix = args[2];
        Path dir = Files.createTempDirectory("dbflip-objects-bench");
        List<String> opts = List.of("--sync-binlog=0", "--innodb-flush-log-at-trx-commit=0", "--log-bin-trust-function-creators=1");
        try (SandboxServer a = SandboxServer.start(ENGINE, "bench-a", dir.resolve("a"), prefix + ".1", 3310, 7691, opts);
             SandboxServer b = SandboxServer.start(ENGINE, "bench-b", dir.resolve("b"), prefix + ".2", 3310, 7692, opts)) {
            System.out.println("engine: " + ENGINE.configName());
            String schema = "CREATE DATABASE shop; CREATE TABLE shop.t (id INT PRIMARY KEY, a INT, b INT);\n";
            StringBuilder sql = new StringBuilder(schema);
            for (int i = 0; i < routines; i++) {
                sql.append("CREATE FUNCTION shop.f").append(i).append("(x INT) RETURNS INT DETERMINISTIC RETURN x + ").append(i).append(";\n");
            }
            // the source is seeded 200 accounts per statement, all with one stored hash: hashing each
            // password (MySQL's caching_sha2_password: 5,000 SHA-256 rounds) would make the seed the bench
            String auth = ENGINE == Engine.MARIADB ? "IDENTIFIED BY PASSWORD '*D821809F681A40A6E379B50D0463EFAE20BDD122'"
                    : "IDENTIFIED WITH caching_sha2_password AS " + hash(a);
            List<String> creates = new java.util.ArrayList<>();
            for (int i = 0; i < users; i++) {
                creates.add("CREATE USER `u" + i + "`@`10.2.%` " + auth);
            }
            Batches.createUsers(creates).forEach(q -> sql.append(q).append(";\n"));
            List<String> grants = new java.util.ArrayList<>();
            for (int i = 0; i < users; i++) {
                String u = "`u" + i + "`@`10.2.%`";
                grants.add(switch (i % 4) {
                    case 0 -> "GRANT SELECT ON shop.* TO " + u;
                    case 1 -> "GRANT SELECT (a), UPDATE (b) ON shop.t TO " + u;
                    case 2 -> "GRANT EXECUTE ON FUNCTION shop.f" + (i % Math.max(1, routines)) + " TO " + u;
                    default -> "GRANT PROCESS, SUPER ON *.* TO " + u;
                });
            }
            Batches.grants(grants).forEach(q -> sql.append(q).append(";\n"));
            long t0 = System.nanoTime();
            root(a, sql.toString());
            root(b, schema + "CREATE USER adm@'%' IDENTIFIED BY 'adm-pw'; GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, DROP,"
                    + " PROCESS, EXECUTE, CREATE ROUTINE, ALTER ROUTINE, CREATE USER, EVENT, TRIGGER, CREATE VIEW, SHOW VIEW"
                    + " ON *.* TO adm@'%' WITH GRANT OPTION;");
            System.out.printf("seed source (%d users, %d routines): %.1f s%n", users, routines, secs(t0));
            SkipList skip = SkipList.builtIn().plus(List.of("adm@%"));
            try (Connection ca = a.rootConnection();
                 Connection cb = DriverManager.getConnection(SandboxServer.jdbcUrl(b.host(), b.port()), "adm", "adm-pw")) {
                long t = System.nanoTime();
                List<ObjectDef> src = new ObjectDumper("a", ca).dump();
                System.out.printf("dump source (%d objects): %.2f s%n", src.size(), secs(t));
                t = System.nanoTime();
                ObjectFiles.write(dir.resolve("dump"), src, false);
                System.out.printf("write dump files: %.2f s%n", secs(t));
                t = System.nanoTime();
                List<ObjectDef> dst = new ObjectDumper("b", cb).dump();
                ObjectDiff.Result d = new ObjectDiff(skip).compare(src, dst);
                System.out.printf("dump target + diff: %.2f s (%d only on source)%n", secs(t), d.onlyFrom().size());
                t = System.nanoTime();
                TargetAccess access = TargetAccess.read("b", cb);
                TargetRewriter.Result rw = new TargetRewriter(access, DefinerPolicy.REWRITE, null, true).rewrite(src);
                System.out.printf("rewrite: %.2f s (%d rewrites)%n", secs(t), rw.rewrites().size());
                ObjectApplier.Options o = new ObjectApplier.Options(List.of(), false, false);
                t = System.nanoTime();
                ApplyReport r = new ObjectApplier("b", cb, skip, o).apply(rw, access);
                System.out.printf("apply: %.2f s (%d statements)%n", secs(t), r.changes());
                t = System.nanoTime();
                ApplyReport again = new ObjectApplier("b", cb, skip, o).apply(rw, access);
                System.out.printf("second apply: %.2f s (%d statements)%n", secs(t), again.changes());
                t = System.nanoTime();
                ObjectDiff.Result end = new ObjectDiff(skip).compare(rw.objects(), new ObjectDumper("b", cb).dump());
                System.out.printf("final dump target + diff against rewritten source: %.2f s (%d differences)%n", secs(t),
                        end.lines().size());
            }
        } finally {
            SandboxServer.deleteTree(dir);
        }
    }

    static double secs(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    /** A caching_sha2_password hash of 'pw', as hex, made by the server itself. */
    static String hash(SandboxServer s) throws Exception {
        s.execute("CREATE USER hash_probe@'%' IDENTIFIED BY 'pw'");
        try (Connection c = s.rootConnection(); java.sql.Statement st = c.createStatement()) {
            st.execute("SET SESSION print_identified_with_as_hex = ON");
            try (java.sql.ResultSet rs = st.executeQuery("SHOW CREATE USER hash_probe@'%'")) {
                rs.next();
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("AS (0x[0-9A-F]+)").matcher(rs.getString(1));
                m.find();
                String hex = m.group(1);
                st.execute("DROP USER hash_probe@'%'");
                return hex;
            }
        }
    }

    static void root(SandboxServer s, String sql) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(ObjectsIT.client());
        cmd.addAll(List.of("-uroot", "--socket=" + SandboxServer.socketPath(s.dir())));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try (var in = p.getOutputStream()) {
            in.write(sql.getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(1800, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("seeding " + s.name() + " failed: " + out);
        }
    }
}
