package io.dbflip.sandbox;

import io.dbflip.DbflipException;
import org.junit.jupiter.api.Test;

import java.nio.channels.OverlappingFileLockException;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Issue 10: the first `./dbflip demo` on a fresh machine said "dbflip: null". */
class ConcurrencyTest {
    @Test
    void anExceptionWithoutMessageIsNamedByItsClassAndWhatWasBeingDone() {
        CompletableFuture<Object> f = CompletableFuture.supplyAsync(() -> {
            throw new OverlappingFileLockException();
        });
        assertThatThrownBy(() -> Concurrency.join(f, "starting onprem-a"))
                .isInstanceOf(DbflipException.class)
                .hasMessage("starting onprem-a failed: OverlappingFileLockException (no message)")
                .hasCauseInstanceOf(OverlappingFileLockException.class);
    }

    @Test
    void aDbflipExceptionPassesThroughUnchanged() {
        DbflipException e = DbflipException.precondition("no sandbox");
        CompletableFuture<Object> f = CompletableFuture.failedFuture(e);
        assertThatThrownBy(() -> Concurrency.join(f, "x")).isSameAs(e);
    }

    @Test
    void theOneArgumentJoinNeverSaysNull() {
        CompletableFuture<Object> f = CompletableFuture.failedFuture(new NullPointerException());
        assertThatThrownBy(() -> Concurrency.join(f))
                .hasMessageNotContaining("null:").hasMessageEndingWith("NullPointerException (no message)");
    }

    @Test
    void aFailureWaitsForTheWorkRunningBesideItBeforeItIsThrown() {
        java.util.concurrent.atomic.AtomicBoolean otherEnded = new java.util.concurrent.atomic.AtomicBoolean();
        CompletableFuture<Void> other = CompletableFuture.runAsync(() -> {
            sleep(300);
            otherEnded.set(true);
        });
        assertThatThrownBy(() -> Concurrency.whileOthersRun(() -> {
            throw new OverlappingFileLockException();
        }, java.time.Duration.ofSeconds(10), other)).isInstanceOf(OverlappingFileLockException.class);
        org.assertj.core.api.Assertions.assertThat(otherEnded).as("the server starting beside it has started").isTrue();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
