package io.dbflip.sandbox;

import io.dbflip.DbflipException;
import io.dbflip.coordinates.CoordinatesParser;
import io.dbflip.coordinates.Which;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The master coordinates of a seed backup (taken from a replica with {@code --slave-info}): parsed
 * from its coordinates.txt or log the way {@code dbflip coordinates --which source} does. The backup
 * and restore themselves are {@link S3Seed}'s.
 */
final class Seeder {

    /** Where the master's coordinates were read from, and what they are. */
    record Coordinates(String file, long position, String line) {
    }

    private Seeder() {
    }

    /** The replica's master position, read from the backup log the way {@code dbflip coordinates --which source} does. */
    static Coordinates coordinates(Path log) throws IOException {
        return coordinates(Files.readString(log), log.toString());
    }

    /** The same, from the text of a backup's coordinates.txt (or log); {@code origin} names it in messages. */
    static Coordinates coordinates(String text, String origin) {
        List<io.dbflip.coordinates.Coordinates> found;
        try {
            found = new CoordinatesParser().parse(text, Which.SOURCE, origin);
        } catch (RuntimeException e) {
            throw DbflipException.failed("no master coordinates in " + origin + " (" + e.getMessage()
                    + "): was the backup taken from a replica with --slave-info?", e);
        }
        io.dbflip.coordinates.Coordinates c = found.get(0);
        if (c.binlogFile() == null) {
            throw DbflipException.failed(origin + " gives the master position only as a GTID set; the sandbox needs a file and position");
        }
        String line = text.lines().filter(l -> l.contains("MySQL slave binlog position")).findFirst().orElse(c.parsedFrom());
        return new Coordinates(c.binlogFile(), c.position(), line.strip());
    }
}
