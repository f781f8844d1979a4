package io.dbflip.journal;

import java.nio.file.Path;

/** Run in a child JVM by the tests: takes a cluster's lock in a file journal and holds it until killed. */
public final class LockHolderMain {
    public static void main(String[] args) throws Exception {
        Journal j = new FileJournal(Path.of(args[0]));
        if (args.length > 1) {
            j.acquire(args[1], "child-op");
        }
        System.out.println("READY " + ProcessHandle.current().pid());
        System.out.flush();
        // bounded: a test that forgets us does not leave a process behind for long
        Thread.sleep(120_000);
    }
}
