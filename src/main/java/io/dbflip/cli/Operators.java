package io.dbflip.cli;

/** Who runs dbflip: the OS user and host, as journal locks and reports show it. */
final class Operators {
    private Operators() {
    }

    static String current() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            host = "unknown-host";
        }
        return System.getProperty("user.name") + "@" + host;
    }
}
