/**
 * Many clusters at once: the selection language, the fleet status table, and the fleet flip
 * (preflight of all, canary, bounded parallelism, stop-on-failure, the all-at-once shift).
 * One cluster's switchover lives in {@code io.dbflip.flip}; this package only orders and joins them.
 */
package io.dbflip.fleet;
