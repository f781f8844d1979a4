/**
 * Traffic switches beside DNS: a proxy in front of the master whose backend dbflip moves (HAProxy's runtime API).
 * Not here: DNS records (dns), fences (fence), the flip's order of steps (flip).
 */
package io.dbflip.traffic;
