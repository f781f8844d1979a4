package io.dbflip.cli;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The JVM arguments a supervisor inherits from its flip's process. */
class SupervisorTest {
    @Test
    void theSupervisorStartsWithTheLaunchersArchiveAndTheFlipsJvmFlagsAndNothingElse() {
        List<String> flip = List.of("-XX:SharedArchiveFile=/x/dbflip.jsa", "-Xshare:auto", "-Xlog:cds=off",
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Ddbflip.warmup.gc=true", "-Xmx2g", "-Dsecret=no");
        assertThat(Supervisor.inherited(flip)).containsExactly("-XX:SharedArchiveFile=/x/dbflip.jsa", "-Xshare:auto",
                "-Xlog:cds=off", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
    }
}
