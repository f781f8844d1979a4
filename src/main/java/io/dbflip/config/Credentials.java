package io.dbflip.config;

/** A MySQL account and a reference to its password. */
public record Credentials(String user, Secret password) {
    @Override
    public String toString() {
        return user + (password == null ? " (no password)" : " (password " + password.source() + ")");
    }
}
