package io.dbflip.objects;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Accounts dbflip never copies: the servers' own system accounts, RDS's managed ones, the
 * accounts dbflip itself connects as on either side (each side has its own, with its own
 * privileges), and any the operator names. Entries are {@code user@host}, or {@code user} for
 * every host of that user.
 */
public final class SkipList {
    /** Built in: MariaDB/MySQL system accounts, RDS/Aurora managed accounts, the sandbox's root. */
    public static final List<String> BUILT_IN = List.of("root@localhost", "root@127.0.0.1", "root@::1",
            "mariadb.sys", "mysql.sys", "mysql.session", "mysql.infoschema", "rdsadmin", "rdsrepladmin",
            "rds_superuser_role", "AWS_LOAD_S3_ACCESS", "AWS_SELECT_S3_ACCESS", "AWS_LAMBDA_ACCESS",
            "AWS_COMPREHEND_ACCESS", "AWS_SAGEMAKER_ACCESS", "AWS_BEDROCK_ACCESS", "dbflip_root");

    private final Set<String> entries;

    public SkipList(Collection<String> extra) {
        entries = new TreeSet<>(BUILT_IN);
        entries.addAll(extra);
    }

    public static SkipList builtIn() {
        return new SkipList(List.of());
    }

    public SkipList plus(Collection<String> more) {
        TreeSet<String> all = new TreeSet<>(entries);
        all.addAll(more);
        return new SkipList(all);
    }

    public boolean skips(ObjectDef d) {
        if (!d.kind().account()) {
            // the mysql schema's routines and events are the server's own (RDS's mysql.rds_* procedures,
            // its heartbeat event): never carried, never a difference
            return "mysql".equalsIgnoreCase(d.schema());
        }
        if (entries.contains(d.name())) {
            return true;
        }
        int at = d.name().lastIndexOf('@');
        String user = at < 0 ? d.name() : d.name().substring(0, at);
        // root on the machine's own hostname (root@vm) is made by mariadb-install-db like root@localhost
        return user.isEmpty() || entries.contains(user) || (user.equals("root") && at >= 0 && !d.name().endsWith("@%"));
    }

    public Set<String> entries() {
        return entries;
    }
}
