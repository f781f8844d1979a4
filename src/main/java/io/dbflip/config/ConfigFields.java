package io.dbflip.config;


import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.dbflip.config.FieldType.*;

/**
 * Every config field, declared once (STYLE.md item 8). The loader takes known keys, required fields,
 * defaults and allowed values from here; {@code dbflip config reference} prints it as the README's table.
 */
public final class ConfigFields {
    public static final List<String> FENCES = FenceMethod.ALLOWED;
    public static final List<String> KILLS = KillMethod.ALLOWED;
    public static final List<String> TLS_MODES = List.of("disabled", "preferred", "required", "verify-ca", "verify-identity");
    public static final List<String> DNS_TYPES = List.of("A", "CNAME");
    public static final List<String> PROVIDER_TYPES = List.of("rfc2136", "route53");
    public static final List<String> TSIG_ALGORITHMS = List.of("hmac-md5", "hmac-sha1", "hmac-sha224",
            "hmac-sha256", "hmac-sha384", "hmac-sha512");
    /**
     * "auto" and each flavor's config name (mysql.Flavor#configName; the config does not depend on the
     * mysql package: ConfigFlavorsTest holds the two lists together).
     */
    public static final List<String> FLAVORS = List.of("auto", "mysql-5.7", "mysql-8.0", "mysql-8.4", "aurora-mysql-2",
            "aurora-mysql-3", "rds-mysql-8.4", "mariadb", "rds-mariadb");

    private static final List<ConfigField> ALL = new ArrayList<>();
    private static final Map<String, ConfigField> BY_PATH = new LinkedHashMap<>();

