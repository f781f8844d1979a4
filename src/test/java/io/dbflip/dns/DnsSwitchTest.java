package io.dbflip.dns;

import io.dbflip.config.DnsRecordConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** How a switch groups records into messages: one per zone and provider, whoever's records they are. */
class DnsSwitchTest {
    /** A provider in memory: keeps the records, counts the messages sent, answers reads from its map. */
    static final class Counting implements DnsProvider {
        final int limit;
        final List<List<RecordChange>> sent = new CopyOnWriteArrayList<>();
        final Map<String, String> records = new HashMap<>();
        int readAlls;

        Counting(int limit) {
            this.limit = limit;
        }

        @Override public String name() { return "counting"; }
        @Override public int maxRecordsPerMessage() { return limit; }

        @Override
        public PreparedChange prepare(List<RecordChange> changes) {
            String zone = DnsSwitch.singleZone(changes);
            List<RecordChange> copy = List.copyOf(changes);
            return new PreparedChange() {
                @Override public String zone() { return zone; }
                @Override public List<RecordChange> changes() { return copy; }
                @Override public void apply() {
                    synchronized (records) {
                        copy.forEach(c -> records.put(c.name(), c.newValue()));
                    }
                    sent.add(copy);
                }
            };
        }

        @Override
        public RecordState read(RecordChange r) {
            synchronized (records) {
                String v = records.get(r.name());
                return v == null ? RecordState.ABSENT : new RecordState(List.of(v), r.ttl());
            }
        }

        @Override
        public List<RecordState> readAll(List<RecordChange> rs) {
            readAlls++;
            return DnsProvider.super.readAll(rs);
        }

        @Override public void checkAccess(RecordChange current) { }
    }

    static DnsRecordConfig record(String cluster, String zone) {
        return new DnsRecordConfig(zone, "master-" + cluster + "." + zone, "A", 5, "p",
                Map.of("onprem", "10.0.0." + cluster, "aurora", "10.1.0." + cluster));
    }

    @Test
    void manyClustersRecordsGoOutAsOneMessagePerZoneEachItsOwnWay() {
        Counting p = new Counting(500);
        List<DnsSwitch.Move> moves = new ArrayList<>();
        for (int k = 1; k <= 3; k++) {
            // clusters 1 and 3 go to aurora, 2 comes back to onprem: one message carries both directions
            String from = k == 2 ? "aurora" : "onprem";
            String to = k == 2 ? "onprem" : "aurora";
            moves.add(new DnsSwitch.Move(record("" + k, "a.example."), from, to));
            moves.add(new DnsSwitch.Move(record("" + k, "b.example."), from, to));
        }
        try (DnsSwitch.Prepared s = new DnsSwitch(Map.of("p", p), Duration.ofSeconds(5)).prepareMoves(moves)) {
            assertThat(s.changes()).hasSize(2).extracting(PreparedChange::zone).containsExactly("a.example.", "b.example.");
            SwitchResult r = s.apply();
            assertThat(r.zones()).extracting(ZoneTiming::records).containsExactly(3, 3);
        }
        assertThat(p.sent).hasSize(2);
        assertThat(p.readAlls).as("each zone's records read back in one go").isEqualTo(2);
        assertThat(p.records).containsEntry("master-1.a.example.", "10.1.0.1").containsEntry("master-2.a.example.", "10.0.0.2")
                .containsEntry("master-3.b.example.", "10.1.0.3");
        RecordChange two = p.sent.get(0).stream().filter(c -> c.name().startsWith("master-2.")).findFirst().orElseThrow();
        assertThat(two.oldValue()).as("the prerequisite is the side it leaves").isEqualTo("10.1.0.2");
    }

    @Test
    void pastTheProvidersLimitAZoneGoesOutAsSeveralMessages() {
        Counting p = new Counting(2);
        List<DnsSwitch.Move> moves = new ArrayList<>();
        for (int k = 1; k <= 5; k++) {
            moves.add(new DnsSwitch.Move(record("" + k, "a.example."), "onprem", "aurora"));
        }
        try (DnsSwitch.Prepared s = new DnsSwitch(Map.of("p", p), Duration.ofSeconds(5)).prepareMoves(moves)) {
            s.apply();
        }
        assertThat(p.sent).extracting(List::size).containsExactlyInAnyOrder(2, 2, 1);
        assertThat(p.records).hasSize(5).allSatisfy((k, v) -> assertThat(v).startsWith("10.1.0."));
    }
}
