package io.dbflip.dns;

import io.dbflip.config.DnsProviderConfig;
import io.dbflip.config.DnsRecordConfig;
import io.dbflip.config.Secret;
import io.dbflip.sandbox.BindServer;
import io.dbflip.sandbox.SandboxServer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** bench/dns-switch: two-zone switch + read-back on a local BIND, UDP vs TCP. Prints figures; asserts nothing. */
public final class DnsSwitchBench {
    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        String addr = args.length > 1 ? args[1] : "127.72.9.1";
        Path dir = Files.createTempDirectory("dbflip-dns-bench");
        Map<String, String> values = Map.of("onprem", addr.replaceAll("\\.1$", ".10"), "aurora", addr.replaceAll("\\.1$", ".20"));
        List<DnsRecordConfig> records = List.of(new DnsRecordConfig("one.test.", "db.one.test.", "A", 5, "local", values),
                new DnsRecordConfig("two.test.", "db.two.test.", "A", 5, "local", values));
        try (BindServer b = BindServer.start(dir, addr, 5300, List.of("one.test", "two.test"), "dbflip-key", Set.of(),
                List.of("db.one.test. 5 IN A " + values.get("onprem"), "db.two.test. 5 IN A " + values.get("onprem")))) {
            DnsProviderConfig c = new DnsProviderConfig("local", "rfc2136", addr + ":5300", "dbflip-key", "hmac-sha256",
                    new Secret("file:" + b.tsigSecretFile(), "bench"), null, null, null);
            System.out.printf("two-zone DNS switch + read-back on BIND %s, %d switches per transport%n", addr, n);
            String side = "onprem";
            for (boolean tcp : new boolean[]{false, true, false, true}) {
                DnsSwitch s = new DnsSwitch(Map.of("local", new Rfc2136Provider(c, tcp, Duration.ofSeconds(1))), Duration.ofSeconds(5));
                List<Long> apply = new ArrayList<>();
                List<Long> prepare = new ArrayList<>();
                for (int i = 0; i < n + 20; i++) {
                    String to = side.equals("onprem") ? "aurora" : "onprem";
                    long t0 = System.nanoTime();
                    try (DnsSwitch.Prepared p = s.prepare(records, side, to)) {
                        long t1 = System.nanoTime();
                        p.apply();
                        long t2 = System.nanoTime();
                        if (i >= 20) { // the first 20 warm the JIT
                            prepare.add(t1 - t0);
                            apply.add(t2 - t1);
                        }
                    }
                    side = to;
                }
                System.out.printf("%-4s apply+verify p50 %6.2f ms  p95 %6.2f ms  max %6.2f ms | prepare p50 %6.2f ms%n",
                        tcp ? "TCP" : "UDP", pct(apply, 50), pct(apply, 95), pct(apply, 100), pct(prepare, 50));
            }
        } finally {
            SandboxServer.deleteTree(dir);
        }
    }

    static double pct(List<Long> nanos, int p) {
        List<Long> s = new ArrayList<>(nanos);
        Collections.sort(s);
        int i = Math.min(s.size() - 1, (int) Math.ceil(p / 100.0 * s.size()) - 1);
        return s.get(Math.max(0, i)) / 1e6;
    }
}
