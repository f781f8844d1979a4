package io.dbflip.flip;

/** One step as it ran: its number and name, when, how long, the result and details (no secrets). */
public record StepRecord(int no, String name, long startEpochMicros, long endEpochMicros, double millis,
                         String result, String details) {
}
