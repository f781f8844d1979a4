package io.dbflip.fleet;

import io.dbflip.DbflipException;
import io.dbflip.ErrorCode;
import io.dbflip.config.ClusterConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SelectionTest {
    static final List<ClusterConfig> FLEET = fleet();

    static List<ClusterConfig> fleet() {
        List<ClusterConfig> out = new ArrayList<>();
        for (int i = 1; i <= 12; i++) {
            Map<String, String> labels = new LinkedHashMap<>();
            labels.put("shard", String.valueOf(i));
            labels.put("tier", i % 2 == 0 ? "web" : "batch");
            labels.put("region", i <= 6 ? "us-east-1" : "eu-west-1");
            out.add(new ClusterConfig((i <= 8 ? "users-" : "orders-") + i, labels, List.of(), List.of(), null, null));
        }
        out.add(new ClusterConfig("billing", Map.of("tier", "web"), List.of(), List.of(), null, null));
        return out;
    }

    static List<String> names(String select) {
        return Selection.parse(select).select(FLEET).stream().map(ClusterConfig::name).toList();
    }

    @Test
    void nameAndGlob() {
        assertThat(names("billing")).containsExactly("billing");
        assertThat(Selection.parse("users-1?").matches(FLEET.get(0))).isFalse();
        assertThat(names("users-?")).hasSize(8);
    }

    @Test
    void globMatchesWholeName() {
        assertThat(names("orders-*")).containsExactly("orders-9", "orders-10", "orders-11", "orders-12");
        assertThat(names("*-1")).containsExactly("users-1");
        assertThat(names("name=users-?")).hasSize(8);
    }

    @Test
    void shardRangeIsInclusiveAndAndedWithLabels() {
        assertThat(names("shard=1..8")).containsExactly("users-1", "users-2", "users-3", "users-4", "users-5",
                "users-6", "users-7", "users-8");
        assertThat(names("shard=1..8,tier=web")).containsExactly("users-2", "users-4", "users-6", "users-8");
        assertThat(names("shard=5..12,region=eu-*,tier=batch")).containsExactly("users-7", "orders-9", "orders-11");
    }

    @Test
    void alternativesAreOred() {
        assertThat(names("shard=1|3|10..11")).containsExactly("users-1", "users-3", "orders-10", "orders-11");
        assertThat(names("region=us-east-1|eu-west-1,shard=6..7")).containsExactly("users-6", "users-7");
    }

    @Test
    void aClusterWithoutTheLabelDoesNotMatch() {
        assertThat(names("tier=web")).contains("billing");
        assertThat(names("shard=1..100")).doesNotContain("billing");
        assertThat(names("*")).hasSize(13);
    }

    @Test
    void matchingNothingIsAUsageError() {
        assertThatThrownBy(() -> names("shard=100..200"))
                .isInstanceOf(DbflipException.class)
                .hasMessageContaining("'shard=100..200' matches no cluster")
                .satisfies(e -> assertThat(((DbflipException) e).code()).isEqualTo(ErrorCode.USAGE));
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "shard=8..1;           'shard=8..1': range 8..1 is empty",
            "shard=1...8;          'shard=1...8': '1...8' is not a range",
            "shard=a..b;           'shard=a..b': 'a..b' is not a range",
            "shard=;               'shard=': no value after '='",
            "=web;                 '=web': '' is not a label name",
            "9tier=web;            '9tier=web': '9tier' is not a label name",
            "tier=web|;            'tier=web|': empty alternative",
            "tier=we b;            'tier=we b': 'we b' holds a character",
            "users-*,,tier=web;    empty term",
            "users-*,;             empty term",
            "shard=1..99999999999999999999; number too large",
    })
    void badTermsAreNamed(String select, String message) {
        assertThatThrownBy(() -> Selection.parse(select))
                .isInstanceOf(DbflipException.class)
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(((DbflipException) e).code()).isEqualTo(ErrorCode.USAGE));
    }

    @Test
    void emptySelectionIsRefused() {
        assertThatThrownBy(() -> Selection.parse(" ")).hasMessageContaining("empty selection");
    }
}
