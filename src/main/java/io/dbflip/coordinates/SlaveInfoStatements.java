package io.dbflip.coordinates;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads the SQL that {@code xtrabackup_slave_info} / {@code mariadb_backup_slave_info} hold:
 * {@code SET GLOBAL gtid_purged='…';} or {@code SET GLOBAL gtid_slave_pos = '…';} followed by
 * {@code CHANGE MASTER ['conn'] TO MASTER_LOG_FILE='f', MASTER_LOG_POS=n | MASTER_AUTO_POSITION=1 |
 * master_use_gtid = slave_pos [FOR CHANNEL 'c'];} (and the {@code CHANGE REPLICATION SOURCE TO SOURCE_…} spelling).
 * It keeps the GTID a SET announced for the CHANGE that uses it. Quoted values never appear in its messages:
 * a hand-edited file may carry a MASTER_PASSWORD.
 */
final class SlaveInfoStatements {
    private final String source;
    private String gtidPurged;
    private String gtidSlavePos;

    SlaveInfoStatements(String source) {
        this.source = source;
    }

    /** Parses one or more statements starting at {@code line}; returns the coordinates the CHANGEs name. */
    List<Coordinates> parse(String text, int line) {
        Tokens t = new Tokens(text, source, line);
        List<Coordinates> out = new ArrayList<>();
        while (t.more()) {
            if (t.acceptWord("SET")) {
                set(t, line);
            } else if (t.acceptWord("CHANGE")) {
                Coordinates c = change(t, line);
                if (c != null) {
                    out.add(c);
                }
            } else {
                throw t.fail("SET or CHANGE MASTER");
            }
            if (t.more() && !t.acceptSymbol(';')) {
                throw t.fail("';' after the statement");
            }
        }
        return out;
    }

    private void set(Tokens t, int line) {
        t.acceptWord("GLOBAL");
        String name = t.word("gtid_purged or gtid_slave_pos").toLowerCase(Locale.ROOT);
        if (name.startsWith("@@global.")) {
            name = name.substring("@@global.".length());
        }
        t.symbol('=');
        String value = t.string("a quoted GTID set after " + name + " =");
        switch (name) {
            case "gtid_purged" -> gtidPurged = Values.gtidSet(value, source, line);
            case "gtid_slave_pos" -> gtidSlavePos = Values.gtidSet(value, source, line);
            default -> throw t.fail("SET GLOBAL gtid_purged or gtid_slave_pos, found SET " + name);
        }
    }

    private Coordinates change(Tokens t, int line) {
        String channel = null;
        boolean sourceSpelling = false;
        if (t.acceptWord("REPLICATION")) {
            t.expectWord("SOURCE");
            sourceSpelling = true;
        } else {
            t.expectWord("MASTER");
            if (t.peekString()) {
                channel = t.string("a connection name");
            }
        }
        t.expectWord("TO");
        String host = null;
        String file = null;
        String pos = null;
        String useGtid = null;
        boolean auto = false;
        do {
            String key = t.word("an option such as MASTER_LOG_FILE").toUpperCase(Locale.ROOT);
            t.symbol('=');
            String value = t.peekString() ? t.string("a value") : t.word("a value after " + key + " =");
            switch (key.replaceFirst("^(MASTER|SOURCE)_", "")) {
                case "HOST" -> host = value;
                case "LOG_FILE" -> file = value;
                case "LOG_POS" -> pos = value;
                case "AUTO_POSITION" -> auto = value.equals("1");
                case "USE_GTID" -> useGtid = value.toLowerCase(Locale.ROOT);
                default -> {
                    // MASTER_USER, MASTER_PORT, SSL options…: not coordinates, and possibly secret
                }
            }
        } while (t.acceptSymbol(','));
        if (t.acceptWord("FOR")) {
            t.expectWord("CHANNEL");
            channel = t.string("a quoted channel name after FOR CHANNEL");
        }
        String gtid = null;
        String form = sourceSpelling ? "CHANGE REPLICATION SOURCE" : "CHANGE MASTER";
        if (auto) {
            if (gtidPurged == null) {
                throw new CoordinatesParseException(source, line,
                        "SET GLOBAL gtid_purged='…' before CHANGE MASTER TO MASTER_AUTO_POSITION=1");
            }
            gtid = gtidPurged;
            form += " auto-position";
        } else if (useGtid != null && !useGtid.equals("no")) {
            if (!useGtid.equals("slave_pos") && !useGtid.equals("current_pos")) {
                throw new CoordinatesParseException(source, line, "master_use_gtid = slave_pos, current_pos or no");
            }
            if (gtidSlavePos == null) {
                throw new CoordinatesParseException(source, line,
                        "SET GLOBAL gtid_slave_pos = '…' before CHANGE MASTER TO master_use_gtid = " + useGtid);
            }
            gtid = gtidSlavePos;
            form += " master_use_gtid";
        }
        String f = Values.binlogFile(file, source, line);
        Long p = Values.position(pos, source, line);
        if ((f == null) != (p == null)) {
            throw new CoordinatesParseException(source, line, "both MASTER_LOG_FILE and MASTER_LOG_POS");
        }
        if (f == null && gtid == null) {
            throw new CoordinatesParseException(source, line,
                    "MASTER_LOG_FILE and MASTER_LOG_POS, MASTER_AUTO_POSITION=1 or master_use_gtid = slave_pos");
        }
        return new Coordinates(host == null || host.isEmpty() ? null : host, f, p, gtid,
                channel == null || channel.isEmpty() ? null : channel, Coordinates.Kind.SOURCE,
                source + " line " + line + ": slave_info " + form);
    }
}
