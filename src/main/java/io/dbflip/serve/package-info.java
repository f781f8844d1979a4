/**
 * {@code dbflip serve}: the JDK's HTTP server with a bearer token in front of the dashboard
 * (server-rendered HTML), the JSON API and the Prometheus metrics. Flips go through FlipOperation
 * like the CLI's; nothing here speaks to a server except through the fleet status and the flip.
 */
package io.dbflip.serve;
