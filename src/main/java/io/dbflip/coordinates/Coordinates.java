package io.dbflip.coordinates;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One replication coordinate read from a backup: where a new replica must start.
 *
 * @param masterHost the master's host when the backup tool printed it, else null
 * @param binlogFile binlog file name, null when only a GTID set is known
 * @param position   byte offset in {@code binlogFile}, null when only a GTID set is known
 * @param gtidSet    the GTID set (MySQL {@code uuid:1-5,…} or MariaDB {@code 0-1-6,…}) with whitespace and
 *                   line wraps removed, or null
 * @param channel    replication channel (MySQL) or connection name (MariaDB), null for the default one
 * @param kind       whose position this is
 * @param parsedFrom where it came from, e.g. {@code backup.log line 12: xtrabackup 8.x slave position}
 */
public record Coordinates(String masterHost, String binlogFile, Long position, String gtidSet, String channel,
                          Kind kind, String parsedFrom) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Whose position a coordinate is. */
    public enum Kind {
        /** The backed-up replica's position on its master: a new replica of that master starts here. */
        SOURCE,
        /** The backed-up server's own binlog position: a new replica of the backed-up server starts here. */
        SELF
    }

    public Coordinates {
        if (kind == null) {
            throw new IllegalArgumentException("kind is required");
        }
        if ((binlogFile == null) != (position == null)) {
            throw new IllegalArgumentException("binlog file and position go together");
        }
        if (binlogFile == null && gtidSet == null) {
            throw new IllegalArgumentException("a coordinate needs a binlog file and position or a GTID set");
        }
    }

    /** The fields in a fixed order; absent ones are JSON null so the shape never changes. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", kind.name().toLowerCase());
        m.put("masterHost", masterHost);
        m.put("binlogFile", binlogFile);
        m.put("position", position);
        m.put("gtidSet", gtidSet);
        m.put("channel", channel);
        m.put("parsedFrom", parsedFrom);
        return m;
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(toMap());
        } catch (JsonProcessingException e) {
            // A map of strings and longs always serialises; reaching here is a bug, not bad input.
            throw new IllegalStateException("cannot write coordinates as JSON", e);
        }
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(kind == Kind.SOURCE ? "source" : "self");
        if (masterHost != null) {
            b.append(" master ").append(masterHost);
        }
        if (binlogFile != null) {
            b.append(' ').append(binlogFile).append(':').append(position);
        }
        if (gtidSet != null) {
            b.append(" gtid ").append(gtidSet);
        }
        b.append(" channel ").append(channel == null ? "(default)" : "'" + channel + "'");
        return b.append(" (").append(parsedFrom).append(')').toString();
    }
}
