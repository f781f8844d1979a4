package io.dbflip.objects;

import io.dbflip.DbflipException;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/** Reads the session settings the applier changes per object, so it can put them back. */
final class ObjectDumperSession {
    private final Connection c;

    ObjectDumperSession(Connection c) {
        this.c = c;
    }

    Map<String, String> read() {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT @@SESSION.sql_mode, @@SESSION.character_set_client, @@SESSION.collation_connection, @@SESSION.time_zone")) {
            rs.next();
            return Map.of("sql_mode", rs.getString(1), "cs", rs.getString(2), "coll", rs.getString(3), "tz", rs.getString(4));
        } catch (SQLException e) {
            throw DbflipException.failed("cannot read the session settings before applying objects: " + e.getMessage(), e);
        }
    }

    Map<String, String> variables() {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT @@GLOBAL.log_bin, @@GLOBAL.log_bin_trust_function_creators")) {
            rs.next();
            return Map.of("log_bin", rs.getString(1), "trust", rs.getString(2));
        } catch (SQLException e) {
            throw DbflipException.failed("cannot read log_bin / log_bin_trust_function_creators: " + e.getMessage(), e);
        }
    }
}
