package io.dbflip.dns;

import io.dbflip.DbflipException;
import io.dbflip.config.DnsProviderConfig;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TSIGRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;
import org.xbill.DNS.Update;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 2136 dynamic update signed with TSIG (dnsjava), sent straight to the zone's primary. One update
 * message per zone carries all its records, so a zone changes atomically; each record's old value is a
 * prerequisite, so a record someone else changed meanwhile makes the whole update fail (NXRRSET) instead of
 * being overwritten. Reads go to the same server, so they see the primary's data, not a cache.
 */
public final class Rfc2136Provider implements DnsProvider {
    public static final String TYPE = "rfc2136";
    /** Measured on loopback (bench/dns-switch): UDP is the faster of the two; see docs/dns.md. */
    public static final boolean DEFAULT_TCP = false;

    private final DnsProviderConfig config;
    private final InetSocketAddress server;
    private final boolean tcp;
    private final Duration timeout;

    public Rfc2136Provider(DnsProviderConfig config, boolean tcp, Duration timeout) {
        this.config = config;
        this.server = parseServer(config);
        this.tcp = tcp;
        this.timeout = timeout;
    }

    public Rfc2136Provider(DnsProviderConfig config) {
        this(config, DEFAULT_TCP, Duration.ofSeconds(1));
    }

    @Override
    public String name() {
        return TYPE;
    }

    @Override
    public PreparedChange prepare(List<RecordChange> changes) {
        String zone = DnsSwitch.singleZone(changes);
        Update update = new Update(name(zone, zone, null));
        for (RecordChange c : changes) {
            Name owner = name(zone, c.name(), c.label());
            int type = Type.value(c.type());
            try {
                if (c.oldValue() != null) {
                    update.present(owner, type, c.oldValue());
                }
                update.delete(owner, type);
                update.add(owner, type, c.ttl(), c.newValue());
            } catch (IOException e) {
                throw new DnsException(zone, c.label(), "bad value '" + c.newValue() + "': " + e.getMessage());
            }
        }
        SimpleResolver resolver = resolver(tsig());
        // one query now loads dnsjava's I/O path and its selector thread, and proves the server answers,
        // so the first send inside the blackout costs what every later one does
        exchange(resolver, Message.newQuery(Record.newRecord(name(zone, zone, null), Type.SOA, DClass.IN)), zone, "SOA", "query");
        // the update's harmless twin: only its prerequisites (each record holds its old value), signed
        Update twin = new Update(name(zone, zone, null));
        for (RecordChange c : changes) {
            if (c.oldValue() != null) {
                try {
                    twin.present(name(zone, c.name(), c.label()), Type.value(c.type()), c.oldValue());
                } catch (IOException e) {
                    throw new DnsException(zone, c.label(), "bad value '" + c.oldValue() + "': " + e.getMessage());
                }
            }
        }
        return new Prepared(zone, List.copyOf(changes), update, twin, resolver);
    }

    private final class Prepared implements PreparedChange {
        private final String zone;
        private final List<RecordChange> changes;
        private final Update update;
        private final Update twin;
        private final SimpleResolver resolver;

        Prepared(String zone, List<RecordChange> changes, Update update, Update twin, SimpleResolver resolver) {
            this.zone = zone;
            this.changes = changes;
            this.update = update;
            this.twin = twin;
            this.resolver = resolver;
        }

        @Override public String zone() { return zone; }
        @Override public List<RecordChange> changes() { return changes; }

        @Override
        public void apply() {
            send(resolver, update, zone, labels(changes), "update");
        }

        /**
         * A signed update holding only the real one's prerequisites (each record still has its old value):
         * the server checks them and the key, changes nothing and answers NOERROR, through the same resolver,
         * signing and answer checks as {@link #apply()}. A record that no longer holds its old value fails
         * here (NXRRSET), before the fence, as the real update would inside the window.
         */
        @Override
        public void warm() {
            send(resolver, twin, zone, labels(changes), "warm-up (a no-op update)");
        }
    }

