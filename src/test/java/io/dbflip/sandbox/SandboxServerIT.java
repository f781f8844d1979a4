package io.dbflip.sandbox;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** One server of the engine the suite's run names (dbflip.engine): start, identity, stop; and the cold path. */
class SandboxServerIT {
    @TempDir
    Path dir;

    @Test
    void startsOnItsOwnAddressAndStopsByPid() throws Exception {
        Engine engine = Engine.defaultEngine();
        try (SandboxServer s = SandboxServer.start(engine, "t", dir.resolve("t"), "127.77.250.1", 3310, 101, List.of())) {
            try (Connection c = s.rootConnection(); ResultSet rs = c.createStatement()
                    .executeQuery("SELECT @@server_id, @@log_bin, @@binlog_format, @@bind_address, @@version")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(101);
                assertThat(rs.getInt(2)).isEqualTo(1);
                assertThat(rs.getString(3)).isEqualTo("ROW");
                assertThat(rs.getString(4)).isEqualTo("127.77.250.1");
                assertThat(rs.getString(5).toLowerCase().contains("mariadb")).isEqualTo(engine == Engine.MARIADB);
            }
            assertThat(Files.readString(dir.resolve("t").resolve("engine")).strip()).isEqualTo(engine.configName());
            s.stop();
            assertThat(s.alive()).isFalse();
        }
    }

    /**
     * Issue 10 item 1: on a machine with no template yet, servers started in parallel in one JVM all
     * start (the first run of `dbflip demo` failed here with OverlappingFileLockException, printed as
     * "null"); each gets its own server_uuid on MySQL (auto.cnf is not in the template).
     */
    @Test
    void serversStartedInParallelWithNoTemplateYetAllStart() throws Exception {
        Engine engine = Engine.defaultEngine();
        String oldTmp = System.getProperty("java.io.tmpdir");
        Path freshTmp = Files.createDirectory(dir.resolve("fresh-tmp"));
        System.setProperty("java.io.tmpdir", freshTmp.toString());
        ExecutorService pool = Executors.newFixedThreadPool(3);
        List<SandboxServer> started = new ArrayList<>();
        try {
            List<Future<SandboxServer>> f = new ArrayList<>();
            for (int i = 1; i <= 3; i++) {
                int n = i;
                f.add(pool.submit(() -> SandboxServer.start(engine, "p" + n, dir.resolve("p" + n), "127.77.250." + (10 + n),
                        3310, 110 + n, List.of())));
            }
            for (Future<SandboxServer> s : f) {
                started.add(s.get());
            }
            try (var templates = Files.list(freshTmp)) {
                assertThat(templates.map(p -> p.getFileName().toString()).toList())
                        .singleElement().asString().startsWith("dbflip-tpl-" + engine.configName());
            }
            List<String> uuids = new ArrayList<>();
            for (SandboxServer s : started) {
                try (Connection c = s.rootConnection(); ResultSet rs = c.createStatement().executeQuery(
                        engine == Engine.MYSQL ? "SELECT @@server_uuid" : "SELECT @@server_id")) {
                    rs.next();
                    uuids.add(rs.getString(1));
                }
            }
            assertThat(uuids).doesNotHaveDuplicates().hasSize(3);
        } finally {
            System.setProperty("java.io.tmpdir", oldTmp);
            pool.shutdownNow();
            started.forEach(SandboxServer::stop);
        }
    }
}
