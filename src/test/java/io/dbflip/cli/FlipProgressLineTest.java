package io.dbflip.cli;

import io.dbflip.flip.StepRecord;
import io.dbflip.journal.StepKind;
import io.dbflip.journal.StepResult;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The flip's progress line, built without printf, reads as the printf it replaced wrote it. */
class FlipProgressLineTest {
    @Test
    void theLineMatchesThePrintfFormat() {
        for (double ms : new double[]{0.0, 0.004, 0.5, 7.0501, 12.3456, 999.999, 1234.5, 123456.78}) {
            for (String details : new String[]{null, "reached GTIDs x:1-5"}) {
                StepRecord s = new StepRecord(StepKind.STEP, 7, "wait for B to catch up", 0, 0, ms, StepResult.OK, details);
                String printf = String.format("  %3d %-30s %8.2f ms  %s%s", s.no(), s.name(), s.millis(), s.result(),
                        details == null ? "" : "  " + details);
                assertThat(FlipCommand.line(s)).as("%s ms", ms).isEqualTo(printf);
            }
        }
        StepRecord longName = new StepRecord(StepKind.STEP, 12, "stop and reset replication on B, and more words", 0, 0, 3.2,
                StepResult.FAILED, "x");
        assertThat(FlipCommand.line(longName)).isEqualTo(String.format("  %3d %-30s %8.2f ms  %s%s", 12, longName.name(), 3.2,
                StepResult.FAILED, "  x"));
    }
}
