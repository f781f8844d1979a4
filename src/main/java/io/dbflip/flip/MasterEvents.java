package io.dbflip.flip;

import io.dbflip.fence.Privileges;
import io.dbflip.mysql.Catalog;
import io.dbflip.mysql.Dialect;
import io.dbflip.mysql.Server;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Events run on the master only: a replica keeps them disabled on the replica side (MariaDB and
 * MySQL do it on replication, the objects step on apply; MySQL calls the state
 * REPLICA_SIDE_DISABLED, MariaDB SLAVESIDE_DISABLED). The flip turns A's off before its fence and
 * B's on once B is the master; a rollback turns A's on again.
 */
final class MasterEvents {
    private MasterEvents() {
    }

    /** Turns A's enabled events off the way a replica keeps them; returns schema.name of each. */
    static List<String> pause(Server a) {
        return alter(a, "ENABLED", a.dialect().disableOnReplica());
    }

    /** Turns on every event the server keeps disabled as a replica (either state name). */
    static String resume(Server srv) {
        List<String> on = alter(srv, null, "ENABLE");
        return on.isEmpty() ? "no event to turn on" : "events on: " + on;
    }

    /**
     * Now B is the master: enable its events there. A's were turned off at step 1, before its
     * fence; one created on A since (by an account that writes through the fence) is turned off now
     * if the fence permits, else named in a note.
     */
    static String followTheMaster(FlipSession s, Consumer<String> notes) {
        List<String> done = new ArrayList<>();
        List<String> on = alter(s.bAdmin, null, "ENABLE");
        if (!on.isEmpty()) {
            done.add(s.b.role() + " on: " + on);
        }
        Server a = s.aAdmin;
        if (a.dialect().hasSuperReadOnly() && "1".equals(a.variable("super_read_only"))) {
            List<Catalog.Event> left = Catalog.events(a, List.of("ENABLED"));
            if (!left.isEmpty()) {
                // super_read_only refuses ALTER EVENT, and refuses the event's writes just the same
                notes.accept(s.a.role() + " has enabled events " + left.stream().map(Catalog.Event::toString).toList()
                        + " that super_read_only keeps from writing; turn them off (ALTER EVENT … "
                        + a.dialect().disableOnReplica() + ") before " + s.a.role() + " is ever unfenced by hand");
            }
        } else {
            List<String> off = alter(a, "ENABLED", a.dialect().disableOnReplica());
            if (!off.isEmpty()) {
                done.add(s.a.role() + " off: " + off);
            }
        }
        return done.isEmpty() ? "no event to move" : "events: " + String.join("; ", done);
    }

    /**
     * ALTER EVENT … {@code clause} on the user events in {@code status} (null: either name of the
     * replica-side disabled state), with binary logging off for the statement so the change stays
     * on this server. Returns schema.name of each.
     */
    private static List<String> alter(Server srv, String status, String clause) {
        List<String> states = status != null ? List.of(status) : Dialect.REPLICA_SIDE_DISABLED;
        List<Catalog.Event> events = Catalog.events(srv, states);
        List<String> done = new ArrayList<>();
        if (events.isEmpty()) {
            return done;
        }
        // ALTER EVENT makes the admin the definer unless it names the event's own, which needs a privilege
        List<String> grants = Privileges.grantsOfCurrentUser(srv);
        boolean keepDefiner = Stream.of("SUPER", "SET USER", "SET_ANY_DEFINER", "SET_USER_ID")
                .anyMatch(p -> Privileges.hasGlobal(grants, p));
        srv.executeAll(srv.dialect().sessionBinlog(false));
        try {
            for (Catalog.Event e : events) {
                srv.execute(srv.dialect().alterEvent(e.schema(), e.name(), keepDefiner ? e.definer() : null, clause));
                done.add(e.toString());
            }
        } finally {
            srv.executeAll(srv.dialect().sessionBinlog(true));
        }
        return done;
    }
}
