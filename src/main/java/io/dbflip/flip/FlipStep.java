package io.dbflip.flip;

import java.util.Arrays;
import java.util.List;

/**
 * The flip's steps, declared once (DESIGN.md, "The flip"): number, name, whether it is inside the
 * write blackout, and what undoes it when the flip rolls back. The runner runs them in this order,
 * the plan describes them, the journal and the reports record them by number and name, and recovery
 * reads the journal by them.
 */
public enum FlipStep {
    PRE_FLIP_HOOKS(0, "pre-flip hooks", false),
    PREPARE_A(1, "flush tables on A, its events off", false),
    FENCE_B(2, "make sure B is fenced", false),
    FENCE_A(3, "fence A", true),
    KILL_A(4, "end client sessions on A", true),
    FLUSH_A_AGAIN(5, "flush tables on A again", true),
    READ_A_FINAL(6, "read A's final position", true),
    CATCH_UP(7, "wait for B to catch up", true),
    READ_B_POSITION(8, "read B's position", true),
    SWITCH_DNS(9, "point DNS at B", true),
    UNFENCE_B(10, "unfence B", true),
    REVERSE_REPLICATION(11, "make A a replica of B", false),
    RESET_B(12, "stop and reset replication on B", false),
    CHECK(13, "check", false),
    POST_FLIP_HOOKS(14, "post-flip hooks", false);

    /** The step at which B takes writes: failures before it roll back, after it roll forward. */
    public static final FlipStep POINT_OF_NO_RETURN = UNFENCE_B;

    private final int no;
    private final String title;
    private final boolean inBlackout;

    FlipStep(int no, String title, boolean inBlackout) {
        this.no = no;
        this.title = title;
        this.inBlackout = inBlackout;
    }

    public int no() {
        return no;
    }

    public String title() {
        return title;
    }

    /** Steps 3 to 10: writes are blocked from the fence of A to the unfence of B. */
    public boolean inBlackout() {
        return inBlackout;
    }

    /** What undoes this step on a rollback (none: nothing to undo, or it changed nothing). */
    public List<Undo> undoneBy() {
        return Arrays.stream(Undo.values()).filter(u -> u.undoes() == this).toList();
    }

    public static FlipStep of(int no) {
        for (FlipStep s : values()) {
            if (s.no == no) {
                return s;
            }
        }
        throw new IllegalArgumentException("no flip step " + no);
    }

    /**
     * The undo actions, in the order a rollback runs them: the DNS records back to A first, B
     * fenced again, A unfenced last (so both never take writes), then A's events on again. Each
     * is journaled as an undo of the step it names.
     */
    public enum Undo {
        DNS_BACK(SWITCH_DNS, "DNS back to A"),
        FENCE_B_AGAIN(UNFENCE_B, "fence B again"),
        /** Only after a crash: B's replication from A may have been stopped; the flip never stops it before step 12. */
        B_REPLICATES_FROM_A(RESET_B, "B replicates from A"),
        UNFENCE_A(FENCE_A, "unfence A"),
        A_EVENTS_ON(PREPARE_A, "A's events back on");

        private final FlipStep undoes;
        private final String title;

        Undo(FlipStep undoes, String title) {
            this.undoes = undoes;
            this.title = title;
        }

        public FlipStep undoes() {
            return undoes;
        }

        public String title() {
            return title;
        }
    }
}
