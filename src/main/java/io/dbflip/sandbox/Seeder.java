package io.dbflip.sandbox;

import io.dbflip.DbflipException;
import io.dbflip.coordinates.CoordinatesParser;
import io.dbflip.coordinates.Which;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Seeds a server the seed's way: a streamed physical backup of a replica taken with
 * {@code --slave-info}, extracted, prepared and moved into the new server's datadir; the log keeps
 * the line with the replica's master coordinates, from which the new server is set up to
 * replicate from the master.
 */
final class Seeder {

    /** Where the master's coordinates were read from, and what they are. */
    record Coordinates(String file, long position, String line) {
    }

    private Seeder() {
    }

    /**
     * Backs up the replica at host:port into {@code seedDir} (log in seedDir/backup.log, coordinates
     * line in seedDir/coordinates.txt) and leaves a prepared copy in seedDir/prepared.
     */
    static Coordinates backupAndPrepare(String host, int port, Path seedDir) throws IOException {
        Path prepared = seedDir.resolve("prepared");
        MariaDbServer.deleteTree(prepared);
        Files.createDirectories(prepared);
        Path work = seedDir.resolve("tmp");
        Files.createDirectories(work);
        Path log = seedDir.resolve("backup.log");
        ProcessBuilder backup = new ProcessBuilder(MariaDbServer.binary("mariadb-backup"), "--backup", "--slave-info",
                "--stream=xbstream", "--host=" + host, "--port=" + port, "--user=" + MariaDbServer.ROOT_USER,
                "--password=" + MariaDbServer.ROOT_PASSWORD, "--target-dir=" + work)
                .redirectError(log.toFile());
        ProcessBuilder extract = new ProcessBuilder(MariaDbServer.binary("mbstream"), "-x", "-C", prepared.toString())
                .redirectError(seedDir.resolve("mbstream.log").toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        List<Process> pipeline = ProcessBuilder.startPipeline(List.of(backup, extract));
        for (Process p : pipeline) {
            await(p, "mariadb-backup --backup | mbstream -x", log);
        }
        Coordinates c = coordinates(log);
        Files.writeString(seedDir.resolve("coordinates.txt"), c.line() + "\n");
        MariaDbServer.run(List.of(MariaDbServer.binary("mariadb-backup"), "--prepare", "--target-dir=" + prepared),
                seedDir.resolve("prepare.log"));
        return c;
    }

    /** Moves the prepared backup into an empty datadir. */
    static void moveBack(Path seedDir, Path datadir) throws IOException {
        MariaDbServer.deleteTree(datadir);
        MariaDbServer.run(List.of(MariaDbServer.binary("mariadb-backup"), "--move-back",
                "--target-dir=" + seedDir.resolve("prepared"), "--datadir=" + datadir), seedDir.resolve("move-back.log"));
    }

    /** The replica's master position, read from the backup log the way {@code dbflip coordinates --which source} does. */
    static Coordinates coordinates(Path log) throws IOException {
        String text = Files.readString(log);
        List<io.dbflip.coordinates.Coordinates> found;
        try {
            found = new CoordinatesParser().parse(text, Which.SOURCE, log.toString());
        } catch (RuntimeException e) {
            throw DbflipException.failed("no master coordinates in " + log + " (" + e.getMessage()
                    + "): was the backup taken from a replica with --slave-info?", e);
        }
        io.dbflip.coordinates.Coordinates c = found.get(0);
        if (c.binlogFile() == null) {
            throw DbflipException.failed(log + " gives the master position only as a GTID set; the sandbox needs a file and position");
        }
        String line = text.lines().filter(l -> l.contains("MySQL slave binlog position")).findFirst().orElse(c.parsedFrom());
        return new Coordinates(c.binlogFile(), c.position(), line.strip());
    }

    private static void await(Process p, String what, Path log) throws IOException {
        try {
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(what + " did not finish in 120 s");
            }
            if (p.exitValue() != 0) {
                throw new IOException(what + " failed (exit " + p.exitValue() + "); see " + log + ":\n"
                        + MariaDbServer.tail(log, 15));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
