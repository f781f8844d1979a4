package io.dbflip.fence;

import io.dbflip.config.FenceMethod;
import io.dbflip.DbflipException;
import io.dbflip.config.Credentials;
import io.dbflip.mysql.Sql;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code ALTER USER … ACCOUNT LOCK} on the side's app users, run with binary logging off for the
 * fencing session so the lock never replicates to the other side (where it would lock the new
 * master's clients out). Works without SUPER: what Aurora's admin and the Aurora-like server allow.
 * A lock refuses new logins only: open sessions go on, so the kill step must follow.
 */
public final class AccountLockFence implements Fence {
    private List<String> accounts = List.of();

    @Override
    public String name() {
        return FenceMethod.ACCOUNT_LOCK.value();
    }

    @Override
    public List<String> preflight(FenceContext ctx) {
        List<String> problems = new ArrayList<>();
        String role = ctx.side().role();
        if (ctx.side().appUsers().isEmpty()) {
            problems.add(role + ": fence account-lock needs app_users in config");
        }
        if (ctx.server().dialect().sessionBinlog(false).isEmpty()) {
            problems.add(role + ": fence account-lock needs binary logging off for its session, which "
                    + ctx.server().flavor().configName() + " does not allow; use read-only or security-group");
        }
        List<String> grants = Privileges.grantsOfCurrentUser(ctx.server());
        if (!Privileges.hasGlobal(grants, "CREATE USER")) {
            problems.add(role + ": admin " + ctx.side().admin().user() + " needs CREATE USER to lock accounts");
        }
        for (Credentials app : ctx.side().appUsers()) {
            if (Privileges.accountsNamed(ctx.server(), app.user()).isEmpty()) {
                problems.add(role + ": app user " + app.user() + " does not exist on " + ctx.server().address()
                        + " (run `dbflip objects apply` first)");
            }
        }
        return problems;
    }

    @Override
    public void prepare(FenceContext ctx) {
        List<String> found = new ArrayList<>();
        for (Credentials app : ctx.side().appUsers()) {
            found.addAll(Privileges.accountsNamed(ctx.server(), app.user()));
        }
        if (found.isEmpty()) {
            throw DbflipException.precondition(ctx.side().role() + ": no account of the app users exists to lock");
        }
        accounts = List.copyOf(found);
        ctx.server().executeAll(ctx.server().dialect().sessionBinlog(false));
    }

    @Override
    public List<String> describe(FenceContext ctx, boolean on) {
        List<String> out = new ArrayList<>();
        ctx.server().dialect().sessionBinlog(false).forEach(s -> out.add(s.display()));
        out.add(statement(on, accounts.isEmpty() ? ctx.side().appUsers().stream().map(c -> Privileges.account(c.user(), "…")).toList() : accounts));
        return out;
    }

    @Override
    public void apply(FenceContext ctx) {
        ctx.server().execute(Sql.of(statement(true, accounts)));
    }

    /** True when every app account is locked (SHOW CREATE USER says ACCOUNT LOCK). */
    @Override
    public Boolean applied(FenceContext ctx) {
        boolean any = false;
        for (Credentials app : ctx.side().appUsers()) {
            for (String account : Privileges.accountsNamed(ctx.server(), app.user())) {
                any = true;
                String create = ctx.server().queryString("SHOW CREATE USER " + account);
                if (create == null || !create.toUpperCase(java.util.Locale.ROOT).contains("ACCOUNT LOCK")) {
                    return false;
                }
            }
        }
        return any;
    }

    @Override
    public void lift(FenceContext ctx) {
        if (accounts.isEmpty()) {
            prepare(ctx);
        }
        ctx.server().execute(Sql.of(statement(false, accounts)));
    }

    private static String statement(boolean lock, List<String> accounts) {
        return "ALTER USER " + String.join(", ", accounts) + (lock ? " ACCOUNT LOCK" : " ACCOUNT UNLOCK");
    }
}
