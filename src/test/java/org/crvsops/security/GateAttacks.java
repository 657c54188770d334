package org.crvsops.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.crvsops.testbed.RestUser;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, points 2 and 6: no entry around a process's gates (start at an activity, modification,
 * restart, migration, deletion past its listeners) but for camunda-admin; no deployment and no
 * rewrite of history for anyone. Each refused in the engine (CommandGates) with its reason, nothing changed.
 */
abstract class GateAttacks {
  private static final String REST = "/engine-rest";
  private static final String GATES = "A process runs from its start, through its checks and approvals";
  private static final String AUDIT = "history is removed only by the nightly history clean-up";
  private final InsiderOrchestrator app = InsiderOrchestrator.get();

  @Test
  void anOperatorCannotStartRegistrationAtSaveEnvironmentPastItsApproval() {
    long environments = environments();
    List<Long> instances = instancesOf("register-environment");
    var answer = app.operator.post(REST + "/process-definition/key/register-environment/start", Map.of(
        "variables", Map.of("name", Map.of("value", "prod-bypass"), "kind", Map.of("value", "production")),
        "startInstructions", List.of(Map.of("type", "startBeforeActivity", "activityId", "Task_SaveEnvironment")),
        "skipCustomListeners", true));
    assertRefused(answer, GATES);
    assertThat(answer.body().path("message").asText()).contains("start a process at one of its activities", "camunda-admin");
    assertThat(environments()).isEqualTo(environments);
    assertThat(app.operator.get("/api/environments").expect(200).body().toString()).doesNotContain("prod-bypass");
    assertThat(instancesOf("register-environment")).as("no instance started, none runs").isEqualTo(instances);
  }

  @Test
  void anOperatorCannotStartAnotherProcessAtItsRemoteStep() {
    for (String[] step : List.of(new String[] {"deploy-opencrvs", "Task_DeployStack"},
        new String[] {"scale-service", "Task_ScaleService"}, new String[] {"deploy-opencrvs", "Task_RunFactoryReset"})) {
      List<Long> instances = instancesOf(step[0]);
      var answer = app.lead.post(REST + "/process-definition/key/" + step[0] + "/start", Map.of(
          "startInstructions", List.of(Map.of("type", "startBeforeActivity", "activityId", step[1])),
          "skipCustomListeners", true, "skipIoMappings", true));
      assertRefused(answer, GATES);
      assertThat(instancesOf(step[0])).as("no " + step[0] + " started at " + step[1]).isEqualTo(instances);
    }
  }

  @Test
  void anOperatorCannotModifyRestartOrMigrateAnInstance() {
    String definition = definitionId("register-environment");
    List<Long> instances = instancesOf("register-environment");
    long batches = count("/batch/count");
    assertRefused(app.operator.post(REST + "/process-instance/pi-1/modification", Map.of("skipCustomListeners", true,
        "instructions", List.of(Map.of("type", "startBeforeActivity", "activityId", "Task_SaveEnvironment")))), GATES);
    assertRefused(app.operator.post(REST + "/process-instance/pi-1/modification-async", Map.of(
        "instructions", List.of(Map.of("type", "startBeforeActivity", "activityId", "Task_SaveEnvironment")))), GATES);
    assertRefused(app.lead.post(REST + "/process-definition/" + definition + "/restart", Map.of(
        "processInstanceIds", List.of("pi-1"),
        "instructions", List.of(Map.of("type", "startBeforeActivity", "activityId", "Task_SaveEnvironment")))), GATES);
    assertRefused(app.supervisor.post(REST + "/migration/execute", Map.of("processInstanceIds", List.of("pi-1"),
        "migrationPlan", Map.of("sourceProcessDefinitionId", definition, "targetProcessDefinitionId", definition,
            "instructions", List.of()))), GATES);
    assertThat(instancesOf("register-environment")).isEqualTo(instances);
    assertThat(count("/batch/count")).as("no modification, restart or migration batch").isEqualTo(batches);
  }

  @Test
  void anOperatorCannotDeleteAnInstancePastItsEndListenersThatReleaseTheLock() {
    var answer = send(app.operator, "DELETE", REST + "/process-instance/pi-1?skipCustomListeners=true", null, null);
    assertThat(answer.statusCode()).isEqualTo(403);
    assertThat(answer.body()).contains("environment lock", "camunda-admin");
  }

