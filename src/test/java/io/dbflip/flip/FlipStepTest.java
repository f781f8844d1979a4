package io.dbflip.flip;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dbflip.journal.StepKind;
import io.dbflip.journal.StepResult;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class FlipStepTest {
    @Test
    void theStepsAreDESIGNsFifteenInOrderWithTheBlackoutFromTheFenceOfAToTheUnfenceOfB() {
        assertThat(Arrays.stream(FlipStep.values()).mapToInt(FlipStep::no).toArray()).containsExactly(IntStream.rangeClosed(0, 14).toArray());
        assertThat(Arrays.stream(FlipStep.values()).filter(FlipStep::inBlackout).map(FlipStep::no))
                .containsExactly(3, 4, 5, 6, 7, 8, 9, 10);
        assertThat(FlipStep.POINT_OF_NO_RETURN).isEqualTo(FlipStep.UNFENCE_B);
        assertThat(FlipRunner.POINT_OF_NO_RETURN).isEqualTo(10);
        assertThat(FlipStep.of(7)).isEqualTo(FlipStep.CATCH_UP);
    }

    @Test
    void aRollbackUndoesDnsFirstAndUnfencesALast() {
        assertThat(FlipStep.Undo.values()).extracting(FlipStep.Undo::undoes).containsExactly(FlipStep.SWITCH_DNS,
                FlipStep.UNFENCE_B, FlipStep.RESET_B, FlipStep.FENCE_A, FlipStep.PREPARE_A);
        assertThat(FlipStep.FENCE_A.undoneBy()).containsExactly(FlipStep.Undo.UNFENCE_A);
        assertThat(FlipStep.CATCH_UP.undoneBy()).isEmpty();
    }

    @Test
    void aReportKeepsItsWordsAndAnOldReportReadsWithKinds() throws Exception {
        ObjectMapper json = new ObjectMapper();
        StepRecord undo = new StepRecord(StepKind.UNDO, 9, "undo: DNS back to A", 1, 2, 0.001, StepResult.UNDONE, "ok");
        String written = json.writeValueAsString(undo);
        assertThat(written).contains("\"result\":\"undone\"").contains("\"kind\":\"UNDO\"").contains("\"no\":9");
        assertThat(json.readValue(written, StepRecord.class)).isEqualTo(undo);
        StepRecord old = json.readValue("{\"no\":101,\"name\":\"undo: DNS back to A\",\"startEpochMicros\":1,"
                + "\"endEpochMicros\":2,\"millis\":0.001,\"result\":\"undone\",\"details\":\"ok\"}", StepRecord.class);
        assertThat(old.kind()).isEqualTo(StepKind.UNDO);
        assertThat(old.result()).isEqualTo(StepResult.UNDONE);
        assertThat(old.is(FlipStep.CATCH_UP)).isFalse();
        assertThat(new StepRecord(7, "wait for B to catch up", 1, 2, 0.001, "failed", null).is(FlipStep.CATCH_UP)).isTrue();
    }

    @Test
    void everyReportWordMapsToOneJournalOutcome() {
        for (FlipEnd e : FlipEnd.values()) {
            assertThat(FlipEnd.of(e.word())).isEqualTo(e);
        }
        assertThat(FlipEnd.of(FlipRunner.FAILED_FORWARD).journal()).as("stays open for dbflip resume").isNull();
    }
}
