package io.dbflip.coordinates;

import java.util.Map;

/** One master's part of a "MySQL slave binlog position:" line, checked field by field. */
record SlaveEntry(String host, String file, Long position, String gtid, String channel, boolean unquotedPosition) {

    /** innobackupex on a server that is not a replica prints every value empty. */
    boolean empty() {
        return file == null && gtid == null;
    }

    static SlaveEntry of(Map<String, LineFields.Field> f, String sharedGtid, String source, int line) {
        String host = text(f, "master host");
        String channel = text(f, "channel name:");
        if (f.containsKey("master")) {
            // mariabackup: "master 'name'" is the connection name, not a host
            channel = text(f, "master");
        }
        String file = Values.binlogFile(text(f, "filename"), source, line);
        LineFields.Field pos = f.get("position");
        Long position = Values.position(pos == null ? null : pos.value(), source, line);
        if ((file == null) != (position == null)) {
            throw new CoordinatesParseException(source, line, "both filename '…' and position … for the master");
        }
        String gtid = null;
        if (f.containsKey("purge list")) {
            gtid = Values.gtidSet(text(f, "purge list"), source, line);
        } else if (f.containsKey("gtid_slave_pos")) {
            gtid = Values.gtidSet(text(f, "gtid_slave_pos"), source, line);
        }
        if (f.containsKey("master_use_gtid")) {
            String use = text(f, "master_use_gtid");
            if (!"slave_pos".equalsIgnoreCase(use) && !"current_pos".equalsIgnoreCase(use)) {
                throw new CoordinatesParseException(source, line, "master_use_gtid = slave_pos or current_pos");
            }
            if (sharedGtid == null) {
                throw new CoordinatesParseException(source, line,
                        "gtid_slave_pos '…' before a master that uses master_use_gtid");
            }
            gtid = sharedGtid;
        }
        return new SlaveEntry(host, file, position, gtid, channel, pos != null && !pos.quoted() && file != null);
    }

    Coordinates toCoordinates(String parsedFrom) {
        return new Coordinates(host, file, position, gtid, channel, Coordinates.Kind.SOURCE, parsedFrom);
    }

    private static String text(Map<String, LineFields.Field> f, String key) {
        LineFields.Field v = f.get(key);
        return v == null || v.value().isEmpty() ? null : v.value();
    }
}
