package io.dbflip.verify;

import java.time.Duration;
import java.util.List;

/**
 * What a checksum run found.
 *
 * @param tables tables compared on both sides
 * @param chunks chunks compared
 * @param rows   rows counted on side A
 * @param warnings e.g. tables without a primary key, checksummed whole
 */
public record ChecksumReport(String sideA, String sideB, int tables, long chunks, long rows,
                             List<Difference> differences, List<String> warnings, Duration took) {

    public boolean inSync() {
        return differences.isEmpty();
    }

    public String describe() {
        StringBuilder b = new StringBuilder();
        b.append(String.format("checksummed %d tables, %d chunks, %d rows on %s and %s in %d ms: %s%n", tables, chunks,
                rows, sideA, sideB, took.toMillis(), inSync() ? "no difference" : differences.size() + " difference(s)"));
        warnings.forEach(w -> b.append("warning: ").append(w).append('\n'));
        differences.forEach(d -> b.append("DIFF ").append(d.describe(sideA, sideB)).append('\n'));
        return b.toString();
    }
}