    static {
        f("journal", STRING, false, "~/.dbflip", "Where the journal lives: a directory (embedded file journal; `~` is the home directory) or `mysql://user@host:port/db` (a team's shared journal).");
        f("journal_password", SECRET, false, null, "Password of a `mysql://` journal's user.");

        f("dns_providers", NAMED_SECTIONS, false, null, "Ways to change DNS records, by a name that DNS records refer to.");
        f("dns_providers.*.type", STRING, true, null, "How records are changed: RFC 2136 dynamic update with TSIG, or Route 53.", PROVIDER_TYPES);
        f("dns_providers.*.server", HOST_PORT, false, null, "rfc2136 (required): the zone's primary server, `host:port` (port 53 when omitted).");
        f("dns_providers.*.tsig", SECTION, false, null, "rfc2136 (required): the TSIG key that signs updates.");
        f("dns_providers.*.tsig.name", STRING, true, null, "The TSIG key's name.");
        f("dns_providers.*.tsig.algorithm", STRING, false, "hmac-sha256", "The TSIG key's algorithm.", TSIG_ALGORITHMS);
        f("dns_providers.*.tsig.secret", SECRET, true, null, "The TSIG key's base64 secret.");
        f("dns_providers.*.hosted_zone_id", STRING, false, null, "route53 (required): the hosted zone's id.");
        f("dns_providers.*.region", STRING, false, "us-east-1", "route53: the AWS region of the API calls.");
        f("dns_providers.*.endpoint", STRING, false, null, "route53: an endpoint URL override (tests).");

        f("defaults", SECTION, false, null, "Values every cluster inherits.");
        f("defaults.limits", SECTION, false, null, "Limits every cluster inherits; a cluster's own `limits` override them field by field.");
        limits("defaults.limits", true);

        f("import_profiles", NAMED_SECTIONS, false, null, "Named standard settings for the Aurora import from S3.");
        f("import_profiles.*.engine_version", STRING, false, null, "Aurora engine version, e.g. `8.0.mysql_aurora.3.05.2`.");
        f("import_profiles.*.source_engine_version", STRING, false, null, "MySQL version of the backup, e.g. `8.0.36`.");
        f("import_profiles.*.s3_ingestion_role_arn", STRING, false, null, "IAM role that lets RDS read the backup from S3.");
        f("import_profiles.*.db_subnet_group", STRING, false, null, "DB subnet group of the new cluster.");
        f("import_profiles.*.vpc_security_groups", STRING_LIST, false, null, "VPC security groups of the new cluster.");
        f("import_profiles.*.db_cluster_parameter_group", STRING, false, null, "Cluster parameter group (binlog_format=ROW for replication out of Aurora).");
        f("import_profiles.*.kms_key_id", STRING, false, null, "KMS key for storage encryption.");
        f("import_profiles.*.backup_retention_days", COUNT, false, null, "Automated backup retention in days.");
        f("import_profiles.*.deletion_protection", BOOL, false, "true", "Deletion protection of the new cluster.");
        f("import_profiles.*.instance_class", STRING, false, null, "Instance class of the cluster's instances.");
        f("import_profiles.*.instances", COUNT, false, "1", "Number of instances to create.");
        f("import_profiles.*.binlog_retention_hours", COUNT, false, "72", "`binlog retention hours` set with mysql.rds_set_configuration (max 2160).");
        f("import_profiles.*.tags", SCALAR_MAP, false, null, "Tags of the new cluster.");
        f("import_profiles.*.master_username", STRING, false, "admin", "Master user of the new cluster.");
        f("import_profiles.*.master_password", SECRET, false, null, "Master password (env:/file:); default: RDS manages it in Secrets Manager.");

        f("clusters", SECTION_LIST, false, null, "The clusters; across several files, each name at most once.");
        f("clusters[].name", NAME, true, null, "The cluster's name, unique in the inventory.");
        f("clusters[].labels", SCALAR_MAP, false, null, "Labels for fleet selections, e.g. `{shard: 7, tier: web}`; values are read as strings.");
        f("clusters[].sides", SECTION_LIST, true, null, "Exactly two sides: the servers the master moves between.");
        f("clusters[].sides[].role", NAME, true, null, "The side's name in the cluster, e.g. `onprem` or `aurora`; DNS `values` are keyed by it.");
        f("clusters[].sides[].host", STRING, true, null, "Host name or address of the server.");
        f("clusters[].sides[].port", PORT, false, "3306", "Port of the server.");
        f("clusters[].sides[].flavor", STRING, false, "auto", "The server's flavor, or `auto` to detect it.", FLAVORS);
        f("clusters[].sides[].admin", SECTION, true, null, "The account dbflip administers the server with.");
        f("clusters[].sides[].admin.user", STRING, true, null, "Admin user name.");
        f("clusters[].sides[].admin.password", SECRET, true, null, "Admin password.");
        f("clusters[].sides[].replication", SECTION, true, null, "The account the other side replicates from this one with.");
        f("clusters[].sides[].replication.user", STRING, true, null, "Replication user name.");
        f("clusters[].sides[].replication.password", SECRET, true, null, "Replication password.");
        f("clusters[].sides[].app_users", SECTION_LIST, false, null, "Application accounts: the account-lock fence locks them, the per-user kill connects as each.");
        f("clusters[].sides[].app_users[].user", STRING, true, null, "Application user name.");
        f("clusters[].sides[].app_users[].password", SECRET, false, null, "Application user's password (needed by the per-user kill).");
        f("clusters[].sides[].fence", STRING, false, "read-only", "How writes are stopped on this side.", FENCES);
        f("clusters[].sides[].kill", STRING, false, "kill", "How client sessions are ended on this side.", KILLS);
        f("clusters[].sides[].tls", SECTION, false, null, "TLS to this server, and for replication from it.");
        f("clusters[].sides[].tls.mode", STRING, false, "disabled", "TLS mode of connections to the server.", TLS_MODES);
        f("clusters[].sides[].tls.ca", STRING, false, null, "PEM file of the CA that signed the server's certificate.");
        f("clusters[].sides[].tls.cert", STRING, false, null, "Client certificate (PEM).");
        f("clusters[].sides[].tls.key", STRING, false, null, "Client key (PEM).");
        f("clusters[].sides[].tls.replication", BOOL, false, "false", "Replicate from this side over SSL.");
        f("clusters[].sides[].security_group", SECTION, false, null, "Required by `fence: security-group`: the RDS cluster and its group lists.");
        f("clusters[].sides[].security_group.cluster_identifier", STRING, true, null, "The RDS/Aurora DB cluster identifier.");
        f("clusters[].sides[].security_group.region", STRING, true, null, "The cluster's AWS region.");
        f("clusters[].sides[].security_group.endpoint", STRING, false, null, "An EC2/RDS endpoint URL override (tests).");
        f("clusters[].sides[].security_group.normal", STRING_LIST, true, null, "The cluster's security groups when not fenced.");
        f("clusters[].sides[].security_group.restricted", STRING_LIST, true, null, "The groups while fenced: only dbflip's host and the replication path.");
        f("clusters[].dns", SECTION_LIST, false, null, "DNS records that name the cluster's master.");
        f("clusters[].dns[].zone", STRING, true, null, "The zone the record is in, e.g. `db.internal.`.");
        f("clusters[].dns[].name", STRING, true, null, "The record's name, inside the zone.");
        f("clusters[].dns[].type", STRING, false, "CNAME", "The record's type.", DNS_TYPES);
        f("clusters[].dns[].ttl", COUNT, false, "60", "The record's TTL in seconds.");
        f("clusters[].dns[].provider", STRING, true, null, "The name of a `dns_providers` entry.");
        f("clusters[].dns[].values", SCALAR_MAP, true, null, "The record's value for each side, keyed by side role (an IPv4 address for A, a name for CNAME).");
        f("clusters[].limits", SECTION, false, null, "This cluster's limits, over `defaults.limits`.");
        limits("clusters[].limits", false);
        f("clusters[].traffic", SECTION, false, null, "A proxy in front of the master (beside or instead of DNS): at the DNS step the new master's server goes ready, the old one's to maintenance with its sessions shut down.");
        f("clusters[].traffic.provider", STRING, true, null, "The proxy.", List.of("haproxy"));
        f("clusters[].traffic.socket", STRING, true, null, "HAProxy's runtime API: a stats socket path (`stats socket PATH level admin`) or `host:port`.");
        f("clusters[].traffic.backend", STRING, true, null, "The backend (or listen section) the apps' writes go through.");
        f("clusters[].traffic.servers", SCALAR_MAP, true, null, "The backend's server name for each side, keyed by side role.");
        f("clusters[].hooks", SECTION, false, null, "Executables run around a flip.");
        f("clusters[].hooks.pre_flip", STRING_LIST, false, null, "Paths run before the flip; a non-zero exit aborts it.");
        f("clusters[].hooks.post_flip", STRING_LIST, false, null, "Paths run after the flip.");
    }

