package io.dbflip.mysql;

import io.dbflip.DbflipException;
import io.dbflip.config.TlsConfig;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * Turns a side's {@link TlsConfig} into Connector/J properties. Connector/J reads trust and key
 * material only from keystore URLs, so the PEM files of the config are converted into PKCS12
 * stores written under a private temporary directory (0700, files 0600) with a random password,
 * and deleted when the {@link Connector} closes (or the JVM exits).
 */
final class TlsStores implements AutoCloseable {
    private final Path dir;
    private final SecureRandom random = new SecureRandom();

    TlsStores() {
        try {
            dir = Files.createTempDirectory("dbflip-tls-", PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
            dir.toFile().deleteOnExit();
        } catch (IOException e) {
            throw DbflipException.failed("cannot create a private temporary directory for TLS stores: " + e.getMessage(), e);
        }
    }

    /** Connector/J's sslMode for a config mode; {@code field} names the setting in messages. */
    static String sslMode(String mode, String field) {
        String m = mode == null ? "disabled" : mode;
        return switch (m) {
            case "disabled" -> "DISABLED";
            case "preferred" -> "PREFERRED";
            case "required" -> "REQUIRED";
            case "verify-ca" -> "VERIFY_CA";
            case "verify-identity" -> "VERIFY_IDENTITY";
            default -> throw DbflipException.usage(field + ": unknown TLS mode '" + m
                    + "'; use disabled, preferred, required, verify-ca or verify-identity");
        };
    }

    /** Add the TLS properties of {@code tls} (null = disabled) for the side named {@code side}. */
    void apply(TlsConfig tls, String side, Properties p) {
        TlsConfig t = tls == null ? TlsConfig.DISABLED : tls;
        String mode = sslMode(t.mode(), side + ".tls.mode");
        p.setProperty("sslMode", mode);
        if ("DISABLED".equals(mode)) {
            // MySQL 8's caching_sha2_password needs the server's RSA key when there is no TLS
            p.setProperty("allowPublicKeyRetrieval", "true");
            return;
        }
        if (t.caFile() != null && !t.caFile().isBlank()) {
            String password = password();
            Path store = write("trust", trustStore(t.caFile(), side + ".tls.ca", password), side, password);
            p.setProperty("trustCertificateKeyStoreUrl", store.toUri().toString());
            p.setProperty("trustCertificateKeyStoreType", "PKCS12");
            p.setProperty("trustCertificateKeyStorePassword", password);
            p.setProperty("fallbackToSystemTrustStore", "false");
        }
        boolean cert = t.certFile() != null && !t.certFile().isBlank();
        boolean key = t.keyFile() != null && !t.keyFile().isBlank();
        if (cert != key) {
            throw DbflipException.usage(side + ".tls: cert and key go together; set both or neither");
        }
        if (cert) {
            String password = password();
            Path store = write("client", keyStore(t.certFile(), t.keyFile(), side, password), side, password);
            p.setProperty("clientCertificateKeyStoreUrl", store.toUri().toString());
            p.setProperty("clientCertificateKeyStoreType", "PKCS12");
            p.setProperty("clientCertificateKeyStorePassword", password);
            p.setProperty("fallbackToSystemKeyStore", "false");
        }
    }

    private String password() {
        byte[] b = new byte[18];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    static List<Certificate> certificates(String file, String field) {
        byte[] bytes = read(file, field);
        try {
            List<Certificate> certs = new ArrayList<>(CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(bytes)));
            if (certs.isEmpty()) {
                throw DbflipException.usage(field + ": " + file + " holds no PEM certificate");
            }
            return certs;
        } catch (GeneralSecurityException e) {
            throw DbflipException.usage(field + ": " + file + " is not a PEM certificate file (" + e.getMessage() + ")");
        }
    }

    static KeyStore trustStore(String caFile, String field, String password) {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, password.toCharArray());
            int i = 0;
            for (Certificate c : certificates(caFile, field)) {
                ks.setCertificateEntry("ca-" + i++, c);
            }
            return ks;
        } catch (GeneralSecurityException | IOException e) {
            throw DbflipException.failed(field + ": cannot build a trust store from " + caFile + ": " + e.getMessage(), e);
        }
    }

    static KeyStore keyStore(String certFile, String keyFile, String side, String password) {
        List<Certificate> chain = certificates(certFile, side + ".tls.cert");
        PrivateKey key = privateKey(keyFile, side + ".tls.key");
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, password.toCharArray());
            ks.setKeyEntry("client", key, password.toCharArray(), chain.toArray(new Certificate[0]));
            return ks;
        } catch (GeneralSecurityException | IOException e) {
            throw DbflipException.usage(side + ".tls: the key in " + keyFile + " does not fit the certificate in "
                    + certFile + " (" + e.getMessage() + ")");
        }
    }

    /** PKCS#8 PEM ("BEGIN PRIVATE KEY"), RSA or EC — what openssl 3 writes by default. */
    static PrivateKey privateKey(String file, String field) {
        String pem = new String(read(file, field), java.nio.charset.StandardCharsets.US_ASCII);
        if (pem.contains("BEGIN RSA PRIVATE KEY") || pem.contains("BEGIN EC PRIVATE KEY")) {
            throw DbflipException.usage(field + ": " + file + " is a PKCS#1/SEC1 key; convert it with"
                    + " 'openssl pkcs8 -topk8 -nocrypt -in " + file + " -out key.pk8.pem'");
        }
        if (pem.contains("ENCRYPTED PRIVATE KEY")) {
            throw DbflipException.usage(field + ": " + file + " is encrypted; dbflip needs an unencrypted PKCS#8 key");
        }
        int begin = pem.indexOf("-----BEGIN PRIVATE KEY-----");
        int end = pem.indexOf("-----END PRIVATE KEY-----");
        if (begin < 0 || end < begin) {
            throw DbflipException.usage(field + ": " + file + " holds no PEM private key");
        }
        byte[] der = Base64.getMimeDecoder().decode(pem.substring(begin + 27, end));
        for (String alg : List.of("RSA", "EC", "Ed25519")) {
            try {
                return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException ignored) {
                // try the next algorithm
            }
        }
        throw DbflipException.usage(field + ": " + file + " is not an RSA, EC or Ed25519 key");
    }

    private static byte[] read(String file, String field) {
        try {
            return Files.readAllBytes(Path.of(file));
        } catch (IOException e) {
            throw DbflipException.usage(field + ": cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
        }
    }

    private Path write(String kind, KeyStore ks, String side, String password) {
        try {
            Path f = Files.createTempFile(dir, kind + "-" + side.replaceAll("[^A-Za-z0-9_-]", "_") + "-", ".p12",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            f.toFile().deleteOnExit();
            // the store's password protects it at rest only: it is random and lives in this JVM alone
            try (OutputStream out = Files.newOutputStream(f)) {
                ks.store(out, password.toCharArray());
            }
            return f;
        } catch (IOException | GeneralSecurityException e) {
            throw DbflipException.failed("cannot write the TLS store for " + side + " under " + dir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try (Stream<Path> s = Files.list(dir)) {
            for (Path f : s.toList()) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(dir);
        } catch (IOException ignored) {
            // deleteOnExit removes what is left
        }
    }
}
