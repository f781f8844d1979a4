package io.dbflip.journal;

import io.dbflip.DbflipException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The refusals both journals give, worded once. */
final class LockMessages {
    private LockMessages() {
    }

    static DbflipException held(String cluster, String who, String location) {
        return DbflipException.precondition("cluster " + cluster + " is locked by " + who
                + ": another flip of it is under way (journal " + location + "); wait for it to finish");
    }

    static DbflipException deadHolder(String cluster, LockHolder h, String location) {
        return DbflipException.precondition("cluster " + cluster + " is locked by " + h.operator() + " on " + h.host()
                + " (pid " + h.pid() + ") since " + h.since() + ", which is no longer running: its flip was interrupted"
                + " (journal " + location + "); run 'dbflip resume " + cluster + "' or 'dbflip rollback " + cluster
                + "' to take it over");
    }

    /** A cluster name usable as a file name or lock name: kept readable, hashed when it had to change. */
    static String safeName(String cluster) {
        String s = cluster.replaceAll("[^A-Za-z0-9._-]", "_");
        if (s.equals(cluster) && s.length() <= 40) {
            return s;
        }
        return (s.length() > 24 ? s.substring(0, 24) : s) + "-" + sha1(cluster).substring(0, 12);
    }

    static String sha1(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
