package io.dbflip.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.dbflip.DbflipException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.TreeMap;

/**
 * DIR/sandbox.json: the slot a sandbox holds and the pids of the processes it started. It outlives
 * the JVM that ran {@code up}, so {@code down} stops exactly those processes and another sandbox
 * sees the slot as taken while they live.
 *
 * @param pids   label (onprem-a, sandbox-2/aurora-b, dns, …) → pid
 * @param engine the servers' engine (mysql, mariadb); absent in states written before engines existed (MariaDB)
 */
public record SandboxState(String dir, int slot, int clusters, Map<String, Long> pids, boolean complete, String engine) {
    static final String FILE = "sandbox.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public SandboxState {
        pids = new TreeMap<>(pids == null ? Map.of() : pids);
        engine = engine == null ? Engine.MARIADB.configName() : engine;
    }

    Engine engineValue() {
        return Engine.parse(engine);
    }

    static SandboxState read(Path dir) {
        Path f = dir.resolve(FILE);
        if (!Files.exists(f)) {
            return null;
        }
        try {
            return JSON.readValue(f.toFile(), SandboxState.class);
        } catch (IOException e) {
            throw DbflipException.precondition(f + " is unreadable (" + e.getMessage()
                    + "); stop its processes by hand and remove " + dir);
        }
    }

    void write(Path dir) {
        try {
            Path tmp = dir.resolve(FILE + ".tmp");
            JSON.writeValue(tmp.toFile(), this);
            Files.move(tmp, dir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw DbflipException.failed("cannot write " + dir.resolve(FILE) + ": " + e.getMessage(), e);
        }
    }

    SandboxState withPid(String label, long pid) {
        Map<String, Long> p = new TreeMap<>(pids);
        p.put(label, pid);
        return new SandboxState(dir, slot, clusters, p, complete, engine);
    }

    SandboxState withComplete(boolean c) {
        return new SandboxState(dir, slot, clusters, pids, c, engine);
    }

    /** True when at least one recorded process is alive and is ours (its command line names the dir). */
    boolean anyAlive() {
        return pids.values().stream().anyMatch(pid -> Processes.ours(pid, Path.of(dir)));
    }
}
