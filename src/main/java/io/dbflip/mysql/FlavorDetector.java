package io.dbflip.mysql;

import io.dbflip.DbflipException;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Tells the flavor of a server from what it says about itself. The decision is a pure function
 * of {@link Facts} so that it can be tested for every flavor without the servers; {@link #read}
 * gathers the facts over one connection.
 */
public final class FlavorDetector {
    /** RDS installs its binaries under this directory (@@basedir), Aurora and RDS alike. */
    static final String RDS_BASEDIR = "/rdsdbbin";

    /**
     * @param version         {@code @@version}
     * @param versionComment  {@code @@version_comment}
     * @param auroraVersion   {@code @@aurora_version}, null where the variable does not exist
     * @param basedir         {@code @@basedir}
     * @param rdsProcedures   whether {@code mysql.rds_set_external_master} (or {@code _source}) exists
     */
    public record Facts(String version, String versionComment, String auroraVersion, String basedir,
                        boolean rdsProcedures) {
    }

    private FlavorDetector() {
    }

    public static Flavor decide(Facts f) {
        String version = f.version() == null ? "" : f.version();
        String comment = f.versionComment() == null ? "" : f.versionComment();
        boolean rds = f.rdsProcedures() || f.basedir() != null && f.basedir().startsWith(RDS_BASEDIR);
        if (version.toLowerCase().contains("mariadb") || comment.toLowerCase().contains("mariadb")) {
            return rds ? Flavor.RDS_MARIADB : Flavor.MARIADB;
        }
        ServerVersion v = ServerVersion.parse(version);
        boolean aurora = f.auroraVersion() != null && !f.auroraVersion().isBlank() || version.contains("mysql_aurora");
        if (aurora) {
            String av = f.auroraVersion() != null && !f.auroraVersion().isBlank() ? f.auroraVersion()
                    : version.substring(version.indexOf("mysql_aurora.") + "mysql_aurora.".length());
            if (av.startsWith("2.") || v.major() == 5) {
                return Flavor.AURORA_MYSQL_2;
            }
            if (av.startsWith("3.") || v.major() == 8) {
                return Flavor.AURORA_MYSQL_3;
            }
            throw DbflipException.precondition("Aurora version " + av + " (MySQL " + v + ") is not supported:"
                    + " dbflip knows Aurora MySQL 2 and 3; set the side's flavor explicitly if it behaves like one");
        }
        if (rds && v.atLeast(8, 4)) {
            return Flavor.RDS_MYSQL_84;
        }
        if (rds) {
            throw DbflipException.precondition("RDS for MySQL " + v + " is not a flavor dbflip knows (Aurora MySQL 2/3,"
                    + " RDS for MariaDB are); set the side's flavor explicitly");
        }
        if (v.major() == 5 && v.minor() == 7) {
            return Flavor.MYSQL_57;
        }
        if (v.major() == 8 && v.minor() <= 3) {
            return Flavor.MYSQL_80;
        }
        if (v.atLeast(8, 4)) {
            return Flavor.MYSQL_84;
        }
        throw DbflipException.precondition("MySQL " + (version.isEmpty() ? "(no version)" : version)
                + " is not supported: dbflip knows MySQL 5.7, 8.0, 8.4, Aurora MySQL 2/3 and MariaDB");
    }

    /** Read the facts over an open connection (read only). */
    public static Facts read(Connection c) throws SQLException {
        String version;
        String comment;
        String basedir;
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT @@version, @@version_comment, @@basedir")) {
            rs.next();
            version = rs.getString(1);
            comment = rs.getString(2);
            basedir = rs.getString(3);
        }
        String aurora = null;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT @@aurora_version")) {
            if (rs.next()) {
                aurora = rs.getString(1);
            }
        } catch (SQLException e) {
            // 1193 unknown system variable: not Aurora
            if (e.getErrorCode() != 1193) {
                throw e;
            }
        }
        boolean procedures;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT COUNT(*) FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = 'mysql'"
                        + " AND ROUTINE_NAME IN ('rds_set_external_master', 'rds_set_external_source')")) {
            rs.next();
            procedures = rs.getLong(1) > 0;
        }
        return new Facts(version, comment, aurora, basedir, procedures);
    }

    public static Flavor detect(Connection c) throws SQLException {
        return decide(read(c));
    }
}
