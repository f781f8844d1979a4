package io.dbflip.sandbox;

import io.dbflip.DbflipException;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Gives each sandbox dir its own slot N, i.e. its own 127.77.N.0/24. A slot is taken while another
 * process holds /tmp/dbflip-sandbox-slot-N.lock (an {@code up} in progress), or while the dir named
 * in that file still has live processes of its own (a finished {@code up}: the JVM is gone but the
 * servers run), or while something else listens on its first address. Slots 241..250 are left to
 * tests that start single servers directly.
 */
final class SlotAllocator {
    static final int FIRST = 1;
    static final int LAST = 240;

    private SlotAllocator() {
    }

    /** A held slot; closing releases the file lock (the dir recorded in the file keeps it taken). */
    record Claim(int slot, FileChannel channel, FileLock lock) implements AutoCloseable {
        @Override
        public void close() {
            try {
                lock.release();
                channel.close();
            } catch (IOException ignored) {
                // the lock goes with the channel; nothing else to release
            }
        }
    }

    static Path lockFile(int slot) {
        return Path.of("/tmp", "dbflip-sandbox-slot-" + slot + ".lock");
    }

    /** Claims {@code preferred} when free (or already ours), else the first free slot. */
    static Claim claim(Path dir, Integer preferred) {
        if (preferred != null) {
            Claim c = tryClaim(preferred, dir);
            if (c != null) {
                return c;
            }
        }
        for (int n = FIRST; n <= LAST; n++) {
            Claim c = tryClaim(n, dir);
            if (c != null) {
                return c;
            }
        }
        throw DbflipException.precondition("every sandbox slot (127.77." + FIRST + "-" + LAST
                + ".x) is in use; stop a sandbox with 'dbflip sandbox down --dir DIR'");
    }

    private static Claim tryClaim(int slot, Path dir) {
        String me = dir.toAbsolutePath().normalize().toString();
        FileChannel ch = null;
        try {
            ch = FileChannel.open(lockFile(slot), StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // this JVM is building a sandbox in it
            }
            if (lock == null) {
                ch.close();
                return null;
            }
            ByteBuffer buf = ByteBuffer.allocate((int) Math.min(ch.size(), 4096));
            ch.read(buf, 0);
            String owner = new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8).strip();
            boolean mine = owner.equals(me);
            if (!mine && (ownerLives(owner, slot) || addressBusy(slot))) {
                lock.release();
                ch.close();
                return null;
            }
            ch.truncate(0);
            ch.write(ByteBuffer.wrap((me + "\n").getBytes(StandardCharsets.UTF_8)), 0);
            ch.force(true);
            return new Claim(slot, ch, lock);
        } catch (IOException e) {
            if (ch != null) {
                try {
                    ch.close();
                } catch (IOException ignored) {
                    // already failing; the slot is skipped
                }
            }
            return null;
        }
    }

    private static boolean ownerLives(String owner, int slot) {
        if (owner.isEmpty() || !Files.isDirectory(Path.of(owner))) {
            return false;
        }
        SandboxState s;
        try {
            s = SandboxState.read(Path.of(owner));
        } catch (DbflipException e) {
            return true; // unreadable state: do not guess, leave the slot alone
        }
        return s != null && s.slot() == slot && s.anyAlive();
    }

    /**
     * Something outside any sandbox's records (a leftover server) on the slot's addresses: a MySQL
     * port taken, or a DNS server answering. named binds with SO_REUSEPORT, so a leftover one would
     * share the port with the new sandbox's and answer half its queries with another key and zone.
     */
    private static boolean addressBusy(int slot) {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("127.77." + slot + ".1", SandboxLayout.MYSQL_PORT));
        } catch (IOException e) {
            return true;
        }
        try {
            org.xbill.DNS.SimpleResolver r = new org.xbill.DNS.SimpleResolver(
                    new InetSocketAddress("127.77." + slot + ".53", SandboxLayout.DNS_PORT));
            r.setTimeout(java.time.Duration.ofMillis(150));
            r.send(org.xbill.DNS.Message.newQuery(org.xbill.DNS.Record.newRecord(
                    org.xbill.DNS.Name.root, org.xbill.DNS.Type.SOA, org.xbill.DNS.DClass.IN)));
            return true; // any answer: a DNS server lives there
        } catch (IOException e) {
            return false;
        }
    }

    /** Forget a dir's claim on a slot (after down), if the file still names it. */
    static void release(int slot, Path dir) {
        String me = dir.toAbsolutePath().normalize().toString();
        try (FileChannel ch = FileChannel.open(lockFile(slot), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            FileLock lock = ch.tryLock();
            if (lock == null) {
                return;
            }
            String owner = Files.readString(lockFile(slot)).strip();
            if (owner.equals(me)) {
                ch.truncate(0);
            }
            lock.release();
        } catch (IOException | OverlappingFileLockException ignored) {
            // a claim that cannot be cleared is still freed by its dir being gone
        }
    }
}
