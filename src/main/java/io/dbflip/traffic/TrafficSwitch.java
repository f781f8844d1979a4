package io.dbflip.traffic;

import io.dbflip.DbflipException;
import io.dbflip.config.TrafficConfig;

import java.time.Duration;
import java.util.List;

/** A proxy that sends the apps' writes to one side; its config value is the implementation's {@link #name()}. */
public interface TrafficSwitch {
    String name();

    /** What keeps the switch from working, one line per problem (empty: ready). */
    List<String> preflight(String currentRole, String otherRole);

    /** The switch from one side to the other, made before the write blackout. */
    Plan prepare(String fromRole, String toRole);

    /** One switch: {@link #apply} moves traffic and reads the state back; {@link #revert} moves it back. */
    interface Plan {
        List<String> describe();

        /** Moves the traffic and verifies it by reading the proxy's state back; throws when it did not take. */
        String apply();

        /** Puts the traffic back on the old side (rollback), verified the same way. */
        String revert();
    }

    static TrafficSwitch create(TrafficConfig config) {
        if (TrafficConfig.HAPROXY.equals(config.provider())) {
            return new HaproxyTraffic(config, new HaproxyRuntime(config.socket(), Duration.ofSeconds(2)));
        }
        throw DbflipException.usage("traffic.provider: '" + config.provider() + "' is not one of haproxy");
    }
}
