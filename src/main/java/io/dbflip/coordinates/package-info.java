/**
 * Replication coordinates read out of what a backup leaves: xtrabackup / innobackupex / mariabackup log lines,
 * {@code xtrabackup_slave_info}, {@code xtrabackup_binlog_info}, {@code xtrabackup_info} and MariaDB 11.1+'s
 * {@code mariadb_backup_*} files. Pure parsing: no server is contacted here; the replicate step consumes the result.
 */
package io.dbflip.coordinates;
