package io.dbflip.objects;

import io.dbflip.sandbox.SandboxServer;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** bench/objects: dump, diff and apply of many users and routines between two sandbox servers; prints phase times. */
public final class ObjectsBench {
    public static void main(String[] args) throws Exception {
        int users = Integer.parseInt(args[0]);
        int routines = Integer.parseInt(args[1]);
        String prefix = args[2];
        Path dir = Files.createTempDirectory("dbflip-objects-bench");
        List<String> opts = List.of("--sync-binlog=0", "--innodb-flush-log-at-trx-commit=0", "--log-bin-trust-function-creators=1");
        try (SandboxServer a = SandboxServer.start("bench-a", dir.resolve("a"), prefix + ".1", 3310, 7691, opts);
             SandboxServer b = SandboxServer.start("bench-b", dir.resolve("b"), prefix + ".2", 3310, 7692, opts)) {
            String schema = "CREATE DATABASE shop; CREATE TABLE shop.t (id INT PRIMARY KEY, a INT, b INT);\n";
            StringBuilder sql = new StringBuilder(schema);
            for (int i = 0; i < routines; i++) {
                sql.append("CREATE FUNCTION shop.f").append(i).append("(x INT) RETURNS INT DETERMINISTIC RETURN x + ").append(i).append(";\n");
            }
            for (int i = 0; i < users; i++) {
                String u = "'u" + i + "'@'10.2.%'";
                sql.append("CREATE USER ").append(u).append(" IDENTIFIED BY 'pw").append(i).append("';\n");
                switch (i % 4) {
                    case 0 -> sql.append("GRANT SELECT ON shop.* TO ").append(u).append(";\n");
                    case 1 -> sql.append("GRANT SELECT (a), UPDATE (b) ON shop.t TO ").append(u).append(";\n");
                    case 2 -> sql.append("GRANT EXECUTE ON FUNCTION shop.f").append(i % Math.max(1, routines)).append(" TO ").append(u).append(";\n");
                    default -> sql.append("GRANT PROCESS, SUPER ON *.* TO ").append(u).append(";\n");
                }
            }
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

    static void root(SandboxServer s, String sql) throws Exception {
        Process p = new ProcessBuilder(SandboxServer.binary("mariadb"), "--no-defaults", "-uroot",
                "--socket=" + SandboxServer.socketPath(s.dir())).redirectErrorStream(true).start();
        try (var in = p.getOutputStream()) {
            in.write(sql.getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(1800, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("seeding " + s.name() + " failed: " + out);
        }
    }
}
