package io.dbflip.fence;

import java.util.List;

/**
 * A way to stop client writes on one server, and to allow them again. The config value
 * ({@code fence: read-only}) equals {@link #name()}. A fence must not be undone by replication:
 * whatever it changes on one side must not reach the other.
 */
public interface Fence {
    String name();

    /** Problems that would stop this fence from working on this side (privileges, flavor); empty when it can work. */
    List<String> preflight(FenceContext ctx);

    /** What {@link #apply} ({@code on}) or {@link #lift} would do, printable (no secrets). */
    List<String> describe(FenceContext ctx, boolean on);

    /** Get ready before the write blackout: look up accounts, set session options, build statements. */
    default void prepare(FenceContext ctx) {
    }

    /** Stop client writes. Must be fast and bounded: it runs inside the write blackout. */
    void apply(FenceContext ctx);

    /** Allow client writes again. */
    void lift(FenceContext ctx);

    /**
     * Whether the fence holds now, read from the server (recovery after a crash decides by it);
     * null when this fence cannot tell.
     */
    default Boolean applied(FenceContext ctx) {
        return null;
    }

    /** True when the fence does not end open sessions by itself, so the kill step must always follow it. */
    default boolean needsKill() {
        return true;
    }
}
