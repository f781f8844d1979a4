package io.dbflip.verify;

/**
 * One difference between the two sides.
 *
 * @param lower the chunk's lower boundary, exclusive, as key values ("" for the first chunk)
 * @param upper the chunk's upper boundary, inclusive ("" for the last chunk, which is open-ended
 *              so that rows past the end of side A are counted on side B)
 * @param rowsA rows of the chunk on side A (-1 when not counted, e.g. a missing table)
 */
public record Difference(String schema, String table, Kind kind, String lower, String upper, long rowsA, long rowsB,
                         String detail) {

    public enum Kind {
        /** The table exists on side B only. */
        MISSING_ON_A,
        /** The table exists on side A only. */
        MISSING_ON_B,
        /** The columns (names, order or types) differ: the rows were not compared. */
        COLUMNS_DIFFER,
        /** The chunk's row count or checksum differs. */
        CHUNK_DIFFERS
    }

    public String describe(String sideA, String sideB) {
        String t = "`" + schema + "`.`" + table + "`";
        return switch (kind) {
            case MISSING_ON_A -> t + ": exists on " + sideB + " only";
            case MISSING_ON_B -> t + ": exists on " + sideA + " only";
            case COLUMNS_DIFFER -> t + ": columns differ: " + detail;
            case CHUNK_DIFFERS -> t + " chunk " + (lower.isEmpty() ? "(start" : "(" + lower) + " .. "
                    + (upper.isEmpty() ? "end)" : upper + "]") + ": " + sideA + " " + rowsA + " rows, " + sideB + " "
                    + rowsB + " rows" + (rowsA == rowsB ? ", same count, different content" : "")
                    + (detail == null ? "" : " (" + detail + ")");
        };
    }
}
