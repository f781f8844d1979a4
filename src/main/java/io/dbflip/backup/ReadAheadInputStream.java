package io.dbflip.backup;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Reads its source on its own thread into a few bounded chunks, so the backup tool keeps writing
 * while the consumer compresses: the pipe's 64 KB buffer alone would stall the tool on every deflate.
 * Memory: {@code chunks × chunkSize}.
 */
final class ReadAheadInputStream extends InputStream {
    private static final byte[] EOF = new byte[0];

    private final BlockingQueue<byte[]> queue;
    private final BlockingQueue<byte[]> free;
    private byte[] toRecycle;
    private final int chunkSize;
    private final Thread reader;
    private volatile IOException failure;
    private byte[] current = new byte[0];
    private int pos;
    private boolean done;

    ReadAheadInputStream(InputStream source, int chunks, int chunkSize) {
        this.chunkSize = chunkSize;
        this.queue = new ArrayBlockingQueue<>(chunks + 1);
        // chunks are recycled, not reallocated: no garbage per chunk, so the heap stays small
        this.free = new ArrayBlockingQueue<>(chunks);
        for (int i = 0; i < chunks; i++) {
            free.add(new byte[chunkSize]);
        }
        this.reader = new Thread(() -> {
            try {
                while (true) {
                    byte[] buf = free.take();
                    int n = source.readNBytes(buf, 0, chunkSize);
                    if (n > 0) {
                        queue.put(n == chunkSize ? buf : Arrays.copyOf(buf, n));
                    }
                    if (n < chunkSize) {
                        break;
                    }
                }
            } catch (IOException e) {
                failure = e;
            } catch (InterruptedException e) {
                return;
            }
            try {
                queue.put(EOF);
            } catch (InterruptedException ignored) {
                // closed while finishing
            }
        }, "read-ahead");
        reader.setDaemon(true);
        reader.start();
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (done) {
            return -1;
        }
        if (pos == current.length) {
            if (toRecycle != null) {
                free.offer(toRecycle);
                toRecycle = null;
            }
            try {
                current = queue.take();
                toRecycle = current.length == chunkSize ? current : null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
            pos = 0;
            if (current == EOF) {
                done = true;
                if (failure != null) {
                    throw failure;
                }
                return -1;
            }
        }
        int n = Math.min(len, current.length - pos);
        System.arraycopy(current, pos, b, off, n);
        pos += n;
        return n;
    }

    @Override
    public void close() {
        reader.interrupt();
    }
}
