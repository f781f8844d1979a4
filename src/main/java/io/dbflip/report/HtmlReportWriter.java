package io.dbflip.report;

import io.dbflip.flip.FlipReport;
import io.dbflip.flip.ReportWriter;

import java.nio.file.Path;

/** The HTML form of every saved flip report (registered in META-INF/services). */
public final class HtmlReportWriter implements ReportWriter {
    @Override
    public void write(FlipReport report, Path dir) {
        FlipHtml.write(report, null, dir);
    }
}
