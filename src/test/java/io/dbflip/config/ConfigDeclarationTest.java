package io.dbflip.config;

import io.dbflip.DbflipException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** Config fields read through their declarations: each limit's one declaration, and a bad value of each type named. */
class ConfigDeclarationTest {

    /** A minimal valid config; {@code side}, {@code cluster} and {@code top} are extra YAML for side a, the cluster and the top level. */
    static String config(String side, String cluster, String top) {
        return top + "\n"
                + "clusters:\n"
                + "  - name: c1\n"
                + cluster
                + "    sides:\n"
                + "      - {role: a, host: h1, admin: {user: u, password: env:P}, replication: {user: r, password: env:P}" + side + "}\n"
                + "      - {role: b, host: h2, admin: {user: u, password: env:P}, replication: {user: r, password: env:P}}\n";
    }

    static String error(String yaml) {
        DbflipException e = (DbflipException) catchThrowable(() -> ConfigLoader.parse("c.yaml", yaml));
        assertThat(e).as("a config error for:\n" + yaml).isNotNull();
        assertThat(e.code().exitCode()).isEqualTo(2);
        return e.getMessage();
    }

    @Test
    void eachLimitIsDeclaredOnceForBothLimitsSections() {
        assertThat(LimitField.ALL).extracting(LimitField::key).containsExactly("max_lag", "catch_up_timeout", "kill_grace",
                "max_ttl", "long_transaction", "lock_wait_timeout");
        for (LimitField<?> f : LimitField.ALL) {
            ConfigField defaults = ConfigFields.get("defaults.limits." + f.key());
            ConfigField own = ConfigFields.get("clusters[].limits." + f.key());
            assertThat(defaults.type()).isEqualTo(f.type());
            assertThat(defaults.defaultValue()).isEqualTo(f.defaultText());
            assertThat(defaults.description()).isEqualTo(f.description());
            assertThat(own.type()).isEqualTo(f.type());
            assertThat(own.defaultValue()).isEqualTo("from defaults.limits");
            assertThat(own.description()).isEqualTo(f.description());
        }
        assertThat(ConfigFields.children("defaults.limits")).hasSize(LimitField.ALL.size());
        assertThat(ConfigFields.children("clusters[].limits")).hasSize(LimitField.ALL.size());
    }

    @Test
    void theReferenceInTheDocsIsWhatTheDeclarationsPrint() throws java.io.IOException {
        assertThat(java.nio.file.Files.readString(java.nio.file.Path.of("docs/config.md"))).contains(ConfigFields.markdown());
    }

    @Test
    void theDeclaredDefaultsAreTheDocumentedOnes() {
        assertThat(Limits.DEFAULTS).isEqualTo(new Limits(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ZERO, 60,
                Duration.ofSeconds(10), Duration.ofSeconds(2)));
        assertThat(LimitField.MAX_TTL.defaultValue()).isInstanceOf(Integer.class).isEqualTo(60);
    }

    @Test
    void aLimitComesFromTheClusterThenTheDefaultsThenTheDeclaration() {
        String yaml = config("", "    limits: {max_ttl: 10, lock_wait_timeout: 3s}\n",
                "defaults:\n  limits: {max_ttl: 30, kill_grace: 1s}");
        Limits l = ConfigLoader.parse("c.yaml", yaml).cluster("c1").limits();
        assertThat(l).isEqualTo(new Limits(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(1), 10,
                Duration.ofSeconds(10), Duration.ofSeconds(3)));
    }

    @Test
    void aBadLimitNamesTheFieldAndTheValueInEitherSection() {
        for (LimitField<?> f : LimitField.ALL) {
            assertThat(error(config("", "    limits: {" + f.key() + ": soon}\n", "")))
                    .contains("clusters[0].limits." + f.key() + ": \"soon\" ").contains("(" + f.type().expected() + ")");
            assertThat(error(config("", "", "defaults:\n  limits: {" + f.key() + ": soon}")))
                    .contains("defaults.limits." + f.key() + ": \"soon\" ").contains("(" + f.type().expected() + ")");
        }
    }

    /** One bad value of each kind of plain field: where it is written, the path the message names, the value. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "PORT      | side    | , port: 0                            | clusters[0].sides[0].port               | 0",
            "COUNT     | cluster | '    limits: {max_ttl: -1}\n'         | clusters[0].limits.max_ttl              | -1",
            "DURATION  | cluster | '    limits: {kill_grace: 5}\n'       | clusters[0].limits.kill_grace           | 5",
            "BOOL      | side    | ', tls: {replication: maybe}'         | clusters[0].sides[0].tls.replication    | maybe",
            "NAME      | cluster | '    labels: {}\n'                    | clusters[0].name                        | -c1",
            "HOST_PORT | top     | 'dns_providers: {p: {type: rfc2136, server: \"h:99999\", tsig: {name: k, secret: env:S}}}' | dns_providers.p.server | h:99999",
            "ALLOWED   | side    | ', fence: readonly'                   | clusters[0].sides[0].fence              | readonly",
            "SECRET    | side    | ', app_users: [{user: app, password: \"env:\"}]' | clusters[0].sides[0].app_users[0].password | env:",
            "IMPORT_COUNT | top  | 'import_profiles: {p: {instances: two}}' | import_profiles.p.instances          | two",
            "IMPORT_BOOL  | top  | 'import_profiles: {p: {deletion_protection: sure}}' | import_profiles.p.deletion_protection | sure",
    })
    void aBadValueOfEachTypeNamesTheFieldAndTheValue(String kind, String where, String extra, String path, String value) {
        String yaml = switch (where) {
            case "side" -> config(extra, "", "");
            case "cluster" -> config("", extra.replace("\\n", "\n"), "");
            default -> config("", "", extra);
        };
        if (kind.equals("NAME")) {
            yaml = yaml.replace("name: c1", "name: -c1");
        }
        assertThat(error(yaml)).contains(path + ": \"" + value + "\" ");
    }
}
