package io.dbflip.journal;

import java.util.Map;

/**
 * Step rows written before the journal stored a kind: undo and resume records were numbered
 * 100 + n. A resume's n was the step it ran again; an undo's n only its place among the undos, so
 * the step it undid is read from its name — the names those versions wrote, fixed now.
 */
final class LegacySteps {
    /** Each undo name the old versions wrote (without the "undo: " prefix) and the step it undid. */
    private static final Map<String, Integer> UNDONE = Map.of(
            "DNS back to A", 9,
            "fence B again", 10,
            "make sure B is fenced", 10,
            "B replicates from A", 12,
            "unfence A", 3,
            "A's events back on", 1);

    private LegacySteps() {
    }

    static StepKind kind(int no, String name) {
        if (no < StepKind.LEGACY_OFFSET) {
            return StepKind.STEP;
        }
        return name != null && (name.startsWith("undo: ") || UNDONE.containsKey(name)) ? StepKind.UNDO : StepKind.RESUME;
    }

    static int stepNo(StepKind kind, int no, String name) {
        return switch (kind) {
            case STEP -> no;
            case RESUME -> no - StepKind.LEGACY_OFFSET;
            case UNDO -> UNDONE.getOrDefault(name.startsWith("undo: ") ? name.substring(6) : name, 0);
        };
    }
}
