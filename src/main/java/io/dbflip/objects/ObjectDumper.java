package io.dbflip.objects;

import io.dbflip.DbflipException;
import io.dbflip.mysql.Rows;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads every account and stored object of one server into {@link ObjectDef}s. Only reads:
 * SHOW CREATE … and SHOW GRANTS are the server's own canonical forms, so two servers holding
 * the same objects dump the same text.
 */
public final class ObjectDumper {
    static final String SYSTEM_SCHEMAS = "('mysql','sys','information_schema','performance_schema')";

    private final String serverName;
    private final Connection connection;
    private final List<String> warnings = new ArrayList<>();
    private boolean mariadb = true;
    private static final int ER_NONEXISTING_GRANT = 1133;

    public ObjectDumper(String serverName, Connection connection) {
        this.serverName = serverName;
        this.connection = connection;
    }

    /** Everything, sorted by kind (creation order), then schema and name. */
    public List<ObjectDef> dump() {
        List<ObjectDef> all = new ArrayList<>(accounts());
        all.addAll(routines());
        all.addAll(views());
        all.addAll(triggers());
        all.addAll(events());
        all.sort(ORDER);
        return all;
    }

    static final Comparator<ObjectDef> ORDER = Comparator.comparing(ObjectDef::kind)
            .thenComparing(ObjectDef::schema)
            .thenComparing(d -> d.metadata().getOrDefault("table", ""))
            .thenComparing(d -> Integer.parseInt(d.metadata().getOrDefault("action_order", "0")))
            .thenComparing(ObjectDef::name);

    public List<ObjectDef> accounts() {
        boolean mariadb = queryString("SELECT VERSION()").contains("MariaDB");
        if (!mariadb) {
            // caching_sha2_password and sha256_password hashes hold raw bytes: as hex they survive the trip byte for byte
            // (MySQL 8.0.17+; CREATE USER … IDENTIFIED WITH … AS 0x… takes them back)
            try (Statement s = connection.createStatement()) {
                s.execute("SET SESSION print_identified_with_as_hex = ON");
            } catch (SQLException e) {
                warnings.add("print_identified_with_as_hex is not known (MySQL before 8.0.17): hashes are read as text");
            }
        }
        this.mariadb = mariadb;
        // MySQL keeps roles as locked accounts with no password that must change it (what CREATE ROLE makes;
        // MySQL Shell's dump tells them apart the same way); only roles at host % are carried as roles
        String q = mariadb
                ? "SELECT user, host, IFNULL(JSON_VALUE(priv, '$.is_role'), 'false') AS is_role FROM mysql.global_priv"
                : "SELECT user, host, IF(host = '%' AND account_locked = 'Y' AND password_expired = 'Y'"
                        + " AND authentication_string = '', 'true', 'false') AS is_role FROM mysql.user";
        List<ObjectDef> out = new ArrayList<>();
        for (Map<String, String> row : query(q)) {
            String flag = row.get("is_role");
            boolean role = "true".equals(flag) || "1".equals(flag);
            String user = row.get("user");
            String host = row.get("host");
            ObjectDef d = role ? role(user) : user(user, host);
            if (d != null) {
                out.add(d);
            }
        }
        return out;
    }

    /** The accounts only, in the form {@link #accounts()} gives, for one account (null when it does not exist). */
    public List<Grant> grantsOf(String grantee) {
        List<Grant> grants = new ArrayList<>();
        for (Map<String, String> row : query("SHOW GRANTS FOR " + grantee)) {
            Grant g = Grant.parse(row.values().iterator().next());
            if (g != null && g.grantee().equals(grantee) && !g.empty()) {
                grants.add(g);
            }
        }
        grants = new ArrayList<>(Grant.merge(grants));
        grants.sort(Comparator.comparing((Grant g) -> g.type() == Grant.Type.DEFAULT_ROLE).thenComparing(Grant::text));
        return grants;
    }

    /** Accounts the server lists but will not show (a host name under skip-name-resolve): left out, named here. */
    public List<String> warnings() {
        return warnings;
    }

    private ObjectDef user(String user, String host) {
        String grantee = SqlText.ident(user) + "@" + SqlText.ident(host);
        String create;
        try {
            create = showCreateUser(grantee);
        } catch (SQLException e) {
            if (e.getErrorCode() == ER_NONEXISTING_GRANT) {
                warnings.add(user + "@" + host + ": listed in mysql.global_priv but not usable (error 1133, a host name"
                        + " under skip-name-resolve?): left out");
                return null;
            }
            throw DbflipException.failed(serverName + ": SHOW CREATE USER " + grantee + " failed: [" + e.getErrorCode() + "] "
                    + e.getMessage(), e);
        }
        return new ObjectDef(ObjectKind.USER, "", user + "@" + host, "", create,
                grantsOf(grantee).stream().map(Grant::text).toList(), Map.of());
    }

    private ObjectDef role(String name) {
        return new ObjectDef(ObjectKind.ROLE, "", name, "", "CREATE ROLE " + SqlText.ident(name),
                grantsOf(roleGrantee(name, mariadb)).stream().map(Grant::text).toList(), Map.of());
    }

    /** How SHOW GRANTS names a role: MariaDB by name, MySQL as an account at host %. */
    static String roleGrantee(String name, boolean mariadb) {
        return mariadb ? SqlText.ident(name) : SqlText.ident(name) + "@`%`";
    }

