package io.dbflip.verify;

import io.dbflip.sandbox.SandboxServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two real MariaDB servers, B a replica of A; each test loads its own schema on A, waits for B to
 * apply it, then changes B behind replication's back (sql_log_bin=0 on B is a local change).
 */
class TableChecksumIT {
    @TempDir
    static Path dir;
    static SandboxServer a;
    static SandboxServer b;

    @BeforeAll
    static void start() {
        a = SandboxServer.start("a", dir.resolve("a"), "127.74.1.1", 3310, 7411, List.of());
        b = SandboxServer.start("b", dir.resolve("b"), "127.74.1.2", 3310, 7412, List.of());
        b.execute("CHANGE MASTER TO MASTER_HOST='127.74.1.1', MASTER_PORT=3310, MASTER_USER='" + SandboxServer.ROOT_USER
                + "', MASTER_PASSWORD='" + SandboxServer.ROOT_PASSWORD + "', MASTER_USE_GTID=slave_pos", "START SLAVE");
    }

    @AfterAll
    static void stop() {
        if (b != null) {
            b.stop();
        }
        if (a != null) {
            a.stop();
        }
    }

    /** The caller's job before a checksum: B has applied everything A wrote. */
    static void waitInSync() throws Exception {
        String pos;
        try (Connection c = a.rootConnection(); ResultSet rs = c.createStatement().executeQuery("SELECT @@gtid_binlog_pos")) {
            rs.next();
            pos = rs.getString(1);
        }
        try (Connection c = b.rootConnection(); ResultSet rs = c.createStatement()
                .executeQuery("SELECT MASTER_GTID_WAIT('" + pos + "', 60)")) {
            rs.next();
            assertThat(rs.getInt(1)).as("B caught up with A at " + pos).isZero();
        }
    }

    static ChecksumReport checksum(String schema, int chunkSize) throws Exception {
        try (Connection ca = a.rootConnection(); Connection cb = b.rootConnection()) {
            ChecksumReport r = new TableChecksum("a", ca, "b", cb,
                    TableChecksum.Options.defaults().withChunkSize(chunkSize).onlySchemas(schema)).run();
            System.out.print(r.describe());
            return r;
        }
    }

    static void onBOnly(String... statements) {
        String[] all = new String[statements.length + 1];
        all[0] = "SET SESSION sql_log_bin = 0";
        System.arraycopy(statements, 0, all, 1, statements.length);
        b.execute(all);
    }

    static void load(String schema) throws Exception {
        a.execute("CREATE DATABASE " + schema,
                "CREATE TABLE " + schema + ".t (id INT PRIMARY KEY, name VARCHAR(20), note TEXT, price DECIMAL(8,2))",
                "INSERT INTO " + schema + ".t SELECT seq, CONCAT('n', seq), IF(seq % 7 = 0, NULL, 'x'), seq / 3"
                        + " FROM " + schema + ".seq_1_to_1000",
                "CREATE TABLE " + schema + ".pair (a INT, b VARCHAR(10), v INT, PRIMARY KEY (a, b))",
                "INSERT INTO " + schema + ".pair SELECT seq % 10, CONCAT('k', seq), seq FROM " + schema + ".seq_1_to_300",
                "CREATE TABLE " + schema + ".loose (x INT, y VARCHAR(10))",
                "INSERT INTO " + schema + ".loose VALUES (1, 'a'), (2, NULL), (NULL, 'b')");
        waitInSync();
    }

    @Test
    void equalSidesHaveNoDifference() throws Exception {
        load("eq");
        ChecksumReport r = checksum("eq", 100);
        assertThat(r.differences()).isEmpty();
        assertThat(r.tables()).isEqualTo(3);
        assertThat(r.rows()).isEqualTo(1000 + 300 + 3);
        assertThat(r.chunks()).as("t in 10 chunks + the open last one, pair in 3 + 1, loose whole").isEqualTo(11 + 4 + 1);
        assertThat(r.warnings()).singleElement().asString().contains("`eq`.`loose`", "no primary key");
    }

