package org.crvsops.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.crvsops.CrvsOpsSpringTest;
import org.crvsops.ssh.CommandLog;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The command log follows Camunda's history out, and only that: what Camunda still keeps stays. */
@CrvsOpsSpringTest
class CommandLogRetentionTest {
  @Autowired TestRestTemplate rest;
  @Autowired JdbcClient db;
  @Autowired CommandLog commandLog;
  @Autowired CommandLogRetention retention;

  @Test
  void linesAndCommandsOfInstancesNoLongerInHistoryGoAndOthersStay() {
    Map<String, Object> staging = Map.of("name", "retention-qa", "kind", "qa", "domain", "r.crvs-ops.test",
        "replicas", 1, "manager", Map.of("address", "127.0.0.61", "hostname", "r1"));
    rest.withBasicAuth("operator", "demo").postForObject("/api/environments", staging, JsonNode.class);
    String kept = rest.withBasicAuth("auditor", "demo").getForObject(
        "/engine-rest/history/process-instance?processInstanceBusinessKey=retention-qa", JsonNode.class).get(0).get("id").asText();
    Instant sixYearsAgo = Instant.now().minus(Duration.ofDays(6 * 365));
    for (String instance : List.of(kept, "cleaned-up-by-camunda")) {
      logOld(instance, sixYearsAgo);
    }
    logOld("recent-and-running", Instant.now());

    retention.cleanUp();

    assertThat(commandLog.read("cleaned-up-by-camunda")).isEmpty();
    assertThat(commandLog.commands("cleaned-up-by-camunda")).isEmpty();
    assertThat(commandLog.read(kept)).hasSize(1);
    assertThat(commandLog.commands(kept)).hasSize(1);
    assertThat(commandLog.read("recent-and-running")).hasSize(1);
  }

  private void logOld(String processInstanceId, Instant at) {
    Timestamp time = Timestamp.from(at);
    db.sql("insert into crvsops_remote_command (process_instance_id, activity_id, node, description, command, exit_code,"
        + " started_at, ended_at) values (?, 'Task_X', '10.0.0.1', 'check', 'true', 0, ?, ?)")
        .params(processInstanceId, time, time).update();
    db.sql("insert into crvsops_command_log (process_instance_id, activity_id, node, stream, line, logged_at)"
        + " values (?, 'Task_X', '10.0.0.1', 'stdout', 'ok', ?)").params(processInstanceId, time).update();
  }
}
