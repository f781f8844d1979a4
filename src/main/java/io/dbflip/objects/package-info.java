/**
 * What a physical import leaves behind: users, roles, grants, routines, events, triggers and views.
 * Read ({@link io.dbflip.objects.ObjectDumper}), compare ({@link io.dbflip.objects.ObjectDiff}),
 * rewrite for the target's admin ({@link io.dbflip.objects.TargetRewriter}) and apply
 * ({@link io.dbflip.objects.ObjectApplier}). No table data and no replication changes live here.
 */
package io.dbflip.objects;
