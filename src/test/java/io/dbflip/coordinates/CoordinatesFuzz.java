package io.dbflip.coordinates;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The fuzzing benchmark behind bench/fuzz-coordinates: N inputs (random text, markers followed by random text,
 * and mutated fixtures), each through every entry point. A failure is any exception other than
 * CoordinatesParseException, or an input that takes over 100 ms. Prints inputs, time, inputs/s and failures.
 * Usage: CoordinatesFuzz [INPUTS] [SEED]
 */
public final class CoordinatesFuzz {
    private static final long SLOW_NANOS = 100_000_000L;
    private static final String[] MARKERS = {"MySQL slave binlog position: ", "MySQL binlog position: ",
            "binlog_pos = ", "CHANGE MASTER TO ", "SET GLOBAL gtid_purged='", "bin.000001\t4\t", "[00] x "};

    public static void main(String[] args) {
        long inputs = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000L;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 20260101L;
        Random r = new Random(seed);
        CoordinatesParser parser = new CoordinatesParser();
        List<String> fixtures = Fixtures.FILES.stream().map(Fixtures::text).toList();
        List<String> failures = new ArrayList<>();
        long results = 0;
        long refusals = 0;
        long slowest = 0;
        long stalls = 0;
        long start = System.nanoTime();
        for (long n = 0; n < inputs; n++) {
            String input = switch ((int) (n % 4)) {
                case 0 -> Mutator.randomText(r, r.nextInt(200));
                case 1 -> MARKERS[r.nextInt(MARKERS.length)] + Mutator.randomText(r, r.nextInt(120));
                default -> Mutator.mutate(fixtures.get(r.nextInt(fixtures.size())), r);
            };
            long t0 = System.nanoTime();
            try {
                parser.scan(input, "fuzz").select(n % 2 == 0 ? Which.SOURCE : Which.SELF);
                results++;
            } catch (CoordinatesParseException e) {
                refusals++;
            } catch (RuntimeException | StackOverflowError e) {
                failures.add(e + " on input " + escape(input));
            }
            long took = System.nanoTime() - t0;
            slowest = Math.max(slowest, took);
            if (took > SLOW_NANOS) {
                // On a shared machine a GC pause or a descheduled thread also takes 100 ms: time the input again,
                // and call it slow only when its best of three runs still is.
                long best = Long.MAX_VALUE;
                for (int k = 0; k < 3; k++) {
                    long t1 = System.nanoTime();
                    try {
                        parser.scan(input, "fuzz");
                    } catch (RuntimeException e) {
                        // already classified above
                    }
                    best = Math.min(best, System.nanoTime() - t1);
                }
                if (best > SLOW_NANOS) {
                    failures.add("took " + best / 1_000_000 + " ms (best of 3) on input " + escape(input));
                } else {
                    stalls++;
                }
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("inputs:     %d (seed %d)%n", inputs, seed);
        System.out.printf("time:       %.1f s%n", seconds);
        System.out.printf("inputs/s:   %.0f%n", inputs / seconds);
        System.out.printf("results:    %d, refusals (CoordinatesParseException): %d%n", results, refusals);
        System.out.printf("slowest:    %.2f ms (first run; %d inputs over 100 ms ran under it when timed again: "
                + "pauses, not slow inputs)%n", slowest / 1e6, stalls);
        System.out.printf("failures:   %d%n", failures.size());
        failures.stream().limit(20).forEach(f -> System.out.println("  " + f));
        System.exit(failures.isEmpty() ? 0 : 1);
    }

    private static String escape(String s) {
        StringBuilder b = new StringBuilder("\"");
        s.chars().limit(300).forEach(c -> b.append(c >= 32 && c < 127 && c != '"' ? String.valueOf((char) c)
                : String.format("\\u%04x", c)));
        return b.append(s.length() > 300 ? "…\"" : "\"").toString();
    }
}
