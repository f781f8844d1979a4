package io.dbflip.flip;

import io.dbflip.DbflipException;
import io.dbflip.config.ClusterConfig;
import io.dbflip.config.SideConfig;
import io.dbflip.journal.ClusterLock;
import io.dbflip.journal.FlipId;
import io.dbflip.journal.FlipRecord;
import io.dbflip.journal.Journal;

import java.nio.file.Path;

/**
 * The one way a flip is put together — the topology read from the servers, the cluster's lock, the
 * flip journaled, its listener chain and its runner, its report saved — for the CLI
 * ({@link FlipOperation}), the fleet and recovery ({@link Recovery}) alike.
 */
public final class FlipFactory {
    private final ClusterConfig cluster;
    private final FlipSession.Opener opener;
    private final FlipRunner.DnsPlanner dns;
    private final Journal journal;

    public FlipFactory(ClusterConfig cluster, FlipSession.Opener opener, FlipRunner.DnsPlanner dns, Journal journal) {
        this.cluster = cluster;
        this.opener = opener;
        this.dns = dns;
        this.journal = journal;
    }

    /** Which side is the master now, read from the servers (never from the config's order). */
    public Topology topology() {
        return Topology.read(cluster, opener);
    }

    /** The cluster's lock for {@code operator}; refuses (PRECONDITION, naming the holder) when held. */
    public ClusterLock lock(String operator, boolean takeOverDead) {
        return journal.acquire(cluster.name(), operator, takeOverDead);
    }

    /** A new flip from {@code from} to {@code to}: journaled (under the lock the caller holds), its steps recorded there. */
    public FlipRunner begin(SideConfig from, SideConfig to, String operator, boolean dryRun, FlipListener listener) {
        FlipId id = journal.begin(cluster.name(), from.role(), to.role(), operator, dryRun);
        return new FlipRunner(cluster, from, to, opener, dns, new JournalListener(journal, id, listener), id.value());
    }

    /** A runner for a flip the journal holds (an interrupted one): its sides from the config, its records appended. */
    public FlipRunner reopen(FlipRecord f, boolean journaled) {
        FlipListener listener = journaled ? new JournalListener(journal, f.id(), FlipListener.NONE) : FlipListener.NONE;
        return new FlipRunner(cluster, side(f.fromSide()), side(f.toSide()), opener, dns, listener, f.id().value());
    }

    /** Saves a flip's report, and a failed flip's, into {@code dir}. */
    public static void save(FlipReport r, Path dir) {
        if (r != null && dir != null) {
            r.save(dir);
        }
    }

    public Journal journal() {
        return journal;
    }

    public ClusterConfig cluster() {
        return cluster;
    }

    private SideConfig side(String role) {
        return cluster.side(role).orElseThrow(() -> DbflipException.usage(cluster.name() + ": the journal names side '"
                + role + "', which the config no longer has"));
    }
}
