package io.dbflip.flip;

import io.dbflip.journal.StepKind;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link FlipListener#both}: each of the two hears every event, of every kind, in order. */
class FlipListenerTest {
    @Test
    void bothForwardsUndosAndResumesAsWellAsTheFlipsOwnSteps() {
        List<String> heard = new ArrayList<>();
        FlipListener journalLike = new FlipListener() {
            @Override
            public void beforeStep(StepKind kind, int no, String name) {
                heard.add("first " + kind + " " + no);
            }
        };
        FlipListener faultLike = new FlipListener() {
            @Override
            public void beforeStep(int no, String name) {
                heard.add("second " + no);
            }
        };
        FlipListener both = FlipListener.both(journalLike, faultLike);
        both.beforeStep(StepKind.STEP, 7, "catch-up");
        both.beforeStep(StepKind.UNDO, 3, "unfence A");
        both.beforeStep(StepKind.RESUME, 11, "reverse replication");
        // the fault listener's two-argument form hears only the flip's own steps, as it would alone
        assertThat(heard).containsExactly("first STEP 7", "second 7", "first UNDO 3", "first RESUME 11");
    }
}
