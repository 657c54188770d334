package org.crvsops.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The variables without which a deploy is refused, read from the values of all four files. */
class RequiredVariablesTest {
  @TempDir
  Path dir;

  @Test
  void productionNeedsEveryVariableWithoutDefaultInAnyFile() throws Exception {
    RequiredVariables vars = RequiredVariables.of(ReleaseSample.production(dir));

    // ALERT_EMAIL and SMTP_HOST have a default in deploy.yml but none in production-deploy.yml: required.
    assertThat(vars.required()).containsExactly("ALERT_EMAIL", "CONTENT_SECURITY_POLICY_WILDCARD",
        "COUNTRY_CONFIG_VERSION", "DOCKERHUB_ACCOUNT", "DOCKERHUB_REPO", "ELASTICSEARCH_SUPERUSER_PASSWORD",
        "HEARTH_MONGODB_PASSWORD", "KIBANA_SYSTEM_PASSWORD", "MINIO_ROOT_PASSWORD", "MONGODB_ADMIN_PASSWORD",
        "MONGODB_ADMIN_USER", "ROTATING_METRICBEAT_ELASTIC_PASSWORD", "SENDER_EMAIL_ADDRESS", "SMTP_HOST",
        "USER_MGNT_MONGODB_PASSWORD", "VERSION");
    assertThat(vars.withDefaults()).containsExactly("ALERT_EMAIL", "COUNTRY", "SENTRY_DSN", "SMTP_HOST");
  }

  @Test
  void commentsAndEscapesAreNoReferencesButBareAndQuestionMarkFormsAre() throws Exception {
    RequiredVariables vars = RequiredVariables.of(ReleaseSample.inline(dir, """
        # ${IN_A_COMMENT}
        services:
          a:
            image: x:${TAG-latest}
            command: sh -c 'echo $$HOME $${NOT_EITHER}'
            environment:
              - URL=http://$HOST_NAME:80
              - KEY=${API_KEY:?set API_KEY}
              - OTHER=${OTHER?}
        """));

    assertThat(vars.required()).containsExactly("API_KEY", "HOST_NAME", "OTHER");
    assertThat(vars.withDefaults()).containsExactly("TAG");
  }

  @Test
  void missingAreTheRequiredWithoutValueOrWithAnEmptyOne() throws Exception {
    RequiredVariables vars = RequiredVariables.of(ReleaseSample.inline(dir,
        "services:\n  a:\n    image: ${IMAGE}:${VERSION}\n    environment: ['X=${EMPTY}', 'Y=${D:-d}']\n"));

    assertThat(vars.missing(Map.of("IMAGE", "mongo", "EMPTY", ""))).containsExactly("EMPTY", "VERSION");
  }

  @Test
  void anInvalidReferenceNamesTheFile() throws Exception {
    assertThatThrownBy(() -> RequiredVariables.of(ReleaseSample.inline(dir, "services:\n  a:\n    command: echo $@\n")))
        .hasMessageContaining("docker-compose.0.yml: invalid variable reference '$@'");
  }
}
