package io.dbflip.sandbox;

import io.dbflip.config.ClusterConfig;
import io.dbflip.config.ConfigLoader;
import io.dbflip.config.DbflipConfig;
import io.dbflip.config.SideConfig;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The sandbox's addresses, config and env, without starting anything. */
class SandboxConfigTest {
    private final SandboxLayout one = new SandboxLayout(Path.of("/tmp/sb dir"), 7, 1);
    private final SandboxLayout three = new SandboxLayout(Path.of("/tmp/sb3"), 9, 3);

    @Test
    void slotNOwnsItsSubnetAndFixedServerIds() {
        SandboxLayout.ClusterLayout c = one.cluster(1);
        assertThat(c.onpremA().address()).isEqualTo("127.77.7.1:3310");
        assertThat(c.onpremR().address()).isEqualTo("127.77.7.2:3310");
        assertThat(c.auroraB().address()).isEqualTo("127.77.7.3:3310");
        assertThat(List.of(c.onpremA().serverId(), c.onpremR().serverId(), c.auroraB().serverId())).containsExactly(71, 72, 73);
        assertThat(one.dnsServer()).isEqualTo("127.77.7.53:5300");
        assertThat(c.onpremA().label()).isEqualTo("onprem-a");
        assertThat(c.dnsName("sandbox.internal.")).isEqualTo("master.sandbox.internal.");
    }

    @Test
    void severalClustersGetTheirOwnAddressesNamesAndServerIds() {
        SandboxLayout.ClusterLayout c3 = three.cluster(3);
        assertThat(c3.name()).isEqualTo("sandbox-3");
        assertThat(c3.onpremA().host()).isEqualTo("127.77.9.21");
        assertThat(c3.auroraB().host()).isEqualTo("127.77.9.23");
        assertThat(c3.onpremA().label()).isEqualTo("sandbox-3/onprem-a");
        assertThat(c3.dnsName("sandbox.example.")).isEqualTo("master-3.sandbox.example.");
        assertThat(three.clusterLayouts().stream().flatMap(c -> c.servers().stream()).map(SandboxLayout.ServerLayout::serverId).distinct())
                .hasSize(9);
        assertThatThrownBy(() -> SandboxOptions.defaults().withClusters(26)).hasMessageContaining("--clusters");
    }

    @Test
    void theWrittenConfigLoadsWithTheConfigLoader() {
        DbflipConfig cfg = ConfigLoader.parse("dbflip.yaml", SandboxConfig.yaml(three, Engine.MYSQL));
        assertThat(cfg.clusters()).hasSize(3);
        ClusterConfig c2 = cfg.cluster("sandbox-2");
        assertThat(c2.labels()).containsEntry("shard", "2");
        SideConfig onprem = c2.sides().get(0);
        SideConfig aurora = c2.sides().get(1);
        assertThat(onprem.host()).isEqualTo("127.77.9.11");
        assertThat(onprem.fence()).isEqualTo("read-only");
        assertThat(aurora.host()).isEqualTo("127.77.9.13");
        assertThat(aurora.admin().user()).isEqualTo("admin");
        assertThat(aurora.kill()).isEqualTo("rds-kill");
        assertThat(aurora.fence()).isEqualTo("account-lock");
        assertThat(aurora.admin().password().source()).isEqualTo("file:/tmp/sb3/secrets/aurora-admin");
        assertThat(c2.dns()).hasSize(2);
        assertThat(cfg.dnsProviders()).containsKeys("sandbox-internal", "sandbox-example");
    }

    @Test
    void envQuotesValuesForTheShell() {
        Map<String, String> env = SandboxConfig.env(one, "pa'ss word");
        String lines = SandboxConfig.exportLines(env);
        assertThat(lines).contains("export DBFLIP_CONFIG='/tmp/sb dir/dbflip.yaml'\n")
                .contains("export DBFLIP_APP_PASSWORD='pa'\\''ss word'\n")
                .contains("export DBFLIP_SERVER_ONPREM_A=127.77.7.1:3310\n")
                .contains("export DBFLIP_DNS_NAME=master.sandbox.internal.\n")
                .contains("export DBFLIP_TSIG_KEY_FILE='/tmp/sb dir/dns/KEY.key'\n");
        assertThat(SandboxConfig.shellQuote("")).isEqualTo("''");
    }
}
