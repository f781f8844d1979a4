package io.dbflip.dns;

/** One preflight check of one DNS record: its name, whether it passed, and why. */
public record DnsCheck(String record, boolean ok, String reason) {
}
