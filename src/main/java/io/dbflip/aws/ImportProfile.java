package io.dbflip.aws;

import io.dbflip.DbflipException;
import io.dbflip.config.ConfigField;
import io.dbflip.config.ConfigFields;
import io.dbflip.config.Secret;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One "standard settings" profile of the Aurora import ({@code import_profiles.NAME} in the config).
 * {@code masterPassword} null means RDS manages the master password in Secrets Manager.
 */
public record ImportProfile(String name, String engineVersion, String sourceEngineVersion, String s3IngestionRoleArn,
                            String dbSubnetGroup, List<String> vpcSecurityGroups, String dbClusterParameterGroup,
                            String kmsKeyId, Integer backupRetentionDays, boolean deletionProtection,
                            String instanceClass, int instances, int binlogRetentionHours, Map<String, String> tags,
                            String masterUsername, Secret masterPassword) {

    /** Reads {@code import_profiles.NAME}; every error names the field. */
    public static ImportProfile from(String name, Map<String, Object> raw) {
        if (raw == null) {
            throw DbflipException.usage("no import profile named '" + name + "' in import_profiles");
        }
        String at = "import_profiles." + name + ".";
        for (String key : raw.keySet()) {
            if (!KNOWN.contains(key)) {
                throw DbflipException.usage(at + key + ": unknown field (known: " + String.join(", ", KNOWN) + ")");
            }
        }
        Map<String, String> tags = new LinkedHashMap<>();
        Object t = raw.get("tags");
        if (t instanceof Map<?, ?> m) {
            m.forEach((k, v) -> tags.put(String.valueOf(k), String.valueOf(v)));
        } else if (t != null) {
            throw DbflipException.usage(at + "tags: expected a map of key: value");
        }
        Object pw = raw.get("master_password");
        int retention = integer(raw, at, "binlog_retention_hours", Integer.parseInt(declaredDefault("binlog_retention_hours")));
        if (retention < 1 || retention > 2160) {
            throw DbflipException.usage(at + "binlog_retention_hours: " + retention + " is outside 1..2160 (Aurora's maximum)");
        }
        return new ImportProfile(name, required(raw, at, "engine_version"), required(raw, at, "source_engine_version"),
                required(raw, at, "s3_ingestion_role_arn"), string(raw, "db_subnet_group"), list(raw, at, "vpc_security_groups"),
                required(raw, at, "db_cluster_parameter_group"), string(raw, "kms_key_id"),
                raw.containsKey("backup_retention_days") ? integer(raw, at, "backup_retention_days", 1) : null,
                Boolean.parseBoolean(String.valueOf(raw.getOrDefault("deletion_protection", declaredDefault("deletion_protection")))),
                required(raw, at, "instance_class"), integer(raw, at, "instances", Integer.parseInt(declaredDefault("instances"))),
                retention, tags, String.valueOf(raw.getOrDefault("master_username", declaredDefault("master_username"))),
                pw == null ? null : new Secret(String.valueOf(pw), at + "master_password"));
    }

    /** The fields a profile may hold: those the config declares under {@code import_profiles.*}. */
    static final List<String> KNOWN = ConfigFields.children("import_profiles.*").stream().map(ConfigField::key).toList();

    /** A field's default, from its declaration (what {@code dbflip config reference} prints). */
    private static String declaredDefault(String key) {
        return ConfigFields.get("import_profiles.*." + key).defaultValue();
    }

    private static String required(Map<String, Object> raw, String at, String key) {
        String v = string(raw, key);
        if (v == null || v.isBlank()) {
            throw DbflipException.usage(at + key + " is required");
        }
        return v;
    }

    private static String string(Map<String, Object> raw, String key) {
        Object v = raw.get(key);
        return v == null ? null : String.valueOf(v);
    }

    private static int integer(Map<String, Object> raw, String at, String key, int def) {
        Object v = raw.get(key);
        if (v == null) {
            return def;
        }
        try {
            return Integer.parseInt(String.valueOf(v));
        } catch (NumberFormatException e) {
            throw DbflipException.usage(at + key + ": '" + v + "' is not a whole number");
        }
    }

    private static List<String> list(Map<String, Object> raw, String at, String key) {
        Object v = raw.get(key);
        if (v == null) {
            return List.of();
        }
        if (v instanceof List<?> l) {
            return l.stream().map(String::valueOf).toList();
        }
        throw DbflipException.usage(at + key + ": expected a list like [sg-0a1b2c3d]");
    }
}
