package io.dbflip;

/**
 * How an exception dbflip did not expect is named in a message: its class always, its message when
 * it has one. Some JDK exceptions (OverlappingFileLockException, NullPointerException without
 * helpful messages) carry none, and "null" tells an operator nothing.
 */
public final class Failures {
    private Failures() {
    }

    /** "OverlappingFileLockException (no message)", or "IOException: No space left on device". */
    public static String describe(Throwable t) {
        if (t == null) {
            return "unknown error (no exception)";
        }
        String m = t.getMessage();
        String name = t.getClass().getName().startsWith("java.") ? t.getClass().getSimpleName() : t.getClass().getName();
        return m == null || m.isBlank() ? name + " (no message)" : name + ": " + m;
    }
}
