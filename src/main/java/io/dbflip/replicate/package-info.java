/**
 * How `dbflip replicate` starts a replica from a backup's coordinates: the choice between GTID
 * auto-position and binlog file/position, from facts read off both servers. Decides only; the SQL
 * comes from the target's dialect and runs in flip.ReplicationSetup.
 */
package io.dbflip.replicate;
