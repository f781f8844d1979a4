/**
 * The durable record of every flip and its steps, and the per-cluster locks that keep two
 * operators from flipping one cluster at once. Embedded H2 file journal by default
 * ({@link io.dbflip.journal.FileJournal}), a shared MySQL database in team mode
 * ({@link io.dbflip.journal.MySqlJournal}). No flip logic lives here: the flip calls it.
 */
package io.dbflip.journal;
