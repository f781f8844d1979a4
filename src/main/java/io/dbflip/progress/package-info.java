/**
 * Progress of a wait that can last (a backup upload, a restore download, an import, an objects apply,
 * a checksum, a fleet run): a bar on a terminal, a plain line every few seconds in a log, nothing when
 * quiet. Always on standard error; knows nothing of what it measures and imports nothing of dbflip.
 */
package io.dbflip.progress;
