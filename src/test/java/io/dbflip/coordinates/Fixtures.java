package io.dbflip.coordinates;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** The sample files under src/test/resources/coordinates. */
final class Fixtures {
    static final List<String> FILES = List.of("innobackupex-seed.log", "innobackupex-not-replica.log",
            "xtrabackup24.log", "xtrabackup24-gtid-purge-list.log", "xtrabackup80-wrapped.log",
            "xtrabackup80-channels.log", "xtrabackup24-mariadb.log", "mariabackup-10.11.log",
            "mariabackup-multisource-gtid.log", "xtrabackup_slave_info.filepos", "xtrabackup_slave_info.gtid",
            "xtrabackup_slave_info.channels", "xtrabackup_slave_info.mariadb-gtid",
            "xtrabackup_slave_info.source-spelling", "xtrabackup_binlog_info.mariadb", "xtrabackup_binlog_info.plain",
            "xtrabackup_binlog_info.multi", "xtrabackup_info");

    private Fixtures() {
    }

    private static final java.util.Map<String, String> CACHE = new java.util.concurrent.ConcurrentHashMap<>();

    static String text(String name) {
        return CACHE.computeIfAbsent(name, Fixtures::load);
    }

    private static String load(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/coordinates/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path path(String name) {
        try {
            return Path.of(Fixtures.class.getResource("/coordinates/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
