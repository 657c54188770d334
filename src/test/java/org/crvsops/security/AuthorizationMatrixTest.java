package org.crvsops.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.crvsops.CrvsOpsSpringTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.web.servlet.error.BasicErrorController;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.server.PathContainer;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.pattern.PathPattern;

/**
 * Who may call what, over real HTTP: every crvs-ops endpoint and every engine REST endpoint the
 * product uses (docs, forms, pages, tests), for each kind of user, against ONE table below. A row's
 * path holds sample ids: {name} is made once, {fresh...} anew for every cell, so that one user's
 * allowed change does not spoil the next user's call. An allowed call is made harmless where it can
 * be (an unknown environment: 404, an empty body: 400, both after the rights are checked).
 * Every mismatch is reported at once. A row whose `after` names another helper of issue 12 holds
 * once that helper's branch is merged; the report groups mismatches by it.
 * Wrong passwords are tried only on a user that does not exist: Camunda delays a real user's next
 * sign-in after one.
 */
@CrvsOpsSpringTest
class AuthorizationMatrixTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final AtomicInteger SERIAL = new AtomicInteger();

  private static final List<String> USERS = List.of("anonymous", "operator", "supervisor", "lead", "auditor", "admin");

  // Cells: one status, or a set written "400|403" where either refusal is right (the other helper chooses).
  private static final String NO_BODY = null;
  private static final String EMPTY = "{}";
  private static final String START_CHECK = "{\"variables\":{\"environmentName\":{\"value\":\"{env}\"}}}";
  private static final String START_AT_ACTIVITY = "{\"variables\":{\"environmentName\":{\"value\":\"{env}\"}},"
      + "\"startInstructions\":[{\"type\":\"startBeforeActivity\",\"activityId\":\"Task_SummarizeCluster\"}],"
      + "\"skipCustomListeners\":true}";
  private static final String APPROVE = "{\"variables\":{\"decision\":{\"value\":\"approve\"}}}";
  private static final String APPROVE_AS_SOMEONE_ELSE =
      "{\"variables\":{\"decision\":{\"value\":\"approve\"},\"startedBy\":{\"value\":\"someone-else\"}}}";

  /** method, path, body, after (the helper whose branch makes the row hold, or ""), anonymous .. admin. */
  private static final List<Row> TABLE = List.of(
      // crvs-ops's own API
      row("GET", "/api/environments", NO_BODY, "", "401", "200", "200", "200", "200", "200"),
      row("GET", "/api/environments/{env}", NO_BODY, "", "401", "200", "200", "200", "200", "200"),
      row("POST", "/api/environments", EMPTY, "", "401", "400", "403", "400", "403", "400"),
      row("POST", "/api/environments/import", EMPTY, "", "401", "400", "403", "400", "403", "400"),
      row("PUT", "/api/environments/{env}", EMPTY, "", "401", "400", "403", "400", "403", "400"),
      row("DELETE", "/api/environments/matrix-nowhere", NO_BODY, "", "401", "404", "403", "404", "403", "404"),
      row("DELETE", "/api/environments/{freshProduction}", NO_BODY, "", "401", "403", "403", "403", "403", "204"),
      row("POST", "/api/environments/matrix-nowhere/deploys", EMPTY, "", "401", "400", "403", "400", "403", "400"),
      row("GET", "/api/environments/{env}/deployments", NO_BODY, "", "401", "200", "200", "200", "200", "200"),
      row("GET", "/api/environments/{env}/provisioning-settings", NO_BODY, "", "401", "200", "200", "200", "200", "200"),
      row("PUT", "/api/environments/{env}/provisioning-settings",
          "{\"swapSizeMb\":8000,\"kernelSettings\":true,\"encryptedDiskSize\":\"100G\"}", "",
          "401", "200", "403", "200", "403", "200"),
      // No release settings yet: 404 once the rights are checked; an empty body is refused naming the fields.
      row("GET", "/api/environments/{env}/release-settings", NO_BODY, "", "401", "404", "404", "404", "404", "404"),
      row("PUT", "/api/environments/{env}/release-settings", EMPTY, "", "401", "400", "403", "400", "403", "400"),
      // Not an archive: refused once the rights are checked.
      row("POST", "/api/release-bundles/matrix-bundle", EMPTY, "", "401", "400", "403", "400", "403", "400"),
      row("GET", "/api/environments/{env}/secrets", NO_BODY, "", "401", "200", "200", "200", "200", "200"),
      row("PUT", "/api/environments/{env}/secrets/smtp_password", "{\"value\":\"matrix\"}", "",
          "401", "204", "403", "204", "403", "204"),
      row("DELETE", "/api/environments/{env}/secrets/matrix_nothing", NO_BODY, "", "401", "404", "403", "404", "403", "404"),
      row("GET", "/api/environments/matrix-nowhere/status", NO_BODY, "", "401", "404", "404", "404", "404", "404"),
      row("GET", "/api/environments/matrix-nowhere/services/gateway/logs", NO_BODY, "",
          "401", "404", "404", "404", "404", "404"),
      row("GET", "/api/process-instances/{instance}/command-log", NO_BODY, "", "401", "200", "200", "200", "200", "200"),
      row("GET", "/api/host-keys", NO_BODY, "", "401", "200", "200", "200", "200", "200"),
      row("DELETE", "/api/host-keys?host=matrix.invalid&port=22", NO_BODY, "", "401", "403", "403", "403", "403", "404"),
      row("GET", "/api/ssh/public-key", NO_BODY, "", "401", "200", "200", "200", "200", "200"),
      row("POST", "/api/notifications/test-mail", NO_BODY, "", "401", "403", "403", "403", "403", "409"),
      row("GET", "/api/audit/process-instances", NO_BODY, "", "401", "200", "200", "200", "200", "200"),
      row("GET", "/api/audit/export.json", NO_BODY, "", "401", "200", "200", "200", "200", "200"),
      row("GET", "/api/audit/export.csv", NO_BODY, "", "401", "200", "200", "200", "200", "200"),
      row("GET", "/api/audit/settings-changes", NO_BODY, "", "401", "200", "200", "200", "200", "200"),

      // Camunda's REST API as crvs-ops uses it: definitions and starts
      row("GET", "/engine-rest/process-definition", NO_BODY, "", "401", "200", "200", "200", "200", "200"),
      row("GET", "/engine-rest/process-definition/key/check-cluster", NO_BODY, "", "401", "200", "200", "200", "200", "200"),
      row("POST", "/engine-rest/process-definition/key/check-cluster/start", START_CHECK, "",
          "401", "200", "403", "200", "403", "200"),
      row("POST", "/engine-rest/process-definition/key/check-cluster/start", START_AT_ACTIVITY, "gates",
          "401", "403", "403", "403", "403", "200"),
      // Nobody starts an approval on its own (no start right); admin may, and the model then fails: nothing to approve.
      row("POST", "/engine-rest/process-definition/key/approve-change/start", EMPTY, "",
          "401", "403", "403", "403", "403", "500"),
      row("PUT", "/engine-rest/process-definition/{definition}/history-time-to-live", "{\"historyTimeToLive\":1}", "gates",
          "401", "403", "403", "403", "403", "403"),
      row("DELETE", "/engine-rest/process-definition/{definition}?cascade=true", NO_BODY, "",
          "401|403", "403", "403", "403", "403", "403"),
      row("POST", "/engine-rest/process-definition/{endedDefinition}/restart",
          "{\"processInstanceIds\":[\"{ended}\"],\"instructions\":[{\"type\":\"startBeforeActivity\","
              + "\"activityId\":\"Task_SaveEnvironment\"}]}", "gates",
          "401", "403", "403", "403", "403", "204"),
      row("POST", "/engine-rest/deployment/create", "@deployment", "gates", "401", "403", "403", "403", "403", "403"),
      row("GET", "/engine-rest/deployment", NO_BODY, "", "401", "200", "200", "200", "200", "200"),

      // running instances
      row("GET", "/engine-rest/process-instance?superProcessInstance={instance}", NO_BODY, "",
          "401", "200", "200", "200", "200", "200"),
      row("GET", "/engine-rest/process-instance/{instance}", NO_BODY, "", "401", "200", "200", "200", "200", "200"),
      row("GET", "/engine-rest/process-instance/{instance}/variables", NO_BODY, "", "401", "200", "200", "200", "200", "200"),
      row("PUT", "/engine-rest/process-instance/{instance}/variables/environmentName", "{\"value\":\"elsewhere\"}", "",
          "401", "403", "403", "403", "403", "204"),
      row("POST", "/engine-rest/process-instance/{freshInstance}/modification",
          "{\"instructions\":[{\"type\":\"startBeforeActivity\",\"activityId\":\"Task_SummarizeCluster\"}],"
              + "\"skipCustomListeners\":true}", "", "401", "403", "403", "403", "403", "204"),
      row("POST", "/engine-rest/migration/execute", "@migration", "", "401", "403", "403", "403", "403", "204"),
      row("DELETE", "/engine-rest/process-instance/{freshInstance}", NO_BODY, "", "401", "403", "403", "403", "403", "204"),

      // tasks: the approval below was asked for by operator; lead and supervisor may decide it, nobody else
      row("GET", "/engine-rest/task", NO_BODY, "", "401", "200", "200", "200", "200", "200"),
      row("GET", "/engine-rest/task?processDefinitionKey=approve-change", NO_BODY, "", "401", "200", "200", "200", "200", "200"),
      row("GET", "/engine-rest/task/{approval}", NO_BODY, "", "401", "404", "200", "200", "200", "200"),
      // Operators read every instance's variables (READ_INSTANCE_VARIABLE), a task's among them.
      row("GET", "/engine-rest/task/{approval}/variables", NO_BODY, "", "401", "200", "200", "200", "200", "200"),
      row("POST", "/engine-rest/task/{freshApproval}/claim", "{\"userId\":\"{me}\"}", "",
          "401", "403", "204", "204", "403", "204"),
      row("POST", "/engine-rest/task/{freshApproval}/complete", APPROVE, "", "401", "403", "204", "204", "403", "403"),
      row("POST", "/engine-rest/task/{freshApproval}/submit-form", APPROVE, "", "401", "403", "204", "204", "403", "403"),
      row("POST", "/engine-rest/task/{freshApproval}/complete", APPROVE_AS_SOMEONE_ELSE, "guard",
          "401", "403", "403", "403", "403", "403"),
      row("POST", "/engine-rest/task/{freshApproval}/submit-form", APPROVE_AS_SOMEONE_ELSE, "guard",
          "401", "403", "403", "403", "403", "403"),
      row("POST", "/engine-rest/task/{freshApproval}/resolve", APPROVE, "guard", "401", "403", "403", "403", "403", "403"),
      // Writing variables outside a completion is camunda-admin's alone (enforce-specific-variable-permission).
      row("PUT", "/engine-rest/task/{freshApproval}/variables/startedBy", "{\"value\":\"someone-else\"}", "identity",
          "401", "403", "403", "403", "403", "204"),
      row("POST", "/engine-rest/task/{freshApproval}/delegate", "{\"userId\":\"supervisor\"}", "identity",
          "401", "403", "403", "403", "403", "204"),
      row("GET", "/engine-rest/filter?resourceType=Task", NO_BODY, "", "401", "200", "200", "200", "200", "200"),

      // history: everyone reads it, nobody deletes or rewrites it
      row("GET", "/engine-rest/history/process-instance?processDefinitionKey=check-cluster", NO_BODY, "",
          "401", "200", "200", "200", "200", "200"),
      row("GET", "/engine-rest/history/process-instance/{ended}", NO_BODY, "", "401", "200", "200", "200", "200", "200"),
      row("GET", "/engine-rest/history/task?processInstanceId={instance}", NO_BODY, "", "401", "200", "200", "200", "200", "200"),
      row("GET", "/engine-rest/history/variable-instance?processInstanceId={instance}", NO_BODY, "",
          "401", "200", "200", "200", "200", "200"),
      row("GET", "/engine-rest/history/user-operation", NO_BODY, "", "401", "200", "200", "200", "200", "200"),
      row("DELETE", "/engine-rest/history/process-instance/{ended}", NO_BODY, "", "401|403", "403", "403", "403", "403", "403"),
      row("POST", "/engine-rest/history/process-instance/delete", "{\"historicProcessInstanceIds\":[\"{ended}\"]}", "",
          "401|403", "403", "403", "403", "403", "403"),
      row("POST", "/engine-rest/history/process-instance/set-removal-time",
          "{\"historicProcessInstanceIds\":[\"{ended}\"],\"absoluteRemovalTime\":\"2027-01-01T00:00:00.000+0000\"}", "",
          "401|403", "403", "403", "403", "403", "403"));

  /** Spring Boot's own error page is the one handler that is no endpoint of crvs-ops. */
  private static final Set<Class<?>> NOT_ENDPOINTS = Set.of(BasicErrorController.class);

  @LocalServerPort int port;
  @Autowired @Qualifier("requestMappingHandlerMapping") RequestMappingHandlerMapping mappings;
  @Autowired RuntimeService runtime;
  @Autowired TaskService tasks;
  @Autowired HistoryService history;
  @Autowired RepositoryService repository;
  @Autowired ManagementService jobs;

  private final Map<String, String> samples = new HashMap<>();
  private final Map<String, Supplier<String>> fresh = new HashMap<>();

  @BeforeEach
  void samples() throws Exception {
    String env = "matrix-qa-" + SERIAL.incrementAndGet();
    call("operator", "POST", "/api/environments", environment(env, "qa"), 201);
    samples.put("env", env);
    samples.put("ended", history.createHistoricProcessInstanceQuery().processInstanceBusinessKey(env).singleResult().getId());
    samples.put("endedDefinition", history.createHistoricProcessInstanceQuery().processInstanceId(samples.get("ended"))
        .singleResult().getProcessDefinitionId());
    samples.put("instance", startCheck(env));
    samples.put("definition", runtime.createProcessInstanceQuery().processInstanceId(samples.get("instance"))
        .singleResult().getProcessDefinitionId());
    samples.put("approval", approvalTask());
    fresh.put("freshInstance", () -> startCheck(env));
    fresh.put("freshApproval", this::approvalTask);
    fresh.put("freshProduction", this::approvedProduction);
  }

  @Test
  void everyoneGetsWhatTheTableSays() throws Exception {
    Map<String, List<String>> mismatches = new TreeMap<>();
    for (Row row : TABLE) {
      for (int u = 0; u < USERS.size(); u++) {
        Set<Integer> expected = row.expected().get(u);
        Call call = resolve(row, USERS.get(u));
        HttpResponse<String> answer = send(USERS.get(u), row.method(), call.path(), call.body());
        if (!expected.contains(answer.statusCode())) {
          mismatches.computeIfAbsent(row.after().isEmpty() ? "holds now" : "holds after " + row.after(),
              k -> new ArrayList<>()).add(String.format("%s %s %s as %s: %d, expected %s (%s)", row.method(), row.path(),
              row.bodyName(), USERS.get(u), answer.statusCode(), expected, abbreviate(answer.body())));
        }
      }
    }
    if (!mismatches.isEmpty()) {
      fail(report(mismatches));
    }
  }

  @Test
  void everyCrvsOpsEndpointHasARow() {
    List<String> missing = new ArrayList<>();
    for (Map.Entry<RequestMappingInfo, HandlerMethod> mapping : mappings.getHandlerMethods().entrySet()) {
      if (NOT_ENDPOINTS.contains(mapping.getValue().getBeanType())) {
        continue;
      }
      Set<String> methods = mapping.getKey().getMethodsCondition().getMethods().stream().map(Enum::name)
          .collect(java.util.stream.Collectors.toSet());
      for (PathPattern pattern : mapping.getKey().getPathPatternsCondition().getPatterns()) {
        boolean covered = TABLE.stream().anyMatch(row -> (methods.isEmpty() || methods.contains(row.method()))
            && pattern.matches(PathContainer.parsePath(row.path().replaceFirst("\\?.*", ""))));
        if (!covered) {
          missing.add(methods + " " + pattern + " (" + mapping.getValue() + ")");
        }
      }
    }
    for (Row row : TABLE) {
      boolean known = !row.path().startsWith("/api/") || mappings.getHandlerMethods().keySet().stream().anyMatch(info ->
          info.getMethodsCondition().getMethods().stream().anyMatch(m -> m.name().equals(row.method()))
              && info.getPathPatternsCondition().getPatterns().stream()
                  .anyMatch(p -> p.matches(PathContainer.parsePath(row.path().replaceFirst("\\?.*", "")))));
      if (!known) {
        missing.add("a row for no endpoint: " + row.method() + " " + row.path());
      }
    }
    assertThat(missing).as("crvs-ops endpoints without a row in AuthorizationMatrixTest.TABLE: add one, with the"
        + " status each user must get").isEmpty();
  }

  // --- the table's cells made into calls

  private record Row(String method, String path, String body, String after, List<Set<Integer>> expected) {
    String bodyName() {
      return body == null ? "" : body.startsWith("@") ? body : abbreviate(body);
    }
  }

  private record Call(String path, String body) {}

  private static Row row(String method, String path, String body, String after, String... cells) {
    if (cells.length != USERS.size()) {
      throw new IllegalArgumentException(method + " " + path + ": one cell per user " + USERS);
    }
    List<Set<Integer>> expected = new ArrayList<>();
    for (String cell : cells) {
      expected.add(java.util.Arrays.stream(cell.split("\\|")).map(Integer::valueOf)
          .collect(java.util.stream.Collectors.toUnmodifiableSet()));
    }
    return new Row(method, path, body, after, expected);
  }

  private Call resolve(Row row, String user) {
    Map<String, String> values = new HashMap<>(samples);
    values.put("me", user);
    String body = switch (row.body() == null ? "" : row.body()) {
      case "@deployment" -> "@deployment";
      case "@migration" -> migration();
      default -> row.body();
    };
    String path = fill(row.path(), values, user);
    return new Call(path, body == null ? null : fill(body, values, user));
  }

  private String fill(String text, Map<String, String> values, String user) {
    Matcher placeholder = Pattern.compile("\\{(\\w+)}").matcher(text);
    StringBuilder out = new StringBuilder();
    while (placeholder.find()) {
      String name = placeholder.group(1);
      String value = fresh.containsKey(name) ? values.computeIfAbsent(name, k -> fresh.get(k).get()) : values.get(name);
      if (value == null) {
        throw new IllegalStateException("no sample for {" + name + "} in " + text);
      }
      placeholder.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    return placeholder.appendTail(out).toString();
  }

  /** A valid plan (the definition onto itself), so that only the rights decide; a fresh instance to move. */
  private String migration() {
    String definition = samples.get("definition");
    String instructions = runtime.createMigrationPlan(definition, definition).mapEqualActivities().build()
        .getInstructions().stream().map(i -> "{\"sourceActivityIds\":[\"" + i.getSourceActivityId()
            + "\"],\"targetActivityIds\":[\"" + i.getTargetActivityId() + "\"]}")
        .collect(java.util.stream.Collectors.joining(","));
    return "{\"migrationPlan\":{\"sourceProcessDefinitionId\":\"" + definition + "\",\"targetProcessDefinitionId\":\""
        + definition + "\",\"instructions\":[" + instructions + "]},\"processInstanceIds\":[\""
        + fresh.get("freshInstance").get() + "\"]}";
  }

  // --- samples

  private String startCheck(String env) {
    try {
      return JSON.readTree(call("operator", "POST", "/engine-rest/process-definition/key/check-cluster/start",
          START_CHECK.replace("{env}", env), 200)).get("id").asText();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** A production environment's approval, asked for by operator. */
  private String approvalTask() {
    String name = "matrix-prod-" + SERIAL.incrementAndGet();
    try {
      call("operator", "POST", "/api/environments", environment(name, "production"), 202);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return tasks.createTaskQuery().processDefinitionKey("approve-change").processInstanceBusinessKey(name)
        .singleResult().getId();
  }

  /** A production environment that is saved: asked for by operator, approved by supervisor. */
  private String approvedProduction() {
    String task = approvalTask();
    String approval = tasks.createTaskQuery().taskId(task).singleResult().getProcessInstanceId();
    String name = runtime.createProcessInstanceQuery().processInstanceId(approval).singleResult().getBusinessKey();
    try {
      call("supervisor", "POST", "/engine-rest/task/" + task + "/complete", APPROVE, 204);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    // The decision is a save point (asyncAfter); the job executor is off in tests, so its job runs here.
    jobs.createJobQuery().processInstanceId(approval).list().forEach(job -> jobs.executeJob(job.getId()));
    return name;
  }

  private static String environment(String name, String kind) throws Exception {
    int n = SERIAL.incrementAndGet();
    String prefix = "127.4." + (n / 60) + ".";
    int last = (n % 60) * 4;
    Map<String, Object> env = new LinkedHashMap<>(Map.of("name", name, "kind", kind, "domain", name + ".crvs-ops.test",
        "manager", Map.of("address", prefix + (last + 1), "hostname", name + "-1")));
    if (kind.equals("production")) {
      env.put("replicas", 3);
      env.put("workers", List.of(Map.of("address", prefix + (last + 2), "hostname", name + "-2"),
          Map.of("address", prefix + (last + 3), "hostname", name + "-3")));
    } else {
      env.put("replicas", 1);
    }
    return JSON.writeValueAsString(env);
  }

  // --- HTTP

  private String call(String user, String method, String path, String body, int expected) throws Exception {
    HttpResponse<String> answer = send(user, method, path, body);
    if (answer.statusCode() != expected) {
      throw new AssertionError("setting up the samples: " + method + " " + path + " as " + user + " answered "
          + answer.statusCode() + ": " + answer.body());
    }
    return answer.body();
  }

  private HttpResponse<String> send(String user, String method, String path, String body) throws Exception {
    boolean anonymous = user.equals("anonymous");
    String credentials = anonymous ? "nobody:nothing" : user + ":demo";
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
    if ("@deployment".equals(body)) {
      String boundary = "matrix-boundary";
      request.header("Content-Type", "multipart/form-data; boundary=" + boundary);
      body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"deployment-name\"\r\n\r\nmatrix\r\n--" + boundary
          + "\r\nContent-Disposition: form-data; name=\"data\"; filename=\"matrix.bpmn\"\r\nContent-Type: text/xml\r\n\r\n"
          + PROBE_MODEL + "\r\n--" + boundary + "--\r\n";
    } else {
      request.header("Content-Type", "application/json");
    }
    request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> answer = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    removeProbeDeployments();
    return answer;
  }

  /** A model that a deployment over REST would bring in; removed at once should one get through. */
  private static final String PROBE_MODEL = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
      + "<definitions xmlns=\"http://www.omg.org/spec/BPMN/20100524/MODEL\" targetNamespace=\"matrix\">"
      + "<process id=\"matrix-probe\" isExecutable=\"true\"><startEvent id=\"s\"/></process></definitions>";

  private void removeProbeDeployments() {
    repository.createDeploymentQuery().deploymentName("matrix").list()
        .forEach(d -> repository.deleteDeployment(d.getId()));
  }

  private static String report(Map<String, List<String>> mismatches) {
    StringBuilder out = new StringBuilder("cells that differ from the table:");
    mismatches.forEach((group, cells) -> {
      out.append("\n").append(group).append(" (").append(cells.size()).append("):");
      cells.forEach(c -> out.append("\n  ").append(c));
    });
    return out.toString();
  }

  private static String abbreviate(String text) {
    String flat = text == null ? "" : text.replaceAll("\\s+", " ");
    return flat.length() > 140 ? flat.substring(0, 140) + "..." : flat;
  }
}
