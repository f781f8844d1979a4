package io.dbflip.kill;

import io.dbflip.config.KillMethod;
import io.dbflip.fence.Privileges;
import io.dbflip.mysql.ProcessInfo;
import io.dbflip.mysql.Server;

import java.util.ArrayList;
import java.util.List;

/**
 * The admin ends every client session: {@code KILL CONNECTION n} ({@code kill}), or
 * {@code CALL mysql.rds_kill(n)} where the admin has no SUPER ({@code rds-kill}).
 */
public final class AdminKill implements SessionKiller {
    private final boolean rds;

    public AdminKill(boolean rds) {
        this.rds = rds;
    }

    @Override
    public String name() {
        return (rds ? KillMethod.RDS_KILL : KillMethod.KILL).value();
    }

    static final String RDS_ADMIN = "rdsadmin";

    @Override
    public void prepare(KillContext ctx) {
        // one admin connection is all it needs, and the caller holds it open
    }

    @Override
    public List<ProcessInfo> killAll(KillContext ctx) {
        // the managed service's own sessions (rdsadmin: its heartbeat event, its monitoring):
        // rds_kill refuses them (1095), and they are not the application's
        return killClients(ctx, p -> !(rds && RDS_ADMIN.equals(p.user())));
    }

    @Override
    public List<ProcessInfo> killAppSessions(KillContext ctx) {
        java.util.Set<String> app = new java.util.HashSet<>();
        ctx.side().appUsers().forEach(u -> app.add(u.user()));
        return killClients(ctx, p -> app.contains(p.user()));
    }

    /** Ends the client sessions {@code which} accepts (never replication threads or dbflip's own); returns those ended. */
    private List<ProcessInfo> killClients(KillContext ctx, java.util.function.Predicate<ProcessInfo> which) {
        Server s = ctx.server();
        List<ProcessInfo> victims = ProcessList.clients(ProcessList.read(s), ctx.ownConnectionIds()).stream()
                .filter(which)
                .toList();
        return ProcessList.kill(s, victims, p -> s.dialect().kill(p.id(), rds));
    }

    /**
     * {@code CALL mysql.rds_kill(0)}: connection ids start at 1, so it ends nothing (an "unknown thread" error),
     * and it loads the procedure into the admin session's routine cache before the window.
     */
    @Override
    public void warm(KillContext ctx) {
        if (!rds) {
            return;
        }
        try {
            ctx.server().execute(ctx.server().dialect().kill(0, true));
        } catch (RuntimeException expected) {
            // 1094 unknown thread id: nothing was ended
        }
    }

    @Override
    public List<String> preflight(KillContext ctx) {
        List<String> problems = new ArrayList<>();
        List<String> grants = Privileges.grantsOfCurrentUser(ctx.server());
        if (!Privileges.hasGlobal(grants, "PROCESS")) {
            problems.add(ctx.side().role() + ": admin needs PROCESS to see other users' sessions");
        }
        if (rds) {
            boolean exists = !ctx.server().query("SELECT 1 FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA='mysql'"
                    + " AND ROUTINE_NAME='rds_kill'").isEmpty();
            if (!exists) {
                problems.add(ctx.side().role() + ": kill rds-kill needs mysql.rds_kill, which "
                        + ctx.server().address() + " does not have; use kill or per-user");
            }
        } else if (!(Privileges.hasGlobal(grants, "SUPER") || Privileges.hasGlobal(grants, "CONNECTION ADMIN")
                || Privileges.hasGlobal(grants, "CONNECTION_ADMIN"))) {
            problems.add(ctx.side().role() + ": admin " + ctx.side().admin().user()
                    + " may not kill other users' sessions (needs SUPER or CONNECTION ADMIN); use rds-kill or per-user");
        }
        return problems;
    }
}
