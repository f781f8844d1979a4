package io.dbflip.backup;

import java.nio.file.Path;
import java.util.List;

/**
 * What one backup needs, as plain values (the CLI fills it from the config).
 *
 * @param sourceName     the side's name, for messages and backup.json
 * @param tool           the backup command, e.g. {@code [mariabackup]} or {@code [xtrabackup]}; dbflip adds
 *                       {@code --defaults-extra-file=… --backup --slave-info --stream=xbstream --target-dir=…}
 * @param partSize       bytes per multipart part (≥ 5 MB); memory is {@code (concurrency + 1) × partSize}
 * @param maxObjectBytes an object past this many (compressed) bytes is closed and the next one started
 * @param gzipLevel      1 (fast) … 9 (small)
 * @param workDir        where the defaults file (0600) and the tool's log go; no backup data is written there
 */
public record BackupRequest(String sourceName, String host, int port, String user, String password,
                            S3Location to, List<String> tool, int partSize, int concurrency, long maxObjectBytes,
                            int gzipLevel, Path workDir) {

    public static final int DEFAULT_PART_SIZE = 8 * 1024 * 1024;
    public static final int DEFAULT_CONCURRENCY = 4;
    public static final long DEFAULT_MAX_OBJECT_BYTES = 100L * 1024 * 1024 * 1024;

    /** Never shows the password. */
    @Override
    public String toString() {
        return "BackupRequest[" + sourceName + " " + host + ":" + port + " as " + user + " -> " + to + "]";
    }
}
