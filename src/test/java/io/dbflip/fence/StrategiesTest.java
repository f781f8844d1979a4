package io.dbflip.fence;

import io.dbflip.DbflipException;
import io.dbflip.config.ConfigFields;
import io.dbflip.config.FenceMethod;
import io.dbflip.config.KillMethod;
import io.dbflip.kill.Killers;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The fence and kill methods are declared once (config) and each declared value has its implementation of that name. */
class StrategiesTest {
    @Test
    void everyAllowedFenceValueBuildsAFenceOfThatName() {
        assertThat(ConfigFields.FENCES).isEqualTo(FenceMethod.ALLOWED)
                .containsExactly("read-only", "account-lock", "security-group", "security-group+account-lock");
        for (String v : ConfigFields.FENCES) {
            assertThat(Fences.create(v).name()).isEqualTo(v);
        }
        assertThat(FenceMethod.locksAccounts("security-group+account-lock")).isTrue();
        assertThat(FenceMethod.locksAccounts("read-only")).isFalse();
        assertThat(FenceMethod.cutsNetwork("security-group+account-lock")).isTrue();
        assertThatThrownBy(() -> Fences.create("read-olny")).isInstanceOf(DbflipException.class).hasMessageContaining("read-olny");
    }

    @Test
    void everyAllowedKillValueBuildsAKillerOfThatName() {
        assertThat(ConfigFields.KILLS).isEqualTo(KillMethod.ALLOWED).containsExactly("kill", "per-user", "rds-kill");
        for (String v : ConfigFields.KILLS) {
            assertThat(Killers.create(v, (side, as) -> null).name()).isEqualTo(v);
        }
        assertThat(KillMethod.of("per-user").orElseThrow().connectsAsAppUsers()).isTrue();
        assertThatThrownBy(() -> Killers.create("kil", (side, as) -> null)).isInstanceOf(DbflipException.class)
                .hasMessageContaining("kil").hasMessageContaining("per-user");
    }
}
