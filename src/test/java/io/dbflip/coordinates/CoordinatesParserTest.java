package io.dbflip.coordinates;

import io.dbflip.ErrorCode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.dbflip.coordinates.Coordinates.Kind.SELF;
import static io.dbflip.coordinates.Coordinates.Kind.SOURCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CoordinatesParserTest {
    private final CoordinatesParser parser = new CoordinatesParser();

    private List<Coordinates> source(String fixture) {
        return parser.parse(Fixtures.text(fixture), Which.SOURCE, fixture);
    }

    private Coordinates self(String fixture) {
        List<Coordinates> l = parser.parse(Fixtures.text(fixture), Which.SELF, fixture);
        assertThat(l).hasSize(1);
        return l.get(0);
    }

    private static Coordinates c(String host, String file, Long pos, String gtid, String channel,
                                 Coordinates.Kind kind, String from) {
        return new Coordinates(host, file, pos, gtid, channel, kind, from);
    }

    @Test
    @DisplayName("innobackupex: the seed's line, unquoted position, trailing full stop")
    void innobackupexSeedLine() {
        assertThat(source("innobackupex-seed.log")).containsExactly(c("1.2.3.4", "mysql-bin.004270", 275567830L,
                null, null, SOURCE, "innobackupex-seed.log line 2: innobackupex slave position"));
    }

    @Test
    @DisplayName("innobackupex: a single pasted line without prefix")
    void singlePastedLine() {
        List<Coordinates> l = parser.parse("MySQL slave binlog position: master host 'db1', filename 'b.000002', "
                + "position 4", Which.SOURCE, "-");
        assertThat(l).singleElement().satisfies(x -> {
            assertThat(x.binlogFile()).isEqualTo("b.000002");
            assertThat(x.position()).isEqualTo(4L);
            assertThat(x.parsedFrom()).isEqualTo("- line 1: innobackupex slave position");
        });
    }

    @Test
    @DisplayName("innobackupex: empty slave values mean not a replica; self is the unquoted binlog position")
    void innobackupexEmptyValues() {
        ParseResult r = parser.scan(Fixtures.text("innobackupex-not-replica.log"), "nr.log");
        assertThat(r.source()).isEmpty();
        assertThat(r.notes()).singleElement().asString().contains("line 6").contains("not a replica");
        assertThat(r.self()).isEqualTo(c(null, "mysql-bin.000001", 144432L, null, null, SELF,
                "nr.log line 5: innobackupex binlog position"));
        assertThatThrownBy(() -> r.select(Which.SOURCE)).isInstanceOf(CoordinatesParseException.class)
                .hasMessageStartingWith("nr.log:7: expected a replica (slave) position")
                .hasMessageContaining("use --which self");
        ParseResult.Selection s = r.selectDefault();
        assertThat(s.fellBack()).isTrue();
        assertThat(s.coordinates()).containsExactly(r.self());
    }

    @Test
    @DisplayName("xtrabackup 2.4: quoted values; source and self from one log")
    void xtrabackup24Quoted() {
        assertThat(source("xtrabackup24.log")).containsExactly(c("mysql-0.mysql.mysql", "mysqllog.000003", 154L,
                null, null, SOURCE, "xtrabackup24.log line 8: xtrabackup 2.x slave position"));
        assertThat(self("xtrabackup24.log")).isEqualTo(c(null, "mysql-bin.000001", 154L, null, null, SELF,
                "xtrabackup24.log line 7: xtrabackup 2.x binlog position"));
    }

    @Test
    @DisplayName("xtrabackup 2.4: GTID purge list, empty channel name, self GTID set with newlines and tabs")
    void purgeListAndWrappedSelfGtid() {
        String gtid = "145e508e-ae54-11e9-8ce6-46824dd1815e:1-3,1e51f8be-ae54-11e9-a7c6-4280a041109b:1-3,"
                + "47b59de1-b368-11e9-b48b-624401d35560:1-152981";
        assertThat(source("xtrabackup24-gtid-purge-list.log")).containsExactly(c("10.128.0.43", null, null, gtid,
                null, SOURCE, "xtrabackup24-gtid-purge-list.log line 6: xtrabackup 2.x slave position"));
        assertThat(self("xtrabackup24-gtid-purge-list.log")).isEqualTo(c(null, "vt-0476396352-bin.000005",
                310088991L, gtid, null, SELF, "xtrabackup24-gtid-purge-list.log line 3: xtrabackup 2.x binlog position"));
    }

    @Test
    @DisplayName("xtrabackup 8.0: [Note] [MY-011825] [Xtrabackup] prefix, GTID sets wrapped inside a UUID")
    void xtrabackup80Wrapped() {
        String gtid = "58224b02-09b7-11ee-90bd-fab81f64ee00:1-5827,7caa9a48-b325-11ed-8541-fab81f64ee00:1-27";
        assertThat(source("xtrabackup80-wrapped.log")).containsExactly(c("172.16.121.234", null, null, gtid, null,
                SOURCE, "xtrabackup80-wrapped.log line 7: xtrabackup 8.x slave position"));
        assertThat(self("xtrabackup80-wrapped.log")).isEqualTo(c(null, "binlog.000010", 1353L, gtid, null, SELF,
                "xtrabackup80-wrapped.log line 5: xtrabackup 8.x binlog position"));
    }

    @Test
    @DisplayName("xtrabackup 8.0: one line per channel, channel name: '…'")
    void channels() {
        assertThat(source("xtrabackup80-channels.log")).extracting(Coordinates::channel, Coordinates::masterHost,
                        Coordinates::binlogFile, Coordinates::position)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("orders", "10.1.0.11", "mysql-bin.000101", 4711L),
                        org.assertj.core.groups.Tuple.tuple("users", "10.1.0.12", "mysql-bin.000007", 120L));
    }

    @Test
    @DisplayName("xtrabackup 2.4 on MariaDB: gtid_slave_pos unquoted")
    void xtrabackupMariadbGtidSlavePos() {
        assertThat(source("xtrabackup24-mariadb.log")).containsExactly(c("10.0.0.5", null, null, "0-100-7790", null,
                SOURCE, "xtrabackup24-mariadb.log line 4: xtrabackup 2.x slave position"));
        assertThat(self("xtrabackup24-mariadb.log").gtidSet()).isEqualTo("0-101-7781");
    }

    @Test
    @DisplayName("mariabackup 10.11: master '' filename '…' position '…' and GTID of the last change")
    void mariabackup1011() {
        assertThat(source("mariabackup-10.11.log")).containsExactly(c(null, "bin.000001", 1383L, null, null, SOURCE,
                "mariabackup-10.11.log line 5: mariabackup slave position"));
        assertThat(self("mariabackup-10.11.log")).isEqualTo(c(null, "bin.000001", 2675L, "0-1-6", null, SELF,
                "mariabackup-10.11.log line 4: mariabackup binlog position"));
    }

    @Test
    @DisplayName("mariabackup: gtid_slave_pos then several named masters on one line")
    void mariabackupMultiSource() {
        assertThat(source("mariabackup-multisource-gtid.log")).containsExactly(
                c(null, null, null, "0-1-6,1-2-9", "east", SOURCE,
                        "mariabackup-multisource-gtid.log line 3: mariabackup slave position"),
                c(null, "west-bin.000002", 4L, null, "west", SOURCE,
                        "mariabackup-multisource-gtid.log line 3: mariabackup slave position"));
    }

    @Test
    @DisplayName("xtrabackup_slave_info: CHANGE MASTER TO MASTER_LOG_FILE, MASTER_LOG_POS")
    void slaveInfoFilePos() {
        assertThat(source("xtrabackup_slave_info.filepos")).containsExactly(c(null, "bin.000001", 1383L, null, null,
                SOURCE, "xtrabackup_slave_info.filepos line 1: slave_info CHANGE MASTER"));
    }

    @Test
    @DisplayName("xtrabackup_slave_info: SET GLOBAL gtid_purged + MASTER_AUTO_POSITION=1 FOR CHANNEL ''")
    void slaveInfoGtidPurged() {
        assertThat(source("xtrabackup_slave_info.gtid")).singleElement().satisfies(x -> {
            assertThat(x.gtidSet()).isEqualTo(
                    "58224b02-09b7-11ee-90bd-fab81f64ee00:1-5827,7caa9a48-b325-11ed-8541-fab81f64ee00:1-27");
            assertThat(x.binlogFile()).isNull();
            assertThat(x.channel()).isNull();
            assertThat(x.parsedFrom()).endsWith("line 2: slave_info CHANGE MASTER auto-position");
        });
    }

    @Test
    @DisplayName("xtrabackup_slave_info: FOR CHANNEL per line")
    void slaveInfoChannels() {
        assertThat(source("xtrabackup_slave_info.channels")).extracting(Coordinates::channel, Coordinates::position)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("orders", 4711L),
                        org.assertj.core.groups.Tuple.tuple("users", 120L));
    }

    @Test
    @DisplayName("xtrabackup_slave_info: MariaDB SET GLOBAL gtid_slave_pos + master_use_gtid, named connections")
    void slaveInfoMariadbGtid() {
        assertThat(source("xtrabackup_slave_info.mariadb-gtid")).extracting(Coordinates::channel,
                        Coordinates::gtidSet, Coordinates::binlogFile)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("east", "0-1-6,1-2-9", null),
                        org.assertj.core.groups.Tuple.tuple("west", null, "west-bin.000002"));
    }

    @Test
    @DisplayName("xtrabackup_slave_info: CHANGE REPLICATION SOURCE TO SOURCE_LOG_FILE")
    void slaveInfoSourceSpelling() {
        assertThat(source("xtrabackup_slave_info.source-spelling")).singleElement()
                .extracting(Coordinates::binlogFile, Coordinates::position).containsExactly("binlog.000077", 157L);
    }

    @Test
    @DisplayName("xtrabackup_binlog_info: FILE<TAB>POS, FILE<TAB>POS<TAB>GTID, several lines (the last wins)")
    void binlogInfo() {
        assertThat(self("xtrabackup_binlog_info.plain")).extracting(Coordinates::binlogFile, Coordinates::position,
                Coordinates::gtidSet).containsExactly("mysql-bin.000001", 154L, null);
        assertThat(self("xtrabackup_binlog_info.mariadb")).extracting(Coordinates::binlogFile, Coordinates::position,
                Coordinates::gtidSet).containsExactly("bin.000001", 2675L, "0-1-6");
        assertThat(self("xtrabackup_binlog_info.multi")).extracting(Coordinates::binlogFile, Coordinates::position,
                        Coordinates::gtidSet)
                .containsExactly("binlog.000010", 1353L,
                        "58224b02-09b7-11ee-90bd-fab81f64ee00:1-5827,7caa9a48-b325-11ed-8541-fab81f64ee00:1-27");
    }

    @Test
    @DisplayName("xtrabackup_binlog_info: GTID set only (xtrabackup 2.3 with MySQL GTIDs)")
    void binlogInfoGtidOnly() {
        assertThat(parser.parse("3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5\n", Which.SELF, "bi"))
                .singleElement().extracting(Coordinates::gtidSet, Coordinates::binlogFile)
                .containsExactly("3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5", null);
    }

    @Test
    @DisplayName("xtrabackup_info: binlog_pos = filename '…', position '…', GTID of the last change '…'")
    void xtrabackupInfo() {
        assertThat(self("xtrabackup_info")).isEqualTo(c(null, "bin.000001", 2675L, "0-1-6", null, SELF,
                "xtrabackup_info line 11: xtrabackup_info binlog_pos"));
        assertThatThrownBy(() -> source("xtrabackup_info")).isInstanceOf(CoordinatesParseException.class)
                .hasMessageContaining("only the server's own binlog position");
    }

    @Test
    @DisplayName("MariaDB 11.1+ backup directory: mariadb_backup_slave_info, _binlog_info, _info")
    void mariadb11Directory() {
        ParseResult r = new BackupInput().read(Fixtures.path("dir-mariadb11"));
        assertThat(r.select(Which.SOURCE)).singleElement().extracting(Coordinates::binlogFile, Coordinates::position)
                .containsExactly("bin.000001", 1383L);
        assertThat(r.select(Which.SOURCE).get(0).parsedFrom()).contains("mariadb_backup_slave_info line 1");
        assertThat(r.select(Which.SELF).get(0).parsedFrom()).contains("mariadb_backup_binlog_info line 1");
    }

    @Test
    @DisplayName("XtraBackup directory; a directory of a non-replica falls back to xtrabackup_info")
    void xtrabackupDirectories() {
        ParseResult r = new BackupInput().read(Fixtures.path("dir-xtrabackup"));
        assertThat(r.select(Which.SOURCE).get(0).gtidSet()).startsWith("58224b02");
        assertThat(r.select(Which.SELF).get(0).binlogFile()).isEqualTo("binlog.000010");
        ParseResult empty = new BackupInput().read(Fixtures.path("dir-empty"));
        assertThat(empty.source()).isEmpty();
        assertThat(empty.selectDefault().coordinates()).singleElement()
                .extracting(Coordinates::binlogFile, Coordinates::position).containsExactly("bin.000003", 77L);
    }

    @Test
    @DisplayName("bad input: line number and what was expected, USAGE error code")
    void badInput() {
        assertThatThrownBy(() -> parser.parse("x\nMySQL slave binlog position: master host 'h', filename 'f', "
                + "position 'abc'", Which.SOURCE, "b.log"))
                .isInstanceOf(CoordinatesParseException.class)
                .hasMessage("b.log:2: expected a position from 0 to 9223372036854775807, found 'abc'")
                .satisfies(e -> assertThat(((CoordinatesParseException) e).code()).isEqualTo(ErrorCode.USAGE));
        assertThatThrownBy(() -> parser.parse("MySQL slave binlog position: master host 'h', filename 'f.1', "
                + "position '99999999999999999999'", Which.SOURCE, "b.log"))
                .hasMessageStartingWith("b.log:1: expected a position");
        assertThatThrownBy(() -> parser.parse("MySQL slave binlog position: master host 'h, filename 'f'",
                Which.SOURCE, "b.log")).hasMessageStartingWith("b.log:1: expected");
        assertThatThrownBy(() -> parser.parse("MySQL slave binlog position: master host 'h', purge list 'abc",
                Which.SOURCE, "b.log")).hasMessageContaining("closing quote");
        assertThatThrownBy(() -> parser.parse("MySQL slave binlog position: host 'h'", Which.SOURCE, "b.log"))
                .hasMessageStartingWith("b.log:1: expected one of master host");
        assertThatThrownBy(() -> parser.parse("MySQL slave binlog position: master host 'h', filename 'f.1'",
                Which.SOURCE, "b.log")).hasMessageContaining("both filename");
        assertThatThrownBy(() -> parser.parse("", Which.SOURCE, "e.log"))
                .hasMessageStartingWith("e.log:1: expected a replica (slave) position")
                .hasMessageContaining("no coordinates at all");
        assertThatThrownBy(() -> parser.parse("CHANGE MASTER TO MASTER_AUTO_POSITION=1;", Which.SOURCE, "si"))
                .hasMessage("si:1: expected SET GLOBAL gtid_purged='…' before CHANGE MASTER TO MASTER_AUTO_POSITION=1");
        assertThatThrownBy(() -> parser.parse("f.1\t4\tnot a gtid!", Which.SELF, "bi"))
                .hasMessageStartingWith("bi:1: expected a GTID set");
    }

    @Test
    @DisplayName("a password in a broken CHANGE MASTER never reaches the message")
    void passwordNeverInMessage() {
        assertThatThrownBy(() -> parser.parse("CHANGE MASTER TO MASTER_PASSWORD='s3cr3t-pw' MASTER_LOG_FILE='f';",
                Which.SOURCE, "si")).isInstanceOf(CoordinatesParseException.class)
                .message().doesNotContain("s3cr3t-pw");
    }

    @Test
    @DisplayName("JSON and toString carry every field")
    void jsonAndToString() {
        Coordinates x = c("h", "f.000001", 4L, "0-1-2", "ch", SOURCE, "a line 1: b");
        assertThat(x.toJson()).isEqualTo("{\"kind\":\"source\",\"masterHost\":\"h\",\"binlogFile\":\"f.000001\","
                + "\"position\":4,\"gtidSet\":\"0-1-2\",\"channel\":\"ch\",\"parsedFrom\":\"a line 1: b\"}");
        assertThat(x.toString()).isEqualTo("source master h f.000001:4 gtid 0-1-2 channel 'ch' (a line 1: b)");
    }
}
