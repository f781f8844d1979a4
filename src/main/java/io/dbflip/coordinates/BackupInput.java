package io.dbflip.coordinates;

import io.dbflip.DbflipException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a backup's coordinates from a file, a backup directory or a stream. In a directory the info files are
 * read, XtraBackup's names and MariaDB 11.1+'s ({@code mariadb_backup_*}) alike: the slave_info for the source
 * position, the binlog_info (else binlog_pos in the info file) for the server's own.
 */
public final class BackupInput {
    /** Backup logs are megabytes; more than this is not a backup's output. */
    static final long MAX_BYTES = 256L * 1024 * 1024;

    private static final List<String> SLAVE_INFO = List.of("xtrabackup_slave_info", "mariadb_backup_slave_info");
    private static final List<String> BINLOG_INFO = List.of("xtrabackup_binlog_info", "mariadb_backup_binlog_info",
            "xtrabackup_info", "mariadb_backup_info");

    private final CoordinatesParser parser = new CoordinatesParser();

    /** Reads a file, or the info files of a backup directory. */
    public ParseResult read(Path path) {
        if (Files.isDirectory(path)) {
            return readDirectory(path);
        }
        if (!Files.isRegularFile(path)) {
            throw DbflipException.usage(path + ": no such file or directory; give a backup log, an info file, "
                    + "a backup directory or - for standard input");
        }
        return parser.scan(text(path), path.toString());
    }

    /** Reads standard input (or any stream) named {@code name} in messages. */
    public ParseResult read(InputStream in, String name) {
        try {
            byte[] bytes = in.readNBytes((int) Math.min(MAX_BYTES + 1, Integer.MAX_VALUE - 8));
            if (bytes.length > MAX_BYTES) {
                throw DbflipException.usage(name + ": more than " + MAX_BYTES / 1024 / 1024
                        + " MiB; give the backup log or info file, not the backup itself");
            }
            return parser.scan(decode(bytes), name);
        } catch (IOException e) {
            throw DbflipException.usage(name + ": cannot read: " + e.getMessage());
        }
    }

    private ParseResult readDirectory(Path dir) {
        List<ParseResult> parts = new ArrayList<>();
        for (String f : SLAVE_INFO) {
            scanIfPresent(dir.resolve(f), parts);
        }
        for (String f : BINLOG_INFO) {
            scanIfPresent(dir.resolve(f), parts);
        }
        if (parts.isEmpty()) {
            throw new CoordinatesParseException(dir.toString(), 0, "a backup directory holding xtrabackup_slave_info, "
                    + "xtrabackup_binlog_info or xtrabackup_info (or MariaDB 11.1+'s mariadb_backup_*), found none");
        }
        return ParseResult.merge(dir.toString(), parts);
    }

    private void scanIfPresent(Path file, List<ParseResult> parts) {
        if (Files.isRegularFile(file)) {
            parts.add(parser.scan(text(file), file.toString()));
        }
    }

    private static String text(Path file) {
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw DbflipException.usage(file + ": more than " + MAX_BYTES / 1024 / 1024
                        + " MiB; give the backup log or info file, not the backup itself");
            }
            return decode(Files.readAllBytes(file));
        } catch (IOException e) {
            throw DbflipException.usage(file + ": cannot read: " + e.getMessage());
        }
    }

    /** Lenient UTF-8: a stray Latin-1 byte in a log must not hide the coordinates line. */
    private static String decode(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
