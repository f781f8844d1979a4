package io.dbflip.progress;

import java.io.PrintStream;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Where progress goes and how it is drawn: {@link Mode#TERMINAL} redraws one line in place (a bar),
 * {@link Mode#PLAIN} prints a line every few seconds (a CI log, a file), {@link Mode#QUIET} prints
 * nothing. The CLI picks the mode: quiet with {@code --quiet}, a terminal when
 * {@code System.console() != null}, plain otherwise. Always standard error, never standard output:
 * {@code --json} output stays parseable.
 */
public final class ProgressOutput {
    public enum Mode { TERMINAL, PLAIN, QUIET }

    /** Prints nothing. */
    public static final ProgressOutput QUIET = new ProgressOutput(null, Mode.QUIET, Duration.ZERO, System::nanoTime);

    /** A plain line every 5 s at most: a CI log stays readable through an hour's import. */
    public static final Duration PLAIN_EVERY = Duration.ofSeconds(5);
    /** A terminal's bar redraws at most this often. */
    public static final Duration TERMINAL_EVERY = Duration.ofMillis(200);

    private final PrintStream out;
    private final Mode mode;
    private final Duration every;
    private final LongSupplier clock;

    ProgressOutput(PrintStream out, Mode mode, Duration every, LongSupplier clock) {
        this.out = out;
        this.mode = mode;
        this.every = every;
        this.clock = clock;
    }

    public static ProgressOutput of(PrintStream out, Mode mode) {
        return mode == Mode.QUIET ? QUIET : new ProgressOutput(out, mode,
                mode == Mode.TERMINAL ? TERMINAL_EVERY : PLAIN_EVERY, System::nanoTime);
    }

    /** Plain lines at the given interval (the backup's own log keeps its line a second). */
    public static ProgressOutput plain(PrintStream out, Duration every) {
        return new ProgressOutput(out, Mode.PLAIN, every, System::nanoTime);
    }

    /** A given clock (nanoseconds) and interval: for tests that drive time themselves. */
    public static ProgressOutput withClock(PrintStream out, Mode mode, Duration every, LongSupplier clock) {
        return new ProgressOutput(out, mode, every, clock);
    }

    public Mode mode() {
        return mode;
    }

    /** A task named {@code what} ("restore s3://b/p"), of {@code total} units (0 or less: unknown). */
    public Progress start(String what, long total, Unit unit) {
        if (mode == Mode.QUIET) {
            return Progress.NONE;
        }
        return new ProgressLine(out, mode == Mode.TERMINAL, every.toNanos(), clock, what, total, unit);
    }

    /**
     * A one-off line (a waiter's state change, a fleet's event): printed in both modes, dropped when
     * quiet. On a terminal it first clears the line a bar may hold; the bar redraws at its next update.
     */
    public void note(String line) {
        if (mode != Mode.QUIET) {
            synchronized (out) {
                out.println((mode == Mode.TERMINAL ? "\r\u001b[K" : "") + line);
            }
        }
    }
}
