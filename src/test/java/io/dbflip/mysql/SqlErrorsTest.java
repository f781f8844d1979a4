package io.dbflip.mysql;

import io.dbflip.DbflipException;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLHandshakeException;
import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;

import static io.dbflip.mysql.SqlErrors.Kind.*;
import static io.dbflip.mysql.SqlErrors.classify;
import static org.assertj.core.api.Assertions.assertThat;

class SqlErrorsTest {
    static SQLException sql(int code, String state) {
        return new SQLException("message text is never read", state, code);
    }

    @Test
    void byVendorCode() {
        assertThat(classify(sql(1045, "28000"))).isEqualTo(ACCESS_DENIED);
        assertThat(classify(sql(1227, "42000"))).isEqualTo(ACCESS_DENIED);
        assertThat(classify(sql(1094, "HY000"))).isEqualTo(UNKNOWN_THREAD);
        assertThat(classify(sql(1205, "HY000"))).isEqualTo(LOCK_WAIT_TIMEOUT);
        assertThat(classify(sql(1290, "HY000"))).isEqualTo(READ_ONLY);
        assertThat(classify(sql(1836, "HY000"))).isEqualTo(READ_ONLY);
        assertThat(classify(sql(2013, "HY000"))).isEqualTo(CONNECTION_LOST);
        assertThat(classify(sql(1927, "70100"))).isEqualTo(CONNECTION_LOST);
        assertThat(classify(sql(1969, "70100"))).isEqualTo(QUERY_TIMEOUT);
        assertThat(classify(sql(1193, "HY000"))).isEqualTo(UNKNOWN_VARIABLE);
        assertThat(classify(sql(1064, "42000"))).isEqualTo(OTHER);
    }

    @Test
    void byDriverStateAndCause() {
        SQLException refused = new SQLException("Communications link failure", "08S01", 0,
                new ConnectException("Connection refused"));
        assertThat(classify(refused)).isEqualTo(UNREACHABLE);
        assertThat(classify(new SQLException("link", "08S01", 0))).isEqualTo(CONNECTION_LOST);
        assertThat(classify(new SQLException("tls", "08000", 0, new SSLHandshakeException("PKIX path")))).isEqualTo(TLS);
        assertThat(classify(new SQLTimeoutException("timeout", "70100", 0))).isEqualTo(QUERY_TIMEOUT);
        // wrapped by our own exception: the cause chain is walked
        assertThat(classify(DbflipException.failed("x", sql(1290, "HY000")))).isEqualTo(READ_ONLY);
        assertThat(classify(DbflipException.failed("x", new SQLException("link", "08S01", 0)))).isEqualTo(CONNECTION_LOST);
        assertThat(SqlErrors.vendorCode(DbflipException.failed("x", sql(1094, "HY000")))).isEqualTo(1094);
        assertThat(LOCK_WAIT_TIMEOUT.transientError()).isTrue();
        assertThat(ACCESS_DENIED.transientError()).isFalse();
    }
}
