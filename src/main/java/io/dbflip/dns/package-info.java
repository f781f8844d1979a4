/**
 * DNS providers (RFC 2136 dynamic update with TSIG, Route 53) and the switch that points a cluster's
 * records at a side in every zone at once, reads each back from its authoritative server and reverts on failure.
 * No MySQL here, and no config parsing: providers are built from {@code io.dbflip.config} records.
 */
package io.dbflip.dns;
