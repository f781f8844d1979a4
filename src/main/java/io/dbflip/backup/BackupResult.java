package io.dbflip.backup;

import java.util.List;
import java.util.Map;

/** A finished backup: where it is, its objects in order, the raw stream's size, its coordinates lines and backup.json. */
public record BackupResult(S3Location location, List<UploadedObject> objects, long xbstreamBytes,
                           List<String> coordinatesLines, Map<String, Object> manifest) {
}
