package io.dbflip.backup;

import io.dbflip.DbflipException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reading a backup back: from S3 ({@code s3://BUCKET/PREFIX}) or from a local directory holding the
 * same files. A backup counts only once its coordinates.txt exists.
 */
public final class BackupLocation {
    static final Pattern DATA_OBJECT = Pattern.compile(
            Pattern.quote(BackupRunner.DATA_BASE) + "-\\d{6}\\." + Pattern.quote(BackupRunner.DATA_EXTENSION));

    private final S3Client s3;
    private final S3Location s3Location;
    private final Path dir;

    private BackupLocation(S3Client s3, S3Location s3Location, Path dir) {
        this.s3 = s3;
        this.s3Location = s3Location;
        this.dir = dir;
    }

    public static BackupLocation s3(S3Client s3, S3Location location) {
        return new BackupLocation(s3, location, null);
    }

    public static BackupLocation dir(Path dir) {
        return new BackupLocation(null, null, dir);
    }

    /** The coordinates lines of the backup at {@code s3uri}, as its log printed them (for {@code dbflip replicate --from s3://…}). */
    public static String readCoordinates(S3Client s3, String s3uri) {
        return s3(s3, S3Location.parse(s3uri)).readCoordinates();
    }

    @Override
    public String toString() {
        return s3Location != null ? s3Location.toString() : dir.toString();
    }

    public String readCoordinates() {
        return readText(BackupRunner.COORDINATES, "it is unfinished (or not a dbflip backup): take a new backup");
    }

    public String readManifest() {
        return readText(BackupRunner.MANIFEST, "it is not a dbflip backup");
    }

    private String readText(String name, String advice) {
        if (s3Location != null) {
            try {
                return s3.getObjectAsBytes(b -> b.bucket(s3Location.bucket()).key(s3Location.key(name))).asUtf8String();
            } catch (NoSuchKeyException e) {
                throw DbflipException.precondition(this + " has no " + name + ": " + advice);
            }
        }
        try {
            return Files.readString(dir.resolve(name));
        } catch (IOException e) {
            throw DbflipException.precondition(this + " has no readable " + name + ": " + advice);
        }
    }

    /** The data objects' names (keys or file names) in stream order. */
    public List<String> dataNames() {
        List<String> names;
        if (s3Location != null) {
            names = s3.listObjectsV2Paginator(b -> b.bucket(s3Location.bucket()).prefix(s3Location.prefix() + "/"))
                    .contents().stream().map(S3Object::key)
                    .filter(k -> DATA_OBJECT.matcher(k.substring(k.lastIndexOf('/') + 1)).matches())
                    .sorted().toList();
        } else {
            try (Stream<Path> s = Files.list(dir)) {
                names = s.map(p -> p.getFileName().toString()).filter(n -> DATA_OBJECT.matcher(n).matches()).sorted().toList();
            } catch (IOException e) {
                throw DbflipException.usage("cannot list backup directory " + dir + ": " + e.getMessage());
            }
        }
        if (names.isEmpty()) {
            throw DbflipException.precondition(this + " holds no backup data (" + BackupRunner.DATA_BASE + "-NNNNNN."
                    + BackupRunner.DATA_EXTENSION + ")");
        }
        return names;
    }

    /** The compressed stream: the data objects one after another, each opened only when reached. */
    public InputStream openCompressed() {
        return chained(this::open);
    }

    private InputStream open(String name) {
        if (s3Location != null) {
            return s3.getObject(b -> b.bucket(s3Location.bucket()).key(name));
        }
        try {
            return Files.newInputStream(dir.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The xbstream itself. Each object is one whole gzip file, so each is gunzipped on its own and the
     * results are chained: Java 17's GZIPInputStream stops at a member boundary when the source's
     * available() is 0 (JDK-7036144), as an HTTP stream's often is, which would truncate the stream.
     */
    public InputStream openXbstream() {
        return chained(name -> {
            try {
                return new java.util.zip.GZIPInputStream(open(name), 256 * 1024);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** The data objects, each opened by {@code open} only when reached, one after another; an unfinished backup is refused first. */
    private InputStream chained(java.util.function.Function<String, InputStream> open) {
        readCoordinates(); // refuse an unfinished backup before reading gigabytes of it
        Iterator<String> names = dataNames().iterator();
        return new SequenceInputStream(new java.util.Enumeration<InputStream>() {
            @Override
            public boolean hasMoreElements() {
                return names.hasNext();
            }

            @Override
            public InputStream nextElement() {
                return open.apply(names.next());
            }
        });
    }
}
