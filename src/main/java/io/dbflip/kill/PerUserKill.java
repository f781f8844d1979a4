package io.dbflip.kill;

import io.dbflip.config.KillMethod;
import io.dbflip.DbflipException;
import io.dbflip.config.Credentials;
import io.dbflip.config.SideConfig;
import io.dbflip.mysql.ProcessInfo;
import io.dbflip.mysql.Server;
import io.dbflip.mysql.Sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;

/**
 * Connected as each app user with its own credentials, end that user's other sessions — what the
 * seed did with pt-kill where the admin had no SUPER: any user may kill its own sessions. The
 * connections are opened in {@link #prepare}, before the blackout; the users are killed in
 * parallel. Sessions of accounts that are not app users are not reachable this way: preflight
 * lists them.
 */
public final class PerUserKill implements SessionKiller {
    private final BiFunction<SideConfig, Credentials, Server> opener;
    private final List<Server> asUsers = new ArrayList<>();
    private final List<Long> ownIds = new ArrayList<>();

    public PerUserKill(BiFunction<SideConfig, Credentials, Server> opener) {
        this.opener = opener;
    }

    @Override
    public String name() {
        return KillMethod.PER_USER.value();
    }

    @Override
    public void prepare(KillContext ctx) {
        closeAll();
        for (Credentials c : ctx.side().appUsers()) {
            Server s = opener.apply(ctx.side(), c);
            asUsers.add(s);
            ownIds.add(s.connectionId());
        }
    }

    /** Connection ids the per-user connections hold, so other killers and checks leave them alone. */
    public List<Long> ownIds() {
        return List.copyOf(ownIds);
    }

    @Override
    public List<ProcessInfo> killAll(KillContext ctx) {
        if (asUsers.isEmpty()) {
            throw DbflipException.failed(ctx.side().role() + ": per-user kill was not prepared");
        }
        Set<Long> own = new java.util.HashSet<>(ctx.ownConnectionIds());
        own.addAll(ownIds);
        List<CompletableFuture<List<ProcessInfo>>> futures = asUsers.stream()
                .map(s -> CompletableFuture.supplyAsync(() -> killOwn(s, own))).toList();
        List<ProcessInfo> ended = new ArrayList<>();
        for (CompletableFuture<List<ProcessInfo>> f : futures) {
            try {
                ended.addAll(f.join());
            } catch (java.util.concurrent.CompletionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
        }
        return ended;
    }

    private static List<ProcessInfo> killOwn(Server asUser, Set<Long> own) {
        // a user without PROCESS sees only its own sessions in the process list
        List<ProcessInfo> mine = ProcessList.clients(ProcessList.read(asUser), own);
        return ProcessList.kill(asUser, mine, p -> Sql.of("KILL CONNECTION " + p.id()));
    }

    @Override
    public List<String> preflight(KillContext ctx) {
        List<String> problems = new ArrayList<>();
        if (ctx.side().appUsers().isEmpty()) {
            problems.add(ctx.side().role() + ": kill per-user needs app_users in config");
        }
        return problems;
    }

    public void closeAll() {
        asUsers.forEach(Server::close);
        asUsers.clear();
        ownIds.clear();
    }
}
