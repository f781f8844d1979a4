package io.dbflip.dns;

import java.time.Duration;
import java.util.List;

/**
 * A DNS switch that changed every zone and read every record back.
 *
 * @param total the wall time of {@link DnsSwitch.Prepared#apply()}: all zones in parallel, apply and verify
 */
public record SwitchResult(List<ZoneTiming> zones, Duration total) {
}
