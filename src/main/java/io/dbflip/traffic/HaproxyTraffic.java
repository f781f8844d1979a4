package io.dbflip.traffic;

import io.dbflip.DbflipException;
import io.dbflip.config.TrafficConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * HAProxy as the traffic switch: the backend holds one server per side; the master's is {@code ready}, the
 * other's in {@code maint}. The switch readies the new master's server first, then puts the old one in
 * maintenance and shuts its sessions down (a server in maint keeps the sessions it has), then reads both states
 * back with {@code show servers state}. During the blackout both sides are fenced, so the moment either server
 * takes sessions does not matter for the data; the order keeps the backend from having no server at all.
 */
public final class HaproxyTraffic implements TrafficSwitch {
    private final TrafficConfig config;
    private final HaproxyRuntime runtime;

    public HaproxyTraffic(TrafficConfig config, HaproxyRuntime runtime) {
        this.config = config;
        this.runtime = runtime;
    }

    @Override
    public String name() {
        return TrafficConfig.HAPROXY;
    }

    @Override
    public List<String> preflight(String currentRole, String otherRole) {
        List<String> problems = new ArrayList<>();
        Map<String, HaproxyRuntime.ServerState> servers;
        try {
            servers = runtime.servers(config.backend());
        } catch (DbflipException e) {
            return List.of(e.getMessage());
        }
        if (servers.isEmpty()) {
            return List.of("HAProxy at " + config.socket() + " has no backend " + config.backend() + " (or it has no servers)");
        }
        for (String role : List.of(currentRole, otherRole)) {
            String server = config.servers().get(role);
            if (!servers.containsKey(server)) {
                problems.add("HAProxy backend " + config.backend() + " has no server " + server + " (side " + role
                        + "); it has " + servers.keySet());
            }
        }
        HaproxyRuntime.ServerState current = servers.get(config.servers().get(currentRole));
        if (current != null && !current.ready()) {
            problems.add("HAProxy sends no traffic to the master " + currentRole + ": " + config.backend() + "/"
                    + current.describe() + "; set it ready before flipping");
        }
        return problems;
    }

    @Override
    public Plan prepare(String fromRole, String toRole) {
        String from = config.servers().get(fromRole);
        String to = config.servers().get(toRole);
        String b = config.backend();
        return new Plan() {
            // whether apply changed anything in HAProxy: a revert after an apply that could not even connect
            // (the socket gone) has nothing to undo and must not fail the rollback
            private boolean touched;

            @Override
            public List<String> describe() {
                return List.of("HAProxy " + config.socket() + ": set server " + b + "/" + to + " state ready; set server "
                        + b + "/" + from + " state maint; shutdown sessions server " + b + "/" + from
                        + "; read back with show servers state " + b);
            }

            @Override
            public String apply() {
                return move(from, to, () -> touched = true);
            }

            @Override
            public String revert() {
                if (!touched) {
                    return "nothing to undo: HAProxy was not changed";
                }
                String r = move(to, from, () -> { });
                touched = false;
                return r;
            }
        };
    }

    private String move(String from, String to, Runnable changed) {
        String b = config.backend();
        runtime.setState(b, to, "ready");
        changed.run();
        runtime.setState(b, from, "maint");
        runtime.shutdownSessions(b, from);
        Map<String, HaproxyRuntime.ServerState> now = runtime.servers(b);
        HaproxyRuntime.ServerState t = now.get(to);
        HaproxyRuntime.ServerState f = now.get(from);
        if (t == null || f == null || !t.ready() || !f.maint()) {
            throw DbflipException.failed("HAProxy at " + config.socket() + " did not take the switch: " + b + " has "
                    + now.values().stream().map(HaproxyRuntime.ServerState::describe).toList() + ", wanted " + to
                    + " ready and " + from + " maint");
        }
        return b + ": " + t.describe() + ", " + f.describe();
    }
}
