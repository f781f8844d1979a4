package io.dbflip.flip;

import io.dbflip.DbflipException;
import io.dbflip.config.ClusterConfig;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the user's hook executables with the cluster, the direction and the step in DBFLIP_*
 * environment variables (as gh-ost's hooks get GH_OST_*). A non-zero exit aborts; each hook is
 * bounded to 60 s. Hooks run outside the write blackout.
 */
final class Hooks {
    private final ClusterConfig cluster;
    private final String from;
    private final String to;
    private final String flipId;

    Hooks(ClusterConfig cluster, String from, String to, String flipId) {
        this.cluster = cluster;
        this.from = from;
        this.to = to;
        this.flipId = flipId;
    }

    String run(String event, List<String> executables, int step) {
        for (String exe : executables) {
            ProcessBuilder pb = new ProcessBuilder(exe).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.INHERIT);
            Map<String, String> env = pb.environment();
            env.put("DBFLIP_EVENT", event);
            env.put("DBFLIP_CLUSTER", cluster.name());
            env.put("DBFLIP_FROM", from);
            env.put("DBFLIP_TO", to);
            env.put("DBFLIP_STEP", Integer.toString(step));
            env.put("DBFLIP_FLIP_ID", flipId);
            cluster.side(to).ifPresent(s -> env.put("DBFLIP_TO_ADDRESS", s.address()));
            cluster.side(from).ifPresent(s -> env.put("DBFLIP_FROM_ADDRESS", s.address()));
            try {
                Process p = pb.start();
                if (!p.waitFor(60, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw DbflipException.failed(event + " hook " + exe + " did not finish in 60 s");
                }
                if (p.exitValue() != 0) {
                    throw DbflipException.failed(event + " hook " + exe + " exited " + p.exitValue());
                }
            } catch (IOException e) {
                throw DbflipException.failed(event + " hook " + exe + " could not run: " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw DbflipException.failed("interrupted in " + event + " hook " + exe);
            }
        }
        return executables.isEmpty() ? "none" : executables.size() + " hook(s) ran";
    }
}
