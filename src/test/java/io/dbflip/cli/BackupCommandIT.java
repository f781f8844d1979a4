package io.dbflip.cli;

import io.dbflip.sandbox.SandboxServer;
import io.dbflip.sandbox.S3ProxyServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** `dbflip backup` and `dbflip restore` from the command line, with a config file, a real server and S3Proxy. */
class BackupCommandIT {
    @TempDir
    Path dir;

    @Test
    void backupThenRestoreIntoASandboxServerFromTheCommandLine() throws Exception {
        String pw = SandboxServer.ROOT_PASSWORD;
        Files.writeString(dir.resolve("pw"), pw);
        Path config = dir.resolve("dbflip.yaml");
        Files.writeString(config, String.join("\n",
                "clusters:",
                "  - name: c1",
                "    sides:",
                "      - role: onprem",
                "        host: 127.79.7.1",
                "        port: 3306",
                "        admin: {user: dbflip_root, password: file:" + dir.resolve("pw") + "}",
                "        replication: {user: dbflip_root, password: file:" + dir.resolve("pw") + "}",
                "      - role: copy",
                "        host: 127.79.7.2",
                "        port: 3306",
                "        admin: {user: dbflip_root, password: file:" + dir.resolve("pw") + "}",
                "        replication: {user: dbflip_root, password: file:" + dir.resolve("pw") + "}",
                ""));
        System.setProperty("aws.accessKeyId", S3ProxyServer.ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", S3ProxyServer.SECRET_KEY);
        SandboxServer copy = null;
        try (S3ProxyServer s3server = S3ProxyServer.start(dir.resolve("s3"), "127.79.7.3", 18087);
             S3Client s3 = s3server.client();
             SandboxServer source = SandboxServer.start("onprem", dir.resolve("onprem"), "127.79.7.1", 3306, 701, List.of())) {
            s3.createBucket(b -> b.bucket("backups"));
            source.execute("CREATE DATABASE d", "CREATE TABLE d.t (id INT PRIMARY KEY, v VARCHAR(20))",
                    "INSERT INTO d.t VALUES (1,'one'),(2,'two'),(3,'three')");
            String endpoint = s3server.endpoint().toString();

            assertThat(Main.run("backup", "c1", "--to", "s3://backups/c1/b1", "--from", "onprem", "--endpoint", endpoint,
                    "--region", "us-east-1", "--part-size", "5", "-c", config.toString(),
                    "--work-dir", dir.resolve("work").toString())).isEqualTo(0);
            assertThat(s3.getObjectAsBytes(b -> b.bucket("backups").key("c1/b1/coordinates.txt")).asUtf8String())
                    .contains("MySQL binlog position");
            assertThat(Files.exists(dir.resolve("work/backup-client.cnf"))).as("credentials file removed").isFalse();
            // a second backup into the same prefix is refused: exit 3, nothing changed
            assertThat(Main.run("backup", "c1", "--to", "s3://backups/c1/b1", "--endpoint", endpoint, "--region", "us-east-1",
                    "-c", config.toString())).isEqualTo(3);
            assertThat(Main.run("backup", "c1", "--to", "s3://backups/c1/b2", "--part-size", "2", "-c", config.toString()))
                    .isEqualTo(2);

            Path copyDir = dir.resolve("copy");
            Files.createDirectories(copyDir);
            // a sandbox server's dir: SandboxServer records its command line there
            Files.writeString(copyDir.resolve("command.txt"), "mariadbd --server-id=702");
            assertThat(Main.run("restore", "c1", "--from", "s3://backups/c1/b1", "--to", "copy", "--datadir",
                    copyDir.resolve("data").toString(), "--endpoint", endpoint, "--region", "us-east-1",
                    "-c", config.toString())).isEqualTo(0);
            copy = SandboxServer.attach("copy", copyDir, "127.79.7.2", 3306);
            assertThat(copy).as("restore started the sandbox server").isNotNull();
            try (Connection c = copy.rootConnection(); ResultSet rs = c.createStatement()
                    .executeQuery("SELECT GROUP_CONCAT(v ORDER BY id), @@server_id FROM d.t")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("one,two,three");
                assertThat(rs.getInt(2)).isEqualTo(702);
            }
        } finally {
            if (copy != null) {
                copy.stop();
            }
            System.clearProperty("aws.accessKeyId");
            System.clearProperty("aws.secretAccessKey");
        }
    }
}