    @Test
    void oneChangedRowIsReportedAsExactlyItsChunk() throws Exception {
        load("one");
        onBOnly("UPDATE one.t SET name = 'changed' WHERE id = 457");
        ChecksumReport r = checksum("one", 100);
        assertThat(r.differences()).singleElement().satisfies(d -> {
            assertThat(d.table()).isEqualTo("t");
            assertThat(d.kind()).isEqualTo(Difference.Kind.CHUNK_DIFFERS);
            assertThat(d.lower()).isEqualTo("400");
            assertThat(d.upper()).isEqualTo("500");
            assertThat(d.rowsA()).isEqualTo(100);
            assertThat(d.rowsB()).isEqualTo(100);
        });
        assertThat(r.describe()).contains("`one`.`t` chunk (400 .. 500]: a 100 rows, b 100 rows, same count, different content");
    }

    @Test
    void aNullThatMovesBetweenColumnsAndRowsOnOneSideAreFound() throws Exception {
        load("nul");
        onBOnly("UPDATE nul.t SET note = 'x' WHERE id = 7", // NULL -> 'x': CONCAT_WS alone would not see it
                "DELETE FROM nul.pair WHERE a = 3 AND b = 'k3'",
                "INSERT INTO nul.t VALUES (5000, 'extra', NULL, 1)",
                "UPDATE nul.loose SET y = 'z' WHERE x = 2");
        ChecksumReport r = checksum("nul", 100);
        assertThat(r.differences()).extracting(Difference::table, Difference::lower, Difference::upper,
                        Difference::rowsA, Difference::rowsB)
                .contains(
                        org.assertj.core.groups.Tuple.tuple("loose", "", "", 3L, 3L),
                        org.assertj.core.groups.Tuple.tuple("t", "", "100", 100L, 100L),
                        org.assertj.core.groups.Tuple.tuple("t", "1000", "", 0L, 1L));
        assertThat(r.differences()).hasSize(4).filteredOn(d -> d.table().equals("pair")).singleElement()
                .satisfies(d -> assertThat(d.rowsA() - d.rowsB()).isEqualTo(1));
    }

    @Test
    void aTableOnOneSideOnlyAndChangedColumnsAreDifferences() throws Exception {
        load("miss");
        a.execute("SET SESSION sql_log_bin = 0", "CREATE TABLE miss.only_a (id INT PRIMARY KEY)");
        onBOnly("CREATE TABLE miss.only_b (id INT PRIMARY KEY)", "ALTER TABLE miss.loose MODIFY y VARCHAR(30)");
        ChecksumReport r = checksum("miss", 1000);
        assertThat(r.differences()).extracting(Difference::table, Difference::kind).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("only_a", Difference.Kind.MISSING_ON_B),
                org.assertj.core.groups.Tuple.tuple("only_b", Difference.Kind.MISSING_ON_A),
                org.assertj.core.groups.Tuple.tuple("loose", Difference.Kind.COLUMNS_DIFFER));
        assertThat(r.describe()).contains("`miss`.`only_a`: exists on a only", "`miss`.`only_b`: exists on b only");
    }

    @Test
    void aLargeTableIsChecksummedInChunks() throws Exception {
        a.execute("CREATE DATABASE big", "CREATE TABLE big.t (id BIGINT PRIMARY KEY, v VARCHAR(40), n INT)",
                "INSERT INTO big.t SELECT seq, MD5(seq), seq % 1000 FROM big.seq_1_to_100000");
        waitInSync();
        // A writer holds a row lock on A all along: plain consistent reads must not wait for it
        // (a locking read would wait, and fail after the 2 s lock wait timeout set below).
        try (Connection writer = a.rootConnection(); Statement w = writer.createStatement();
             Connection ca = a.rootConnection(); Connection cb = b.rootConnection()) {
            writer.setAutoCommit(false);
            w.executeUpdate("UPDATE big.t SET n = n + 1 WHERE id = 5000");
            for (Connection c : List.of(ca, cb)) {
                c.createStatement().execute("SET SESSION innodb_lock_wait_timeout = 2");
            }
            long t0 = System.nanoTime();
            ChecksumReport r = new TableChecksum("a", ca, "b", cb, TableChecksum.Options.defaults().onlySchemas("big")).run();
            System.out.printf("TableChecksumIT: 100000 rows in %d chunks of 1000: %.0f ms%n", r.chunks(),
                    (System.nanoTime() - t0) / 1e6);
            assertThat(r.differences()).as("the uncommitted update is not seen").isEmpty();
            assertThat(r.rows()).isEqualTo(100_000);
            assertThat(r.chunks()).isEqualTo(101);
            writer.rollback();
        }
    }
}
