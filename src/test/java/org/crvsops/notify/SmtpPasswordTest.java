package org.crvsops.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mock.env.MockEnvironment;

/** Where the SMTP password may come from, and that no refusal or printout ever shows it. */
class SmtpPasswordTest {
  private static final String PASSWORD = "Smtp-Pa55word";

  @TempDir Path dir;

  @Test
  void fromTheEnvironmentVariable() {
    SmtpPassword password = SmtpPassword.read(new MockEnvironment().withProperty("CRVSOPS_SMTP_PASSWORD", PASSWORD), "crvs-ops");

    assertThat(password.value()).isEqualTo(PASSWORD);
    assertThat(password.toString()).doesNotContain(PASSWORD);
  }

  @Test
  void fromAFileWithoutItsLastLineBreakBeforeTheVariable() throws Exception {
    Path file = Files.writeString(dir.resolve("smtp-password"), PASSWORD + "\n");

    SmtpPassword password = SmtpPassword.read(new MockEnvironment().withProperty("CRVSOPS_SMTP_PASSWORD", "other")
        .withProperty("crvsops.notifications.smtp.password-file", file.toString()), "crvs-ops");

    assertThat(password.value()).isEqualTo(PASSWORD);
  }

  @Test
  void aUserWithoutPasswordOrAnUnreadableFileIsRefusedSayingWhereItIsLookedFor() {
    assertThatThrownBy(() -> SmtpPassword.read(new MockEnvironment(), "crvs-ops"))
        .hasMessage("crvsops.notifications.smtp.user 'crvs-ops' is set but no password is given; allowed: the password in"
            + " the environment variable CRVSOPS_SMTP_PASSWORD, or in a file named by crvsops.notifications.smtp.password-file");
    String missing = dir.resolve("missing").toString();
    assertThatThrownBy(() -> SmtpPassword.read(new MockEnvironment()
        .withProperty("crvsops.notifications.smtp.password-file", missing), "crvs-ops"))
        .hasMessage("crvsops.notifications.smtp.password-file '" + missing + "' cannot be read (NoSuchFileException);"
            + " allowed: a file that crvs-ops may read, holding the SMTP password alone");
  }

  @Test
  void aPasswordAsASettingIsRefusedWithoutShowingIt() {
    assertThatThrownBy(() -> SmtpPassword.read(new MockEnvironment()
        .withProperty("crvsops.notifications.smtp.password", PASSWORD), "crvs-ops"))
        .hasMessageStartingWith("crvsops.notifications.smtp.password is not read")
        .hasMessageNotContaining(PASSWORD);
  }

  @Test
  void noUserNoPassword() {
    assertThat(SmtpPassword.read(new MockEnvironment().withProperty("CRVSOPS_SMTP_PASSWORD", PASSWORD), "").isEmpty()).isTrue();
  }
}
