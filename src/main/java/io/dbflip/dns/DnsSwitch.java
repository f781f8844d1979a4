package io.dbflip.dns;

import io.dbflip.DbflipException;
import io.dbflip.config.DnsRecordConfig;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Points a cluster's DNS records at one side, in every zone at once. {@link #prepare} builds every zone's
 * change and its undo before the write blackout; {@link Prepared#apply()} sends the zones in parallel, reads
 * each record back from its authoritative server, and if any zone fails or reads back wrong, puts the zones it
 * changed back to their old values before it throws.
 */
public final class DnsSwitch {
    private final Map<String, DnsProvider> providers;
    private final Duration bound;

    /**
     * @param providers by their config name (a record's {@code provider} field)
     * @param bound     how long the whole apply may take before a zone counts as failed (providers have their own,
     *                  shorter, bounds; this one catches a provider that ignores them)
     */
    public DnsSwitch(Map<String, DnsProvider> providers, Duration bound) {
        this.providers = Map.copyOf(providers);
        this.bound = bound;
    }

    /** One zone of one provider: its change and the change that undoes it, both ready to send. */
    private record Group(String provider, DnsProvider impl, PreparedChange forward, PreparedChange undo, Duration prepare) {
        String label() {
            return forward.zone() + " (" + provider + ")";
        }
    }

    /** One record to move from one side's value to another's (a fleet's clusters go different ways). */
    public record Move(DnsRecordConfig record, String fromSide, String toSide) {
    }

    /** Build every zone's change from {@code fromSide}'s values to {@code toSide}'s. */
    public Prepared prepare(List<DnsRecordConfig> records, String fromSide, String toSide) {
        return prepareMoves(records.stream().map(r -> new Move(r, fromSide, toSide)).toList());
    }

    /**
     * Build one change per zone (and provider) for all the moves, whoever they belong to: many clusters'
     * records in one zone go out as one message (one RFC 2136 update, one Route 53 change batch).
     */
    public Prepared prepareMoves(List<Move> moves) {
        Map<String, List<RecordChange>> byZone = new LinkedHashMap<>();
        for (Move m : moves) {
            DnsRecordConfig r = m.record();
            RecordChange c = new RecordChange(r.zone(), r.name(), r.type(), r.ttl(), value(r, m.toSide()), value(r, m.fromSide()));
            byZone.computeIfAbsent(r.provider() + "\u0000" + c.zone(), k -> new ArrayList<>()).add(c);
        }
        List<Group> groups = new ArrayList<>();
        for (Map.Entry<String, List<RecordChange>> e : byZone.entrySet()) {
            String provider = e.getKey().substring(0, e.getKey().indexOf('\u0000'));
            DnsProvider impl = provider(provider);
            List<RecordChange> all = e.getValue();
            // past the provider's limit of records per message, the zone goes out as several messages
            int max = Math.max(1, impl.maxRecordsPerMessage());
            for (int from = 0; from < all.size(); from += max) {
                List<RecordChange> part = all.subList(from, Math.min(all.size(), from + max));
                long t0 = System.nanoTime();
                PreparedChange forward = impl.prepare(part);
                PreparedChange undo = impl.prepare(part.stream().map(RecordChange::reversed).toList());
                groups.add(new Group(provider, impl, forward, undo, Duration.ofNanos(System.nanoTime() - t0)));
            }
        }
        return new Prepared(groups, bound);
    }

    /** A switch ready to run. Close it to release its threads. */
    public static final class Prepared implements AutoCloseable {
        private final List<Group> groups;
        private final Duration bound;
        private final ThreadPoolExecutor executor;

        private Prepared(List<Group> groups, Duration bound) {
            this.groups = groups;
            this.bound = bound;
            int n = Math.max(1, groups.size());
            this.executor = new ThreadPoolExecutor(n, n, 5, TimeUnit.MINUTES, new LinkedBlockingQueue<>(), r -> {
                Thread t = new Thread(r, "dbflip-dns");
                t.setDaemon(true);
                return t;
            });
            // a prepared change that is never sent or closed (a flip that failed before DNS, the undo of one
            // that succeeded) must not keep its threads for the life of a long-running process (dbflip serve)
            executor.allowCoreThreadTimeOut(true);
            executor.prestartAllCoreThreads();
        }

        public List<PreparedChange> changes() {
            return groups.stream().map(Group::forward).toList();
        }

        /** Change every zone in parallel and read every record back; on any failure revert and throw. */
        public SwitchResult apply() {
            return apply(true);
        }

        /**
         * Change every zone in parallel, without the read-back: each update's answer (NOERROR to a
         * TSIG-signed RFC 2136 update whose prerequisite names the old value; a change batch Route 53
         * reports INSYNC) already says it was applied whole. The flip's window sends this way and reads
         * back after the unfence ({@link #readBack()}). On any failure revert and throw, as {@link #apply()}.
         */
        public SwitchResult send() {
            return apply(false);
        }

        /**
         * Reads every record of every zone back from its authoritative server, in parallel; throws a
         * {@link DnsException} naming the first record that does not hold its new value and TTL.
         * Returns how long it took. Reverts nothing: the caller decides what a mismatch means.
         */
        public Duration readBack() {
            long start = System.nanoTime();
            eachZone(Prepared::check, "read-back", false);
            return Duration.ofNanos(System.nanoTime() - start);
        }

        /**
         * Before the window: every zone's {@link PreparedChange#warm()} through the same threads, futures and
         * bounded waits as {@link #send()}. Changes nothing; throws the first failure (nothing to revert).
         */
        public void warm() {
            eachZone(g -> g.forward.warm(), "warm-up (a no-op update)", true);
        }

        /**
         * Runs {@code task} for every zone in parallel on this change's threads, bounded as a whole by the
         * switch's bound, and throws the first failure as a {@link DnsException} naming the zone (a
         * timeout or an interruption says {@code what} got no answer or was interrupted).
         */
        private void eachZone(java.util.function.Consumer<Group> task, String what, boolean unchanged) {
            List<Future<?>> futures = new ArrayList<>();
            for (Group g : groups) {
                futures.add(executor.submit(() -> {
                    task.accept(g);
                    return null;
                }));
            }
            long deadline = System.nanoTime() + bound.toNanos();
            for (int i = 0; i < futures.size(); i++) {
                Future<?> f = futures.get(i);
                String zone = groups.get(i).forward.zone();
                try {
                    f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof RuntimeException r ? r
                            : new DnsException(zone, "", what + " failed: " + e.getCause(), unchanged, e.getCause());
                } catch (TimeoutException e) {
                    f.cancel(true);
                    throw new DnsException(zone, "", what + " got no answer within " + bound.toMillis() + " ms", unchanged, null);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new DnsException(zone, "", "interrupted during the " + what, unchanged, null);
                }
            }
        }

        private SwitchResult apply(boolean readBack) {
            long start = System.nanoTime();
            List<Future<ZoneTiming>> futures = new ArrayList<>();
            for (Group g : groups) {
                futures.add(executor.submit(() -> applyAndVerify(g, readBack)));
            }
            List<ZoneTiming> timings = new ArrayList<>();
            List<Group> toRevert = new ArrayList<>();
            List<String> failed = new ArrayList<>();
            Throwable firstCause = null;
            long deadline = start + bound.toNanos();
            for (int i = 0; i < groups.size(); i++) {
                Group g = groups.get(i);
                try {
                    timings.add(futures.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
                    toRevert.add(g);
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    firstCause = firstCause == null ? cause : firstCause;
                    failed.add(g.label() + ": " + cause.getMessage());
                    // an answered error changed nothing (updates are atomic); anything else may have changed
                    if (!(cause instanceof DnsException d && d.unchanged())) {
                        toRevert.add(g);
                    }
                } catch (TimeoutException e) {
                    futures.get(i).cancel(true);
                    failed.add(g.label() + ": no result within " + bound.toMillis() + " ms");
                    toRevert.add(g);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    failed.add(g.label() + ": interrupted");
                    toRevert.add(g);
                }
            }
            if (failed.isEmpty()) {
                return new SwitchResult(timings, Duration.ofNanos(System.nanoTime() - start));
            }
            throw revert(toRevert, failed, firstCause);
        }

        private static ZoneTiming applyAndVerify(Group g, boolean readBack) {
            long t0 = System.nanoTime();
            g.forward.apply();
            long t1 = System.nanoTime();
            if (readBack) {
                check(g);
            }
            long t2 = System.nanoTime();
            return new ZoneTiming(g.provider, g.forward.zone(), g.forward.changes().size(), g.prepare,
                    Duration.ofNanos(t1 - t0), readBack ? Duration.ofNanos(t2 - t1) : Duration.ZERO);
        }

        /** Every record of the group holds its new value and TTL on the authoritative server. */
        private static void check(Group g) {
            List<RecordChange> changed = g.forward.changes();
            List<RecordState> states = g.impl.readAll(changed);
            for (int i = 0; i < changed.size(); i++) {
                RecordChange c = changed.get(i);
                RecordState now = states.get(i);
                if (!now.is(c.newValue()) || now.ttl() != c.ttl()) {
                    throw new DnsException(c.zone(), c.label(), "read back " + now.values() + " TTL " + now.ttl()
                            + " from the authoritative server after the change, expected " + c.newValue()
                            + " TTL " + c.ttl(), false, null);
                }
            }
        }

        /** Put the changed zones back in parallel, then build the exception that says what happened to each. */
        private DnsSwitchException revert(List<Group> changed, List<String> failed, Throwable cause) {
            List<Future<?>> undos = new ArrayList<>();
            for (Group g : changed) {
                undos.add(executor.submit(() -> g.undo.apply()));
            }
            List<String> reverted = new ArrayList<>();
            List<String> notReverted = new ArrayList<>();
            for (int i = 0; i < changed.size(); i++) {
                Group g = changed.get(i);
                try {
                    undos.get(i).get(bound.toMillis(), TimeUnit.MILLISECONDS);
                    reverted.add(g.label());
                } catch (ExecutionException e) {
                    // NXRRSET: the record does not hold the new value, so the forward change never landed
                    if (e.getCause() instanceof DnsException d && d.getMessage().contains("NXRRSET")) {
                        reverted.add(g.label() + " (was not changed)");
                    } else {
                        notReverted.add(g.label() + ": " + e.getCause().getMessage());
                    }
                } catch (TimeoutException | InterruptedException e) {
                    notReverted.add(g.label() + ": revert got no answer within " + bound.toMillis() + " ms");
                }
            }
            StringBuilder m = new StringBuilder("DNS switch failed. Failed: ").append(String.join("; ", failed));
            m.append(". Changed and reverted to the old values: ").append(reverted.isEmpty() ? "none" : String.join(", ", reverted));
            if (!notReverted.isEmpty()) {
                m.append(". NOT reverted, fix by hand: ").append(String.join("; ", notReverted));
            }
            return new DnsSwitchException(m.toString(), failed, reverted, notReverted, cause);
        }

        @Override
        public void close() {
            executor.shutdownNow();
        }
    }

    /**
     * Preflight: every record exists, points at {@code expectedSide}'s value, has a TTL within {@code maxTtl},
     * and its provider answers and accepts our credentials. Changes nothing.
     */
    public List<DnsCheck> check(List<DnsRecordConfig> records, String expectedSide, int maxTtl) {
        List<DnsCheck> out = new ArrayList<>();
        for (DnsRecordConfig r : records) {
            String label = RecordChange.absolute(r.name()) + " " + r.type();
            try {
                RecordChange c = new RecordChange(r.zone(), r.name(), r.type(), r.ttl(), value(r, expectedSide), null);
                DnsProvider p = provider(r.provider());
                RecordState now = p.read(c);
                if (!now.exists()) {
                    out.add(new DnsCheck(label, false, "does not exist in zone " + c.zone() + "; create it pointing at "
                            + c.newValue()));
                } else if (!now.is(c.newValue())) {
                    out.add(new DnsCheck(label, false, "points at " + String.join(",", now.values()) + ", not at "
                            + expectedSide + " (" + c.newValue() + ")"));
                } else if (now.ttl() > maxTtl) {
                    out.add(new DnsCheck(label, false, "TTL " + now.ttl() + " s is above max_ttl " + maxTtl
                            + " s; lower it and wait for the old TTL to pass"));
                } else if (r.ttl() > maxTtl) {
                    out.add(new DnsCheck(label, false, "configured ttl " + r.ttl() + " s is above max_ttl " + maxTtl + " s"));
                } else {
                    p.checkAccess(c);
                    out.add(new DnsCheck(label, true, "points at " + expectedSide + " (" + c.newValue() + "), TTL "
                            + now.ttl() + " s; " + r.provider() + " accepts our credentials"));
                }
            } catch (DbflipException e) {
                out.add(new DnsCheck(label, false, e.getMessage()));
            }
        }
        return out;
    }

    private DnsProvider provider(String name) {
        DnsProvider p = providers.get(name);
        if (p == null) {
            throw DbflipException.usage("DNS record provider '" + name + "' is not declared under dns_providers");
        }
        return p;
    }

    private static String value(DnsRecordConfig r, String side) {
        String v = r.values() == null ? null : r.values().get(side);
        if (v == null) {
            throw DbflipException.usage("dns record " + r.name() + ": values has no entry for side '" + side + "'");
        }
        return v;
    }

    static String singleZone(List<RecordChange> changes) {
        if (changes.isEmpty()) {
            throw new IllegalArgumentException("no records to change");
        }
        String zone = changes.get(0).zone();
        for (RecordChange c : changes) {
            if (!c.zone().equals(zone)) {
                throw new IllegalArgumentException("one prepared change per zone: " + zone + " and " + c.zone());
            }
        }
        return zone;
    }
}
