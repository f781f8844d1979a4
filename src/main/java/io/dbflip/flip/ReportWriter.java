package io.dbflip.flip;

import java.nio.file.Path;

/**
 * A further form of a flip's report, written beside its JSON and Markdown by {@link FlipReport#save}.
 * Found with {@link java.util.ServiceLoader} (META-INF/services), so the flip does not depend on the
 * packages that draw its reports (io.dbflip.report's HTML).
 */
public interface ReportWriter {
    /** Write this report's file(s) into {@code dir}; a failure is reported, never fails the flip. */
    void write(FlipReport report, Path dir);
}
