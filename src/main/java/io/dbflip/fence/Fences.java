package io.dbflip.fence;

import io.dbflip.DbflipException;
import io.dbflip.config.FenceMethod;

import java.util.function.Supplier;
import java.util.Map;

/** The fences by config name. A fence instance holds what it prepared, so take a new one per side and flip. */
public final class Fences {
    private static final Map<String, Supplier<Fence>> BY_NAME = new java.util.concurrent.ConcurrentHashMap<>();

    static {
        // every declared method has its implementation (the switch is exhaustive)
        for (FenceMethod m : FenceMethod.values()) {
            BY_NAME.put(m.value(), switch (m) {
                case READ_ONLY -> ReadOnlyFence::new;
                case ACCOUNT_LOCK -> AccountLockFence::new;
                case SECURITY_GROUP -> SecurityGroupFence::new;
            });
        }
    }

    private Fences() {
    }

    /** Lets another package (aws: the security-group fence) add its fence. */
    public static void register(String name, Supplier<Fence> factory) {
        BY_NAME.put(name, factory);
    }

    /** Whether a fence of this config name locks the app accounts (account-lock, alone or in a+b). */
    public static boolean locksAccounts(String name) {
        return FenceMethod.locksAccounts(name);
    }

    public static Fence create(String name) {
        if (name != null && name.contains("+")) {
            return new CompositeFence(java.util.Arrays.stream(name.split("\\+")).map(Fences::create).toList());
        }
        Supplier<Fence> f = BY_NAME.get(name);
        if (f == null) {
            throw DbflipException.usage("unknown fence '" + name + "' (known: " + String.join(", ", BY_NAME.keySet()) + ")");
        }
        return f.get();
    }
}
