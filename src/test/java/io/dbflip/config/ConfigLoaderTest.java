package io.dbflip.config;

import io.dbflip.DbflipException;
import io.dbflip.ErrorCode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigLoaderTest {
    static final String EXAMPLE = example();
    static final String F = "dbflip.yaml";

    static String example() {
        try {
            return Files.readString(Path.of("docs/dbflip.example.yaml"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The example with one piece of text replaced (the replaced text must occur exactly once). */
    static String with(String from, String to) {
        assertThat(EXAMPLE.indexOf(from)).as("text to replace: " + from).isGreaterThanOrEqualTo(0)
                .isEqualTo(EXAMPLE.lastIndexOf(from));
        return EXAMPLE.replace(from, to);
    }

    static int lineOf(String text, String needle) {
        int i = text.indexOf(needle);
        assertThat(i).as("needle " + needle).isGreaterThanOrEqualTo(0);
        return (int) text.substring(0, i).chars().filter(c -> c == '\n').count() + 1;
    }

    /** Loads text that must fail, and returns its message after checking code and that no secret leaked. */
    static String error(String yaml) {
        DbflipException e = (DbflipException) org.assertj.core.api.Assertions.catchThrowable(() -> ConfigLoader.parse(F, yaml));
        assertThat(e).as("a config error").isNotNull();
        assertThat(e.code()).isEqualTo(ErrorCode.USAGE);
        assertThat(e.getMessage()).doesNotContain("hunter2");
        return e.getMessage();
    }

    @Test
    void exampleLoadsWithItsValues() {
        DbflipConfig c = ConfigLoader.parse(F, EXAMPLE);
        assertThat(c.journal()).isEqualTo(System.getProperty("user.home") + "/.dbflip");
        assertThat(c.journalPassword().source()).isEqualTo("env:DBFLIP_JOURNAL_PW");
        assertThat(c.warnings()).isEmpty();
        DnsProviderConfig internal = c.dnsProvider("internal");
        assertThat(internal.type()).isEqualTo("rfc2136");
        assertThat(internal.server()).isEqualTo("10.0.0.53:53");
        assertThat(internal.tsigName()).isEqualTo("dbflip-key");
        assertThat(internal.tsigAlgorithm()).isEqualTo("hmac-sha256");
        assertThat(internal.tsigSecret().source()).isEqualTo("file:/etc/dbflip/tsig.secret");
        assertThat(internal.tsigSecret().field()).isEqualTo("dbflip.yaml:12: dns_providers.internal.tsig.secret");
        DnsProviderConfig aws = c.dnsProvider("aws");
        assertThat(aws.hostedZoneId()).isEqualTo("Z0123456789ABC");
        assertThat(aws.region()).isEqualTo("us-east-1");
        assertThat(aws.endpoint()).isNull();

        ClusterConfig users7 = c.cluster("users-7");
        assertThat(users7.labels()).isEqualTo(Map.of("shard", "7", "tier", "web", "region", "us-east-1"));
        SideConfig onprem = users7.side("onprem").orElseThrow();
        assertThat(onprem.address()).isEqualTo("10.0.0.11:3306");
        assertThat(onprem.flavor()).isEqualTo("auto");
        assertThat(onprem.admin().user()).isEqualTo("dbflip");
        assertThat(onprem.admin().password().source()).isEqualTo("env:DBFLIP_ADMIN_PW");
        assertThat(onprem.replication().user()).isEqualTo("repl");
        assertThat(onprem.appUsers()).extracting(Credentials::user).containsExactly("app");
        assertThat(onprem.fence()).isEqualTo("read-only");
        assertThat(onprem.kill()).isEqualTo("kill");
        assertThat(onprem.tls()).isEqualTo(TlsConfig.DISABLED);
        assertThat(onprem.securityGroup()).isNull();
        SideConfig aurora = users7.other(onprem);
        assertThat(aurora.role()).isEqualTo("aurora");
        assertThat(aurora.flavor()).isEqualTo("aurora-mysql-3");
        assertThat(aurora.fence()).isEqualTo("security-group");
        assertThat(aurora.kill()).isEqualTo("rds-kill");
        assertThat(aurora.securityGroup()).isEqualTo(new SecurityGroupFenceConfig("users-7", "us-east-1", null,
                List.of("sg-app", "sg-admin"), List.of("sg-admin")));
        assertThat(users7.dns()).hasSize(2);
        DnsRecordConfig r = users7.dns().get(0);
        assertThat(r).isEqualTo(new DnsRecordConfig("db.internal.", "users-7-master.db.internal.", "CNAME", 5, "internal",
                Map.of("onprem", "db11.dc1.internal.", "aurora", "users-7.cluster-abc.us-east-1.rds.amazonaws.com.")));
        assertThat(users7.dns().get(1).provider()).isEqualTo("aws");
        // catch_up_timeout is the cluster's own; the rest come from defaults.limits
        assertThat(users7.limits()).isEqualTo(new Limits(Duration.ofSeconds(5), Duration.ofSeconds(20), Duration.ZERO, 60,
                Duration.ofSeconds(10), Duration.ofSeconds(2)));
        assertThat(users7.hooks()).isEqualTo(new Hooks(List.of("/etc/dbflip/hooks/pre-flip"), List.of("/etc/dbflip/hooks/post-flip")));
        Map<String, Object> standard = c.importProfiles().get("standard");
        assertThat(standard).containsEntry("engine_version", "8.0.mysql_aurora.3.05.2")
                .containsEntry("instances", 2).containsEntry("deletion_protection", true)
                .containsEntry("vpc_security_groups", List.of("sg-0a1b2c3d")).containsEntry("tags", Map.of("team", "dba"));
    }

    @Test
    void declaredLimitDefaultsAreTheModelsDefaults() {
        assertThat(LimitValues.NONE.over(LimitValues.NONE)).isEqualTo(Limits.DEFAULTS);
    }

    @Test
    void minimalClusterTakesDefaults() {
        String yaml = """
                clusters:
                  - name: c1
                    sides:
                      - {role: a, host: h1, admin: {user: u, password: env:P}, replication: {user: r, password: env:P}}
                      - {role: b, host: h2, admin: {user: u, password: env:P}, replication: {user: r, password: env:P}}
                """;
        ClusterConfig c = ConfigLoader.parse(F, yaml).cluster("c1");
        assertThat(c.side("a").orElseThrow().port()).isEqualTo(3306);
        assertThat(c.side("b").orElseThrow().flavor()).isEqualTo("auto");
        assertThat(c.limits()).isEqualTo(Limits.DEFAULTS);
        assertThat(c.hooks()).isEqualTo(Hooks.NONE);
        assertThat(c.dns()).isEmpty();
    }

    @Test
    void badPortNamesFileLineAndField() {
        String yaml = with("users-7.cluster-abc.us-east-1.rds.amazonaws.com\n        port: 3306",
                "users-7.cluster-abc.us-east-1.rds.amazonaws.com\n        port: 33o6");
        assertThat(error(yaml)).isEqualTo("dbflip.yaml:" + lineOf(yaml, "port: 33o6")
                + ": clusters[0].sides[1].port: \"33o6\" is not a port (an integer 1-65535)");
    }

    @Test
    void portOutOfRange() {
        String yaml = with("port: 3306\n        flavor: auto", "port: 70000\n        flavor: auto");
        assertThat(error(yaml)).isEqualTo("dbflip.yaml:50: clusters[0].sides[0].port: \"70000\" is not a port (an integer 1-65535)");
    }

    @Test
    void malformedYamlGivesTheLine() {
        String yaml = with("    max_lag: 5s\n", "    max_lag: [5s\n");
        assertThat(error(yaml)).startsWith("dbflip.yaml:22: malformed YAML: ");
    }

    @Test
    void tabIndentIsMalformed() {
        assertThat(error("clusters:\n\t- name: x\n")).startsWith("dbflip.yaml:2: malformed YAML: ");
    }

    @Test
    void wrongTypeOfSection() {
        String yaml = with("    sides:\n", "    sides: two\n      x:\n");
        assertThat(error(with("    sides:\n", "    sides: {a: 1}\n    x_sides:\n"))).contains(
                "dbflip.yaml:47: clusters[0].sides: is a mapping, not a list (a list of mappings)");
        assertThat(yaml).isNotNull();
    }

    @Test
    void wrongTypeOfPlainValue() {
        String yaml = with("host: 10.0.0.11", "host: [10.0.0.11]");
        assertThat(error(yaml)).isEqualTo("dbflip.yaml:49: clusters[0].sides[0].host: is a list, not a plain value (a string)");
    }

    @Test
    void unknownKeySuggestsTheClosest() {
        String yaml = with("host: 10.0.0.11", "hots: 10.0.0.11");
        assertThat(error(yaml)).isEqualTo("dbflip.yaml:49: clusters[0].sides[0].hots: unknown field (did you mean \"host\"?)\n"
                + "dbflip.yaml:48: clusters[0].sides[0].host: missing (a string)");
    }

    @Test
    void unknownKeyWithoutCloseMatchListsKnownOnes() {
        String yaml = with("    limits: {catch_up_timeout: 20s}", "    limits: {zzzzzz: 20s}");
        assertThat(error(yaml)).isEqualTo("dbflip.yaml:" + lineOf(yaml, "zzzzzz") + ": clusters[0].limits.zzzzzz: unknown field "
                + "(known here: max_lag, catch_up_timeout, kill_grace, max_ttl, long_transaction, lock_wait_timeout)");
    }

    @Test
    void missingRequiredField() {
        String yaml = with("        replication: {user: repl, password: env:DBFLIP_REPL_PW}\n        app_users:\n          - {user: app, password: env:APP_PW}\n        fence: read-only",
                "        app_users:\n          - {user: app, password: env:APP_PW}\n        fence: read-only");
        assertThat(error(yaml)).isEqualTo("dbflip.yaml:48: clusters[0].sides[0].replication: missing (a mapping)");
    }

    @Test
    void duplicateKey() {
        String yaml = with("host: 10.0.0.11\n", "host: 10.0.0.11\n        host: 10.0.0.12\n");
        assertThat(error(yaml)).isEqualTo("dbflip.yaml:50: clusters[0].sides[0].host: duplicate key (first at line 49)");
    }

    @Test
    void duplicateClusterNameInOneFile() {
        String cluster = EXAMPLE.substring(EXAMPLE.indexOf("  - name: users-7"));
        String yaml = EXAMPLE + cluster;
        int second = lineOf(yaml.substring(EXAMPLE.length()), "name: users-7") + lineOf(yaml, cluster) - 1
                + (int) EXAMPLE.chars().filter(c -> c == '\n').count() - lineOf(yaml, cluster) + 1;
        assertThat(error(yaml)).isEqualTo("dbflip.yaml:" + second + ": clusters[1].name: \"users-7\" is defined twice, "
                + "first at dbflip.yaml:45 (one definition per cluster)");
    }

    @Test
    void duplicateSideRole() {
        String yaml = with("      - role: aurora", "      - role: onprem");
        assertThat(error(yaml)).startsWith("dbflip.yaml:59: clusters[0].sides[1].role: \"onprem\" is also the role of "
                + "clusters[0].sides[0] (a role unique in the cluster)");
    }

    @Test
    void exactlyTwoSides() {
        int from = EXAMPLE.indexOf("      - role: aurora");
        int to = EXAMPLE.indexOf("    dns:");
        String yaml = EXAMPLE.substring(0, from) + EXAMPLE.substring(to);
        assertThat(error(yaml)).startsWith("dbflip.yaml:48: clusters[0].sides: has 1 side (exactly two)\n"
                + "dbflip.yaml:" + lineOf(yaml, "values: {onprem: db11.dc1.internal., aurora")
                + ": clusters[0].dns[0].values.aurora: is not a side of this cluster (a side role: onprem)");
    }

    static final String TRAFFIC = "    traffic:\n      provider: haproxy\n      socket: /run/haproxy/admin.sock\n"
            + "      backend: users-7\n      servers: {onprem: db11, aurora: aurora-users-7}\n";

    @Test
    void aTrafficSectionIsReadWithAServerPerSide() {
        DbflipConfig c = ConfigLoader.parse(F, with("    limits: {catch_up_timeout: 20s}\n", "    limits: {catch_up_timeout: 20s}\n" + TRAFFIC));
        TrafficConfig t = c.clusters().get(0).traffic();
        assertThat(t).isEqualTo(new TrafficConfig("haproxy", "/run/haproxy/admin.sock", "users-7",
                java.util.Map.of("onprem", "db11", "aurora", "aurora-users-7")));
        assertThat(ConfigLoader.parse(F, EXAMPLE).clusters().get(0).traffic()).isNull();
    }

    @Test
    void trafficErrorsNameFileLineAndField() {
        String yaml = with("    limits: {catch_up_timeout: 20s}\n", "    limits: {catch_up_timeout: 20s}\n"
                + TRAFFIC.replace("provider: haproxy", "provider: proxysql").replace("onprem: db11", "onprm: db11"));
        int line = lineOf(yaml, "provider: proxysql");
        int servers = lineOf(yaml, "onprm: db11");
        assertThat(error(yaml)).contains("dbflip.yaml:" + line + ": clusters[0].traffic.provider: \"proxysql\" is not allowed (one of: haproxy)")
                .contains("dbflip.yaml:" + servers + ": clusters[0].traffic.servers.onprm: is not a side of this cluster")
                .contains("dbflip.yaml:" + servers + ": clusters[0].traffic.servers: no server for side \"onprem\"");
        String same = with("    limits: {catch_up_timeout: 20s}\n", "    limits: {catch_up_timeout: 20s}\n"
                + TRAFFIC.replace("aurora: aurora-users-7", "aurora: db11"));
        assertThat(error(same)).isEqualTo("dbflip.yaml:" + lineOf(same, "servers:") + ": clusters[0].traffic.servers: "
                + "names the same server for both sides");
        String missing = with("    limits: {catch_up_timeout: 20s}\n", "    limits: {catch_up_timeout: 20s}\n"
                + TRAFFIC.replace("      socket: /run/haproxy/admin.sock\n", ""));
        assertThat(error(missing)).contains("clusters[0].traffic.socket: missing");
    }

    @Test
    void dnsValuesMustNameEachRole() {
        String yaml = with("values: {onprem: db11.dc1.internal., aurora:", "values: {onprm: db11.dc1.internal., aurora:");
        int line = lineOf(yaml, "onprm");
        assertThat(error(yaml)).isEqualTo("dbflip.yaml:" + line + ": clusters[0].dns[0].values.onprm: is not a side of this "
                + "cluster (a side role: onprem, aurora; did you mean \"onprem\"?)\n"
                + "dbflip.yaml:" + line + ": clusters[0].dns[0].values: no value for side \"onprem\" (one value per side role: onprem, aurora)");
    }

    @Test
    void dnsProviderMustExist() {
        String yaml = with("        provider: aws\n", "        provider: aws2\n");
        assertThat(error(yaml)).isEqualTo("dbflip.yaml:" + lineOf(yaml, "provider: aws2")
                + ": clusters[0].dns[1].provider: \"aws2\" is not a DNS provider (one of: internal, aws; did you mean \"aws\"?)");
    }

    @Test
    void allowedValues() {
        assertThat(error(with("fence: read-only", "fence: readonly"))).isEqualTo("dbflip.yaml:56: clusters[0].sides[0].fence: "
                + "\"readonly\" is not allowed (one of: read-only, account-lock, security-group, security-group+account-lock; did you mean \"read-only\"?)");
        assertThat(error(with("kill: kill ", "kill: shoot"))).isEqualTo("dbflip.yaml:57: clusters[0].sides[0].kill: "
                + "\"shoot\" is not allowed (one of: kill, per-user, rds-kill)");
        assertThat(error(with("tls: {mode: disabled}", "tls: {mode: on}"))).isEqualTo("dbflip.yaml:58: clusters[0].sides[0].tls.mode: "
                + "\"on\" is not allowed (one of: disabled, preferred, required, verify-ca, verify-identity)");
        assertThat(error(with("flavor: aurora-mysql-3", "flavor: aurora-mysql3"))).contains("clusters[0].sides[1].flavor: "
                + "\"aurora-mysql3\" is not allowed (one of: auto, mysql-5.7, mysql-8.0, mysql-8.4, aurora-mysql-2, aurora-mysql-3, "
                + "rds-mysql-8.4, mariadb, rds-mariadb; did you mean \"aurora-mysql-3\"?)");
        String yaml = with("        type: CNAME                # A | CNAME", "        type: AAAA");
        assertThat(error(yaml)).isEqualTo("dbflip.yaml:" + lineOf(yaml, "AAAA") + ": clusters[0].dns[0].type: \"AAAA\" is not allowed (one of: A, CNAME)");
        assertThat(error(with("type: route53", "type: route54"))).isEqualTo("dbflip.yaml:14: dns_providers.aws.type: "
                + "\"route54\" is not allowed (one of: rfc2136, route53; did you mean \"route53\"?)");
    }

    @Test
    void aRecordNeedsAnAddress() {
        String yaml = with("        type: CNAME                # A | CNAME", "        type: A");
        assertThat(error(yaml)).startsWith("dbflip.yaml:" + lineOf(yaml, "values: {onprem: db11.dc1.internal.")
                + ": clusters[0].dns[0].values.onprem: \"db11.dc1.internal.\" is not an IPv4 address (type A needs one)");
    }

    @Test
    void durations() {
        assertThat(error(with("    max_lag: 5s", "    max_lag: 5"))).isEqualTo("dbflip.yaml:21: defaults.limits.max_lag: "
                + "\"5\" has no unit (a duration with a unit: 250ms, 5s, 2m, 1h)");
        assertThat(error(with("    max_lag: 5s", "    max_lag: 5 seconds"))).isEqualTo("dbflip.yaml:21: defaults.limits.max_lag: "
                + "\"5 seconds\" is not a duration (a duration with a unit: 250ms, 5s, 2m, 1h)");
        DbflipConfig c = ConfigLoader.parse(F, with("    max_lag: 5s", "    max_lag: 250ms").replace("kill_grace: 0ms", "kill_grace: 2m")
                .replace("long_transaction: 10s", "long_transaction: 1h"));
        Limits l = c.cluster("users-7").limits();
        assertThat(l.maxLag()).isEqualTo(Duration.ofMillis(250));
        assertThat(l.killGrace()).isEqualTo(Duration.ofMinutes(2));
        assertThat(l.longTransaction()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void ttl() {
        assertThat(error(with("        ttl: 5\n        provider: internal", "        ttl: -5\n        provider: internal")))
                .isEqualTo("dbflip.yaml:" + lineOf(EXAMPLE, "        ttl: 5\n        provider: internal")
                        + ": clusters[0].dns[0].ttl: \"-5\" is not a whole number (an integer 0-2147483647)");
    }

    @Test
    void labelsAreStrings() {
        DbflipConfig c = ConfigLoader.parse(F, with("labels: {shard: 7, tier: web, region: us-east-1}",
                "labels: {shard: 007, canary: true, ratio: 0.5}"));
        assertThat(c.cluster("users-7").labels()).isEqualTo(Map.of("shard", "007", "canary", "true", "ratio", "0.5"));
        assertThat(error(with("labels: {shard: 7,", "labels: {shard: [7],"))).isEqualTo("dbflip.yaml:46: clusters[0].labels: "
                + "an entry is not name: value (a mapping of names to plain values)");
    }

    @Test
    void hooksAreListsOfPaths() {
        assertThat(error(with("pre_flip: [/etc/dbflip/hooks/pre-flip]", "pre_flip: [{a: b}]"))).isEqualTo("dbflip.yaml:"
                + lineOf(EXAMPLE, "pre_flip") + ": clusters[0].hooks.pre_flip[0]: is a mapping (a list of strings)");
    }

    @Test
    void literalSecretWarnsWithoutTheValue() {
        String yaml = with("admin: {user: dbflip, password: env:DBFLIP_ADMIN_PW}", "admin: {user: dbflip, password: hunter2}");
        DbflipConfig c = ConfigLoader.parse(F, yaml);
        assertThat(c.warnings()).containsExactly("dbflip.yaml:52: clusters[0].sides[0].admin.password: literal secret; "
                + "use env:NAME or file:PATH");
        assertThat(c.cluster("users-7").side("onprem").orElseThrow().admin().password().reveal()).isEqualTo("hunter2");
        assertThat(c.toString()).doesNotContain("hunter2");
    }

    @Test
    void secretsNeverInErrors() {
        String yaml = with("admin: {user: dbflip, password: env:DBFLIP_ADMIN_PW}", "admin: {user: dbflip, password: [hunter2]}");
        assertThat(error(yaml)).isEqualTo("dbflip.yaml:52: clusters[0].sides[0].admin.password: is a list, not a secret "
                + "(env:NAME, file:PATH, or a literal (which warns))");
        assertThat(error(with("password: env:DBFLIP_ADMIN_PW}", "password: *hunter2}"))).startsWith("dbflip.yaml:52: malformed YAML:");
        assertThat(error(with("password: env:DBFLIP_ADMIN_PW}", "password: !hunter2!x hunter2}"))).startsWith("dbflip.yaml:52: malformed YAML:");
        assertThat(error(with("password: env:DBFLIP_ADMIN_PW}", "password: hunter2: x}"))).startsWith("dbflip.yaml:52: ");
        assertThat(error(with("secret: file:/etc/dbflip/tsig.secret", "secret: \"hunter2\n"))).startsWith("dbflip.yaml:");
    }

    @Test
    void secretReferencesAreNotReadAtLoad() {
        String yaml = with("password: env:DBFLIP_ADMIN_PW}", "password: env:DBFLIP_SURELY_UNSET_42}");
        Secret s = ConfigLoader.parse(F, yaml).cluster("users-7").side("onprem").orElseThrow().admin().password();
        assertThatThrownBy(s::reveal).isInstanceOf(DbflipException.class).hasMessage(
                "dbflip.yaml:52: clusters[0].sides[0].admin.password: environment variable DBFLIP_SURELY_UNSET_42 is not set");
        assertThat(error(with("password: env:DBFLIP_ADMIN_PW}", "password: \"env:\"}"))).isEqualTo(
                "dbflip.yaml:52: clusters[0].sides[0].admin.password: \"env:\" names nothing (env:NAME or file:PATH)");
    }

    @Test
    void securityGroupFenceNeedsItsSection() {
        int from = EXAMPLE.indexOf("        security_group:");
        int to = EXAMPLE.indexOf("    dns:");
        String yaml = EXAMPLE.substring(0, from) + EXAMPLE.substring(to);
        assertThat(error(yaml)).isEqualTo("dbflip.yaml:" + lineOf(yaml, "fence: security-group")
                + ": clusters[0].sides[1].security_group: missing (fence: security-group needs the cluster identifier, "
                + "region, normal and restricted group lists)");
    }

    @Test
    void perUserKillNeedsPasswords() {
        String yaml = with("- {user: app, password: env:APP_PW}\n        fence: read-only ",
                "- {user: app}\n        fence: read-only ").replace("kill: kill ", "kill: per-user ");
        assertThat(error(yaml)).isEqualTo("dbflip.yaml:55: clusters[0].sides[0].app_users[0].password: missing "
                + "(kill: per-user connects as each app user)");
    }

    @Test
    void rfc2136ProviderNeedsServerAndKey() {
        String yaml = with("    server: 10.0.0.53:53\n", "");
        assertThat(error(yaml)).isEqualTo("dbflip.yaml:7: dns_providers.internal.server: missing (required for type rfc2136; "
                + "the zone's primary, host:port)");
        assertThat(error(with("server: 10.0.0.53:53", "server: 10.0.0.53:0"))).isEqualTo("dbflip.yaml:8: "
                + "dns_providers.internal.server: \"10.0.0.53:0\" has no valid port after ':' (host or host:port)");
    }

    @Test
    void recordOutsideItsZone() {
        String yaml = with("name: users-7-master.db.internal.", "name: users-7-master.db.other.");
        assertThat(error(yaml)).isEqualTo("dbflip.yaml:" + lineOf(yaml, "db.other.") + ": clusters[0].dns[0].name: "
                + "\"users-7-master.db.other.\" is not inside zone \"db.internal.\" (a name ending in the zone)");
    }

    @Test
    void allErrorsAreReportedTogether() {
        String yaml = with("host: 10.0.0.11", "hots: 10.0.0.11").replace("fence: read-only", "fence: nope")
                .replace("    max_lag: 5s", "    max_lag: 5");
        assertThat(error(yaml).split("\n")).containsExactly(
                "dbflip.yaml:21: defaults.limits.max_lag: \"5\" has no unit (a duration with a unit: 250ms, 5s, 2m, 1h)",
                "dbflip.yaml:49: clusters[0].sides[0].hots: unknown field (did you mean \"host\"?)",
                "dbflip.yaml:48: clusters[0].sides[0].host: missing (a string)",
                "dbflip.yaml:56: clusters[0].sides[0].fence: \"nope\" is not allowed (one of: read-only, account-lock, security-group, security-group+account-lock)");
    }

    @Test
    void anchorsAliasesAndMergeKeys() {
        String yaml = """
                x-admin: &admin {user: dbflip, password: env:PW}
                clusters:
                  - name: c1
                    sides:
                      - &side {role: a, host: h1, admin: *admin, replication: *admin}
                      - {<<: *side, role: b, host: h2}
                """;
        assertThat(error(yaml)).isEqualTo("dbflip.yaml:1: x-admin: unknown field (known here: journal, journal_password, "
                + "dns_providers, defaults, import_profiles, clusters)");
        String ok = yaml.replace("x-admin: &admin {user: dbflip, password: env:PW}\n", "")
                .replace("admin: *admin, replication: *admin", "admin: &admin {user: dbflip, password: env:PW}, replication: *admin");
        ClusterConfig c = ConfigLoader.parse(F, ok).cluster("c1");
        assertThat(c.side("b").orElseThrow().host()).isEqualTo("h2");
        assertThat(c.side("b").orElseThrow().admin().user()).isEqualTo("dbflip");
        assertThat(c.side("a").orElseThrow().replication().user()).isEqualTo("dbflip");
    }

    @Test
    void billionLaughsIsBounded() {
        StringBuilder sb = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i < 10; i++) {
            sb.append("a").append(i).append(": &a").append(i).append(" [");
            for (int j = 0; j < 10; j++) {
                sb.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
            }
            sb.append("]\n");
        }
        assertThat(error(sb.toString())).startsWith("dbflip.yaml:").contains("too many aliases to collections");
        String nested = "clusters: " + "[".repeat(1000) + "]".repeat(1000);
        assertThat(error(nested)).contains("malformed YAML");
    }

    @Test
    void emptyOrNonMappingDocuments() {
        assertThat(error("")).isEqualTo("dbflip.yaml:1: clusters: no cluster defined (at least one under clusters:)");
        assertThat(error("- a\n- b\n")).isEqualTo("dbflip.yaml:1: is a list, not a mapping (a mapping)");
        assertThat(error("a: 1\n---\nb: 2\n")).startsWith("dbflip.yaml:");
    }

    @Test
    void journalHomeExpansionAndUrl() {
        assertThat(ConfigLoader.parse(F, with("journal: ~/.dbflip", "journal: /var/lib/dbflip")).journal()).isEqualTo("/var/lib/dbflip");
        assertThat(ConfigLoader.parse(F, with("journal: ~/.dbflip", "journal: mysql://dbflip@db:3306/dbflip")).journal())
                .isEqualTo("mysql://dbflip@db:3306/dbflip");
    }
}
