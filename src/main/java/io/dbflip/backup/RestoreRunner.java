package io.dbflip.backup;

import io.dbflip.DbflipException;
import io.dbflip.progress.ProgressOutput;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code dbflip restore}: streams a backup (S3 or a directory) through gunzip into mbstream/xbstream,
 * prepares it and copies it back into an empty datadir of a self-managed server (EC2, on-premise, the
 * sandbox). The server must be stopped; the caller starts it (sandbox) or tells the operator how.
 */
public final class RestoreRunner {
    private final List<String> tool;
    private final List<String> extractor;
    private ProgressOutput progress = ProgressOutput.QUIET;

    /**
     * @param tool      the backup tool, e.g. {@code [mariabackup]}, run with --prepare and --copy-back
     * @param extractor the xbstream extractor, e.g. {@code [mbstream]} or {@code [xbstream]}, run with -x -C DIR
     */
    public RestoreRunner(List<String> tool, List<String> extractor) {
        this.tool = tool;
        this.extractor = extractor;
    }

    /** Where the download's progress goes (bytes of xbstream, rate, ETA against the manifest's size). */
    public RestoreRunner progress(ProgressOutput out) {
        this.progress = out;
        return this;
    }

    /** mbstream next to mariabackup, else xbstream next to xtrabackup. */
    public static List<String> defaultExtractor(List<String> tool) {
        Path t = Path.of(tool.get(0));
        String name = t.getFileName().toString().startsWith("xtrabackup") ? "xbstream" : "mbstream";
        Path sibling = t.getParent() == null ? Path.of(name) : t.getParent().resolve(name);
        return List.of(Files.isExecutable(sibling) ? sibling.toString() : name);
    }

    public record Result(Path datadir, String coordinates, long xbstreamBytes) {
    }

    /** Restore {@code from} into {@code datadir} (empty or missing), using {@code workDir} for the prepared copy. */
    public Result restore(BackupLocation from, Path datadir, Path workDir) {
        refuseNonEmpty(datadir);
        String coordinates = from.readCoordinates();
        Path extracted = workDir.resolve("extracted");
        try {
            if (Files.exists(extracted)) {
                io.dbflip.FileTrees.delete(extracted);
            }
            Files.createDirectories(extracted);
            Files.createDirectories(datadir);
        } catch (IOException e) {
            throw DbflipException.failed("cannot prepare " + extracted + " or " + datadir + ": " + e.getMessage(), e);
        }
        long bytes = extract(from, extracted, workDir.resolve("extract.log"));
        run(concat(tool, "--prepare", "--target-dir=" + extracted), workDir.resolve("prepare.log"), "prepare");
        run(concat(tool, "--copy-back", "--target-dir=" + extracted, "--datadir=" + datadir.toAbsolutePath()),
                workDir.resolve("copy-back.log"), "copy-back");
        try {
            io.dbflip.FileTrees.delete(extracted);
        } catch (IOException ignored) {
            // a leftover prepared copy in the work dir harms nothing
        }
        return new Result(datadir, coordinates, bytes);
    }

    /** What to run on a remote host to do the same there (no secrets: S3 access comes from that host's AWS setup). */
    public static List<String> remoteSteps(String from, String datadir, String endpoint) {
        String ep = endpoint == null ? "" : " --endpoint-url " + endpoint;
        String source = from.startsWith("s3://")
                ? "aws" + ep + " s3 ls " + from + "/ | awk '{print $4}' | grep -E '^backup-[0-9]{6}\\.xbstream\\.gz$' | sort "
                + "| while read f; do aws" + ep + " s3 cp " + from + "/$f -; done"
                : "cat " + from + "/backup-*.xbstream.gz";
        return List.of(
                "systemctl stop mariadb   # or mysql; the datadir must be empty: move the old one aside",
                "mkdir -p /var/tmp/dbflip-restore && " + source + " | gunzip | mbstream -x -C /var/tmp/dbflip-restore",
                "mariabackup --prepare --target-dir=/var/tmp/dbflip-restore",
                "mariabackup --copy-back --target-dir=/var/tmp/dbflip-restore --datadir=" + datadir,
                "chown -R mysql:mysql " + datadir + " && systemctl start mariadb",
                "then: dbflip replicate CLUSTER --from " + from + "   # reads coordinates.txt");
    }

    private long extract(BackupLocation from, Path into, Path log) {
        List<String> cmd = concat(extractor, "-x", "-C", into.toString());
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw DbflipException.precondition("cannot run " + extractor.get(0) + ": " + e.getMessage());
        }
        java.util.concurrent.atomic.AtomicLong moved = new java.util.concurrent.atomic.AtomicLong();
        ProgressReporter reporter = ProgressReporter.start(progress, "restore " + from, expectedBytes(from), moved::get);
        long total = 0;
        try (InputStream in = from.openXbstream(); OutputStream out = p.getOutputStream()) {
            byte[] buf = new byte[256 * 1024];
            for (int n; (n = in.read(buf)) >= 0; ) {
                out.write(buf, 0, n);
                total += n;
                moved.set(total);
            }
        } catch (IOException | RuntimeException e) {
            p.destroyForcibly();
            Throwable cause = e instanceof UncheckedIOException u ? u.getCause() : e;
            if (e instanceof DbflipException d) {
                throw d;
            }
            throw DbflipException.failed("reading " + from + " into " + extractor.get(0) + " failed after " + total
                    + " bytes: " + cause.getMessage(), cause);
        } finally {
            reporter.stop();
        }
        int exit = waitFor(p, "extract");
        if (exit != 0) {
            throw DbflipException.failed(extractor.get(0) + " failed (exit " + exit + "); see " + log + ":\n"
                    + io.dbflip.FileTrees.tail(log, 10));
        }
        return total;
    }

    /** The xbstream's size from the backup's manifest, for the ETA; 0 (unknown) when it cannot be read. */
    private static long expectedBytes(BackupLocation from) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(from.readManifest()).path("xbstreamBytes").asLong(0);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static void run(List<String> cmd, Path log, String step) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            int exit = waitFor(p, step);
            if (exit != 0) {
                throw DbflipException.failed(step + " (" + cmd.get(0) + ") failed with exit " + exit + "; see " + log
                        + ":\n" + io.dbflip.FileTrees.tail(log, 10));
            }
        } catch (IOException e) {
            throw DbflipException.precondition("cannot run " + cmd.get(0) + " for " + step + ": " + e.getMessage());
        }
    }

    private static int waitFor(Process p, String step) {
        try {
            if (!p.waitFor(6, TimeUnit.HOURS)) {
                p.destroyForcibly();
                throw DbflipException.failed(step + " did not finish in 6 hours");
            }
            return p.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw DbflipException.failed("interrupted during " + step);
        }
    }

    private static void refuseNonEmpty(Path datadir) {
        if (!Files.isDirectory(datadir)) {
            return;
        }
        try (Stream<Path> s = Files.list(datadir)) {
            if (s.findAny().isPresent()) {
                throw DbflipException.precondition("datadir " + datadir + " is not empty: stop the server and move "
                        + "its datadir aside first (copy-back never overwrites)");
            }
        } catch (IOException e) {
            throw DbflipException.usage("cannot read datadir " + datadir + ": " + e.getMessage());
        }
    }

    private static List<String> concat(List<String> base, String... more) {
        List<String> l = new ArrayList<>(base);
        l.addAll(List.of(more));
        return l;
    }
}
