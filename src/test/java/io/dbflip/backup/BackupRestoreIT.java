package io.dbflip.backup;

import io.dbflip.DbflipException;
import io.dbflip.ErrorCode;
import io.dbflip.sandbox.SandboxServer;
import io.dbflip.sandbox.S3ProxyServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Backup of a real replica to a real S3Proxy, restore into a fresh server, and the failure paths. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BackupRestoreIT {
    static final String BUCKET = "backups";
    static final int MB = 1024 * 1024;

    Path dir;
    S3ProxyServer s3server;
    S3Client s3;
    SandboxServer master;
    SandboxServer replica;

    @BeforeAll
    void start() throws Exception {
        dir = Files.createTempDirectory("dbflip-backup-it");
        s3server = S3ProxyServer.start(dir.resolve("s3"), "127.79.2.3", 18082);
        s3 = s3server.client();
        s3.createBucket(b -> b.bucket(BUCKET));
        master = SandboxServer.start("master", dir.resolve("master"), "127.79.2.1", 3306, 201, List.of());
        replica = SandboxServer.start("replica", dir.resolve("replica"), "127.79.2.2", 3306, 202, List.of());
        // ~12 MB of incompressible rows, so the gzipped stream spans several 5 MB parts and objects
        master.execute("CREATE DATABASE shop",
                "CREATE TABLE shop.t (id INT AUTO_INCREMENT PRIMARY KEY, note VARCHAR(64), payload BLOB)",
                "CREATE TABLE shop.small (k INT PRIMARY KEY, v VARCHAR(10))",
                "INSERT INTO shop.small VALUES (1,'a'),(2,'b'),(3,'c')");
        for (int i = 0; i < 12; i++) {
            master.execute("INSERT INTO shop.t (note, payload) SELECT CONCAT('row ', seq), RANDOM_BYTES(1000) "
                    + "FROM shop.seq_1_to_1000");
        }
        replica.execute("CHANGE MASTER TO MASTER_HOST='127.79.2.1', MASTER_PORT=3306, MASTER_USER='dbflip_root', "
                + "MASTER_PASSWORD='" + SandboxServer.ROOT_PASSWORD + "', MASTER_USE_GTID=no, "
                + "MASTER_LOG_FILE='bin.000001', MASTER_LOG_POS=4", "START SLAVE");
        awaitCaughtUp();
    }

    @AfterAll
    void stop() throws IOException {
        for (AutoCloseable c : new AutoCloseable[]{replica, master, s3, s3server}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception ignored) {
                // keep stopping the others
            }
        }
        SandboxServer.deleteTree(dir);
    }

    @Test
    void backupOfAReplicaGoesToS3AndRestoresToEqualData() throws Exception {
        S3Location to = new S3Location(BUCKET, "users-7/2026-11-26");
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        BackupResult result = new BackupRunner(s3, new PrintStream(progress, true)).run(request(to, BackupRunner.defaultTool(), 8L * MB));

        String[] masterPos = masterStatus();
        // several objects, the first larger than one part: the stream spans parts and objects
        assertThat(result.objects()).hasSizeGreaterThanOrEqualTo(2);
        assertThat(result.objects().get(0).size()).isGreaterThan(5L * MB);
        assertThat(result.objects()).extracting(UploadedObject::key)
                .containsExactly(java.util.stream.IntStream.range(0, result.objects().size())
                        .mapToObj(i -> to.key(StreamUploader.objectName("backup", i, "xbstream.gz"))).toArray(String[]::new));
        assertThat(keys(to)).contains(to.key("backup.json"), to.key("coordinates.txt"));
        assertThat(s3.listMultipartUploads(b -> b.bucket(BUCKET)).uploads()).isEmpty();

        // coordinates read back from S3: the replica's position on its master, which is the master's own position now
        String coordinates = BackupLocation.readCoordinates(s3, to.toString());
        assertThat(coordinates).contains("slave binlog position")
                .contains("filename '" + masterPos[0] + "'").contains("position '" + masterPos[1] + "'");
        assertThat(result.coordinatesLines()).hasSize(2);
        String manifest = BackupLocation.s3(s3, to).readManifest();
        assertThat(manifest).contains("\"serverId\" : 202").contains(result.objects().get(0).sha256())
                .contains("\"xbstreamBytes\" : " + result.xbstreamBytes())
                .contains("\"binlogFile\" : \"" + masterPos[0] + "\"").contains("\"position\" : " + masterPos[1]);
        assertThat(progress.toString()).contains("MB/s");

        // restore into a fresh datadir, start it, compare checksums with the master
        Path restoredDir = dir.resolve("restored");
        RestoreRunner.Result restored = new RestoreRunner(BackupRunner.defaultTool(), RestoreRunner.defaultExtractor(BackupRunner.defaultTool()))
                .restore(BackupLocation.s3(s3, to), restoredDir.resolve("data"), dir.resolve("restore-work"));
        assertThat(restored.xbstreamBytes()).isEqualTo(result.xbstreamBytes());
        assertThat(restored.coordinates()).isEqualTo(coordinates);
        try (SandboxServer copy = SandboxServer.start("restored", restoredDir, "127.79.2.4", 3306, 204, List.of())) {
            assertThat(checksum(copy, "shop.t")).isEqualTo(checksum(master, "shop.t")).isNotZero();
            assertThat(checksum(copy, "shop.small")).isEqualTo(checksum(master, "shop.small"));
            assertThat(count(copy)).isEqualTo(12_000);
        }
    }

    @Test
    void aToolThatDiesHalfWayLeavesNoCoordinatesNoObjectsAndNoOpenUpload() {
        S3Location to = new S3Location(BUCKET, "users-7/broken-tool");
        List<String> dying = List.of("sh", "-c", "head -c 12000000 /dev/urandom; "
                + "echo \"[00] MySQL binlog position: filename 'bin.000001', position '4'\" >&2; exit 7", "fake-backup");
        assertThatThrownBy(() -> new BackupRunner(s3, new PrintStream(new ByteArrayOutputStream())).run(request(to, dying, 8L * MB)))
                .isInstanceOf(DbflipException.class).hasMessageContaining("exited with 7");
        assertThat(keys(to)).isEmpty();
        assertThat(s3.listMultipartUploads(b -> b.bucket(BUCKET)).uploads()).isEmpty();
    }

    @Test
    void anUploadThatFailsHalfWayAbortsAndLeavesNothing() {
        S3Location to = new S3Location(BUCKET, "users-7/broken-stream");
        InputStream failing = new InputStream() {
            final Random random = new Random(1);
            long served;

            @Override
            public int read() throws IOException {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (served > 13L * MB) {
                    throw new IOException("disk read error (injected)");
                }
                byte[] chunk = new byte[len];
                random.nextBytes(chunk);
                System.arraycopy(chunk, 0, b, off, len);
                served += len;
                return len;
            }
        };
        StreamUploader uploader = new StreamUploader(s3, 5 * MB, 2, 6L * MB, 1);
        assertThatThrownBy(() -> uploader.upload(failing, to, "backup", "xbstream.gz"))
                .isInstanceOf(DbflipException.class).hasMessageContaining("injected")
                .satisfies(e -> assertThat(((DbflipException) e).code()).isEqualTo(ErrorCode.FAILED));
        assertThat(keys(to)).isEmpty();
        assertThat(s3.listMultipartUploads(b -> b.bucket(BUCKET)).uploads()).isEmpty();
    }

    @Test
    void anUnfinishedBackupIsRefusedOnRead() {
        S3Location to = new S3Location(BUCKET, "users-7/unfinished");
        s3.putObject(b -> b.bucket(BUCKET).key(to.key("backup-000000.xbstream.gz")),
                software.amazon.awssdk.core.sync.RequestBody.fromString("x"));
        assertThatThrownBy(() -> BackupLocation.readCoordinates(s3, to.toString()))
                .isInstanceOf(DbflipException.class).hasMessageContaining("no coordinates.txt")
                .satisfies(e -> assertThat(((DbflipException) e).code()).isEqualTo(ErrorCode.PRECONDITION));
    }

    private BackupRequest request(S3Location to, List<String> tool, long maxObject) {
        return new BackupRequest("replica", replica.host(), replica.port(), SandboxServer.ROOT_USER,
                SandboxServer.ROOT_PASSWORD, to, tool, 5 * MB, 2, maxObject, 1, dir.resolve("work-" + to.prefix().replace('/', '_')));
    }

    private List<String> keys(S3Location at) {
        return s3.listObjectsV2(b -> b.bucket(BUCKET).prefix(at.prefix() + "/")).contents().stream().map(S3Object::key).toList();
    }

    private String[] masterStatus() throws Exception {
        try (Connection c = master.rootConnection(); ResultSet rs = c.createStatement().executeQuery("SHOW MASTER STATUS")) {
            rs.next();
            return new String[]{rs.getString("File"), rs.getString("Position")};
        }
    }

    private void awaitCaughtUp() throws Exception {
        String[] pos = masterStatus();
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            try (Connection c = replica.rootConnection(); ResultSet rs = c.createStatement().executeQuery("SHOW SLAVE STATUS")) {
                if (rs.next() && pos[0].equals(rs.getString("Relay_Master_Log_File"))
                        && pos[1].equals(rs.getString("Exec_Master_Log_Pos"))) {
                    return;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("replica did not catch up with the master within 60 s");
    }

    private static long checksum(SandboxServer s, String table) throws Exception {
        try (Connection c = s.rootConnection(); ResultSet rs = c.createStatement().executeQuery("CHECKSUM TABLE " + table)) {
            rs.next();
            return rs.getLong(2);
        }
    }

    private static long count(SandboxServer s) throws Exception {
        try (Connection c = s.rootConnection(); ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM shop.t")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
