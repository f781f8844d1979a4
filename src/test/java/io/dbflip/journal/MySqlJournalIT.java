package io.dbflip.journal;

import io.dbflip.config.Secret;
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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The journal contract on a real MariaDB; each test has its own database (and so its own lock names). */
class MySqlJournalIT extends JournalContract {
    @TempDir
    static Path dir;
    static SandboxServer server;
    private static final java.util.concurrent.atomic.AtomicInteger DATABASES = new java.util.concurrent.atomic.AtomicInteger();
    /** Each test its own database, so its own tables and lock names. */
    final String url = "mysql://journal@127.74.0.1:3310/dbflip_j" + DATABASES.incrementAndGet();

    @BeforeAll
    static void start() {
        server = SandboxServer.start("journal-db", dir.resolve("db"), "127.74.0.1", 3310, 7401, List.of());
        server.execute("CREATE USER 'journal'@'%' IDENTIFIED BY 'journal-pw'",
                "GRANT ALL ON `dbflip_j%`.* TO 'journal'@'%'");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop();
        }
    }

    @Override
    protected Journal openJournal() {
        return Journals.open(url, Secret.literal("journal-pw"));
    }

    /** The holder is another session; dying is the server ending that session (KILL). */
    @Override
    protected ExternalHolder holdElsewhere(String cluster) {
        Journal other = openJournal();
        // a lock row names the pid of this JVM; the test only needs the holder's name and its death
        ClusterLock lock = other.acquire(cluster, "child-op");
        return new ExternalHolder() {
            @Override public long pid() { return lock.holder().pid(); }

            @Override
            public void die() throws Exception {
                killSessionHolding(((MySqlJournal) other).lockName(cluster));
            }

            @Override
            public void close() {
                other.close();
            }
        };
    }

    static void killSessionHolding(String lockName) throws Exception {
        try (Connection c = server.rootConnection(); Statement s = c.createStatement()) {
            long id;
            try (ResultSet rs = s.executeQuery("SELECT IS_USED_LOCK('" + lockName + "')")) {
                rs.next();
                id = rs.getLong(1);
                assertThat(rs.wasNull()).as("someone holds " + lockName).isFalse();
            }
            s.execute("KILL CONNECTION " + id);
            for (int i = 0; i < 100; i++) {
                try (ResultSet rs = s.executeQuery("SELECT IS_USED_LOCK('" + lockName + "')")) {
                    rs.next();
                    rs.getLong(1);
                    if (rs.wasNull()) {
                        return;
                    }
                }
                Thread.sleep(20);
            }
            throw new AssertionError(lockName + " still held after KILL CONNECTION " + id);
        }
    }

    /**
     * A refusal gives the lock back before it returns: CI once saw resume, right after a refusal
     * for a dead holder, told "another flip of it is under way", because the refused session's
     * GET_LOCK was still held while the server ended that session. The server's general log shows
     * the refused session releasing the lock itself (closing alone would leave it to the server).
     */
    @Test
    void aRefusalForADeadHolderReleasesTheLockBeforeItReturns() throws Exception {
        try (ExternalHolder holder = holdElsewhere("c9")) {
            holder.die();
            String release = "RELEASE_LOCK('" + ((MySqlJournal) journal).lockName("c9") + "')";
            server.execute("TRUNCATE mysql.general_log", "SET GLOBAL log_output = 'TABLE'", "SET GLOBAL general_log = ON");
            try {
                for (int i = 0; i < 20; i++) {
                    assertThatThrownBy(() -> journal.acquire("c9", "alice"))
                            .as("refusal %d", i)
                            .hasMessageContaining("no longer running");
                }
            } finally {
                server.execute("SET GLOBAL general_log = OFF");
            }
            try (Connection c = server.rootConnection(); java.sql.PreparedStatement ps = c.prepareStatement(
                    "SELECT COUNT(*) FROM mysql.general_log WHERE command_type = 'Query' AND CONVERT(argument USING utf8mb4) = ?")) {
                ps.setString(1, "DO " + release);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    assertThat(rs.getInt(1)).as("refusals that released " + release + " themselves").isEqualTo(20);
                }
            }
            try (ClusterLock lock = journal.acquire("c9", "alice", true)) {
                assertThat(lock.holder().operator()).isEqualTo("alice");
            }
        }
    }

    @Test
    void createsItsDatabaseAndTablesAndNeverPrintsThePassword() {
        assertThat(journal.location()).isEqualTo(url).doesNotContain("journal-pw");
        try (Connection c = server.rootConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = '"
                     + url.substring(url.lastIndexOf('/') + 1) + "' AND table_name LIKE 'dbflip\\_%'")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(3);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        assertThatThrownBy(() -> Journals.open(url, Secret.literal("wrong-pw")))
                .hasMessageContaining(url).hasMessageNotContaining("wrong-pw");
    }
}
