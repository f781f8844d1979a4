package io.dbflip.objects;

import io.dbflip.DbflipException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Writes a dump as reviewable SQL, one object per file ({@code users/app@%.sql},
 * {@code routines/shop.p1.procedure.sql}, …). The text depends only on the objects, so two dumps
 * of equal servers are byte-identical. Statements end with {@code ;} and need no DELIMITER: the
 * files are for review and diff; dbflip applies from the servers, not from the files.
 */
public final class ObjectFiles {
    private ObjectFiles() {
    }

    /** Writes every object under {@code dir}, replacing the .sql files an earlier dump left in the kind directories. */
    public static void write(Path dir, List<ObjectDef> objects, boolean showHashes) {
        try {
            for (ObjectKind k : ObjectKind.values()) {
                Path sub = dir.resolve(k.directory());
                if (Files.isDirectory(sub)) {
                    try (Stream<Path> s = Files.list(sub)) {
                        for (Path f : s.filter(p -> p.toString().endsWith(".sql")).toList()) {
                            Files.delete(f);
                        }
                    }
                }
            }
            for (ObjectDef d : objects) {
                Path f = dir.resolve(d.fileName());
                Files.createDirectories(f.getParent());
                String text = render(d);
                Files.writeString(f, showHashes ? text : SqlText.maskHashes(text), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw DbflipException.failed("cannot write the object dump to " + dir + ": " + e.getMessage()
                    + " — choose a writable --out directory", e);
        }
    }

    /** One object's file: a header naming it, the session settings it needs, its statements. */
    public static String render(ObjectDef d) {
        StringBuilder b = new StringBuilder();
        b.append("-- dbflip objects: ").append(d.kind().name().toLowerCase()).append(' ')
                .append(d.schema().isEmpty() ? "" : d.schema() + ".").append(d.name()).append('\n');
        if (!d.definer().isEmpty()) {
            b.append("-- definer: ").append(d.definer()).append('\n');
        }
        for (Map.Entry<String, String> e : d.metadata().entrySet()) {
            b.append("-- ").append(e.getKey()).append(": ").append(e.getValue()).append('\n');
        }
        if (d.metadata().containsKey("sql_mode")) {
            b.append("SET SESSION sql_mode = ").append(SqlText.literal(d.metadata().get("sql_mode"))).append(";\n");
        }
        if (d.metadata().containsKey("character_set_client")) {
            b.append("SET SESSION character_set_client = ").append(d.metadata().get("character_set_client")).append(";\n");
            b.append("SET SESSION collation_connection = ").append(d.metadata().get("collation_connection")).append(";\n");
        }
        if (d.metadata().containsKey("time_zone")) {
            b.append("SET SESSION time_zone = ").append(SqlText.literal(d.metadata().get("time_zone"))).append(";\n");
        }
        if (!d.schema().isEmpty()) {
            b.append("USE ").append(SqlText.ident(d.schema())).append(";\n");
        }
        b.append(d.create().strip()).append(";\n");
        for (String g : d.grants()) {
            b.append(g).append(";\n");
        }
        return b.toString();
    }
}
