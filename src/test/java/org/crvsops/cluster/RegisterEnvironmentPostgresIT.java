package org.crvsops.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.util.Date;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.history.UserOperationLogEntry;
import org.crvsops.EmbeddedPostgresDatabase;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** A production environment registered over REST on PostgreSQL: four eyes, approval, history. */
@Tag("off-lab")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"demo", "test", "postgres"})
class RegisterEnvironmentPostgresIT {
  @Autowired TestRestTemplate rest;
  @Autowired DataSource dataSource;
  @Autowired ManagementService management;
  @Autowired HistoryService history;

  @DynamicPropertySource
  static void postgres(DynamicPropertyRegistry registry) {
    EmbeddedPostgresDatabase.register(registry);
  }

  @Test
  void engineRunsOnPostgres() throws Exception {
    try (Connection c = dataSource.getConnection()) {
      assertThat(c.getMetaData().getDatabaseProductName()).isEqualTo("PostgreSQL");
    }
  }

  @Test
  void productionEnvironmentIsSavedOnlyAfterAnotherSupervisorApproves() {
    Date before = new Date();
    ResponseEntity<Map> request = rest.withBasicAuth("lead", "demo").postForEntity("/api/environments/import",
        Map.of("name", "farajaland-prod", "kind", "production", "domain", "farajaland.crvs-ops.test",
            "inventory", Inventories.threeNodes("127.0.0.51", "127.0.0.52", "127.0.0.53")), Map.class);
    assertThat(request.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
    String taskId = approvalTaskId();

    ResponseEntity<Map> byStarter = submit("lead", taskId, "approve");
    assertThat(byStarter.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat((String) byStarter.getBody().get("message")).contains("'lead' started this change").contains("four-eyes");
    assertThat(rest.withBasicAuth("lead", "demo").getForEntity("/api/environments/farajaland-prod", String.class)
        .getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);

    assertThat(submit("supervisor", taskId, "approve").getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
    // Async continuations only: the nightly image clean-up's timer is a job too.
    management.createJobQuery().messages().list().forEach(job -> management.executeJob(job.getId()));

    Environment saved = rest.withBasicAuth("auditor", "demo").getForObject("/api/environments/farajaland-prod", Environment.class);
    assertThat(saved.nodes()).extracting(Node::address).containsExactly("127.0.0.51", "127.0.0.52", "127.0.0.53");
    assertThat(historicValue("decidedBy")).isEqualTo("supervisor");
    assertThat((Date) historicValue("decidedAt")).isBetween(before, new Date());
    assertThat(history.createUserOperationLogQuery().taskId(taskId)
        .operationType(UserOperationLogEntry.OPERATION_TYPE_COMPLETE).list())
        .extracting(UserOperationLogEntry::getUserId).containsExactly("supervisor");
  }

  private String approvalTaskId() {
    ResponseEntity<List<Map<String, Object>>> tasks = rest.withBasicAuth("supervisor", "demo").exchange(
        "/engine-rest/task?processDefinitionKey=approve-change", HttpMethod.GET, null, new ParameterizedTypeReference<>() {});
    assertThat(tasks.getBody()).singleElement().satisfies(t ->
        assertThat(t.get("name")).isEqualTo("Approve: register production environment farajaland-prod"));
    return (String) tasks.getBody().get(0).get("id");
  }

  private ResponseEntity<Map> submit(String user, String taskId, String decision) {
    return rest.withBasicAuth(user, "demo").postForEntity("/engine-rest/task/" + taskId + "/submit-form",
        Map.of("variables", Map.of("decision", Map.of("value", decision))), Map.class);
  }

  private Object historicValue(String name) {
    return history.createHistoricVariableInstanceQuery().processDefinitionKey(RegisterEnvironmentProcess.KEY)
        .variableName(name).singleResult().getValue();
  }
}
