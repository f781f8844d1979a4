package io.dbflip.sandbox;

import io.dbflip.DbflipException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Seeds a MySQL aurora-b the MySQL way: a physical copy of onprem-r with the CLONE plugin (as an
 * XtraBackup would give, but built into the server). B starts empty from the template, clones R
 * ({@code CLONE INSTANCE FROM}), and, having no supervisor to restart it, stops (error 3707);
 * it is started again on the cloned datadir by the caller. The clone reports the binlog position
 * and GTID set it copied in {@code performance_schema.clone_status}; with the performance schema
 * off (the sandbox's small servers) the same row is read from {@code #clone/#view_status}, the
 * file the server fills that table from.
 */
final class CloneSeed {
    /** What the clone copied: the donor's binlog coordinates and GTID set at the copy's end. */
    record Report(String donor, String binlogFile, long binlogPosition, String gtidExecuted, double seconds) {
        String describe() {
            return String.format("CLONE INSTANCE FROM %s in %.1f s: binlog %s:%d, GTIDs %s", donor, seconds,
                    binlogFile, binlogPosition, gtidExecuted.isEmpty() ? "(none)" : gtidExecuted);
        }

        String coordinates() {
            return binlogFile + "\t" + binlogPosition + "\t" + gtidExecuted + "\n";
        }
    }

    private CloneSeed() {
    }

    /** Clones {@code donor} into {@code recipient}, which stops when done; returns the seconds it took. */
    static double run(SandboxServer donor, SandboxServer recipient) {
        long t = System.nanoTime();
        try (Connection d = donor.rootConnection(); Statement s = d.createStatement()) {
            installPlugin(s);
        } catch (SQLException e) {
            throw DbflipException.failed(donor.name() + ": cannot install the clone plugin: " + e.getMessage(), e);
        }
        try (Connection r = recipient.rootConnection(); Statement s = r.createStatement()) {
            installPlugin(s);
            s.execute("SET GLOBAL clone_valid_donor_list = " + SandboxSql.quote(donor.address()));
            try {
                s.execute("CLONE INSTANCE FROM " + SandboxSql.quote(SandboxServer.ROOT_USER) + "@"
                        + SandboxSql.quote(donor.host()) + ":" + donor.port() + " IDENTIFIED BY "
                        + SandboxSql.quote(SandboxServer.ROOT_PASSWORD));
            } catch (SQLException e) {
                // 3707: the clone is complete; the server cannot restart itself without a supervisor and stops
                if (e.getErrorCode() != 3707) {
                    throw e;
                }
            }
        } catch (SQLException e) {
            throw DbflipException.failed(recipient.name() + ": CLONE INSTANCE FROM " + donor.address() + " failed: "
                    + e.getMessage() + " (error " + e.getErrorCode() + ")", e);
        }
        awaitExit(recipient);
        return (System.nanoTime() - t) / 1e9;
    }

    /** What the clone copied, read once the recipient has started again on the cloned datadir. */
    static Report report(SandboxServer recipient, String donor, double seconds) {
        Path status = recipient.dir().resolve("data").resolve("#clone").resolve("#view_status");
        // the server completes the clone's status (and the file behind it) when the table is first read
        try (Connection c = recipient.rootConnection(); Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT BINLOG_FILE, BINLOG_POSITION, GTID_EXECUTED FROM performance_schema.clone_status")) {
            if (rs.next() && rs.getString(1) != null && !rs.getString(1).isBlank()) {
                return new Report(donor, rs.getString(1).replaceFirst("^\\./", ""), rs.getLong(2),
                        rs.getString(3).replace("\n", ""), seconds);
            }
        } catch (SQLException e) {
            throw DbflipException.failed(recipient.name() + ": cannot read performance_schema.clone_status: " + e.getMessage(), e);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            try {
                List<String> lines = Files.readAllLines(status);
                if (lines.size() > 6 && !lines.get(5).isBlank()) {
                    break;
                }
            } catch (IOException e) {
                // not there yet
            }
            SandboxServer.sleep(100);
        }
        return read(status, donor, seconds);
    }

    private static void installPlugin(Statement s) throws SQLException {
        try (var rs = s.executeQuery("SELECT PLUGIN_STATUS FROM information_schema.PLUGINS WHERE PLUGIN_NAME = 'clone'")) {
            if (rs.next()) {
                return;
            }
        }
        s.execute("INSTALL PLUGIN clone SONAME 'mysql_clone.so'");
    }

    private static void awaitExit(SandboxServer s) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (s.alive() && System.nanoTime() < deadline) {
            SandboxServer.sleep(100);
        }
        if (s.alive()) {
            s.stop();
        }
    }

    /**
     * {@code #view_status} after the restart (MySQL 9.7, checked here): line 1 state and error
     * flag, 2 start and end times, 3 the donor, 4 the error number, 5 the error text, 6 the binlog
     * file, 7 the position, 8 on the GTID set; the recipient's recovery writes 6–8.
     */
    static Report read(Path status, String donor, double seconds) {
        try {
            List<String> lines = Files.readAllLines(status);
            if (lines.size() < 7 || lines.get(5).isBlank()) {
                throw new IOException("no binlog coordinates in it (" + lines.size() + " lines): has the server restarted?");
            }
            String file = lines.get(5).strip();
            long pos = Long.parseLong(lines.get(6).strip());
            String gtids = lines.size() > 7 ? String.join("", lines.subList(7, lines.size())).strip() : "";
            if (file.startsWith("./")) {
                file = file.substring(2);
            }
            return new Report(donor, file, pos, gtids, seconds);
        } catch (IOException | NumberFormatException e) {
            throw DbflipException.failed("cannot read what the clone copied from " + status + ": " + e.getMessage(), e);
        }
    }
}
