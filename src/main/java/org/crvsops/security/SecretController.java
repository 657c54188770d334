package org.crvsops.security;

import static org.crvsops.security.CrvsOpsGroups.*;

import java.util.List;
import org.crvsops.cluster.EnvironmentRepository;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Secret values in and names out: the only way a value enters crvs-ops (Camunda Forms would keep
 * it in the history). No response ever carries a value.
 */
@RestController
@RequestMapping("/api/environments/{environment}/secrets")
class SecretController {
  private final SecretStore secrets;
  private final EnvironmentRepository environments;
  private final ApiAccess access;

  SecretController(SecretStore secrets, EnvironmentRepository environments, ApiAccess access) {
    this.secrets = secrets;
    this.environments = environments;
    this.access = access;
  }

  record SecretValue(String value) {
    @Override
    public String toString() {
      return "SecretValue[***]";
    }
  }

  @GetMapping
  List<SecretStore.SecretInfo> list(@PathVariable String environment) {
    access.require("see which secrets are stored", OPERATORS, SUPERVISORS, AUDITORS, ADMINS);
    requireEnvironment(environment);
    return secrets.list(environment);
  }

  @PutMapping("/{name}")
  ResponseEntity<Void> put(@PathVariable String environment, @PathVariable String name, @RequestBody SecretValue body) {
    String user = access.require("store secrets", OPERATORS, ADMINS);
    requireEnvironment(environment);
    try {
      secrets.put(environment, name, body == null ? null : body.value(), user);
    } catch (IllegalArgumentException e) {
      throw new ResponseStatusException(HttpStatus.BAD_REQUEST, e.getMessage());
    }
    return ResponseEntity.noContent().build();
  }

  @DeleteMapping("/{name}")
  ResponseEntity<Void> delete(@PathVariable String environment, @PathVariable String name) {
    access.require("delete secrets", OPERATORS, ADMINS);
    requireEnvironment(environment);
    if (!secrets.delete(environment, name)) {
      throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No secret " + name + " is stored for " + environment + ".");
    }
    return ResponseEntity.noContent().build();
  }

  private void requireEnvironment(String environment) {
    if (!environments.exists(environment)) {
      throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No environment is named '" + environment + "'.");
    }
  }
}