    private List<ObjectDef> routines() {
        List<ObjectDef> out = new ArrayList<>();
        for (Map<String, String> r : query("SELECT ROUTINE_SCHEMA, ROUTINE_NAME, ROUTINE_TYPE FROM information_schema.ROUTINES"
                + " WHERE ROUTINE_SCHEMA NOT IN " + SYSTEM_SCHEMAS)) {
            String type = r.get("ROUTINE_TYPE");
            String schema = r.get("ROUTINE_SCHEMA");
            String name = r.get("ROUTINE_NAME");
            Map<String, String> row = query("SHOW CREATE " + type + " " + SqlText.ident(schema) + "." + SqlText.ident(name)).get(0);
            String create = row.get("Create " + (type.equals("PROCEDURE") ? "Procedure" : "Function"));
            if (create == null) {
                throw DbflipException.precondition(serverName + ": SHOW CREATE " + type + " " + schema + "." + name
                        + " returned no body: the connected account needs SELECT on mysql.proc (or SHOW CREATE ROUTINE)");
            }
            out.add(program(type.equals("PROCEDURE") ? ObjectKind.PROCEDURE : ObjectKind.FUNCTION, schema, name, create, row));
        }
        return out;
    }

    private List<ObjectDef> events() {
        List<ObjectDef> out = new ArrayList<>();
        for (Map<String, String> r : query("SELECT EVENT_SCHEMA, EVENT_NAME FROM information_schema.EVENTS")) {
            Map<String, String> row = query("SHOW CREATE EVENT " + SqlText.ident(r.get("EVENT_SCHEMA")) + "."
                    + SqlText.ident(r.get("EVENT_NAME"))).get(0);
            ObjectDef d = program(ObjectKind.EVENT, r.get("EVENT_SCHEMA"), r.get("EVENT_NAME"), row.get("Create Event"), row);
            Map<String, String> meta = new TreeMap<>(d.metadata());
            meta.put("time_zone", row.get("time_zone"));
            out.add(new ObjectDef(d.kind(), d.schema(), d.name(), d.definer(), d.create(), d.grants(), meta));
        }
        return out;
    }

    private List<ObjectDef> triggers() {
        List<ObjectDef> out = new ArrayList<>();
        for (Map<String, String> r : query("SELECT TRIGGER_SCHEMA, TRIGGER_NAME, EVENT_OBJECT_TABLE, ACTION_ORDER"
                + " FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA NOT IN " + SYSTEM_SCHEMAS)) {
            Map<String, String> row = query("SHOW CREATE TRIGGER " + SqlText.ident(r.get("TRIGGER_SCHEMA")) + "."
                    + SqlText.ident(r.get("TRIGGER_NAME"))).get(0);
            ObjectDef d = program(ObjectKind.TRIGGER, r.get("TRIGGER_SCHEMA"), r.get("TRIGGER_NAME"),
                    row.get("SQL Original Statement"), row);
            Map<String, String> meta = new TreeMap<>(d.metadata());
            meta.put("table", r.get("EVENT_OBJECT_TABLE"));
            meta.put("action_order", r.get("ACTION_ORDER"));
            out.add(new ObjectDef(d.kind(), d.schema(), d.name(), d.definer(), d.create(), d.grants(), meta));
        }
        return out;
    }

    private List<ObjectDef> views() {
        List<ObjectDef> out = new ArrayList<>();
        // SHOW CREATE VIEW leaves out the schema of tables in the session's current schema: make that a schema
        // no view lives in, so every dump prints the same qualified text.
        execute("USE information_schema");
        for (Map<String, String> r : query("SELECT TABLE_SCHEMA, TABLE_NAME FROM information_schema.VIEWS"
                + " WHERE TABLE_SCHEMA NOT IN " + SYSTEM_SCHEMAS)) {
            Map<String, String> row = query("SHOW CREATE VIEW " + SqlText.ident(r.get("TABLE_SCHEMA")) + "."
                    + SqlText.ident(r.get("TABLE_NAME"))).get(0);
            out.add(program(ObjectKind.VIEW, r.get("TABLE_SCHEMA"), r.get("TABLE_NAME"), row.get("Create View"), row));
        }
        return out;
    }

    private static ObjectDef program(ObjectKind kind, String schema, String name, String create, Map<String, String> row) {
        Map<String, String> meta = new TreeMap<>();
        for (String k : List.of("sql_mode", "character_set_client", "collation_connection", "Database Collation")) {
            if (row.containsKey(k)) {
                meta.put(k.equals("Database Collation") ? "database_collation" : k, row.get(k));
            }
        }
        return new ObjectDef(kind, schema, name, SqlText.definerOf(create), create, List.of(), meta);
    }

    private void execute(String sql) {
        try (Statement s = connection.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw DbflipException.failed(serverName + ": '" + sql + "' failed: " + e.getMessage(), e);
        }
    }

    private String showCreateUser(String grantee) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SHOW CREATE USER " + grantee)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private String queryString(String sql) {
        List<Map<String, String>> rows = query(sql);
        return rows.isEmpty() ? null : rows.get(0).values().iterator().next();
    }

    private List<Map<String, String>> query(String sql) {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return Rows.all(rs, ResultSet::getString);
        } catch (SQLException e) {
            throw DbflipException.failed(serverName + ": reading objects with '" + SqlText.maskHashes(sql) + "' failed: ["
                    + e.getErrorCode() + "] " + e.getMessage() + " — check that the admin account may read mysql.* and SHOW GRANTS", e);
        }
    }
}
