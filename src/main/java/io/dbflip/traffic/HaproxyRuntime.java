package io.dbflip.traffic;

import io.dbflip.DbflipException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * HAProxy's runtime API on a stats socket (a unix socket path, or {@code host:port}): one command per connection,
 * HAProxy answers and closes. Every call is bounded. Only the three commands a switch needs: {@code set server
 * B/S state ready|maint}, {@code shutdown sessions server B/S}, {@code show servers state B}.
 */
public final class HaproxyRuntime {
    /** One server as {@code show servers state} reports it. */
    public record ServerState(String backend, String server, String address, int operational, int admin) {
        /** Any maintenance bit (forced, inherited, from DNS resolution, config): srv_admin_state & 0x27. */
        public boolean maint() {
            return (admin & 0x27) != 0;
        }

        /** Taking new sessions: no maintenance and no drain (0x18) bit. */
        public boolean ready() {
            return (admin & 0x3f) == 0;
        }

        public String describe() {
            return server + (maint() ? " maint" : (admin & 0x18) != 0 ? " drain" : " ready") + " (op " + operational
                    + ", admin 0x" + Integer.toHexString(admin) + ")";
        }
    }

    private final String socket;
    private final Duration bound;

    public HaproxyRuntime(String socket, Duration bound) {
        this.socket = socket;
        this.bound = bound;
    }

    public String socket() {
        return socket;
    }

    /** Sends one command; returns HAProxy's answer. A non-empty answer to a set/shutdown command is an error. */
    public String command(String cmd) {
        SocketAddress address = address();
        ExecutorService io = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "haproxy-runtime");
            t.setDaemon(true);
            return t;
        });
        Future<String> answer = io.submit(() -> {
            try (SocketChannel ch = address instanceof UnixDomainSocketAddress
                    ? SocketChannel.open(StandardProtocolFamily.UNIX) : SocketChannel.open()) {
                ch.connect(address);
                ch.write(ByteBuffer.wrap((cmd + "\n").getBytes(StandardCharsets.US_ASCII)));
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                ByteBuffer buf = ByteBuffer.allocate(8192);
                while (ch.read(buf) >= 0) {
                    out.write(buf.array(), 0, buf.position());
                    buf.clear();
                }
                return out.toString(StandardCharsets.UTF_8);
            }
        });
        try {
            return answer.get(bound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            answer.cancel(true);
            throw DbflipException.failed("HAProxy's runtime API at " + socket + " did not answer '" + cmd + "' within "
                    + bound.toMillis() + " ms");
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable c = e.getCause();
            throw DbflipException.failed("HAProxy's runtime API at " + socket + " cannot be reached (" + c.getClass().getSimpleName()
                    + ": " + c.getMessage() + "); is HAProxy running with 'stats socket " + socket + " level admin'?", c);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw DbflipException.failed("interrupted while talking to HAProxy at " + socket);
        } finally {
            io.shutdownNow();
        }
    }

    private SocketAddress address() {
        int colon = socket.lastIndexOf(':');
        if (!socket.startsWith("/") && colon > 0) {
            return new InetSocketAddress(socket.substring(0, colon), Integer.parseInt(socket.substring(colon + 1)));
        }
        return UnixDomainSocketAddress.of(Path.of(socket));
    }

    /** {@code set server B/S state ready|maint|drain}; HAProxy answers nothing when it took it. */
    public void setState(String backend, String server, String state) {
        expectSilence(command("set server " + backend + "/" + server + " state " + state));
    }

    /** {@code shutdown sessions server B/S}: ends the sessions the server still carries. */
    public void shutdownSessions(String backend, String server) {
        expectSilence(command("shutdown sessions server " + backend + "/" + server));
    }

    private void expectSilence(String answer) {
        if (!answer.isBlank()) {
            throw DbflipException.failed("HAProxy at " + socket + " refused: " + answer.strip());
        }
    }

    /** The servers of {@code backend} by name, from {@code show servers state B}. */
    public Map<String, ServerState> servers(String backend) {
        String answer = command("show servers state " + backend);
        Map<String, ServerState> out = new LinkedHashMap<>();
        List<String> lines = answer.lines().toList();
        if (lines.isEmpty() || !lines.get(0).strip().equals("1")) {
            throw DbflipException.failed("HAProxy at " + socket + " answered 'show servers state " + backend + "' with: "
                    + answer.strip());
        }
        // format 1: be_id be_name srv_id srv_name srv_addr srv_op_state srv_admin_state ...
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.trim().split("\\s+");
            if (f.length >= 7 && f[1].equals(backend)) {
                out.put(f[3], new ServerState(f[1], f[3], f[4], Integer.parseInt(f[5]), Integer.parseInt(f[6])));
            }
        }
        return out;
    }
}
