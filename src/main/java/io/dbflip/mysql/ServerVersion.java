package io.dbflip.mysql;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The leading x.y.z of a server's {@code @@version} ("8.0.36-log", "10.11.19-MariaDB-0+deb12u1",
 * "8.0.mysql_aurora.3.05.2" gives 8.0 with no patch). Parts not present are -1.
 */
public record ServerVersion(int major, int minor, int patch) {
    private static final Pattern LEADING = Pattern.compile("^(\\d+)\\.(\\d+)(?:\\.(\\d+))?");
    public static final ServerVersion UNKNOWN = new ServerVersion(-1, -1, -1);

    public static ServerVersion parse(String version) {
        if (version == null) {
            return UNKNOWN;
        }
        Matcher m = LEADING.matcher(version.strip());
        if (!m.find()) {
            return UNKNOWN;
        }
        return new ServerVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                m.group(3) == null ? -1 : Integer.parseInt(m.group(3)));
    }

    public int patchOr(int unknown) {
        return patch < 0 ? unknown : patch;
    }

    public boolean atLeast(int maj, int min) {
        return major > maj || major == maj && minor >= min;
    }

    @Override
    public String toString() {
        return major < 0 ? "unknown" : major + "." + minor + (patch < 0 ? "" : "." + patch);
    }
}
