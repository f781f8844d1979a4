package io.dbflip.config;

import io.dbflip.DbflipException;
import io.dbflip.ErrorCode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * The config loader's fuzzer (bench/fuzz-config): N mutated inputs; a failure is any exception that is
 * not a USAGE DbflipException, or the planted secret in a message or warning. Inputs slower than
 * 100 ms are counted and the worst is kept. Prints the figures; exit 1 when anything failed.
 */
public final class ConfigFuzz {
    public static void main(String[] args) throws Exception {
        long n = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 1;
        Path keep = Path.of(args.length > 2 ? args[2] : "target/fuzz-config");
        Files.createDirectories(keep);
        ConfigMutator mutator = new ConfigMutator(new Random(seed), Files.readString(Path.of("docs/dbflip.example.yaml")));
        String example = Files.readString(Path.of("docs/dbflip.example.yaml"));
        for (int w = 0; w < 3000; w++) {
            ConfigLoader.parse("warm-up.yaml", example); // compile the hot paths first: the 100 ms bound is for the loader, not the JIT
        }
        long ok = 0, usage = 0, failures = 0, slow = 0, worstNanos = 0;
        long start = System.nanoTime();
        for (long i = 0; i < n; i++) {
            String input = mutator.next();
            long t0 = System.nanoTime();
            String problem = null;
            try {
                DbflipConfig c = ConfigLoader.parse("fuzz.yaml", input);
                ok++;
                if (String.join("\n", c.warnings()).contains(ConfigMutator.SECRET) || c.toString().contains(ConfigMutator.SECRET)) {
                    problem = "secret in warnings or toString";
                }
            } catch (DbflipException e) {
                usage++;
                if (e.code() != ErrorCode.USAGE) {
                    problem = "code " + e.code();
                } else if (e.getMessage().contains(ConfigMutator.SECRET)) {
                    problem = "secret in message: " + e.getMessage();
                }
            } catch (Throwable t) {
                problem = t.toString();
            }
            long took = System.nanoTime() - t0;
            if (took > 100_000_000L) {
                took = retime(input, took); // the machine is shared: count it only if it is slow every time
            }
            if (took > 100_000_000L) {
                slow++;
                Files.writeString(keep.resolve("slow-" + i + ".yaml"), input);
            }
            worstNanos = Math.max(worstNanos, took);
            if ((i + 1) % 10_000 == 0) {
                System.out.printf("... %d inputs, %.0fs, failures=%d slow=%d%n", i + 1, (System.nanoTime() - start) / 1e9, failures, slow);
            }
            if (problem != null) {
                failures++;
                if (failures <= 20) {
                    System.out.println("FAILURE #" + i + ": " + problem);
                    Files.writeString(keep.resolve("failure-" + i + ".yaml"), input);
                }
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("inputs=%d seed=%d time=%.1fs inputs/s=%.0f valid=%d usage-errors=%d failures=%d slow(>100ms)=%d worst=%.1fms%n",
                n, seed, seconds, n / seconds, ok, usage, failures, slow, worstNanos / 1e6);
        System.exit(failures > 0 || slow > 0 ? 1 : 0);
    }

    /** The fastest of three more runs of a slow input. */
    private static long retime(String input, long first) {
        long best = first;
        for (int r = 0; r < 3; r++) {
            long t0 = System.nanoTime();
            try {
                ConfigLoader.parse("fuzz.yaml", input);
            } catch (RuntimeException e) {
                // already judged on the first run
            }
            best = Math.min(best, System.nanoTime() - t0);
        }
        return best;
    }
}
