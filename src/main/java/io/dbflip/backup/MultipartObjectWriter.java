package io.dbflip.backup;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One S3 object written as a stream of unknown length: bytes fill a part buffer from the pool; a
 * full buffer is uploaded as the next part on the executor while the writer fills another. Close
 * completes the upload; {@link #abort()} aborts it so no parts are left billed and dangling.
 */
final class MultipartObjectWriter extends OutputStream {
    private final S3Client s3;
    private final String bucket;
    private final String key;
    private final BufferPool pool;
    private final ExecutorService executor;
    private final AtomicLong uploaded;
    private final String uploadId;
    private final MessageDigest sha256;
    private final List<Future<CompletedPart>> parts = new ArrayList<>();
    private byte[] buffer;
    private int filled;
    private long size;
    private boolean closed;

    MultipartObjectWriter(S3Client s3, String bucket, String key, BufferPool pool, ExecutorService executor,
                          AtomicLong uploaded) {
        this.s3 = s3;
        this.bucket = bucket;
        this.key = key;
        this.pool = pool;
        this.executor = executor;
        this.uploaded = uploaded;
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        this.uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(key)).uploadId();
    }

    String key() {
        return key;
    }

    long size() {
        return size;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[]{(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            if (buffer == null) {
                failIfAPartFailed();
                buffer = pool.take();
                filled = 0;
            }
            int n = Math.min(len, buffer.length - filled);
            System.arraycopy(b, off, buffer, filled, n);
            sha256.update(b, off, n);
            filled += n;
            size += n;
            off += n;
            len -= n;
            if (filled == buffer.length) {
                submitPart();
            }
        }
    }

    private void submitPart() {
        byte[] full = buffer;
        int length = filled;
        int number = parts.size() + 1;
        buffer = null;
        parts.add(executor.submit(() -> {
            try {
                String etag = s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(number)
                        .contentLength((long) length), RequestBody.fromContentProvider(
                        () -> new java.io.ByteArrayInputStream(full, 0, length), length, "application/octet-stream")).eTag();
                uploaded.addAndGet(length);
                return CompletedPart.builder().partNumber(number).eTag(etag).build();
            } finally {
                pool.give(full);
            }
        }));
    }

    /** A failed part stops the writer at its next buffer rather than after the whole stream. */
    private void failIfAPartFailed() throws IOException {
        for (Future<CompletedPart> f : parts) {
            if (f.isDone()) {
                get(f);
            }
        }
    }

    private static CompletedPart get(Future<CompletedPart> f) throws IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while uploading", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IOException("uploading a part failed: " + e.getCause().getMessage(), e.getCause());
        }
    }

    /** Upload the last part and complete the object. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        // an empty object still needs one (empty) part to complete
        if (buffer != null && (filled > 0 || parts.isEmpty())) {
            submitPart();
        } else if (buffer == null && parts.isEmpty()) {
            buffer = pool.take();
            filled = 0;
            submitPart();
        } else if (buffer != null) {
            pool.give(buffer);
            buffer = null;
        }
        List<CompletedPart> done = new ArrayList<>();
        for (Future<CompletedPart> f : parts) {
            done.add(get(f));
        }
        s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                .multipartUpload(m -> m.parts(done)));
        closed = true;
    }

    /** Abort the upload (after waiting for parts in flight, so their buffers come back). Never throws. */
    void abort() {
        if (closed) {
            return;
        }
        closed = true;
        for (Future<CompletedPart> f : parts) {
            try {
                f.get();
            } catch (Exception ignored) {
                // the part's own failure is what we are cleaning up after
            }
        }
        if (buffer != null) {
            pool.give(buffer);
            buffer = null;
        }
        try {
            s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
        } catch (RuntimeException ignored) {
            // the caller reports the original failure; a lifecycle rule cleans what S3 kept
        }
    }

    String sha256Hex() {
        return HexFormat.of().formatHex(sha256.digest());
    }
}
