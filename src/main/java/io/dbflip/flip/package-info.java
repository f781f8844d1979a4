/**
 * The switchover: preflight checks, the plan, the step runner with its journal and rollback, and
 * the report. What it reads of servers comes from the mysql package; what it changes goes through
 * the fences, the kills, the DNS switch and the dialect's statements.
 */
package io.dbflip.flip;
