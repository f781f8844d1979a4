package io.dbflip.config;

import io.dbflip.DbflipException;
import io.dbflip.ErrorCode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.StringLength;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whatever the text, the loader returns a config or throws a USAGE DbflipException, never another
 * exception, and a planted literal secret never reaches a message or warning. The long run of the
 * same check is bench/fuzz-config.
 */
class ConfigPropertyTest {
    private static final String EXAMPLE = ConfigLoaderTest.EXAMPLE;

    @Property(tries = 300)
    void mutationsOfTheExample(@ForAll long seed) {
        ConfigMutator m = new ConfigMutator(new Random(seed), EXAMPLE);
        check(m.mutate(1 + (int) Math.floorMod(seed, 5L)));
    }

    @Property(tries = 200)
    void yamlishText(@ForAll long seed) {
        check(new ConfigMutator(new Random(seed), EXAMPLE).yamlish(1 + (int) Math.floorMod(seed, 40L)));
    }

    @Property(tries = 300)
    void arbitraryText(@ForAll @StringLength(max = 200)
                       @Chars({'-', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%', '@',
                               '`', ' ', '\t', '\n', '~', '<'}) @CharRange(from = 'a', to = 'e') @CharRange(from = '0', to = '9')
                       String text) {
        check(text);
        check("clusters:\n  - " + text);
    }

    @Property(tries = 100)
    void anyUnicode(@ForAll @StringLength(max = 300) String text) {
        check(text);
    }

    /**
     * A tag that decodes to leading or trailing spaces (%20 in a verbatim or shorthand tag): SnakeYAML's Tag
     * throws IllegalArgumentException, which escaped the loader (found by arbitraryText in CI, session 7).
     */
    @net.jqwik.api.Example
    void aTagWithSpacesIsAUsageError() {
        for (String text : java.util.List.of("!<%20a> b", "x: !<a%20> b", "!%20 b", "clusters:\n  - !<%20x> y")) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> ConfigLoader.parse("p.yaml", text))
                    .as(text).isInstanceOfSatisfying(DbflipException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.USAGE))
                    .hasMessageContaining("p.yaml");
        }
    }

    static void check(String input) {
        try {
            DbflipConfig c = ConfigLoader.parse("p.yaml", input);
            assertThat(String.join("\n", c.warnings())).doesNotContain(ConfigMutator.SECRET);
            assertThat(c.toString()).doesNotContain(ConfigMutator.SECRET);
        } catch (DbflipException e) {
            assertThat(e.code()).isEqualTo(ErrorCode.USAGE);
            assertThat(e.getMessage()).isNotBlank().doesNotContain(ConfigMutator.SECRET);
        }
    }
}
