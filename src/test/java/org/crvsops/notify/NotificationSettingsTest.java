package org.crvsops.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/** What an administrator sees when crvsops.notifications.* is missing or wrong: the property, the value, what is allowed. */
class NotificationSettingsTest {
  private static final Set<String> PROCESSES = Set.of("deploy-opencrvs", "backup-environment", "emergency-restore",
      "restore-drill", "approve-change");

  @Test
  void offByDefaultWithoutReadingAnythingElse() {
    NotificationSettings settings = NotificationSettings.read(new MockEnvironment()
        .withProperty("crvsops.notifications.smtp.port", "not a port"), PROCESSES);

    assertThat(settings.enabled()).isFalse();
    assertThat(settings.mails(MailKind.INCIDENT)).isFalse();
  }

  @Test
  void aMinimalSettingUsesTheUsualPortAndMailsProcessEndsToTheIncidentsAddresses() {
    NotificationSettings settings = NotificationSettings.read(minimal(), PROCESSES);

    assertThat(settings.port()).isEqualTo(587);
    assertThat(settings.security()).isEqualTo(NotificationSettings.Security.STARTTLS);
    assertThat(settings.timeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(settings.recipients(MailKind.INCIDENT)).containsExactly("ops@example.org", "lead@example.org");
    assertThat(settings.recipients(MailKind.PROCESS_END)).containsExactly("ops@example.org", "lead@example.org");
    assertThat(settings.mails(MailKind.APPROVAL)).as("no supervisors' addresses, no approval mails").isFalse();
    assertThat(settings.processEnds()).containsExactlyInAnyOrder("deploy-opencrvs", "backup-environment",
        "emergency-restore", "restore-drill");
    assertThat(settings.linkBaseUrl()).isEqualTo("http://localhost:8080");
  }

  @Test
  void sslTakesPort465AndAnEmptyListTurnsAKindOff() {
    NotificationSettings settings = NotificationSettings.read(minimal().withProperty("crvsops.notifications.smtp.security", "SSL")
        .withProperty("crvsops.notifications.process-ends-to", "").withProperty("crvsops.notifications.process-ends", ""),
        PROCESSES);

    assertThat(settings.port()).isEqualTo(465);
    assertThat(settings.mails(MailKind.PROCESS_END)).isFalse();
    assertThat(settings.processEnds()).isEmpty();
  }

  @Test
  void eachBadValueIsRefusedNamingThePropertyTheValueAndWhatIsAllowed() {
    refused("enabled", "yes", "yes", "true or false");
    refused("smtp.host", "smtp://mail.example.org", "smtp://mail.example.org", "a host name or address alone");
    refused("smtp.port", "70000", "70000", "a port number from 1 to 65535");
    refused("smtp.security", "tls", "tls", "starttls (port 587), ssl (port 465) or none");
    refused("smtp.timeout", "1h", "1h", "a duration from 1s to 2m");
    refused("from", "crvs-ops", "crvs-ops", "an e-mail address");
    refused("incidents-to", "ops@example.org, not-an-address", "not-an-address", "an e-mail address");
    refused("process-ends", "deploy", "deploy",
        "comma-separated process keys of processes/, from approve-change, backup-environment");
    refused("link-base-url", "ops.example.org", "ops.example.org", "the address at which people open crvs-ops");
  }

  @Test
  void aMissingHostSenderOrRecipientIsNamed() {
    assertThatThrownBy(() -> NotificationSettings.read(minimal().withProperty("crvsops.notifications.smtp.host", " "), PROCESSES))
        .hasMessage("crvsops.notifications.smtp.host is empty while crvsops.notifications.enabled is true; allowed: the SMTP"
            + " server's host name or address, e.g. smtp.example.org");
    assertThatThrownBy(() -> NotificationSettings.read(minimal().withProperty("crvsops.notifications.incidents-to", ""), PROCESSES))
        .hasMessageStartingWith("crvsops.notifications.approvals-to, incidents-to and process-ends-to are all empty");
  }

  private static void refused(String property, String value, String named, String allowed) {
    assertThatThrownBy(() -> NotificationSettings.read(minimal().withProperty("crvsops.notifications." + property, value),
        PROCESSES))
        .hasMessageStartingWith("crvsops.notifications." + property + " '" + named + "' is not allowed; allowed: ")
        .hasMessageContaining(allowed);
  }

  private static MockEnvironment minimal() {
    return new MockEnvironment().withProperty("crvsops.notifications.enabled", "true")
        .withProperty("crvsops.notifications.smtp.host", "smtp.example.org")
        .withProperty("crvsops.notifications.from", "crvs-ops@example.org")
        .withProperty("crvsops.notifications.incidents-to", "ops@example.org, lead@example.org");
  }

  @Test
  void addressesAreCommaSeparated() {
    assertThat(NotificationSettings.addresses("x", " a@example.org,,b@example.org , a@example.org"))
        .isEqualTo(List.of("a@example.org", "b@example.org"));
  }
}
