package io.dbflip.cli;

import io.dbflip.sandbox.Engine;
import io.dbflip.sandbox.Sandbox;
import io.dbflip.sandbox.SandboxOptions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code dbflip sandbox up|down|status|env}: the local servers the tests and the rehearsal use. */
@Command(name = "sandbox", mixinStandardHelpOptions = true,
        description = "Local MySQL or MariaDB servers (on-premise master and replica, an Aurora-like "
        + "server) and a BIND DNS server on loopback, for the rehearsal and the tests.",
        subcommands = {SandboxCommand.Up.class, SandboxCommand.Down.class, SandboxCommand.Status.class,
                SandboxCommand.Env.class})
public final class SandboxCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a sandbox command is required: up, down, status or env");
    }

    /** --dir, shared by every sandbox verb. */
    static final class DirOption {
        @Option(names = "--dir", paramLabel = "DIR",
                description = "the sandbox's directory (default: $DBFLIP_SANDBOX_DIR, else ./sandbox-data)")
        Path dir;

        Path resolve() {
            return dir != null ? dir : Sandbox.defaultDir();
        }
    }

    @Command(name = "up", mixinStandardHelpOptions = true,
            description = "Start (or finish starting) the sandbox; idempotent. Writes DIR/dbflip.yaml.")
    static final class Up implements Callable<Integer> {
        @CommandLine.Mixin DirOption dir = new DirOption();
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

        @Option(names = "--clusters", paramLabel = "N", defaultValue = "1",
                description = "how many small clusters to build (1..25, default 1), labelled shard: 1..N")
        int clusters;

        @Option(names = "--tls", description = "servers get certificates from a CA made in DIR/tls and require TLS; "
                + "replication uses SSL; the config says tls: {mode: verify-identity, ca: DIR/tls/ca.pem, replication: true}. "
                + "A TLS sandbox stays one.")
        boolean tls;

        @Option(names = "--engine", paramLabel = "ENGINE", description = "the servers' software: mysql (default, or"
                + " $DBFLIP_ENGINE; MySQL 9.7 from the root bin/setup makes) or mariadb (the host's MariaDB)")
        String engine;

        @Option(names = "--aws", paramLabel = "EMULATOR", description = "moto: run moto (the AWS emulator, from the root"
                + " bin/setup makes) on 127.77.N.81:5005 with the clusters' names in two Route 53 hosted zones, security"
                + " groups and a DB cluster record per cluster; the config's DNS providers become route53. An AWS"
                + " sandbox stays one.")
        String aws;

        @Option(names = "--traffic", paramLabel = "PROXY", description = "haproxy: HAProxy (bin/setup installs it) in"
                + " front of each cluster on 127.77.N.4:3310 (cluster k: .10(k-1)+4), backend onprem ready, aurora maint,"
                + " runtime API on DIR/haproxy/admin.sock; the config gets a traffic section. A traffic sandbox stays one.")
        String traffic;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            Sandbox sb = Sandbox.up(dir.resolve(), new SandboxOptions(clusters, line -> {
                out.println(line);
                out.flush();
            }, tls, engine == null ? null : Engine.parse(engine), aws, traffic));
            out.println("config: " + sb.configFile());
            out.println("next:   eval \"$(./dbflip sandbox env --dir " + sb.dir() + ")\"");
            return 0;
        }
    }

    @Command(name = "down", mixinStandardHelpOptions = true, description = "Stop the processes the sandbox started (by pid) and remove DIR.")
    static final class Down implements Callable<Integer> {
        @CommandLine.Mixin DirOption dir = new DirOption();
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            Sandbox sb = Sandbox.open(dir.resolve());
            long t = System.nanoTime();
            sb.down();
            spec.commandLine().getOut().printf("sandbox in %s down in %.1f s%n", sb.dir(), (System.nanoTime() - t) / 1e9);
            return 0;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "Each process: pid, alive, address. Exit 1 when one is not alive.")
    static final class Status implements Callable<Integer> {
        @CommandLine.Mixin DirOption dir = new DirOption();
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            Sandbox sb = Sandbox.open(dir.resolve());
            PrintWriter out = spec.commandLine().getOut();
            out.printf("sandbox %s (slot %d, %s)%n", sb.dir(), sb.layout().slot(), sb.complete() ? "complete" : "incomplete: run up");
            boolean all = true;
            for (Sandbox.ProcessStatus p : sb.status()) {
                out.printf("  %-22s pid %-8s %-6s %s%n", p.label(), p.pid() == 0 ? "-" : Long.toString(p.pid()),
                        p.alive() ? "alive" : "DOWN", p.address());
                all &= p.alive();
            }
            out.flush();
            return all && sb.complete() ? 0 : 1;
        }
    }

    @Command(name = "env", mixinStandardHelpOptions = true, description = "Print 'export NAME=value' lines for eval: DBFLIP_CONFIG, DBFLIP_CLUSTER, "
            + "DBFLIP_DNS_SERVER, DBFLIP_DNS_NAME, DBFLIP_TSIG_KEY_FILE, DBFLIP_APP_USER, DBFLIP_APP_PASSWORD, "
            + "DBFLIP_SERVER_ONPREM_A, DBFLIP_SERVER_ONPREM_R, DBFLIP_SERVER_AURORA_B.")
    static final class Env implements Callable<Integer> {
        @CommandLine.Mixin DirOption dir = new DirOption();
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            Sandbox sb = Sandbox.open(dir.resolve());
            spec.commandLine().getOut().print(Sandbox.exportLines(sb.env()));
            spec.commandLine().getOut().flush();
            return 0;
        }
    }
}
