/**
 * Checks that two servers hold the same data: chunked table checksums (as pt-table-checksum does,
 * by primary-key ranges, never locking a table whole). The write probe lives here too.
 */
package io.dbflip.verify;
