package org.crvsops.status;

import static org.crvsops.security.CrvsOpsGroups.*;

import java.util.List;
import java.util.Map;
import org.crvsops.cluster.Environment;
import org.crvsops.cluster.EnvironmentRepository;
import org.crvsops.security.ApiAccess;
import org.crvsops.cluster.UnknownEnvironment;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** A cluster's state for people who have no shell on its manager: read-only, for everyone signed in. */
@RestController
@RequestMapping("/api/environments/{environment}")
record StatusController(ClusterStatusReader reader, EnvironmentRepository environments, ApiAccess access) {
  private static final String[] READERS = {OPERATORS, SUPERVISORS, AUDITORS, ADMINS};

  record ServiceLogs(String environment, String service, int tail, List<String> lines) {}

  @GetMapping("/status")
  ClusterStatus status(@PathVariable String environment) {
    access.require("read cluster status", READERS);
    return reader.status(require(environment));
  }

  @GetMapping("/services/{service}/logs")
  ServiceLogs logs(@PathVariable String environment, @PathVariable String service,
      @RequestParam(required = false) String tail) {
    access.require("read service logs", READERS);
    Environment env = require(environment);
    LogRequest request = LogRequest.parse(service, tail);
    List<String> lines = reader.logs(env, request.service(), request.tail()).orElseThrow(() -> new ResponseStatusException(
        HttpStatus.NOT_FOUND, "No service is named '" + service + "' in the swarm of " + environment + "."));
    return new ServiceLogs(environment, service, request.tail(), lines);
  }

  @ExceptionHandler(LogRequest.InvalidLogRequestException.class)
  ResponseEntity<Map<String, Object>> invalid(LogRequest.InvalidLogRequestException e) {
    return ResponseEntity.badRequest().body(Map.of("status", 400, "message", e.getMessage(), "errors", e.errors()));
  }

  // 502: crvs-ops is a gateway to the manager here, and the manager did not answer as it should.
  @ExceptionHandler(ManagerUnreachableException.class)
  ResponseEntity<Map<String, Object>> unreachable(ManagerUnreachableException e) {
    return ResponseEntity.status(HttpStatus.BAD_GATEWAY).body(Map.of("status", 502, "message", e.getMessage(),
        "errors", List.of()));
  }

  private Environment require(String environment) {
    return environments.find(environment).orElseThrow(() -> new UnknownEnvironment(environment));
  }
}
