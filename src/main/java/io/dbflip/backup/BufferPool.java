package io.dbflip.backup;

import io.dbflip.DbflipException;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * A fixed set of part buffers: the whole of an upload's memory. A reader that outruns the network
 * waits here for a buffer to come back, so memory stays at {@code count × size} however large the stream.
 */
final class BufferPool {
    private final BlockingQueue<byte[]> free;
    private final int size;

    BufferPool(int count, int size) {
        this.size = size;
        this.free = new ArrayBlockingQueue<>(count);
        for (int i = 0; i < count; i++) {
            free.add(new byte[size]);
        }
    }

    int size() {
        return size;
    }

    byte[] take() {
        try {
            return free.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw DbflipException.failed("interrupted while waiting for an upload buffer");
        }
    }

    void give(byte[] buffer) {
        free.add(buffer);
    }
}
