package io.dbflip.config;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The ways to end client sessions on a side, declared once: the config value ({@code kill:}) and
 * what each needs. The kill package implements each (its {@code SessionKiller#name()} is this value).
 */
public enum KillMethod {
    /** KILL as the admin (needs SUPER or CONNECTION_ADMIN). */
    KILL("kill", false),
    /** Connects as each app user and ends that user's sessions: needs app_users with passwords. */
    PER_USER("per-user", true),
    /** CALL mysql.rds_kill as the admin (RDS and Aurora). */
    RDS_KILL("rds-kill", false);

    private final String value;
    private final boolean connectsAsAppUsers;

    KillMethod(String value, boolean connectsAsAppUsers) {
        this.value = value;
        this.connectsAsAppUsers = connectsAsAppUsers;
    }

    public String value() {
        return value;
    }

    public boolean connectsAsAppUsers() {
        return connectsAsAppUsers;
    }

    public static final List<String> ALLOWED = Arrays.stream(values()).map(KillMethod::value).toList();

    public static Optional<KillMethod> of(String value) {
        return Arrays.stream(values()).filter(m -> m.value.equals(value)).findFirst();
    }
}