    /** The limit fields of one limits section, from their declarations ({@link LimitField}). */
    private static void limits(String parent, boolean defaults) {
        for (LimitField<?> l : LimitField.ALL) {
            f(parent + "." + l.key(), l.type(), false, defaults ? l.defaultText() : "from defaults.limits", l.description());
        }
    }

    private static void f(String path, FieldType type, boolean required, String def, String description) {
        f(path, type, required, def, description, List.of());
    }

    private static void f(String path, FieldType type, boolean required, String def, String description, List<String> allowed) {
        ConfigField field = new ConfigField(path, type, required, def, allowed, description);
        ALL.add(field);
        BY_PATH.put(path, field);
    }

    private static final Map<String, List<ConfigField>> CHILDREN = new java.util.HashMap<>();
    private static final Map<String, Map<String, ConfigField>> CHILDREN_BY_KEY = new java.util.HashMap<>();

    static {
        for (ConfigField f : ALL) {
            CHILDREN.computeIfAbsent(f.parent(), k -> new ArrayList<>()).add(f);
            CHILDREN_BY_KEY.computeIfAbsent(f.parent(), k -> new LinkedHashMap<>()).put(f.key(), f);
        }
    }

    private ConfigFields() {
    }

    public static List<ConfigField> all() {
        return Collections.unmodifiableList(ALL);
    }

    /** The field at a schema path, or null. */
    public static ConfigField get(String path) {
        return BY_PATH.get(path);
    }

    /** The fields directly inside the section at a schema path ("" for the top level, "clusters[]" for a cluster). */
    public static List<ConfigField> children(String sectionPath) {
        return CHILDREN.getOrDefault(sectionPath, List.of());
    }

    /** Children of every section, by key; the loader asks for them once per mapping it reads. */
    static Map<String, ConfigField> childrenByKey(String sectionPath) {
        return CHILDREN_BY_KEY.getOrDefault(sectionPath, Map.of());
    }

    /** The reference table, in Markdown. */
    public static String markdown() {
        StringBuilder sb = new StringBuilder("| Field | Type | Required | Default | Description |\n|---|---|---|---|---|\n");
        for (ConfigField f : ALL) {
            String desc = f.description() + (f.allowed().isEmpty() ? "" : " One of: " + f.allowed().stream()
                    .map(a -> "`" + a + "`").reduce((a, b) -> a + ", " + b).orElse("") + ".");
            sb.append("| `").append(f.path()).append("` | ").append(f.type().name().toLowerCase().replace('_', ' '))
                    .append(" | ").append(f.required() ? "yes" : "no")
                    .append(" | ").append(f.defaultValue() == null ? "" : "`" + f.defaultValue() + "`")
                    .append(" | ").append(desc.replace("|", "\\|")).append(" |\n");
        }
        return sb.toString();
    }
}
