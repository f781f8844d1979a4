package io.dbflip.backup;

/** One object of a backup as uploaded: its key, its size in bytes and the SHA-256 of its bytes. */
public record UploadedObject(String key, long size, String sha256) {
}
