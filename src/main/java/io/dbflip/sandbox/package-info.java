/**
 * The local sandbox: real MariaDB servers (an on-premise master and replica, and an Aurora-like
 * server seeded the way Aurora's S3 import seeds a cluster) and a BIND DNS server, on loopback.
 * Tests and the rehearsal stand on it; nothing here is used by a real flip.
 */
package io.dbflip.sandbox;
