package io.dbflip.objects;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Never lift a fence: an account's lock on the target is not apply's to undo. Only a flip's unfence step (or a
 * rollback) may make a fenced side writable, and an account lock is how the account-lock fence holds. So:
 * <ul>
 * <li>an account locked on the target stays locked, whatever the source says;</li>
 * <li>an app user of a side fenced by account lock is created locked on a fenced target (the flip's unfence step
 *     unlocks it when that side becomes the master), and a source's fence lock is not copied onto the target;</li>
 * <li>no ALTER USER apply runs ever says ACCOUNT UNLOCK (MySQL prints it in every SHOW CREATE USER).</li>
 * </ul>
 *
 * @param fenceUsers    user names whose lock is a fence's, not the account's own setting (the app users of a side
 *                      fenced by account lock)
 * @param targetFenced  the target is a replica fenced by account lock: new fence users are created locked
 */
public record AccountLocks(Set<String> fenceUsers, boolean targetFenced) {
    private static final Pattern LOCK = Pattern.compile("(?i)\\s+ACCOUNT\\s+LOCK\\b");
    private static final Pattern UNLOCK = Pattern.compile("(?i)\\s+ACCOUNT\\s+UNLOCK\\b");

    public static final AccountLocks NONE = new AccountLocks(Set.of(), false);

    public AccountLocks {
        fenceUsers = Set.copyOf(fenceUsers);
    }

    /** The wanted accounts with their lock as apply may set it, and one note per account where that differs. */
    public List<ObjectDef> adjust(List<ObjectDef> wanted, Map<String, ObjectDef> existing, boolean mariadb,
                                  List<String> notes) {
        List<ObjectDef> out = new ArrayList<>(wanted.size());
        for (ObjectDef d : wanted) {
            if (d.kind() != ObjectKind.USER) {
                out.add(d);
                continue;
            }
            ObjectDef have = existing.get(d.key());
            boolean fenceUser = fenceUsers.contains(userOf(d));
            boolean want = locked(d.create());
            boolean lock;
            if (have != null && locked(have.create())) {
                lock = true;
                if (!want) {
                    notes.add(d.key() + ": locked on the target, left locked (apply never unlocks: only a flip's"
                            + " unfence step lifts a fence)");
                }
            } else if (fenceUser) {
                lock = have == null && targetFenced;
                if (lock && !want) {
                    notes.add(d.key() + ": created locked: the target is fenced by account lock (the flip's unfence"
                            + " step unlocks it)");
                } else if (want && !lock) {
                    notes.add(d.key() + ": the source's lock is its fence: not copied to the target");
                }
            } else {
                lock = want;
            }
            out.add(lock == want ? d : d.withCreate(withLock(d.create(), lock, mariadb)));
        }
        return out;
    }

    static boolean locked(String createUser) {
        return LOCK.matcher(createUser).find();
    }

    /** The CREATE USER text with its lock clause set: MySQL prints ACCOUNT LOCK|UNLOCK always, MariaDB only a lock. */
    static String withLock(String createUser, boolean lock, boolean mariadb) {
        if (lock) {
            return UNLOCK.matcher(createUser).find() ? UNLOCK.matcher(createUser).replaceFirst(" ACCOUNT LOCK")
                    : locked(createUser) ? createUser : createUser + " ACCOUNT LOCK";
        }
        return LOCK.matcher(createUser).replaceFirst(mariadb ? "" : " ACCOUNT UNLOCK");
    }

    /** An ALTER USER tail without ACCOUNT UNLOCK: leaving the clause out keeps the lock as it is at that moment. */
    static String withoutUnlock(String sql) {
        return UNLOCK.matcher(sql).replaceAll("");
    }

    private static String userOf(ObjectDef d) {
        int at = d.name().lastIndexOf('@');
        return at < 0 ? d.name() : d.name().substring(0, at);
    }
}
