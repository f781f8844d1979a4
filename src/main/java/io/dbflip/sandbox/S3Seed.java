package io.dbflip.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.dbflip.DbflipException;
import io.dbflip.backup.BackupLocation;
import io.dbflip.backup.BackupRequest;
import io.dbflip.backup.BackupResult;
import io.dbflip.backup.BackupRunner;
import io.dbflip.backup.RestoreRunner;
import io.dbflip.backup.S3Location;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Seeds aurora-b the way a real migration does, with dbflip's own commands' code: {@code dbflip backup}
 * of onprem-r (--slave-info) streamed to the sandbox's S3 server, then {@code dbflip restore} from
 * there into aurora-b's (stopped, empty) datadir. The master coordinates are read back from S3's
 * coordinates.txt when replication is set up, never from a local file.
 */
public final class S3Seed {
    static final String REPORT = "seed.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * What the seed did, for {@code up}'s progress and the rehearsal's figures.
     *
     * @param coordinates coordinates.txt as read back from S3
     */
    public record Report(String location, long xbstreamBytes, long storedBytes, int objects, double backupSeconds,
                         double restoreSeconds, String coordinates) {
        public double backupMbPerSecond() {
            return backupSeconds <= 0 ? 0 : xbstreamBytes / 1e6 / backupSeconds;
        }

        public String describe() {
            return String.format("backup %s: %.1f MB of xbstream (%.1f MB stored in %d object(s)) in %.1f s, %.1f MB/s; "
                            + "restore %.1f s; coordinates %s", location, xbstreamBytes / 1e6, storedBytes / 1e6, objects,
                    backupSeconds, backupMbPerSecond(), restoreSeconds, coordinates.strip());
        }
    }

    private S3Seed() {
    }

    /** Backup of {@code r} to {@code location}, restore into {@code datadir}; the report is kept in workDir/seed.json. */
    static Report run(S3Client s3, String location, SandboxServer r, Path datadir, Path workDir) throws IOException {
        S3Location to = S3Location.parse(location);
        // an earlier up that died half-way may have left objects: the prefix is the sandbox's own, start it afresh
        clearPrefix(s3, to);
        SandboxServer.deleteTree(workDir);
        Files.createDirectories(workDir);
        long t = System.nanoTime();
        BackupResult backup;
        try (PrintStream progress = new PrintStream(new FileOutputStream(workDir.resolve("progress.log").toFile()), true)) {
            List<String> tool = BackupRunner.defaultTool();
            backup = new BackupRunner(s3, progress).run(new BackupRequest(r.name(), r.host(), r.port(),
                    SandboxServer.ROOT_USER, SandboxServer.ROOT_PASSWORD, to, tool, BackupRequest.DEFAULT_PART_SIZE,
                    2, BackupRequest.DEFAULT_MAX_OBJECT_BYTES, 1, workDir));
        }
        double backupSeconds = (System.nanoTime() - t) / 1e9;
        t = System.nanoTime();
        List<String> tool = BackupRunner.defaultTool();
        RestoreRunner.Result restored = new RestoreRunner(tool, RestoreRunner.defaultExtractor(tool))
                .restore(BackupLocation.s3(s3, to), datadir, workDir.resolve("restore"));
        double restoreSeconds = (System.nanoTime() - t) / 1e9;
        Report report = new Report(to.toString(), backup.xbstreamBytes(),
                backup.objects().stream().mapToLong(o -> o.size()).sum(), backup.objects().size(), backupSeconds,
                restoreSeconds, restored.coordinates());
        JSON.writeValue(workDir.resolve(REPORT).toFile(), report);
        return report;
    }

    /** The report a previous seed left in {@code workDir}, or null. */
    static Report read(Path workDir) {
        Path f = workDir.resolve(REPORT);
        try {
            return Files.exists(f) ? JSON.readValue(f.toFile(), Report.class) : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static void clearPrefix(S3Client s3, S3Location to) {
        List<String> keys = s3.listObjectsV2Paginator(b -> b.bucket(to.bucket()).prefix(to.prefix() + "/"))
                .contents().stream().map(S3Object::key).toList();
        for (String k : keys) {
            s3.deleteObject(b -> b.bucket(to.bucket()).key(k));
        }
        if (!keys.isEmpty() && !s3.listObjectsV2(b -> b.bucket(to.bucket()).prefix(to.prefix() + "/").maxKeys(1))
                .contents().isEmpty()) {
            throw DbflipException.failed("cannot empty " + to + " before seeding; remove its objects by hand");
        }
    }
}
