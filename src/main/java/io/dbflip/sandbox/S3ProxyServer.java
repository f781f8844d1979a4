package io.dbflip.sandbox;

import io.dbflip.DbflipException;
import io.dbflip.aws.S3Clients;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real S3 server for the sandbox and the tests: S3Proxy 2.6 with jclouds' filesystem provider,
 * on a loopback address and port, objects kept under {@code dir/data}. It runs as its own process
 * (its Jetty and jclouds would clash with dbflip's classpath), from the self-contained jar Maven
 * copies to {@code target/s3proxy/s3proxy.jar}. Only the process this object started is stopped, by pid.
 */
public final class S3ProxyServer implements AutoCloseable {
    public static final String ACCESS_KEY = "dbflip-sandbox";
    public static final String SECRET_KEY = "dbflip-sandbox-secret";

    private final String host;
    private final int port;
    private final Path dir;
    private final long pid;
    private final String accessKey;
    private final String secretKey;

    private S3ProxyServer(String host, int port, Path dir, long pid, String accessKey, String secretKey) {
        this.host = host;
        this.port = port;
        this.dir = dir;
        this.pid = pid;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
    }

    /** Start S3Proxy in {@code dir} (created if missing; objects already there are kept) and wait until it answers. */
    public static S3ProxyServer start(Path dir, String host, int port) {
        return start(dir, host, port, ACCESS_KEY, SECRET_KEY);
    }

    /** As {@link #start(Path, String, int)}, with its own access key and secret (the sandbox's are random). */
    public static S3ProxyServer start(Path dir, String host, int port, String accessKey, String secretKey) {
        Path jar = jar();
        try {
            Files.createDirectories(dir.resolve("data"));
            Path props = dir.resolve("s3proxy.properties");
            Files.deleteIfExists(props);
            // it holds the secret: 0600, like the sandbox's other secrets
            Files.createFile(props, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
            Files.writeString(props, String.join("\n",
                    "s3proxy.endpoint=http://" + host + ":" + port,
                    "s3proxy.authorization=aws-v2-or-v4",
                    "s3proxy.identity=" + accessKey,
                    "s3proxy.credential=" + secretKey,
                    "jclouds.provider=filesystem-nio2",
                    "jclouds.identity=" + accessKey,
                    "jclouds.credential=" + secretKey,
                    "jclouds.filesystem.basedir=" + dir.resolve("data").toAbsolutePath(),
                    ""));
            List<String> cmd = new ArrayList<>(List.of(javaBinary(), "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                    "-cp", jar.toString(), "org.gaul.s3proxy.Main", "--properties", props.toString()));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("s3proxy.log").toFile()).start();
            Files.writeString(dir.resolve("s3proxy.pid"), Long.toString(p.pid()));
            S3ProxyServer server = new S3ProxyServer(host, port, dir, p.pid(), accessKey, secretKey);
            server.awaitReady(p, Duration.ofSeconds(60));
            return server;
        } catch (IOException e) {
            throw DbflipException.failed("cannot start S3Proxy in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Reattach to an S3Proxy started earlier in {@code dir}, or null when none runs. */
    public static S3ProxyServer attach(Path dir, String host, int port) {
        return attach(dir, host, port, ACCESS_KEY, SECRET_KEY);
    }

    public static S3ProxyServer attach(Path dir, String host, int port, String accessKey, String secretKey) {
        try {
            long pid = Long.parseLong(Files.readString(dir.resolve("s3proxy.pid")).strip());
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)
                    ? new S3ProxyServer(host, port, dir, pid, accessKey, secretKey) : null;
        } catch (IOException | NumberFormatException e) {
            return null;
        }
    }

    /**
     * S3Proxy's jar: {@code -Ddbflip.s3proxy.jar}, {@code $DBFLIP_S3PROXY_JAR}, or {@code s3proxy/s3proxy.jar}
     * beside dbflip's own jar or classes (that is, under {@code target/}), or under ./target.
     */
    public static Path jar() {
        List<Path> candidates = new ArrayList<>();
        String prop = System.getProperty("dbflip.s3proxy.jar");
        if (prop != null) {
            candidates.add(Path.of(prop));
        }
        String env = System.getenv("DBFLIP_S3PROXY_JAR");
        if (env != null) {
            candidates.add(Path.of(env));
        }
        try {
            Path code = Path.of(S3ProxyServer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            candidates.add(code.getParent().resolve("s3proxy/s3proxy.jar"));
        } catch (URISyntaxException | RuntimeException e) {
            // no code source (unusual class loader): fall back to the working directory
        }
        candidates.add(Path.of("target/s3proxy/s3proxy.jar"));
        return candidates.stream().filter(Files::isRegularFile).findFirst().orElseThrow(() ->
                DbflipException.precondition("S3Proxy's jar not found (looked at " + candidates
                        + "); run 'mvn -B package -DskipTests' to fetch it, or set DBFLIP_S3PROXY_JAR"));
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private void awaitReady(Process p, Duration bound) {
        if (!Processes.awaitListening(p, "S3Proxy", host, port, dir.resolve("s3proxy.log"), bound)) {
            stop();
            throw DbflipException.failed("S3Proxy at " + host + ":" + port + " not listening after " + bound.toSeconds()
                    + " s; see " + dir.resolve("s3proxy.log"));
        }
    }

    public URI endpoint() {
        return URI.create("http://" + host + ":" + port);
    }

    /** A client of this server, path-style, with its static sandbox credentials. */
    public S3Client client() {
        return S3Clients.create(endpoint(), "us-east-1",
                StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)));
    }

    public String host() { return host; }
    public int port() { return port; }
    public Path dir() { return dir; }
    public long pid() { return pid; }

    public boolean alive() {
        return Processes.alive(pid);
    }

    /** SIGTERM, wait, then SIGKILL past the bound. */
    public void stop() {
        Processes.terminate(pid, 20);
    }

    @Override
    public void close() {
        stop();
    }

    @Override
    public String toString() {
        return "S3Proxy@" + host + ":" + port;
    }
}
