package org.crvsops.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.store.FolderException;
import com.icegreen.greenmail.store.StoredMessage;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.Job;
import org.crvsops.cluster.EnvironmentRepository;
import org.crvsops.security.SecretStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole orchestrator with notifications on, mailing a real SMTP server on loopback (GreenMail)
 * with a user and password; each test reads what arrived as the person it is addressed to would.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"demo", "test"})
@ExtendWith(OutputCaptureExtension.class)
class NotificationsTest {
  private static final int SMTP_PORT = freePort();
  private static final String SMTP_PASSWORD = "Smtp-Pa55word-never-shown";
  private static final String STORED_SECRET = "St0red-Secret-never-mailed";
  private static final String SUPERVISORS = "supervisors@example.org";
  private static final String OPERATORS = "operators@example.org";
  private static final long WAIT_MS = 15_000;

  @RegisterExtension
  static GreenMailExtension smtp = new GreenMailExtension(new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
      .withConfiguration(GreenMailConfiguration.aConfig().withUser("crvs-ops@example.org", "crvs-ops", SMTP_PASSWORD));

  @DynamicPropertySource
  static void notifications(DynamicPropertyRegistry registry) {
    registry.add("crvsops.notifications.enabled", () -> "true");
    registry.add("crvsops.notifications.smtp.host", () -> "127.0.0.1");
    registry.add("crvsops.notifications.smtp.port", () -> SMTP_PORT);
    registry.add("crvsops.notifications.smtp.security", () -> "none");
    registry.add("crvsops.notifications.smtp.user", () -> "crvs-ops");
    registry.add("crvsops.notifications.smtp.timeout", () -> "3s");
    // As the environment variable would give it.
    registry.add(SmtpPassword.VARIABLE, () -> SMTP_PASSWORD);
    registry.add("crvsops.notifications.from", () -> "crvs-ops <crvs-ops@example.org>");
    registry.add("crvsops.notifications.approvals-to", () -> SUPERVISORS);
    registry.add("crvsops.notifications.incidents-to", () -> OPERATORS);
    registry.add("crvsops.notifications.link-base-url", () -> "https://ops.example.org/");
  }

  @Autowired TestRestTemplate rest;
  @Autowired EnvironmentRepository environments;
  @Autowired SecretStore secrets;
  @Autowired RuntimeService runtime;
  @Autowired IdentityService identity;
  @Autowired TaskService tasks;
  @Autowired ManagementService management;
  @Autowired RepositoryService repository;
  @Autowired HistoryService history;

  @AfterEach
  void clean() {
    runtime.createProcessInstanceQuery().rootProcessInstances().list().forEach(p -> runtime.deleteProcessInstance(p.getId(), "test ended"));
    environments.findAll().forEach(e -> environments.delete(e.name()));
  }

  @Test
  void aProductionChangeMailsTheSupervisorsWhatWaitsAndWhoAskedWithALinkToTheTask() throws Exception {
    ResponseEntity<Map> asked = importAs("operator", "prod-3", "production", threeNodes());
    assertThat(asked.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);

    MimeMessage mail = onlyMailTo(SUPERVISORS);
    String task = tasks.createTaskQuery().taskDefinitionKey("UserTask_DecideOnChange").singleResult().getId();
    assertThat(mail.getSubject()).isEqualTo("[crvs-ops] Approval waiting: register production environment prod-3 (prod-3)");
    assertThat(from(mail)).isEqualTo("crvs-ops@example.org");
    assertThat(text(mail))
        .contains("A change waits for a supervisor's approval")
        .contains("Change:       register production environment prod-3")
        .contains("Environment:  prod-3")
        .contains("Started by:   operator")
        .contains("a supervisor other than operator to approve or reject it")
        .contains("Register a new production environment 'prod-3', requested by operator")
        .contains("https://ops.example.org/camunda/app/tasklist/default/#/?task=" + task);
    assertThat(mailsTo(OPERATORS)).as("operators get no approval mail").isEmpty();
  }

  @Test
  void anIncidentMailsTheOperatorsWhatFailedWhereWithStoredSecretsMasked() throws Exception {
    importAs("operator", "lab-1", "staging", oneNode());
    secrets.put("lab-1", "smtp-test", STORED_SECRET, "operator");
    repository.createDeployment().addClasspathResource("notify/failing-step.bpmn").deploy();
    // The starter is whoever the engine saw start it (a startedBy variable no longer counts).
    identity.setAuthentication("operator", java.util.List.of("camunda-admin"));
    String instance;
    try {
      instance = runtime.startProcessInstanceByKey("notify-failing-step", Map.of("environmentName", "lab-1",
          "failure", "gateway: 0 of 2 running; login refused for " + STORED_SECRET)).getId();
    } finally {
      identity.clearAuthentication();
    }

    failUntilIncident(instance);

    MimeMessage mail = onlyMailTo(OPERATORS);
    assertThat(mail.getSubject()).isEqualTo("[crvs-ops] Incident: Failing step for tests stopped at Fail on purpose (lab-1)");
    assertThat(text(mail))
        .contains("A step failed after all its retries")
        .contains("Process:      Failing step for tests (notify-failing-step, instance " + instance + ")")
        .contains("Environment:  lab-1")
        .contains("Started by:   operator")
        .contains("Failed step:  Fail on purpose")
        .contains("gateway: 0 of 2 running; login refused for ***")
        .contains("https://ops.example.org/camunda/app/cockpit/default/#/process-instance/" + instance + "/runtime");
    assertThat(runtime.createIncidentQuery().processInstanceId(instance).count()).as("the incident itself").isEqualTo(1);
    assertThat(mailsTo(SUPERVISORS)).isEmpty();
  }

  @Test
  void theEndOfARestoreDrillMailsTheOperatorsHowItEnded() throws Exception {
    String instance = startAs("operator", "restore-drill");

    MimeMessage mail = onlyMailTo(OPERATORS);
    assertThat(mail.getSubject()).isEqualTo("[crvs-ops] Restore drill ended: No drill configured");
    assertThat(text(mail))
        .contains("Restore drill has ended: No drill configured.")
        .contains("Started by:   operator")
        .contains("https://ops.example.org/engine-rest/history/process-instance/" + instance);
  }

  @Test
  void aTestMailReachesEveryAddressAndOnlyAdministratorsMaySendIt() throws Exception {
    assertThat(rest.withBasicAuth("operator", "demo").postForEntity("/api/notifications/test-mail", null, Map.class)
        .getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);

    ResponseEntity<Map> sent = rest.withBasicAuth("admin", "demo").postForEntity("/api/notifications/test-mail", null, Map.class);

    assertThat(sent.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(smtp.getReceivedMessages()).hasSize(2);
    assertThat(onlyMailTo(SUPERVISORS).getSubject()).isEqualTo("[crvs-ops] Test mail");
    assertThat(text(onlyMailTo(OPERATORS))).contains("admin asked crvs-ops to send");
  }

  @Test
  void withTheSmtpServerDownProcessesGoOnAndTheFailureIsLoggedWithoutThePassword(CapturedOutput log) throws Exception {
    smtp.stop();

    String drill = startAs("operator", "restore-drill");
    String approval = runtime.startProcessInstanceByKey("approve-change", Map.of("changeTitle", "test change",
        "changeSummary", "nothing")).getId();

    assertThat(history.createHistoricProcessInstanceQuery().processInstanceId(drill).singleResult().getEndTime())
        .as("the drill ended").isNotNull();
    assertThat(tasks.createTaskQuery().processInstanceId(approval).count()).as("the approval waits").isEqualTo(1);
    awaitLog(log, "Mail not sent to [" + SUPERVISORS + "]");
    awaitLog(log, "Mail not sent to [" + OPERATORS + "]");
    assertThat(log.getAll()).contains("Couldn't connect to host").doesNotContain(SMTP_PASSWORD);

    ResponseEntity<Map> tried = rest.withBasicAuth("admin", "demo").postForEntity("/api/notifications/test-mail", null, Map.class);
    assertThat(tried.getStatusCode()).isEqualTo(HttpStatus.BAD_GATEWAY);
    assertThat((String) tried.getBody().get("message")).contains("did not take the mail").doesNotContain(SMTP_PASSWORD);
  }

  private void failUntilIncident(String instance) {
    for (int attempt = 0; attempt < 5 && runtime.createIncidentQuery().processInstanceId(instance).count() == 0; attempt++) {
      Job job = management.createJobQuery().processInstanceId(instance).singleResult();
      assertThatThrownBy(() -> management.executeJob(job.getId())).hasMessageContaining("gateway: 0 of 2 running");
    }
  }

  private String startAs(String user, String key) {
    return (String) rest.withBasicAuth(user, "demo").postForEntity("/engine-rest/process-definition/key/" + key + "/start",
        Map.of("variables", Map.of()), Map.class).getBody().get("id");
  }

  private ResponseEntity<Map> importAs(String user, String name, String kind, String inventory) {
    return rest.withBasicAuth(user, "demo").postForEntity("/api/environments/import",
        Map.of("name", name, "kind", kind, "domain", name + ".crvs-ops.test", "inventory", inventory), Map.class);
  }

  /** The one mail addressed to this person, once it arrived; no mail carries a secret. */
  private MimeMessage onlyMailTo(String address) throws MessagingException, IOException {
    long until = System.currentTimeMillis() + WAIT_MS;
    while (mailsTo(address).isEmpty() && System.currentTimeMillis() < until) {
      smtp.waitForIncomingEmail(200, smtp.getReceivedMessages().length + 1);
    }
    List<MimeMessage> mails = mailsTo(address);
    assertThat(mails).as("mails to " + address).hasSize(1);
    MimeMessage mail = mails.get(0);
    assertThat(mail.getSubject() + text(mail)).doesNotContain(SMTP_PASSWORD).doesNotContain(STORED_SECRET);
    return mail;
  }

  /** What arrived in this person's mailbox (GreenMail makes one when the first mail for it arrives). */
  private List<MimeMessage> mailsTo(String address) {
    GreenMailUser user = smtp.getUserManager().getUserByEmail(address);
    if (user == null) {
      return List.of();
    }
    try {
      return smtp.getManagers().getImapHostManager().getInbox(user).getMessages().stream()
          .map(StoredMessage::getMimeMessage).toList();
    } catch (FolderException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String text(MimeMessage mail) throws MessagingException, IOException {
    return mail.getContent().toString();
  }

  private static String from(MimeMessage mail) throws MessagingException {
    return ((InternetAddress) mail.getFrom()[0]).getAddress();
  }

  private static void awaitLog(CapturedOutput log, String line) throws InterruptedException {
    long until = System.currentTimeMillis() + WAIT_MS;
    while (!log.getAll().contains(line) && System.currentTimeMillis() < until) {
      Thread.sleep(100);
    }
    assertThat(log.getAll()).contains(line);
  }

  private static String oneNode() {
    return """
        [docker-manager-first]
        manager1 ansible_host="127.0.0.11"

        [all:vars]
        data1_hostname=node1
        """;
  }

  private static String threeNodes() {
    return """
        [docker-manager-first]
        manager1 ansible_host="127.0.0.41"

        [docker-workers]
        worker1 ansible_host="127.0.0.42"
        worker2 ansible_host="127.0.0.43"

        [all:vars]
        data1_hostname=node1
        data2_hostname=node2
        data3_hostname=node3
        """;
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
