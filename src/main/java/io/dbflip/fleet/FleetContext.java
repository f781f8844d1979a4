package io.dbflip.fleet;

import io.dbflip.flip.FlipListener;
import io.dbflip.flip.FlipRunner;
import io.dbflip.flip.FlipSession;
import io.dbflip.journal.Journal;

import java.nio.file.Path;
import java.util.function.Function;

/**
 * What every cluster of a fleet run shares: the opener, the DNS planner, the journal (file or a
 * team's MySQL), who runs it, where reports go, and a listener per cluster (progress, fault tests).
 */
public record FleetContext(FlipSession.Opener opener, FlipRunner.DnsPlanner dns, Journal journal, String operator,
                           Path reportDir, Function<String, FlipListener> listeners) {
    public FlipListener listener(String cluster) {
        FlipListener l = listeners == null ? null : listeners.apply(cluster);
        return l == null ? FlipListener.NONE : l;
    }
}
