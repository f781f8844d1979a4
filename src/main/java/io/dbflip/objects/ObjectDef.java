package io.dbflip.objects;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One object as a server defines it.
 *
 * @param schema     the schema of a routine, event, trigger or view; empty for accounts
 * @param name       the object's name; for accounts {@code user@host} (roles: the role name)
 * @param definer    {@code user@host} of a stored program or view; empty for accounts
 * @param create     the canonical statement that creates it, as the server prints it (accounts:
 *                   CREATE USER with the stored plugin and hash, or CREATE ROLE)
 * @param grants     accounts only: the account's own GRANT lines and SET DEFAULT ROLE, normalised
 *                   and sorted (no IDENTIFIED clause, no resource limits: those live in create)
 * @param metadata   the session settings the object was created under (sql_mode,
 *                   character_set_client, collation_connection, database collation, time_zone)
 */
public record ObjectDef(ObjectKind kind, String schema, String name, String definer, String create,
                        List<String> grants, Map<String, String> metadata) {

    public ObjectDef {
        grants = List.copyOf(grants);
        metadata = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(metadata));
    }

    /** Unique within a server, and the sort key of a dump: kind order, then schema, then name. */
    public String key() {
        return kind.name().toLowerCase() + ":" + (schema.isEmpty() ? "" : schema + ".") + name;
    }

    /** The dump file of this object, relative to the dump directory. */
    public String fileName() {
        String base = (schema.isEmpty() ? "" : schema + ".") + name;
        String safe = base.replace('/', '_').replace('\\', '_').replace('\0', '_');
        String suffix = switch (kind) {
            case PROCEDURE -> ".procedure.sql";
            case FUNCTION -> ".function.sql";
            default -> ".sql";
        };
        return kind.directory() + "/" + safe + suffix;
    }

    public ObjectDef withCreate(String newCreate) {
        return new ObjectDef(kind, schema, name, definer, newCreate, grants, metadata);
    }

    public ObjectDef withGrants(List<String> newGrants) {
        return new ObjectDef(kind, schema, name, definer, create, newGrants, metadata);
    }

    public ObjectDef withDefiner(String newDefiner, String newCreate) {
        return new ObjectDef(kind, schema, name, newDefiner, newCreate, grants, metadata);
    }
}
