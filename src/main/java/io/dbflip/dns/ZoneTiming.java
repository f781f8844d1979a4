package io.dbflip.dns;

import java.time.Duration;

/** Where one zone's share of a DNS switch went, for the flip report. */
public record ZoneTiming(String provider, String zone, int records, Duration prepare, Duration apply, Duration verify) {
}
