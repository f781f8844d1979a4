package io.dbflip.config;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * The ways to stop writes on a side, declared once: the config value ({@code fence:}), and what each
 * needs from the rest of the side's config. The fence package implements each (its
 * {@code Fence#name()} is this value); a side may join two with '+' (a security-group swap ends no
 * open session, so an account lock goes with it).
 */
public enum FenceMethod {
    READ_ONLY("read-only", false, false),
    /** Locks the app users' accounts: needs app_users. */
    ACCOUNT_LOCK("account-lock", true, false),
    /** Swaps the cluster's security groups: needs security_group; the app's connections fail rather than being refused. */
    SECURITY_GROUP("security-group", false, true);

    private final String value;
    private final boolean locksAccounts;
    private final boolean cutsNetwork;

    FenceMethod(String value, boolean locksAccounts, boolean cutsNetwork) {
        this.value = value;
        this.locksAccounts = locksAccounts;
        this.cutsNetwork = cutsNetwork;
    }

    public String value() {
        return value;
    }

    /** The config values a side may name: each method, and the one combination. */
    public static final List<String> ALLOWED = Stream.concat(Arrays.stream(values()).map(FenceMethod::value),
            Stream.of(SECURITY_GROUP.value + "+" + ACCOUNT_LOCK.value)).toList();

    /** The methods a config value names (one, or several joined by '+'); unknown names are left out. */
    public static List<FenceMethod> of(String value) {
        if (value == null) {
            return List.of();
        }
        return Arrays.stream(value.split("\\+")).flatMap(v -> Arrays.stream(values()).filter(m -> m.value.equals(v))).toList();
    }

    /** The value names this method, alone or joined with another. */
    public static boolean includes(String value, FenceMethod m) {
        return of(value).contains(m);
    }

    /** The fence named by this value locks the app accounts (account-lock, alone or joined). */
    public static boolean locksAccounts(String value) {
        return of(value).stream().anyMatch(m -> m.locksAccounts);
    }

    /** The fence named by this value keeps the app's connections from reaching the server. */
    public static boolean cutsNetwork(String value) {
        return of(value).stream().anyMatch(m -> m.cutsNetwork);
    }
}
