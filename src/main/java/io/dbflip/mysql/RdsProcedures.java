package io.dbflip.mysql;

import java.util.List;

/**
 * The CALLs of the mysql.rds_* procedures that RDS and Aurora give their master user instead of
 * SUPER. Shared by the managed dialects, which differ only in the procedures' names (Aurora 3
 * and RDS for MySQL 8.4 say "source" where older releases say "master").
 */
final class RdsProcedures {
    private RdsProcedures() {
    }

    /** {@code mysql.<name>(host, port, user, password, log_file, log_pos, ssl)} */
    static Sql setExternal(String procedure, ReplicationSource s, BinlogPosition p) {
        return Sql.withSecret("CALL mysql." + procedure + "(" + Quote.string(s.host()) + ", " + s.port() + ", "
                + Quote.string(s.user()) + ", {secret}, " + Quote.string(p.file()) + ", " + p.position() + ", "
                + (s.ssl() ? 1 : 0) + ")", s.password());
    }

    /** {@code mysql.<name>(host, port, user, password, ssl)}: MySQL's GTID auto-position. */
    static Sql setExternalAutoPosition(String procedure, ReplicationSource s) {
        return Sql.withSecret("CALL mysql." + procedure + "(" + Quote.string(s.host()) + ", " + s.port() + ", "
                + Quote.string(s.user()) + ", {secret}, " + (s.ssl() ? 1 : 0) + ")", s.password());
    }

    /** {@code mysql.rds_set_external_master_gtid(host, port, user, password, gtid, ssl)}: RDS for MariaDB. */
    static Sql setExternalGtid(ReplicationSource s, String gtid) {
        return Sql.withSecret("CALL mysql.rds_set_external_master_gtid(" + Quote.string(s.host()) + ", " + s.port() + ", "
                + Quote.string(s.user()) + ", {secret}, " + Quote.string(gtid == null ? "" : gtid.strip()) + ", "
                + (s.ssl() ? 1 : 0) + ")", s.password());
    }

    static List<Sql> call(String procedure) {
        return List.of(Sql.of("CALL mysql." + procedure + "()"));
    }

    /** Where the managed flavors keep a replication filter: the parameter group, not SET GLOBAL. */
    static String filterInParameterGroup(String group) {
        return "set replicate_wild_ignore_table = mysql.rds% in the " + group
                + " (the master user cannot change replication filters at run time)";
    }
}
