package io.dbflip.config;

import io.dbflip.DbflipException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** An inventory of several files: merged clusters, shared providers and defaults, and what may not repeat. */
class ConfigInventoryTest {
    @TempDir
    Path dir;

    static String cluster(String name, int shard) {
        return """
                clusters:
                  - name: %s
                    labels: {shard: %d}
                    sides:
                      - {role: a, host: h1, admin: {user: u, password: env:P}, replication: {user: r, password: env:P}}
                      - {role: b, host: h2, admin: {user: u, password: env:P}, replication: {user: r, password: env:P}}
                    dns:
                      - {zone: z., name: %s.z., provider: ns, values: {a: x., b: y.}}
                """.formatted(name, shard, name);
    }

    static final String PROVIDER = """
            dns_providers:
              ns: {type: rfc2136, server: 127.0.0.1:53, tsig: {name: k, secret: env:TSIG}}
            defaults:
              limits: {max_lag: 1s}
            """;

    Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        return Files.writeString(p, text);
    }

    @Test
    void directoryIsItsYamlFilesSortedAndMerged() throws IOException {
        write("inv/00-common.yaml", PROVIDER);
        write("inv/20-shard2.yml", cluster("shard-2", 2));
        write("inv/10-shard1.yaml", cluster("shard-1", 1) + "    limits: {max_lag: 3s}\n");
        write("inv/README.txt", "not yaml: [");
        DbflipConfig c = ConfigLoader.load(dir.resolve("inv"));
        assertThat(c.clusters()).extracting(ClusterConfig::name).containsExactly("shard-1", "shard-2");
        assertThat(c.files()).extracting(p -> p.getFileName().toString())
                .containsExactly("00-common.yaml", "10-shard1.yaml", "20-shard2.yml");
        assertThat(c.cluster("shard-2").limits().maxLag()).hasSeconds(1);
        assertThat(c.cluster("shard-1").limits().maxLag()).hasSeconds(3);
        assertThat(c.cluster("shard-1").labels()).containsEntry("shard", "1");
        assertThat(c.dnsProvider("ns").tsigSecret().source()).isEqualTo("env:TSIG");
    }

    @Test
    void globAndListOfFiles() throws IOException {
        Path common = write("common.yaml", PROVIDER);
        write("shards/s1.yaml", cluster("s1", 1));
        write("shards/s2.yaml", cluster("s2", 2));
        write("shards/s3.yaml.bak", cluster("s3", 3));
        DbflipConfig c = ConfigLoader.load(List.of(common, Path.of(dir + "/shards/*.yaml")));
        assertThat(c.clusters()).extracting(ClusterConfig::name).containsExactly("s1", "s2");
        assertThatThrownBy(() -> ConfigLoader.load(List.of(Path.of(dir + "/none/*.yaml"))))
                .isInstanceOf(DbflipException.class).hasMessage(dir + "/none/*.yaml: no config file matches this pattern");
    }

    @Test
    void clusterDefinedTwiceNamesBothFilesAndLines() throws IOException {
        Path common = write("common.yaml", PROVIDER);
        Path a = write("a.yaml", cluster("s1", 1));
        Path b = write("b.yaml", "# the same shard again\n" + cluster("s1", 1));
        assertThatThrownBy(() -> ConfigLoader.load(List.of(common, a, b))).isInstanceOf(DbflipException.class)
                .hasMessage(b + ":3: clusters[0].name: \"s1\" is defined twice, first at " + a + ":2 (one definition per cluster)");
    }

    @Test
    void identicalProvidersMergeConflictingOnesFail() throws IOException {
        Path a = write("a.yaml", PROVIDER + cluster("s1", 1).replace("clusters:\n", "clusters:\n"));
        Path same = write("same.yaml", PROVIDER + cluster("s2", 2));
        assertThat(ConfigLoader.load(List.of(a, same)).clusters()).hasSize(2);
        Path other = write("other.yaml", PROVIDER.replace("127.0.0.1:53", "127.0.0.2:53").replace("max_lag: 1s", "max_lag: 2s")
                + cluster("s3", 3));
        assertThatThrownBy(() -> ConfigLoader.load(List.of(a, other))).isInstanceOf(DbflipException.class)
                .hasMessage(other + ":2: dns_providers.ns: defined differently at " + a + ":2 (define it once, or identically in every file)\n"
                        + other + ":4: defaults.limits.max_lag: defined differently at " + a + ":4 (define it once, or identically in every file)");
    }

    @Test
    void providerFromAnotherFileIsKnownAndErrorsOfAllFilesAreListed() throws IOException {
        Path common = write("common.yaml", PROVIDER);
        Path bad1 = write("bad1.yaml", cluster("s1", 1).replace("host: h1", "host: h1, port: x"));
        Path bad2 = write("bad2.yaml", cluster("s2", 2).replace("provider: ns", "provider: nz"));
        assertThatThrownBy(() -> ConfigLoader.load(List.of(common, bad1, bad2))).isInstanceOf(DbflipException.class)
                .hasMessage(bad1 + ":5: clusters[0].sides[0].port: \"x\" is not a port (an integer 1-65535)\n"
                        + bad2 + ":8: clusters[0].dns[0].provider: \"nz\" is not a DNS provider (one of: ns; did you mean \"ns\"?)");
    }

    @Test
    void missingFileAndNonUtf8() throws IOException {
        assertThatThrownBy(() -> ConfigLoader.load(dir.resolve("nope.yaml"))).isInstanceOf(DbflipException.class)
                .hasMessage(dir.resolve("nope.yaml") + ": no such config file");
        Path bin = dir.resolve("bin.yaml");
        Files.write(bin, new byte[]{(byte) 0xff, (byte) 0xfe, 0, 1});
        assertThatThrownBy(() -> ConfigLoader.load(bin)).isInstanceOf(DbflipException.class)
                .hasMessage(bin + ": not UTF-8 text (a config file is YAML in UTF-8)");
    }
}
