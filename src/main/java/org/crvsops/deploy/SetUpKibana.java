package org.crvsops.deploy;

import static org.crvsops.deploy.DeployOpencrvsProcess.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.crvsops.cluster.EnvironmentStep;
import org.crvsops.cluster.EnvironmentStepDelegate;
import org.crvsops.cluster.EnvironmentSteps;
import org.crvsops.engine.WaitSettings;
import org.springframework.stereotype.Component;

/**
 * After the deploy, as upstream's monitoring/kibana/setup-config.sh: once Kibana's alerting API answers elastic,
 * every alerting rule is deleted, the release's config.ndjson imported (saved objects, overwrite=true) from this
 * deploy's tree on the manager, and every rule then disabled and enabled again, so that each starts afresh. Upstream's
 * set-up, done again, gives the same: a retry is safe. Until Kibana answers the model waits
 * crvsops.waits.monitoring.poll, up to its timeout; then, or when Kibana refuses a change, the step fails: an incident,
 * not a rollback, since the release runs. A release without kibana or the file skips it, saying why.
 */
@Component
record SetUpKibana(EnvironmentSteps steps, ElasticSetup setup, WaitSettings waits) implements EnvironmentStepDelegate {
  static final String CONFIG = "infrastructure/monitoring/kibana/config.ndjson";
  /** Upstream's query: the first 100 rules. */
  static final String FIND = "/api/alerting/rules/_find?page=1&per_page=100&default_search_operator=AND"
      + "&sort_field=name&sort_order=asc";
  static final String IMPORT = "/api/saved_objects/_import?overwrite=true";
  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public void execute(EnvironmentStep step, DelegateExecution execution) throws Exception {
    Optional<ElasticSetup.Target> kibana = setup.target(step, execution, "kibana", 5601, List.of(),
        why -> step.progress().accept("Kibana not set up: " + why));
    if (kibana.isPresent() && !Files.isRegularFile(kibana.get().copy().layout().release().resolve(CONFIG))) {
      step.progress().accept("Kibana not set up: the release has no " + CONFIG);
      kibana = Optional.empty();
    }
    if (kibana.isEmpty()) {
      waits.monitoring().answer(execution, KIBANA_WAIT, true);
      return;
    }
    OverlayRequests.Response found = setup.call(kibana.get(), List.of(get()), Optional.empty(), step).get(0);
    if (!found.answer().ok()) {
      String what = "Kibana's alerting API answered GET /api/alerting/rules/_find with "
          + ElasticSetup.text(found.answer());
      step.progress().accept(what);
      WaitSettings.Wait wait = waits.monitoring();
      if (wait.timedOut(execution, KIBANA_WAIT)) {
        throw new IllegalStateException("Kibana was not set up " + wait.after() + ": " + what);
      }
      wait.answer(execution, KIBANA_WAIT, false);
      return;
    }
    String line = setUp(step, kibana.get(), ids(found.body()), DEPLOY_FOLDER.require(execution) + "/" + CONFIG);
    step.progress().accept(line);
    waits.monitoring().answer(execution, KIBANA_WAIT, true);
  }

  // Deletes the rules, imports the file, then disables and enables each rule it finds; a refusal fails the step.
  private String setUp(EnvironmentStep step, ElasticSetup.Target kibana, List<String> before, String upload)
      throws Exception {
    List<OverlayRequests.Call> calls = new ArrayList<>();
    before.forEach(id -> calls.add(new OverlayRequests.Call("DELETE", "/api/alerting/rule/" + id, false)));
    calls.add(new OverlayRequests.Call("POST", IMPORT, true));
    calls.add(get());
    List<OverlayRequests.Response> answers = setup.call(kibana, calls, Optional.of(upload), step);
    for (int i = 0; i < before.size(); i++) {
      // 404: the rule went meanwhile, which is what was asked.
      require(answers.get(i).answer(), answers.get(i).answer().status() == 404, calls.get(i));
    }
    OverlayRequests.Response imported = answers.get(before.size());
    JsonNode result = imported.answer().ok() ? json(imported.body(), "the import's answer") : null;
    if (result == null || !result.path("success").asBoolean(false)) {
      throw new IllegalStateException("Kibana did not import " + CONFIG + ": POST " + IMPORT + " answered "
          + ElasticSetup.text(imported.answer()) + (result == null ? "" : ", errors: "
          + abbreviated(result.path("errors").toString())) + ". Retry this step once it is fixed");
    }
    OverlayRequests.Response after = answers.get(before.size() + 1);
    require(after.answer(), false, get());
    List<String> rules = ids(after.body());
    List<OverlayRequests.Call> toggles = new ArrayList<>();
    rules.forEach(id -> toggles.addAll(List.of(new OverlayRequests.Call("POST", "/api/alerting/rule/" + id + "/_disable",
        false), new OverlayRequests.Call("POST", "/api/alerting/rule/" + id + "/_enable", false))));
    if (!toggles.isEmpty()) {
      List<OverlayRequests.Response> toggled = setup.call(kibana, toggles, Optional.empty(), step);
      for (int i = 0; i < toggles.size(); i++) {
        require(toggled.get(i).answer(), false, toggles.get(i));
      }
    }
    return "Kibana set up: " + before.size() + " alerting rule(s) deleted, " + CONFIG.substring(CONFIG.lastIndexOf('/')
        + 1) + " imported (" + result.path("successCount").asInt(0) + " saved objects), " + rules.size()
        + " rule(s) disabled and enabled again";
  }

  private static void require(OverlayRequests.Answer answer, boolean alsoFine, OverlayRequests.Call call) {
    if (!answer.ok() && !alsoFine) {
      throw new IllegalStateException("Kibana was not set up: " + call.method() + " " + call.path() + " answered "
          + ElasticSetup.text(answer) + ". Retry this step once Kibana takes it");
    }
  }

  private static OverlayRequests.Call get() {
    return new OverlayRequests.Call("GET", FIND, false);
  }

  /** The ids of the rules in a _find answer ({"data":[{"id":…},…]}), each checked before it goes into a path. */
  static List<String> ids(String body) {
    JsonNode data = json(body, "the rules' list").path("data");
    if (!data.isArray()) {
      throw new IllegalStateException("Kibana's list of alerting rules has no array 'data': " + abbreviated(body));
    }
    List<String> ids = new ArrayList<>();
    for (JsonNode rule : data) {
      String id = rule.path("id").asText("");
      if (!id.matches("[A-Za-z0-9_-]{1,100}")) {
        throw new IllegalStateException("Kibana's alerting rule id '" + abbreviated(id) + "' is not 1 to 100 letters,"
            + " digits, '_' or '-'");
      }
      ids.add(id);
    }
    return ids;
  }

  private static JsonNode json(String body, String what) {
    try {
      return JSON.readTree(body.isBlank() ? "null" : body);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("Kibana's answer (" + what + ") is not JSON: " + abbreviated(body));
    }
  }

  private static String abbreviated(String text) {
    return text.length() <= 300 ? text : text.substring(0, 300) + "…";
  }
}
