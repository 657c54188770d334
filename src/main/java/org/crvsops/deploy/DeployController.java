package org.crvsops.deploy;

import static org.crvsops.security.CrvsOpsGroups.*;

import java.net.URI;
import java.util.List;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.crvsops.cluster.EnvironmentRepository;
import org.crvsops.security.ApiAccess;
import org.crvsops.cluster.UnknownEnvironment;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Deploys for a country's CI pipeline, and their record: a POST starts the same process, with the
 * same checks, as the Tasklist form does; a bad request is refused with every problem named.
 */
@RestController
@RequestMapping("/api/environments/{environment}")
record DeployController(RuntimeService runtime, Deployments deployments, EnvironmentRepository environments,
    ApiAccess access, DeployRelease release, org.crvsops.release.ReleaseSettingsRepository releaseSettings) {
  /** What a deploy asks for; the environment is in the address. */
  record DeployBody(String coreVersion, String countryConfigVersion, Boolean factoryReset, String composeFolder,
      String whenLocked, Boolean rotateJwtKeys) {}

  record Started(String processInstanceId, String status, String message) {}

  @PostMapping("/deploys")
  ResponseEntity<Started> start(@PathVariable String environment, @RequestBody DeployBody body) {
    access.require("start deploys", OPERATORS, ADMINS);
    DeployRequest request = new DeployRequest(environment, body.coreVersion(), body.countryConfigVersion(),
        Boolean.TRUE.equals(body.factoryReset()), body.composeFolder(), body.whenLocked(),
        Boolean.TRUE.equals(body.rotateJwtKeys()));
    refuseMissingRefs(request);
    ProcessInstance pi;
    try {
      pi = runtime.startProcessInstanceByKey(DeployOpencrvsProcess.KEY, DeployOpencrvsProcess.startVariables(request));
    } catch (IllegalArgumentException refused) {
      throw new ResponseStatusException(HttpStatus.BAD_REQUEST, refused.getMessage());
    }
    return ResponseEntity.created(URI.create("/api/process-instances/" + pi.getId() + "/command-log"))
        .body(new Started(pi.getId(), "started", "Deploy started; follow it in Cockpit or in its command log."));
  }

  // A CI pipeline learns of a ref that is not there at once, not from an incident minutes later.
  private void refuseMissingRefs(DeployRequest request) {
    if (request.composeFolder() != null || releaseSettings.find(request.environmentName()).isEmpty()) {
      return;
    }
    environments.find(request.environmentName()).ifPresent(env -> {
      List<String> problems = release.refsProblems(env, request.coreVersion(), request.countryConfigVersion());
      if (!problems.isEmpty()) {
        throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "Deploy refused: " + String.join("; ", problems));
      }
    });
  }

  @GetMapping("/deployments")
  List<Deployments.Deployment> list(@PathVariable String environment) {
    access.require("read deployments", OPERATORS, SUPERVISORS, AUDITORS, ADMINS);
    if (!environments.exists(environment)) {
      throw new UnknownEnvironment(environment);
    }
    return deployments.list(environment);
  }
}
