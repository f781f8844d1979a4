package io.dbflip.kill;

import io.dbflip.mysql.ProcessInfo;

import java.util.List;

/**
 * A way to end client sessions on one server. The config value ({@code kill: rds-kill}) equals
 * {@link #name()}. Never ends replication threads or dbflip's own sessions.
 */
public interface SessionKiller {
    String name();

    /** Open what the kill will need (connections as each app user, ...), before the blackout starts. */
    void prepare(KillContext ctx);

    /** End every client session of the app users; returns what was ended. */
    List<ProcessInfo> killAll(KillContext ctx);

    List<String> preflight(KillContext ctx);

    /**
     * After the flip: end the app users' sessions that reached the old master after the kill, by an address
     * resolved before the DNS change (a pool keeps such a session through read-only refusals, and would never
     * write again). Only the side's app_users: the old master is a replica by now, and other sessions on it
     * (monitoring, an operator's) are not the application's.
     */
    default List<ProcessInfo> killAppSessions(KillContext ctx) {
        return killAll(ctx);
    }

    /**
     * Before the window: the kill's own server-side path, run on a session that cannot exist, so that the
     * real kill inside the window does not load it (a stored procedure is parsed into each session's cache at
     * its first call). Changes nothing; any error is expected and ignored.
     */
    default void warm(KillContext ctx) {
    }
}
