package io.dbflip.backup;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.dbflip.DbflipException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import io.dbflip.progress.ProgressOutput;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code dbflip backup}: runs the backup tool against the source, gzips its xbstream into numbered
 * S3 objects as it comes (no local copy, bounded memory), then writes {@code backup.json} and, last,
 * {@code coordinates.txt}: a backup without coordinates.txt is unfinished and must not be used.
 */
public final class BackupRunner {
    public static final String DATA_BASE = "backup";
    public static final String DATA_EXTENSION = "xbstream.gz";
    public static final String MANIFEST = "backup.json";
    public static final String COORDINATES = "coordinates.txt";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final S3Client s3;
    private final ProgressOutput progress;

    /** Progress as plain lines, one a second (the sandbox's seed writes them to its own log). */
    public BackupRunner(S3Client s3, PrintStream progress) {
        this(s3, ProgressOutput.plain(progress, java.time.Duration.ofSeconds(1)));
    }

    public BackupRunner(S3Client s3, ProgressOutput progress) {
        this.s3 = s3;
        this.progress = progress;
    }

    /** The backup command an operator gave (split on spaces), or when none, the one found on PATH ({@link #defaultTool}). */
    public static List<String> tool(String given) {
        return given == null ? defaultTool() : Arrays.asList(given.trim().split("\\s+"));
    }

