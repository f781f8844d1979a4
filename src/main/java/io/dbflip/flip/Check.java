package io.dbflip.flip;

/** One preflight check: its name, whether it passed, why, and the one-line fix when there is one. */
public record Check(String name, boolean ok, String reason, String fix) {
    public static Check pass(String name, String reason) {
        return new Check(name, true, reason, null);
    }

    public static Check fail(String name, String reason, String fix) {
        return new Check(name, false, reason, fix);
    }

    @Override
    public String toString() {
        return (ok ? "  ok    " : "  FAIL  ") + name + ": " + reason + (fix == null || ok ? "" : "\n        fix: " + fix);
    }
}
