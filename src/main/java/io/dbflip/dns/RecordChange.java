package io.dbflip.dns;

import java.util.Locale;

/**
 * One record to point somewhere else.
 *
 * @param zone     the zone the record lives in, absolute (trailing dot)
 * @param name     the record's owner name, absolute
 * @param type     A or CNAME
 * @param ttl      seconds
 * @param newValue the value after the change (an address for A, an absolute name for CNAME)
 * @param oldValue the value expected before it; null means "whatever is there" (no concurrency check)
 */
public record RecordChange(String zone, String name, String type, int ttl, String newValue, String oldValue) {
    public RecordChange {
        zone = absolute(zone);
        name = absolute(name);
        type = type.toUpperCase(Locale.ROOT);
        if (!type.equals("A") && !type.equals("CNAME")) {
            throw new DnsException(zone, name, "record type " + type + " is not supported (A or CNAME)");
        }
        if (!name.equals(zone) && !name.endsWith("." + zone)) {
            throw new DnsException(zone, name, "the record is not in this zone; fix its zone or name");
        }
        newValue = normalize(type, newValue);
        oldValue = normalize(type, oldValue);
    }

    /** The change that undoes this one. */
    public RecordChange reversed() {
        return new RecordChange(zone, name, type, ttl, oldValue, newValue);
    }

    /** "name TYPE" for messages. */
    public String label() {
        return name + " " + type;
    }

    static String absolute(String name) {
        if (name == null) {
            return null;
        }
        String n = name.strip().toLowerCase(Locale.ROOT);
        return n.endsWith(".") ? n : n + ".";
    }

    /** Values compare equal the way DNS does: CNAME targets absolute and in lower case. */
    public static String normalize(String type, String value) {
        if (value == null) {
            return null;
        }
        return "CNAME".equalsIgnoreCase(type) ? absolute(value) : value.strip();
    }
}
