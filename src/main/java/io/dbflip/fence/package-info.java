/**
 * Ways to stop client writes on a server and allow them again: read_only (+super_read_only),
 * account lock, and (in the aws package's implementation) a security-group swap. No SQL of the
 * flip itself lives here, only the fences.
 */
package io.dbflip.fence;
