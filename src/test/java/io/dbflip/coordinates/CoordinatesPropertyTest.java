package io.dbflip.coordinates;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.StringLength;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Whatever the input, the parser returns coordinates or throws CoordinatesParseException — nothing else. */
class CoordinatesPropertyTest {
    private final CoordinatesParser parser = new CoordinatesParser();

    /** Runs every entry point; returns normally only when the outcome is one the contract allows. */
    private void parsesOrRefuses(String input) {
        for (Which which : Which.values()) {
            try {
                var result = parser.parse(input, which, "fuzz");
                assertThat(result).isNotEmpty().allSatisfy(c -> {
                    assertThat(c.binlogFile() != null || c.gtidSet() != null).isTrue();
                    assertThat(c.toJson()).startsWith("{").endsWith("}");
                });
            } catch (CoordinatesParseException e) {
                assertThat(e.getMessage()).startsWith("fuzz:").contains(": expected ");
            }
        }
        try {
            parser.scan(input, "fuzz").selectDefault();
        } catch (CoordinatesParseException e) {
            assertThat(e.line()).isPositive();
        }
    }

    @Property(tries = 1000)
    void randomStrings(@ForAll @StringLength(max = 300) String s) {
        parsesOrRefuses(s);
    }

    @Property(tries = 1000)
    void markerFollowedByRandomText(@ForAll("marker") String marker, @ForAll @StringLength(max = 120) String rest) {
        parsesOrRefuses(marker + rest);
    }

    @Property(tries = 3000)
    void mutatedFixtures(@ForAll("fixture") String fixture, @ForAll long seed) {
        parsesOrRefuses(Mutator.mutate(Fixtures.text(fixture), new Random(seed)));
    }

    @Provide
    Arbitrary<String> fixture() {
        return Arbitraries.of(Fixtures.FILES);
    }

    @Provide
    Arbitrary<String> marker() {
        return Arbitraries.of("MySQL slave binlog position: ", "MySQL binlog position: ", "binlog_pos = ",
                "CHANGE MASTER TO ", "SET GLOBAL gtid_purged=", "CHANGE REPLICATION SOURCE TO ", "bin.1\t4\t",
                "MySQL slave binlog position: master host 'h', purge list '");
    }
}
