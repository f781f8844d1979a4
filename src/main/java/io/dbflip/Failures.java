package io.dbflip;

/**
 * How an exception dbflip did not expect is named in a message: its class always, its message when
 * it has one. Some JDK exceptions (OverlappingFileLockException, NullPointerException without
 * helpful messages) carry none, and "null" tells an operator nothing.
 */
public final class Failures {
    private Failures() {
    }

    /**
     * For work that goes on after a failure and throws at the end: the first failure, with each later one
     * added to it as suppressed. {@code first} is null until something has failed.
     */
    public static <E extends Throwable> E keepFirst(E first, E next) {
        if (first == null) {
            return next;
        }
        first.addSuppressed(next);
        return first;
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
