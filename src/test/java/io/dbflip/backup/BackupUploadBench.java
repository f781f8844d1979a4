package io.dbflip.backup;

import io.dbflip.sandbox.SandboxServer;
import io.dbflip.sandbox.S3ProxyServer;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * bench/backup-upload: the same MariaDB backup to the same S3Proxy, by {@code dbflip}'s BackupRunner (in a
 * child JVM, so its peak RSS is its own) and by {@code mariabackup | gzip -1 | aws s3 cp -}. Alternates the
 * two over several rounds and prints each run's throughput (xbstream MB/s), the ratio and dbflip's peak RSS.
 */
public final class BackupUploadBench {
    static final String HOST = "127.79.5.1";
    static final String S3_HOST = "127.79.5.3";
    static final int S3_PORT = 18085;

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("child")) {
            child(args);
            return;
        }
        int dataMb = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        Path dir = Files.createTempDirectory("dbflip-bench-backup");
        try (S3ProxyServer s3server = S3ProxyServer.start(dir.resolve("s3"), S3_HOST, S3_PORT);
             S3Client s3 = s3server.client();
             SandboxServer db = SandboxServer.start("bench", dir.resolve("db"), HOST, 3306, 501,
                     List.of("--innodb-buffer-pool-size=64M"))) {
            s3.createBucket(b -> b.bucket("bench"));
            db.execute("CREATE DATABASE b", "CREATE TABLE b.t (id INT AUTO_INCREMENT PRIMARY KEY, note VARCHAR(255), payload BLOB)");
            // half random, half repetitive: roughly how row data compresses (about 2:1)
            for (int i = 0; i < dataMb; i++) {
                db.execute("INSERT INTO b.t (note, payload) SELECT REPEAT(CONCAT('customer ', seq, ' '), 10), "
                        + "CONCAT(RANDOM_BYTES(400), REPEAT('abcdefgh', 50)) FROM b.seq_1_to_1200");
            }
            Path cnf = dir.resolve("client.cnf");
            Files.writeString(cnf, "[client]\nhost=" + HOST + "\nport=3306\nuser=" + SandboxServer.ROOT_USER
                    + "\npassword=" + SandboxServer.ROOT_PASSWORD + "\n");
            List<Double> dbflip = new ArrayList<>();
            List<Double> awscli = new ArrayList<>();
            long peakKb = 0;
            long rawBytes = 0;
            for (int r = 0; r < rounds; r++) {
                for (boolean ours : r % 2 == 0 ? new boolean[]{true, false} : new boolean[]{false, true}) {
                    if (ours) {
                        Map<String, Long> out = runChild(dir, "dbflip-" + r);
                        rawBytes = out.get("bytes");
                        peakKb = Math.max(peakKb, out.get("peak_rss_kb"));
                        dbflip.add(rawBytes / 1e6 / (out.get("nanos") / 1e9));
                        System.out.printf(Locale.ROOT, "round %d dbflip backup:        %.1f MB/s (%d MB xbstream), peak RSS %d MB%n",
                                r, dbflip.get(dbflip.size() - 1), rawBytes / 1_000_000, out.get("peak_rss_kb") / 1024);
                    } else {
                        double secs = runAws(dir, cnf, "aws-" + r);
                        awscli.add(rawBytes > 0 ? rawBytes / 1e6 / secs : 0);
                        System.out.printf(Locale.ROOT, "round %d mariabackup|gzip|aws:  %.1f s%s%n", r, secs,
                                rawBytes > 0 ? String.format(Locale.ROOT, " (%.1f MB/s)", awscli.get(awscli.size() - 1)) : "");
                        if (rawBytes == 0) {
                            awscli.set(awscli.size() - 1, -secs); // converted once the stream size is known
                        }
                    }
                }
            }
            for (int i = 0; i < awscli.size(); i++) {
                if (awscli.get(i) < 0) {
                    awscli.set(i, rawBytes / 1e6 / -awscli.get(i));
                }
            }
            double ours = dbflip.stream().mapToDouble(Double::doubleValue).average().orElse(0);
            double theirs = awscli.stream().mapToDouble(Double::doubleValue).average().orElse(0);
            System.out.printf(Locale.ROOT, "xbstream %d MB; dbflip %.1f MB/s, aws s3 cp %.1f MB/s, ratio %.2f (target >= 0.9); "
                    + "dbflip peak RSS %d MB%n", rawBytes / 1_000_000, ours, theirs, ours / theirs, peakKb / 1024);
        } finally {
            SandboxServer.deleteTree(dir);
        }
    }

    static double runAws(Path dir, Path cnf, String prefix) throws Exception {
        String cmd = "set -o pipefail; mariabackup --defaults-extra-file=" + cnf + " --backup --slave-info --stream=xbstream"
                + " --target-dir=" + dir.resolve("t-" + prefix) + " 2>" + dir.resolve(prefix + ".log")
                + " | gzip -1 | aws --endpoint-url http://" + S3_HOST + ":" + S3_PORT + " s3 cp - s3://bench/" + prefix + "/backup.xbstream.gz";
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", cmd).inheritIO();
        pb.environment().putAll(Map.of("AWS_ACCESS_KEY_ID", S3ProxyServer.ACCESS_KEY, "AWS_SECRET_ACCESS_KEY",
                S3ProxyServer.SECRET_KEY, "AWS_DEFAULT_REGION", "us-east-1",
                // S3Proxy 2.6 rejects the checksum headers newer clients send by default
                "AWS_REQUEST_CHECKSUM_CALCULATION", "when_required", "AWS_RESPONSE_CHECKSUM_VALIDATION", "when_required"));
        Files.createDirectories(dir.resolve("t-" + prefix));
        long t0 = System.nanoTime();
        Process p = pb.start();
        if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException("the aws s3 cp pipeline failed; see " + dir.resolve(prefix + ".log"));
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    static Map<String, Long> runChild(Path dir, String prefix) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), BackupUploadBench.class.getName(),
                "child", prefix, dir.resolve("w-" + prefix).toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException("dbflip backup child failed: " + out);
        }
        java.util.HashMap<String, Long> m = new java.util.HashMap<>();
        for (String line : out.split("\n")) {
            String[] kv = line.split("=");
            if (kv.length == 2) {
                m.put(kv[0].strip(), Long.parseLong(kv[1].strip()));
            }
        }
        return m;
    }

    /** The dbflip side, as `dbflip backup` runs it: 8 MB parts, 4 in flight, gzip level 1. */
    static void child(String[] args) throws Exception {
        try (S3Client s3 = io.dbflip.aws.S3Clients.create(java.net.URI.create("http://" + S3_HOST + ":" + S3_PORT), "us-east-1",
                software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                        software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY)))) {
            BackupRequest req = new BackupRequest("bench", HOST, 3306, SandboxServer.ROOT_USER, SandboxServer.ROOT_PASSWORD,
                    new S3Location("bench", args[1]), BackupRunner.defaultTool(), BackupRequest.DEFAULT_PART_SIZE, BackupRequest.DEFAULT_CONCURRENCY,
                    BackupRequest.DEFAULT_MAX_OBJECT_BYTES, 1, Path.of(args[2]));
            long t0 = System.nanoTime();
            BackupResult r = new BackupRunner(s3, new PrintStream(System.err, true)).run(req);
            long nanos = System.nanoTime() - t0;
            System.out.println("bytes=" + r.xbstreamBytes());
            System.out.println("nanos=" + nanos);
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    System.out.println("peak_rss_kb=" + line.replaceAll("\\D", ""));
                }
            }
        }
    }
}
