package io.dbflip.backup;

import io.dbflip.DbflipException;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * Gzips a stream of unknown length into S3 as numbered objects {@code NAME-000000.EXT},
 * {@code NAME-000001.EXT}, … each a complete gzip file of at most about {@code maxObjectBytes}.
 * Each object is a whole gzip member, so the objects are valid files one by one and their
 * concatenation in name order is one valid gzip stream of the original bytes.
 * Memory is {@code (concurrency + 1) × partSize}; nothing touches the local disk.
 * On failure every open upload is aborted and the objects already completed are deleted.
 */
public final class StreamUploader {
    /** S3's smallest part (except the last). */
    public static final int MIN_PART_SIZE = 5 * 1024 * 1024;
    /** S3 allows 10,000 parts per upload; stay clear of it. */
    static final int MAX_PARTS = 9_000;

    private final S3Client s3;
    private final int partSize;
    private final int concurrency;
    private final long maxObjectBytes;
    private final int gzipLevel;
    private final AtomicLong read = new AtomicLong();
    private final AtomicLong uploaded = new AtomicLong();

    public StreamUploader(S3Client s3, int partSize, int concurrency, long maxObjectBytes, int gzipLevel) {
        if (partSize < MIN_PART_SIZE) {
            throw DbflipException.usage("part size " + partSize + " bytes is below S3's minimum of 5 MB");
        }
        if (concurrency < 1) {
            throw DbflipException.usage("upload concurrency must be at least 1");
        }
        this.s3 = s3;
        this.partSize = partSize;
        this.concurrency = concurrency;
        this.maxObjectBytes = Math.max(partSize, Math.min(maxObjectBytes, (long) partSize * MAX_PARTS));
        this.gzipLevel = gzipLevel;
    }

    /** Bytes read from the input so far (uncompressed). */
    public long bytesRead() {
        return read.get();
    }

    /** Compressed bytes whose parts S3 has acknowledged. */
    public long bytesUploaded() {
        return uploaded.get();
    }

    public static String objectName(String base, int index, String extension) {
        return String.format("%s-%06d.%s", base, index, extension);
    }

    /**
     * Upload {@code in} to {@code location} as {@code base-NNNNNN.extension} objects; returns them in order.
     * Throws (after cleaning up) when reading or uploading fails.
     */
    public List<UploadedObject> upload(InputStream in, S3Location location, String base, String extension) {
        ExecutorService executor = Executors.newFixedThreadPool(concurrency, r -> {
            Thread t = new Thread(r, "s3-upload");
            t.setDaemon(true);
            return t;
        });
        BufferPool pool = new BufferPool(concurrency + 1, partSize);
        List<UploadedObject> done = new ArrayList<>();
        MultipartObjectWriter writer = null;
        try {
            byte[] chunk = new byte[256 * 1024];
            boolean eof = false;
            while (!eof) {
                String key = location.key(objectName(base, done.size(), extension));
                writer = new MultipartObjectWriter(s3, location.bucket(), key, pool, executor, uploaded);
                GZIPOutputStream gz = new LeveledGzip(writer, gzipLevel);
                while (writer.size() < maxObjectBytes) {
                    int n = in.read(chunk);
                    if (n < 0) {
                        eof = true;
                        break;
                    }
                    read.addAndGet(n);
                    gz.write(chunk, 0, n);
                }
                gz.finish();
                writer.close();
                done.add(new UploadedObject(key, writer.size(), writer.sha256Hex()));
                writer = null;
            }
            return done;
        } catch (IOException | RuntimeException e) {
            if (writer != null) {
                writer.abort();
            }
            for (UploadedObject o : done) {
                try {
                    s3.deleteObject(b -> b.bucket(location.bucket()).key(o.key()));
                } catch (RuntimeException ignored) {
                    // best effort: the original failure is what the caller must see
                }
            }
            if (e instanceof DbflipException d) {
                throw d;
            }
            throw DbflipException.failed("upload to " + location + " failed after " + read.get()
                    + " bytes: " + e.getMessage() + "; the partial upload was aborted", e);
        } finally {
            executor.shutdownNow();
        }
    }

    /** GZIPOutputStream with a chosen level: level 1 keeps up with a disk-speed backup on one core. */
    private static final class LeveledGzip extends GZIPOutputStream {
        LeveledGzip(java.io.OutputStream out, int level) throws IOException {
            super(out, 64 * 1024);
            def.setLevel(level < 0 ? Deflater.DEFAULT_COMPRESSION : level);
        }
    }
}
