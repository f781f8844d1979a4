/**
 * Ways to end client sessions on a server: KILL CONNECTION, per-user (connected as each app user),
 * and CALL mysql.rds_kill. Never replication threads, never dbflip's own sessions.
 */
package io.dbflip.kill;
