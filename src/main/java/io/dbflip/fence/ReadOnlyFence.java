package io.dbflip.fence;

import io.dbflip.config.FenceMethod;
import io.dbflip.mysql.Sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code read_only=1}, and {@code super_read_only=1} where the flavor has it. A global variable is
 * not replicated, so the fence never reaches the other side. It needs SUPER (or READ_ONLY ADMIN /
 * SYSTEM_VARIABLES_ADMIN), which a managed flavor's admin does not have.
 */
public final class ReadOnlyFence implements Fence {
    @Override
    public String name() {
        return FenceMethod.READ_ONLY.value();
    }

    @Override
    public List<String> preflight(FenceContext ctx) {
        List<String> problems = new ArrayList<>();
        if (ctx.server().dialect().setReadOnly(true).isEmpty()) {
            problems.add(ctx.side().role() + ": fence read-only is not possible on " + ctx.server().flavor().configName()
                    + " (its admin has no SUPER); use fence: account-lock or security-group");
            return problems;
        }
        String grants = String.join("\n", Privileges.grantsOfCurrentUser(ctx.server())).toUpperCase(Locale.ROOT);
        if (!(grants.contains("ALL PRIVILEGES ON *.*") || grants.contains("SUPER")
                || grants.contains("READ_ONLY ADMIN") || grants.contains("SYSTEM_VARIABLES_ADMIN"))) {
            problems.add(ctx.side().role() + ": admin " + ctx.side().admin().user()
                    + " may not set read_only (needs SUPER, READ_ONLY ADMIN or SYSTEM_VARIABLES_ADMIN)");
        }
        return problems;
    }

    @Override
    public List<String> describe(FenceContext ctx, boolean on) {
        return ctx.server().dialect().setReadOnly(on).stream().map(Sql::display).toList();
    }

    @Override
    public void apply(FenceContext ctx) {
        ctx.server().executeAll(ctx.server().dialect().setReadOnly(true));
    }

    @Override
    public Boolean applied(FenceContext ctx) {
        return "1".equals(ctx.server().queryString("SELECT @@global.read_only"));
    }

    @Override
    public void lift(FenceContext ctx) {
        ctx.server().executeAll(ctx.server().dialect().setReadOnly(false));
    }
}
