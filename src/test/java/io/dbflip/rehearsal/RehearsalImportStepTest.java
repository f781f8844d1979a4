package io.dbflip.rehearsal;

import io.dbflip.config.DbflipConfig;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 5 item 6: the rehearsal's import step says which path it takes, and why. */
class RehearsalImportStepTest {
    private static final String FROM = "s3://dbflip-sandbox/seed/sandbox";
    private static final Map<String, String> AWS = Map.of("AWS_ACCESS_KEY_ID", "AKIAEXAMPLE", "AWS_REGION", "eu-west-1");

    private static DbflipConfig config(boolean withProfile) {
        Map<String, Map<String, Object>> profiles = new LinkedHashMap<>();
        if (withProfile) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("engine_version", "8.0.mysql_aurora.3.05.2");
            p.put("source_engine_version", "8.0.36");
            p.put("s3_ingestion_role_arn", "arn:aws:iam::123456789012:role/aurora-s3-import");
            p.put("db_subnet_group", "prod-db");
            p.put("vpc_security_groups", List.of("sg-0a1b2c3d"));
            p.put("db_cluster_parameter_group", "aurora-binlog-row");
            p.put("instance_class", "db.r6g.large");
            profiles.put("standard", p);
        }
        return new DbflipConfig(null, null, Map.of(), List.of(), profiles, List.of());
    }

    @Test
    void withAProfileAndAwsSettingsItTakesTheAuroraImportAndShowsItsPlan() {
        List<String> lines = Rehearsal.importStep(config(true), AWS, FROM, "sandbox");
        assertThat(lines.get(0)).isEqualTo("import: Aurora import (RestoreDBClusterFromS3) — AWS settings present (profile standard)");
        assertThat(String.join("\n", lines)).contains("RestoreDBClusterFromS3 sandbox: aurora-mysql 8.0.mysql_aurora.3.05.2")
                .contains(FROM).contains("dbflip import sandbox --from " + FROM + " --profile standard")
                .doesNotContain("AKIAEXAMPLE");
    }

    @Test
    void withoutAProfileOrWithoutCredentialsOrRegionItRestoresFromS3() {
        String restore = "import: restore into aurora-b from " + FROM + " (no AWS settings)";
        assertThat(Rehearsal.importStep(config(false), AWS, FROM, "sandbox")).containsExactly(restore);
        assertThat(Rehearsal.importStep(config(true), Map.of("AWS_REGION", "eu-west-1"), FROM, "sandbox")).containsExactly(restore);
        assertThat(Rehearsal.importStep(config(true), Map.of("AWS_PROFILE", "prod"), FROM, "sandbox")).containsExactly(restore);
        assertThat(Rehearsal.importStep(config(true), Map.of("AWS_PROFILE", "prod", "AWS_DEFAULT_REGION", "us-east-1"), FROM, "sandbox"))
                .first().asString().startsWith("import: Aurora import");
    }
}
