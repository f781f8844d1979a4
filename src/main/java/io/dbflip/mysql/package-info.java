/**
 * One connection to one MySQL-compatible server: connecting (Connector/J, TLS), flavor detection,
 * one SQL dialect per flavor, and reading state (Inspector). Nothing here decides what to change:
 * the flip, the fences and the kills do, with the statements a dialect gives them.
 */
package io.dbflip.mysql;
