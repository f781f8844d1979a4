/**
 * AWS control-plane work: the Aurora import from S3 (RestoreDBClusterFromS3, instances, own waiters)
 * and the S3 clients. No SQL lives here; the security-group fence is in {@code io.dbflip.fence}.
 */
package io.dbflip.aws;
