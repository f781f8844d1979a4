package io.dbflip.sandbox;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class S3ProxyServerIT {
    @TempDir
    Path dir;

    @Test
    void startsServesObjectsAndStopsByPid() {
        try (S3ProxyServer s3 = S3ProxyServer.start(dir, "127.79.1.1", 18081); S3Client c = s3.client()) {
            c.createBucket(b -> b.bucket("sandbox"));
            c.putObject(b -> b.bucket("sandbox").key("a/b.txt"), RequestBody.fromString("hello s3"));
            assertThat(c.getObjectAsBytes(b -> b.bucket("sandbox").key("a/b.txt")).asUtf8String()).isEqualTo("hello s3");
            assertThat(c.listObjectsV2(b -> b.bucket("sandbox").prefix("a/")).contents())
                    .extracting(o -> o.key()).containsExactly("a/b.txt");
            s3.stop();
            assertThat(s3.alive()).isFalse();
            assertThatThrownBy(() -> c.headBucket(b -> b.bucket("sandbox"))).isInstanceOf(Exception.class);
        }
    }
}
