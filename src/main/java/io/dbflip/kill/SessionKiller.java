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
}
