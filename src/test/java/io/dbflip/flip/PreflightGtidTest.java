package io.dbflip.flip;

import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BinaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The errant-transactions check on MySQL: a GTID the replica applied before its source's commit stage added it to
 * the source's gtid_executed is not errant (found by bench/flip-blackout: 1 flip in 20 refused on the probe's own
 * write); one the source never gets is.
 */
class PreflightGtidTest {
    /** GTID_SUBTRACT over comma-separated single GTIDs (enough for the check's logic). */
    private static final BinaryOperator<String> SUBTRACT = (b, a) -> {
        Set<String> out = new TreeSet<>(List.of(b.split(",")));
        out.removeAll(List.of(a.split(",")));
        return String.join(",", out);
    };

    @Test
    void aGtidTheSourceShowsOnlyOnTheSecondReadIsNotErrant() {
        Deque<String> aReads = new ArrayDeque<>(List.of("u:1,u:2", "u:1,u:2,u:3"));
        String errant = Preflight.notYetOnA("u:1,u:2,u:3", aReads::poll, SUBTRACT, Preflight.RECHECKS, 1);
        assertThat(errant).isEmpty();
        assertThat(aReads).isEmpty();
    }

    @Test
    void aGtidTheSourceNeverGetsIsErrant() {
        int[] reads = {0};
        String errant = Preflight.notYetOnA("u:1,u:2,b:7", () -> {
            reads[0]++;
            return "u:1,u:2";
        }, SUBTRACT, Preflight.RECHECKS, 1);
        assertThat(errant).isEqualTo("b:7");
        assertThat(reads[0]).isEqualTo(1 + Preflight.RECHECKS);
    }

    @Test
    void noErrantMeansOneRead() {
        int[] reads = {0};
        assertThat(Preflight.notYetOnA("u:1", () -> {
            reads[0]++;
            return "u:1,u:2";
        }, SUBTRACT, Preflight.RECHECKS, 1)).isEmpty();
        assertThat(reads[0]).isEqualTo(1);
    }
}
