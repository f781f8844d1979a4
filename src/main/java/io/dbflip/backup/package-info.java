/**
 * Taking a streamed physical backup (mariabackup/xtrabackup) and shipping it to S3 with its
 * coordinates; restoring one to a self-managed server. The Aurora import lives in {@code io.dbflip.aws}.
 */
package io.dbflip.backup;