    /** The backup command found on PATH: mariabackup, mariadb-backup or xtrabackup, in that order. */
    public static List<String> defaultTool() {
        for (String name : List.of("mariabackup", "mariadb-backup", "xtrabackup")) {
            for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
                if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                    return List.of(Path.of(dir, name).toString());
                }
            }
        }
        throw DbflipException.precondition("no backup tool on PATH (mariabackup, mariadb-backup or xtrabackup); "
                + "install one (Debian: apt-get install mariadb-backup) or set the tool's command");
    }

    public BackupResult run(BackupRequest req) {
        refuseExisting(req.to());
        Map<String, Object> source = sourceInfo(req);
        String toolVersion = toolVersion(req.tool());
        Instant started = Instant.now();
        Path log = req.workDir().resolve("backup.log");
        Path defaults = writeDefaultsFile(req);
        List<String> cmd = new ArrayList<>(req.tool());
        // --defaults-extra-file must be the tool's first option; the password lives only in that 0600 file
        cmd.add("--defaults-extra-file=" + defaults);
        cmd.addAll(List.of("--backup", "--slave-info", "--stream=xbstream",
                "--target-dir=" + req.workDir().resolve("target")));
        List<String> logLines = Collections.synchronizedList(new ArrayList<>());
        StreamUploader uploader = new StreamUploader(s3, req.partSize(), req.concurrency(), req.maxObjectBytes(),
                req.gzipLevel());
        Process p;
        try {
            Files.createDirectories(req.workDir().resolve("target"));
            p = new ProcessBuilder(cmd).start();
        } catch (IOException e) {
            deleteQuietly(defaults);
            throw DbflipException.precondition("cannot run backup tool " + req.tool().get(0) + ": " + e.getMessage());
        }
        Thread logger = startLogCopier(p, log, logLines);
        ProgressReporter reporter = ProgressReporter.start(progress, "backup " + req.sourceName() + " -> " + req.to(),
                uploader::bytesRead, uploader::bytesUploaded);
        List<UploadedObject> objects;
        try {
            objects = uploader.upload(new ReadAheadInputStream(p.getInputStream(), 16, 256 * 1024), req.to(), DATA_BASE, DATA_EXTENSION);
            int exit = waitFor(p);
            logger.join(TimeUnit.SECONDS.toMillis(30));
            if (exit != 0) {
                deleteObjects(req.to(), objects);
                throw DbflipException.failed("backup tool " + req.tool().get(0) + " on " + req.sourceName()
                        + " exited with " + exit + "; the uploaded objects were deleted. Its log (" + log + ") ends:\n"
                        + tail(logLines, 12));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw DbflipException.failed("interrupted during the backup of " + req.sourceName());
        } catch (RuntimeException e) {
            // the upload failed: stop the tool so it does not keep reading the source's disks
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw e;
        } finally {
            reporter.stop();
            deleteQuietly(defaults);
        }
        List<String> coordinates = CoordinatesLines.filter(new ArrayList<>(logLines));
        BackupResult result = new BackupResult(req.to(), objects, uploader.bytesRead(), coordinates,
                manifest(req, source, toolVersion, started, objects, uploader.bytesRead(), coordinates));
        put(req.to(), MANIFEST, json(result.manifest()));
        // last: its presence says the backup is complete
        put(req.to(), COORDINATES, String.join("\n", coordinates) + "\n");
        return result;
    }

    /** A prefix that already holds a backup is never overwritten: objects of two backups would mix. */
    private void refuseExisting(S3Location to) {
        var listed = s3.listObjectsV2(b -> b.bucket(to.bucket()).prefix(to.prefix() + "/").maxKeys(1));
        if (!listed.contents().isEmpty()) {
            throw DbflipException.precondition(to + " already holds objects (" + listed.contents().get(0).key()
                    + "); choose a new prefix for each backup");
        }
    }

    private Map<String, Object> manifest(BackupRequest req, Map<String, Object> source, String toolVersion,
                                         Instant started, List<UploadedObject> objects, long rawBytes,
                                         List<String> coordinates) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", "xbstream, gzip; objects are whole gzip files, concatenated in name order");
        m.put("source", source);
        m.put("tool", Map.of("command", req.tool().get(0), "version", toolVersion));
        m.put("startedAt", started.toString());
        m.put("finishedAt", Instant.now().toString());
        m.put("xbstreamBytes", rawBytes);
        m.put("storedBytes", objects.stream().mapToLong(UploadedObject::size).sum());
        m.put("objects", objects.stream().map(o -> Map.of("key", o.key(), "size", o.size(), "sha256", o.sha256())).toList());
        m.put("coordinatesLines", coordinates);
        m.put("coordinates", CoordinatesSupport.parse(String.join("\n", coordinates), req.sourceName()));
        return m;
    }

    private Map<String, Object> sourceInfo(BackupRequest req) {
        String url = "jdbc:mysql://" + req.host() + ":" + req.port()
                + "/?useSSL=false&allowPublicKeyRetrieval=true&connectTimeout=5000&permitMysqlScheme=true";
        try (Connection c = DriverManager.getConnection(url, req.user(), req.password());
             ResultSet rs = c.createStatement().executeQuery("SELECT @@version, @@version_comment, @@server_id, @@datadir")) {
            rs.next();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", req.sourceName());
            m.put("address", req.host() + ":" + req.port());
            m.put("version", rs.getString(1));
            m.put("versionComment", rs.getString(2));
            m.put("flavor", rs.getString(1).toLowerCase().contains("mariadb") ? "mariadb" : "mysql");
            m.put("serverId", rs.getLong(3));
            m.put("datadir", rs.getString(4));
            return m;
        } catch (SQLException e) {
            throw DbflipException.precondition("cannot connect to backup source " + req.sourceName() + " at "
                    + req.host() + ":" + req.port() + " as " + req.user() + ": " + e.getMessage());
        }
    }

    static String toolVersion(List<String> tool) {
        try {
            Process p = new ProcessBuilder(tool.get(0), "--version").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            p.waitFor(30, TimeUnit.SECONDS);
            return out.lines().reduce((a, b) -> b).orElse("unknown");
        } catch (IOException e) {
            throw DbflipException.precondition("cannot run backup tool " + tool.get(0) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    private static Path writeDefaultsFile(BackupRequest req) {
        try {
            Files.createDirectories(req.workDir());
            Path f = req.workDir().resolve("backup-client.cnf");
            Files.deleteIfExists(f);
            Files.createFile(f, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(f, "[client]\nhost=" + req.host() + "\nport=" + req.port() + "\nuser=" + req.user()
                    + "\npassword=" + req.password().replace("\\", "\\\\") + "\n");
            return f;
        } catch (IOException e) {
            throw DbflipException.failed("cannot write the backup tool's defaults file in " + req.workDir(), e);
        }
    }

    private static Thread startLogCopier(Process p, Path log, List<String> lines) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8));
                 PrintWriter w = new PrintWriter(Files.newBufferedWriter(log))) {
                for (String line; (line = r.readLine()) != null; ) {
                    lines.add(line);
                    w.println(line);
                }
            } catch (IOException ignored) {
                // the tool died; its exit code says so
            }
        }, "backup-log");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static int waitFor(Process p) throws InterruptedException {
        return p.waitFor();
    }

    private void put(S3Location to, String name, String body) {
        s3.putObject(b -> b.bucket(to.bucket()).key(to.key(name)), RequestBody.fromString(body));
    }

    private void deleteObjects(S3Location to, List<UploadedObject> objects) {
        for (UploadedObject o : objects) {
            try {
                s3.deleteObject(b -> b.bucket(to.bucket()).key(o.key()));
            } catch (RuntimeException ignored) {
                // best effort; coordinates.txt was never written, so the backup reads as unfinished
            }
        }
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String tail(List<String> lines, int n) {
        synchronized (lines) {
            return String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
        }
    }

    private static void deleteQuietly(Path f) {
        try {
            Files.deleteIfExists(f);
        } catch (IOException ignored) {
            // a 0600 file in our own work dir
        }
    }
}
