package io.dbflip.backup;

import io.dbflip.DbflipException;

/** {@code s3://BUCKET/PREFIX}: where one backup lives. The prefix has no leading or trailing slash. */
public record S3Location(String bucket, String prefix) {

    public static boolean isS3(String text) {
        return text != null && text.startsWith("s3://");
    }

    public static S3Location parse(String text) {
        if (!isS3(text)) {
            throw DbflipException.usage("'" + text + "' is not an S3 location; write s3://BUCKET/PREFIX");
        }
        String rest = text.substring(5);
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        String prefix = slash < 0 ? "" : rest.substring(slash + 1).replaceAll("^/+|/+$", "");
        if (!bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
            throw DbflipException.usage("'" + text + "': bucket name '" + bucket + "' is not a valid S3 bucket name");
        }
        if (prefix.isEmpty()) {
            throw DbflipException.usage("'" + text + "': give a prefix (s3://" + bucket + "/PREFIX) so a backup has its own folder");
        }
        return new S3Location(bucket, prefix);
    }

    /** The key of {@code name} inside this backup's prefix. */
    public String key(String name) {
        return prefix + "/" + name;
    }

    @Override
    public String toString() {
        return "s3://" + bucket + "/" + prefix;
    }
}
