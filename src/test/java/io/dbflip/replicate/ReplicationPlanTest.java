package io.dbflip.replicate;

import io.dbflip.coordinates.Coordinates;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 12, item 4: replicate honours a GTID set. */
class ReplicationPlanTest {
    static final String SET = "3d49019f-eed3-11f1-a805-02fc00000001:1-3";
    static final GtidFacts MYSQL = new GtidFacts(false, true, false, false, true, false);
    static final GtidFacts MARIADB = new GtidFacts(true, true, false, null, true, null);

    static Coordinates binlogInfo(String gtids) {
        return new Coordinates(null, "bin.000001", 816L, gtids, null, Coordinates.Kind.SELF, "xtrabackup_binlog_info");
    }

    @Test
    void aGtidSetWithGtidsOnBothSidesMeansAutoPositionAfterSettingGtidPurged() {
        ReplicationPlan p = ReplicationPlan.decide(binlogInfo(SET), MYSQL, MYSQL, "a", "b");
        assertThat(p.mode()).isEqualTo(ReplicationPlan.Mode.GTID);
        assertThat(p.gtidSet()).isEqualTo(SET);
        assertThat(p.setGtids()).isTrue();
        assertThat(p.reasons()).singleElement().asString().contains("gtid_purged");
        assertThat(p.problems()).isEmpty();
    }

    @Test
    void mariaDbSetsGtidSlavePos() {
        ReplicationPlan p = ReplicationPlan.decide(binlogInfo("0-1-6"), MARIADB, MARIADB, "a", "b");
        assertThat(p.mode()).isEqualTo(ReplicationPlan.Mode.GTID);
        assertThat(p.setGtids()).isTrue();
        assertThat(p.reasons().get(0)).contains("gtid_slave_pos");
    }

    @Test
    void withoutGtidsFileAndPositionSayingWhy() {
        assertThat(ReplicationPlan.decide(binlogInfo(null), MYSQL, MYSQL, "a", "b").reasons().get(0))
                .contains("bin.000001:816").contains("no GTID set");
        GtidFacts off = new GtidFacts(false, false, false, null, true, null);
        ReplicationPlan p = ReplicationPlan.decide(binlogInfo(SET), off, MYSQL, "a", "b");
        assertThat(p.mode()).isEqualTo(ReplicationPlan.Mode.FILE_POSITION);
        assertThat(p.reasons().get(0)).contains("a has gtid_mode OFF");
        assertThat(ReplicationPlan.decide(binlogInfo("0-1-6"), MYSQL, MYSQL, "a", "b").mode())
                .isEqualTo(ReplicationPlan.Mode.FILE_POSITION);
    }

    @Test
    void aTargetThatHoldsTheSetAlreadyKeepsItsGtidPurged() {
        GtidFacts restored = new GtidFacts(false, true, false, true, false, false);
        ReplicationPlan p = ReplicationPlan.decide(binlogInfo(SET), MYSQL, restored, "a", "b");
        assertThat(p.mode()).isEqualTo(ReplicationPlan.Mode.GTID);
        assertThat(p.setGtids()).isFalse();
    }

    @Test
    void aTargetWithForeignGtidsOrAManagedOneFallsBackToFileAndPosition() {
        GtidFacts foreign = new GtidFacts(false, true, false, false, false, false);
        assertThat(ReplicationPlan.decide(binlogInfo(SET), MYSQL, foreign, "a", "b").reasons().get(0))
                .contains("RESET BINARY LOGS AND GTIDS");
        GtidFacts managed = new GtidFacts(false, true, true, false, true, false);
        assertThat(ReplicationPlan.decide(binlogInfo(SET), MYSQL, managed, "a", "b").mode())
                .isEqualTo(ReplicationPlan.Mode.FILE_POSITION);
        GtidFacts managedRestored = new GtidFacts(false, true, true, true, false, false);
        ReplicationPlan p = ReplicationPlan.decide(binlogInfo(SET), MYSQL, managedRestored, "a", "b");
        assertThat(p.mode()).isEqualTo(ReplicationPlan.Mode.GTID);
        assertThat(p.setGtids()).isFalse();
    }

    @Test
    void onlyAGtidSetThatCannotBeUsedIsRefused() {
        Coordinates onlyGtid = new Coordinates(null, null, null, SET, null, Coordinates.Kind.SOURCE, "x");
        assertThat(ReplicationPlan.decide(onlyGtid, MYSQL, MYSQL, "a", "b").mode()).isEqualTo(ReplicationPlan.Mode.GTID);
        ReplicationPlan p = ReplicationPlan.decide(onlyGtid, MYSQL, new GtidFacts(false, false, false, null, true, null), "a", "b");
        assertThat(p.mode()).isNull();
        assertThat(p.problems()).singleElement().asString().contains("only a GTID set");
    }

    @Test
    void aSourceThatPurgedPastTheSetIsRefused() {
        GtidFacts purged = new GtidFacts(false, true, false, null, true, true);
        assertThat(ReplicationPlan.decide(binlogInfo(SET), purged, MYSQL, "a", "b").problems())
                .singleElement().asString().contains("take a new backup");
    }
}
