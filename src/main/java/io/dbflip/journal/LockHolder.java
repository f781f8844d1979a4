package io.dbflip.journal;

import java.time.Instant;

/**
 * Who holds (or last held) a cluster's lock.
 *
 * @param alive false when the holder died without releasing it (its process or its session is
 *              gone): only {@code resume} or {@code rollback} may take such a lock over
 */
public record LockHolder(String cluster, String operator, String host, long pid, Instant since, boolean alive) {

    /** Safe to print: names the holder so an operator can find them. */
    public String describe() {
        return operator + " on " + host + " (pid " + pid + ") since " + since
                + (alive ? "" : ", no longer running");
    }
}
