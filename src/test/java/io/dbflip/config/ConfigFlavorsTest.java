package io.dbflip.config;

import io.dbflip.mysql.Flavor;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The config's allowed flavors are "auto" and exactly the mysql package's flavors, in order. */
class ConfigFlavorsTest {
    @Test
    void theConfigKnowsEveryFlavorAndNoOther() {
        assertThat(ConfigFields.FLAVORS).containsExactlyElementsOf(
                Stream.concat(Stream.of("auto"), Arrays.stream(Flavor.values()).map(Flavor::configName)).toList());
    }
}
