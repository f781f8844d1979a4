package io.dbflip.verify;

import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

/** The pooling probe's rule for keeping a connection after a failed write (HikariCP's default eviction). */
class ProbeKeepsTest {
    @Test
    void keepsTheSessionThroughARefusalAndDropsABrokenOne() {
        assertThat(Probe.keeps(new SQLException("The MySQL server is running with the --super-read-only option", "HY000", 1290)))
                .as("read-only refusal").isTrue();
        assertThat(Probe.keeps(new SQLException("Lock wait timeout exceeded", "HY000", 1205))).as("a lock wait").isTrue();
        assertThat(Probe.keeps(new SQLException("Communications link failure", "08S01", 0))).as("link failure").isFalse();
        assertThat(Probe.keeps(new SQLNonTransientConnectionException("No operations allowed after connection closed", "08003")))
                .as("closed").isFalse();
        assertThat(Probe.keeps(new SQLTimeoutException("timeout"))).as("a timeout").isFalse();
        assertThat(Probe.keeps(new SQLException("server shutdown", "57P01"))).as("admin shutdown").isFalse();
        assertThat(Probe.keeps(new SQLException("no state"))).as("no SQLState").isTrue();
    }
}
