package io.dbflip.report;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dbflip.flip.FlipReport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Reads saved reports back: the journal's report JSON or DIR/flip-ID.json. */
public final class Reports {
    private static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private Reports() {
    }

    /** The report in {@code json}, or empty when there is none or it cannot be read (an older format). */
    public static Optional<FlipReport> parse(String json) {
        if (json == null || json.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(json, FlipReport.class));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    public static Optional<FlipReport> read(Path dir, String flipId) {
        Path p = dir.resolve("flip-" + flipId + ".json");
        try {
            return Files.isRegularFile(p) ? parse(Files.readString(p)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