  @Test
  void adminCannotDeployAModelWithAScript() {
    long deployments = count("/deployment/count");
    String boundary = "crvsops-boundary";
    String model = """
        <?xml version="1.0" encoding="UTF-8"?>
        <definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" targetNamespace="x">
          <process id="insider" isExecutable="true" xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
              camunda:historyTimeToLive="1">
            <startEvent id="s"/><sequenceFlow id="f1" sourceRef="s" targetRef="t"/>
            <scriptTask id="t" scriptFormat="javascript"><script>java.lang.System.exit(0)</script></scriptTask>
            <sequenceFlow id="f2" sourceRef="t" targetRef="e"/><endEvent id="e"/>
          </process>
        </definitions>
        """;
    String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"deployment-name\"\r\n\r\ninsider\r\n"
        + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"data\"; filename=\"insider.bpmn\"\r\n"
        + "Content-Type: application/octet-stream\r\n\r\n" + model + "\r\n--" + boundary + "--\r\n";
    var answer = send(app.admin, "POST", REST + "/deployment/create", body, "multipart/form-data; boundary=" + boundary);
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(403);
    assertThat(answer.body()).contains("crvs-ops runs only the process models it is built with");
    assertThat(count("/deployment/count")).isEqualTo(deployments);
    assertThat(count("/process-definition/count?key=insider")).isZero();
  }

  @Test
  void adminCannotDeleteHistoryNorChangeHowLongItIsKept() {
    long history = count("/history/process-instance/count");
    long batches = count("/batch/count");
    String definition = definitionId("register-environment");
    int timeToLive = app.admin.get(REST + "/process-definition/" + definition).expect(200).body()
        .path("historyTimeToLive").asInt();
    assertThat(send(app.admin, "DELETE", REST + "/history/process-instance/pi-1", null, null).statusCode()).isEqualTo(403);
    assertRefused(app.admin.post(REST + "/history/process-instance/delete",
        Map.of("historicProcessInstanceIds", List.of("pi-1"), "deleteReason", "insider")), AUDIT);
    assertRefused(app.admin.put(REST + "/process-definition/" + definition + "/history-time-to-live",
        Map.of("historyTimeToLive", 1)), AUDIT);
    assertRefused(app.admin.post(REST + "/history/process-instance/set-removal-time", Map.of(
        "absoluteRemovalTime", "2020-01-01T00:00:00.000+0000", "historicProcessInstanceIds", List.of("pi-1"))), AUDIT);
    assertThat(count("/history/process-instance/count")).isEqualTo(history);
    assertThat(app.admin.get(REST + "/process-definition/" + definition).expect(200).body()
        .path("historyTimeToLive").asInt()).isEqualTo(timeToLive);
    assertThat(count("/batch/count")).as("no removal-time or deletion batch").isEqualTo(batches);
  }

  @Test
  void adminCannotDeleteADeploymentOrDefinitionWithItsHistory() {
    long deployments = count("/deployment/count");
    String definition = definitionId("register-environment");
    String deployment = app.admin.get(REST + "/process-definition/" + definition).expect(200).body()
        .path("deploymentId").asText();
    var byDeployment = send(app.admin, "DELETE", REST + "/deployment/" + deployment + "?cascade=true", null, null);
    assertThat(byDeployment.statusCode()).isEqualTo(403);
    assertThat(byDeployment.body()).contains("cascade", AUDIT);
    var byDefinition = send(app.admin, "DELETE", REST + "/process-definition/" + definition + "?cascade=true", null, null);
    assertThat(byDefinition.statusCode()).isEqualTo(403);
    assertThat(count("/deployment/count")).isEqualTo(deployments);
    app.admin.get(REST + "/process-definition/" + definition).expect(200);
  }

  private static void assertRefused(RestUser.Answer answer, String why) {
    assertThat(answer.status()).as(answer.body().toString()).isEqualTo(403);
    assertThat(answer.body().path("message").asText()).contains(why);
  }

  /** Instances of the process ever started (history) and executions now running, read from the database. */
  private List<Long> instancesOf(String key) {
    return List.of(app.db.sql("select count(*) from ACT_HI_PROCINST where PROC_DEF_KEY_ = ?").param(key)
        .query(Long.class).single(), app.db.sql("select count(*) from ACT_RU_EXECUTION e join ACT_RE_PROCDEF d"
        + " on e.PROC_DEF_ID_ = d.ID_ where d.KEY_ = ?").param(key).query(Long.class).single());
  }

  private long environments() {
    return app.db.sql("select count(*) from crvsops_environment").query(Long.class).single();
  }

  private String definitionId(String key) {
    return app.admin.get(REST + "/process-definition/key/" + key).expect(200).body().path("id").asText();
  }

  private long count(String path) {
    return app.admin.get(REST + path).expect(200).body().path("count").asLong();
  }

  /** DELETE and multipart, which RestUser does not send; the answer's body as text. */
  private HttpResponse<String> send(RestUser user, String method, String path, String body, String type) {
    String name = user == app.admin ? "admin" : user == app.lead ? "lead" : "operator";
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(app.process.baseUrl() + path))
        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((name + ":demo").getBytes(StandardCharsets.UTF_8)))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (type != null) {
      request.header("Content-Type", type);
    }
    try {
      return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
