package org.crvsops.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.crvsops.ssh.Redactor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/** Sending on its own: after the commit only, never failing or holding up the caller, and never showing the password. */
@ExtendWith(OutputCaptureExtension.class)
class MailOutboxTest {
  private static final String PASSWORD = "Smtp-Pa55word-never-shown";
  private static final String OPS = "ops@example.org";

  @RegisterExtension
  static GreenMailExtension smtp = new GreenMailExtension(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
      .withConfiguration(GreenMailConfiguration.aConfig().withUser("crvs-ops@example.org", "crvs-ops", PASSWORD));

  private final TransactionTemplate transaction = new TransactionTemplate(new DataSourceTransactionManager(
      new DriverManagerDataSource("jdbc:h2:mem:mail-outbox;DB_CLOSE_DELAY=-1", "sa", "")));

  @Test
  void aMailIsSentOnlyOnceItsTransactionCommits() throws Exception {
    try (MailOutbox outbox = outbox(port(), NotificationSettings.Security.NONE, PASSWORD)) {
      transaction.executeWithoutResult(status -> {
        outbox.post(MailKind.INCIDENT, () -> new Notice("rolled back", "never sent"));
        status.setRollbackOnly();
      });
      transaction.executeWithoutResult(status -> outbox.post(MailKind.INCIDENT, () -> new Notice("committed", "sent")));

      assertThat(smtp.waitForIncomingEmail(10_000, 1)).isTrue();
    }
    assertThat(smtp.getReceivedMessages()).extracting(m -> m.getSubject()).containsExactly("committed");
  }

  @Test
  void aWrongPasswordIsReportedWithTheServersAnswerButNotThePassword() {
    MailTransport transport = transport(port(), NotificationSettings.Security.NONE, "wrong-" + PASSWORD);

    assertThatThrownBy(() -> transport.send(List.of(OPS), new Notice("s", "b")))
        .isInstanceOf(MailTransport.MailNotSent.class).hasMessageContaining("Authentication failed")
        .hasMessageNotContaining(PASSWORD);
  }

  @Test
  void starttlsIsRequiredSoThePasswordNeverCrossesInClear() {
    MailTransport transport = transport(port(), NotificationSettings.Security.STARTTLS, PASSWORD);

    assertThatThrownBy(() -> transport.send(List.of(OPS), new Notice("s", "b"))).isInstanceOf(MailTransport.MailNotSent.class)
        .hasMessageContaining("STARTTLS is required but host does not support STARTTLS").hasMessageNotContaining(PASSWORD);
    assertThat(smtp.getReceivedMessages()).isEmpty();
  }

  @Test
  void aServerThatNeverAnswersHoldsUpNoTransactionAndIsLoggedAfterTheTimeout(CapturedOutput log) throws Exception {
    List<Socket> held = new ArrayList<>();
    try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
         MailOutbox outbox = outbox(silent.getLocalPort(), NotificationSettings.Security.NONE, PASSWORD)) {
      Thread acceptor = new Thread(() -> {
        try {
          held.add(silent.accept());
        } catch (IOException e) {
          // closed by the test
        }
      });
      acceptor.start();

      transaction.executeWithoutResult(status -> outbox.post(MailKind.INCIDENT, () -> new Notice("to nobody", "b")));

      assertThat(log.getAll()).as("the transaction did not wait for the server").doesNotContain("Mail not sent");
      long until = System.currentTimeMillis() + 10_000;
      while (!log.getAll().contains("Mail not sent") && System.currentTimeMillis() < until) {
        Thread.sleep(100);
      }
      assertThat(log.getAll()).contains("Mail not sent to [" + OPS + "] (to nobody)").contains("Read timed out")
          .doesNotContain(PASSWORD);
    } finally {
      for (Socket socket : held) {
        socket.close();
      }
    }
  }

  private static int port() {
    return smtp.getSmtp().getPort();
  }

  private static MailOutbox outbox(int port, NotificationSettings.Security security, String password) {
    return new MailOutbox(settings(port, security), transport(port, security, password));
  }

  private static MailTransport transport(int port, NotificationSettings.Security security, String password) {
    return new MailTransport(settings(port, security), SmtpPassword.read(
        new org.springframework.mock.env.MockEnvironment().withProperty(SmtpPassword.VARIABLE, password), "crvs-ops"),
        new Redactor());
  }

  private static NotificationSettings settings(int port, NotificationSettings.Security security) {
    return new NotificationSettings(true, "127.0.0.1", port, security, "crvs-ops", Duration.ofSeconds(1),
        "crvs-ops@example.org", Map.of(MailKind.INCIDENT, List.of(OPS)), Set.of(), "https://ops.example.org");
  }
}
