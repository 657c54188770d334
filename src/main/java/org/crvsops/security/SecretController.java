package org.crvsops.security;

import static org.crvsops.security.CrvsOpsGroups.*;

import java.util.List;
import org.crvsops.audit.SettingsChanges;
import org.crvsops.cluster.ChangeFreeze;
import org.crvsops.cluster.EnvironmentRepository;
import org.crvsops.cluster.UnknownEnvironment;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
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
 * it in the history). No response ever carries a value. Every change is in the audit (its name, never
 * its value), in the change's own transaction; a production environment's secrets are not changed while
 * a change holds the environment.
 */
@RestController
@RequestMapping("/api/environments/{environment}/secrets")
class SecretController {
  private final SecretStore secrets;
  private final EnvironmentRepository environments;
  private final ApiAccess access;
  private final ChangeFreeze freeze;
  private final SettingsChanges changes;
  private final TransactionTemplate transaction;

  SecretController(SecretStore secrets, EnvironmentRepository environments, ApiAccess access, ChangeFreeze freeze,
      SettingsChanges changes, PlatformTransactionManager transactions) {
    this.secrets = secrets;
    this.environments = environments;
    this.access = access;
    this.freeze = freeze;
    this.changes = changes;
    this.transaction = new TransactionTemplate(transactions);
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
      SecretStore.validate(name, body == null ? null : body.value());
    } catch (IllegalArgumentException e) {
      throw new ResponseStatusException(HttpStatus.BAD_REQUEST, e.getMessage());
    }
    freeze.refuseWhileHeld(environment, "Secret " + name);
    transaction.executeWithoutResult(status -> {
      boolean replaced = secrets.list(environment).stream().anyMatch(s -> s.name().equals(name));
      secrets.put(environment, name, body.value(), user);
      changes.record(environment, SettingsChanges.SECRET, name, replaced ? "replaced" : "stored", user);
    });
    return ResponseEntity.noContent().build();
  }

  @DeleteMapping("/{name}")
  ResponseEntity<Void> delete(@PathVariable String environment, @PathVariable String name) {
    String user = access.require("delete secrets", OPERATORS, ADMINS);
    requireEnvironment(environment);
    freeze.refuseWhileHeld(environment, "Secret " + name);
    boolean deleted = Boolean.TRUE.equals(transaction.execute(status -> {
      boolean gone = secrets.delete(environment, name);
      if (gone) {
        changes.record(environment, SettingsChanges.SECRET, name, "deleted", user);
      }
      return gone;
    }));
    if (!deleted) {
      throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No secret " + name + " is stored for " + environment + ".");
    }
    return ResponseEntity.noContent().build();
  }

  private void requireEnvironment(String environment) {
    if (!environments.exists(environment)) {
      throw new UnknownEnvironment(environment);
    }
  }
}
