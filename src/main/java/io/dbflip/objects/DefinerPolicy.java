package io.dbflip.objects;

/** What to do with a DEFINER the target's admin may not set (it lacks SUPER / SET USER). */
public enum DefinerPolicy {
    /** Keep every DEFINER the admin may set; leave out (and report) objects whose DEFINER it may not. */
    KEEP,
    /** Set the DEFINERs the admin may not set to the configured definer (by default the admin itself). */
    REWRITE,
    /** Refuse the whole apply, before anything changes, when any DEFINER cannot be set. */
    REFUSE;

    public static DefinerPolicy of(String name) {
        for (DefinerPolicy p : values()) {
            if (p.name().equalsIgnoreCase(name)) {
                return p;
            }
        }
        throw io.dbflip.DbflipException.usage("--definer-policy: '" + name + "' is not one of keep, rewrite, refuse");
    }
}
