package io.dbflip.flip;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Issue 14 item 4, in the suite: a short fault campaign ({@link ChaosCampaign}, 6 flips by default,
 * {@code -Ddbflip.campaign.flips=N} for more): each CLI flip SIGKILLed at a random point under the
 * probe and an OLTP load, its supervisor alone giving writes back. The seed is printed; replay with
 * {@code DBFLIP_CAMPAIGN_SEED}. The long run is bench/chaos.
 */
class CampaignIT {
    static SandboxFixture f;

    @BeforeAll
    static void up() throws Exception {
        f = new SandboxFixture("campaign");
    }

    @AfterAll
    static void down() {
        if (f != null) {
            f.close();
        }
    }

    @Test
    void flipsKilledAtRandomPointsUnderLoadGiveWritesBackWithNoOneTypingAndLoseNothing() throws Exception {
        Path jar = Path.of("target", "dbflip.jar");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(jar), "target/dbflip.jar is built by mvn package");
        ChaosCampaign c = new ChaosCampaign(f);
        try {
            c.run(Integer.getInteger("dbflip.campaign.flips", 6), jar);
        } finally {
            c.figures(io.dbflip.sandbox.Engine.defaultEngine().configName()).forEach(l -> System.out.println("FIGURE " + l));
        }
    }
}