    @Override
    public RecordState read(RecordChange record) {
        return state(record, exchange(resolver(null), query(record), record.zone(), record.label(), "query"));
    }

    /**
     * Every record's query sent at once (each on its own socket), the answers awaited together: a fleet's
     * shared update reads back its many records in about one round trip, not one per record.
     */
    @Override
    public List<RecordState> readAll(List<RecordChange> records) {
        if (records.size() < 2) {
            return DnsProvider.super.readAll(records);
        }
        SimpleResolver resolver = resolver(null);
        List<java.util.concurrent.CompletableFuture<Message>> answers = new ArrayList<>();
        for (RecordChange r : records) {
            answers.add(resolver.sendAsync(query(r)).toCompletableFuture());
        }
        List<RecordState> out = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            RecordChange r = records.get(i);
            try {
                out.add(state(r, answers.get(i).get(timeout.toMillis() + 500, java.util.concurrent.TimeUnit.MILLISECONDS)));
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                Throwable c = e instanceof java.util.concurrent.ExecutionException ? e.getCause() : e;
                throw new DnsException(r.zone(), r.label(), "no answer from " + server() + " to the query within "
                        + timeout.toMillis() + " ms (" + c.getClass().getSimpleName() + ": " + c.getMessage() + ")", false, c);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DnsException(r.zone(), r.label(), "interrupted while reading the record back", false, e);
            }
        }
        return out;
    }

    private Message query(RecordChange record) {
        return Message.newQuery(Record.newRecord(name(record.zone(), record.name(), record.label()), Type.value(record.type()), DClass.IN));
    }

    private RecordState state(RecordChange record, Message response) {
        Name owner = name(record.zone(), record.name(), record.label());
        int type = Type.value(record.type());
        int rcode = response.getRcode();
        if (rcode == Rcode.NXDOMAIN) {
            return RecordState.ABSENT;
        }
        if (rcode != Rcode.NOERROR) {
            throw new DnsException(record.zone(), record.label(), server() + " answered " + Rcode.string(rcode) + " to a query");
        }
        if (!response.getHeader().getFlag(Flags.AA)) {
            throw new DnsException(record.zone(), record.label(), server() + " is not authoritative for the zone; "
                    + "set the provider's server to the zone's primary");
        }
        List<String> values = new ArrayList<>();
        long ttl = -1;
        for (Record r : response.getSection(Section.ANSWER)) {
            if (r.getType() == type && r.getName().equals(owner)) {
                values.add(RecordChange.normalize(record.type(), r.rdataToString()));
                ttl = ttl < 0 ? r.getTTL() : Math.min(ttl, r.getTTL());
            }
        }
        return new RecordState(values, ttl);
    }

    /**
     * A signed update whose only content is a prerequisite (the current value is present): the server checks
     * the key and the zone, changes nothing, and answers NOERROR. It does not prove allow-update lets the key
     * change the zone (BIND checks that only for updates with content), but it catches a wrong secret, key name,
     * algorithm, zone or server.
     */
    @Override
    public void checkAccess(RecordChange current) {
        Update probe = new Update(name(current.zone(), current.zone(), null));
        try {
            probe.present(name(current.zone(), current.name(), current.label()), Type.value(current.type()), current.newValue());
        } catch (IOException e) {
            throw new DnsException(current.zone(), current.label(), "bad value: " + e.getMessage());
        }
        send(resolver(tsig()), probe, current.zone(), current.label(), "no-op update (credentials check)");
    }

    private void send(SimpleResolver resolver, Message message, String zone, String records, String what) {
        Message response = exchange(resolver, message, zone, records, what);
        int rcode = response.getRcode();
        TSIGRecord sig = response.getTSIG();
        if (rcode == Rcode.NOTAUTH && sig != null && sig.getError() != Rcode.NOERROR) {
            throw new DnsException(zone, records, server() + " rejected the TSIG key '" + config.tsigName() + "' ("
                    + Rcode.TSIGstring(sig.getError()) + "): check the provider's tsig name, algorithm and secret ("
                    + config.tsigSecret().source() + ")");
        }
        if (rcode != Rcode.NOERROR) {
            throw new DnsException(zone, records, server() + " answered " + Rcode.string(rcode) + " to the " + what
                    + hint(rcode));
        }
        if (!response.isVerified()) {
            throw new DnsException(zone, records, "the answer of " + server() + " to the " + what
                    + " is not signed with our TSIG key; the change may or may not be applied", false, null);
        }
    }

    private static String hint(int rcode) {
        return switch (rcode) {
            case Rcode.REFUSED -> " (the server does not allow this key to update the zone: check allow-update)";
            case Rcode.NOTAUTH -> " (the server is not the zone's primary, or does not know the key)";
            case Rcode.NXRRSET -> " (the record no longer has the value we expected: someone changed it; nothing was changed)";
            case Rcode.YXRRSET -> " (a prerequisite failed; nothing was changed)";
            case Rcode.NOTZONE -> " (the record is not in the zone)";
            default -> "";
        };
    }

    private Message exchange(SimpleResolver resolver, Message message, String zone, String records, String what) {
        try {
            return resolver.send(message);
        } catch (IOException e) {
            throw new DnsException(zone, records, "no answer from " + server() + " to the " + what + " within "
                    + timeout.toMillis() + " ms (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")", false, e);
        }
    }

    private SimpleResolver resolver(TSIG key) {
        SimpleResolver r = new SimpleResolver(server);
        r.setTCP(tcp);
        r.setTimeout(timeout);
        if (key != null) {
            r.setTSIGKey(key);
        }
        return r;
    }

    /** The key, with its HMAC exercised once now so the first real signature costs nothing extra. */
    private TSIG tsig() {
        String algorithm = config.tsigAlgorithm() == null || config.tsigAlgorithm().isBlank() ? "hmac-sha256" : config.tsigAlgorithm();
        if (config.tsigName() == null || config.tsigName().isBlank() || config.tsigSecret() == null) {
            throw DbflipException.usage("dns_providers." + config.name() + ": tsig.name and tsig.secret are required for rfc2136");
        }
        try {
            TSIG key = new TSIG(TSIG.algorithmToName(algorithm), Name.fromString(RecordChange.absolute(config.tsigName())),
                    config.tsigSecret().reveal());
            key.apply(Message.newQuery(Record.newRecord(Name.root, Type.SOA, DClass.IN)), null);
            return key;
        } catch (IllegalArgumentException | TextParseException e) {
            throw DbflipException.usage("dns_providers." + config.name() + ".tsig: bad algorithm '" + algorithm
                    + "', key name or secret (the secret must be base64)");
        }
    }

    private static Name name(String zone, String name, String record) {
        try {
            return Name.fromString(RecordChange.absolute(name));
        } catch (TextParseException e) {
            throw new DnsException(zone, record, "bad DNS name '" + name + "'");
        }
    }

    private static String labels(List<RecordChange> changes) {
        return String.join(", ", changes.stream().map(RecordChange::label).toList());
    }

    private String server() {
        return server.getAddress().getHostAddress() + ":" + server.getPort();
    }

    private static InetSocketAddress parseServer(DnsProviderConfig config) {
        String s = config.server();
        if (s == null || s.isBlank()) {
            throw DbflipException.usage("dns_providers." + config.name() + ".server is required for rfc2136 (host:port)");
        }
        int colon = s.lastIndexOf(':');
        String host = colon < 0 ? s : s.substring(0, colon);
        try {
            int port = colon < 0 ? 53 : Integer.parseInt(s.substring(colon + 1));
            return new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (NumberFormatException | UnknownHostException e) {
            throw DbflipException.usage("dns_providers." + config.name() + ".server: cannot use '" + s + "' (" + e.getMessage() + ")");
        }
    }
}
