package org.crvsops.release;

import static org.crvsops.security.CrvsOpsGroups.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.crvsops.audit.SettingsChanges;
import org.crvsops.cluster.ChangeFreeze;
import org.crvsops.cluster.EnvironmentRepository;
import org.crvsops.cluster.FieldError;
import org.crvsops.cluster.InvalidEnvironmentException;
import org.crvsops.security.ApiAccess;
import org.crvsops.cluster.UnknownEnvironment;
import org.springframework.http.HttpStatus;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Read and change where an environment's releases come from (docs/deploy.md, "Once per environment").
 * Every change is in the audit, naming the settings that changed; not changed while a change holds a
 * production environment, as the provisioning settings.
 */
@RestController
@RequestMapping("/api/environments/{environment}/release-settings")
class ReleaseSettingsController {
  private final ReleaseSettingsRepository settings;
  private final EnvironmentRepository environments;
  private final ApiAccess access;
  private final ChangeFreeze freeze;
  private final SettingsChanges changes;
  private final TransactionTemplate transaction;

  ReleaseSettingsController(ReleaseSettingsRepository settings, EnvironmentRepository environments, ApiAccess access,
      ChangeFreeze freeze, SettingsChanges changes, PlatformTransactionManager transactions) {
    this.settings = settings;
    this.environments = environments;
    this.access = access;
    this.freeze = freeze;
    this.changes = changes;
    this.transaction = new TransactionTemplate(transactions);
  }

  @GetMapping
  ReleaseSettings get(@PathVariable String environment) {
    access.require("read release settings", OPERATORS, SUPERVISORS, AUDITORS, ADMINS);
    requireEnvironment(environment);
    return settings.find(environment).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
        "Environment " + environment + " has no release settings yet: PUT them here (docs/deploy.md, Once per"
            + " environment) before a deploy from git."));
  }

  @PutMapping
  ReleaseSettings put(@PathVariable String environment, @RequestBody ReleaseSettings body) {
    String user = access.require("change release settings", OPERATORS, ADMINS);
    requireEnvironment(environment);
    List<FieldError> problems = body.problems();
    if (!problems.isEmpty()) {
      throw new InvalidEnvironmentException(problems);
    }
    freeze.refuseWhileHeld(environment, "Release settings");
    transaction.executeWithoutResult(status -> {
      String changed = changed(settings.find(environment).orElse(null), body);
      settings.save(environment, body, user);
      changes.record(environment, SettingsChanges.RELEASE_SETTINGS, changed, "changed", user);
    });
    return settings.find(environment).orElseThrow();
  }

  /** The names of the settings that differ, for the audit (never a value: a variable may be an address). */
  private static String changed(ReleaseSettings before, ReleaseSettings after) {
    if (before == null) {
      return "all (first set)";
    }
    List<String> names = new ArrayList<>();
    note(names, "countryRepository", before.countryRepository(), after.countryRepository());
    note(names, "countryEnvironment", before.countryEnvironment(), after.countryEnvironment());
    note(names, "coreRepository", before.coreRepository(), after.coreRepository());
    note(names, "allowedRefs", before.allowedRefs(), after.allowedRefs());
    note(names, "repositorySecret", before.repositorySecret(), after.repositorySecret());
    note(names, "repositoryHostKeys", before.repositoryHostKeys(), after.repositoryHostKeys());
    note(names, "registries", before.registries(), after.registries());
    java.util.Set<String> variables = new java.util.TreeSet<>(before.variables().keySet());
    variables.addAll(after.variables().keySet());
    variables.forEach(v -> note(names, "variables." + v, before.variables().get(v), after.variables().get(v)));
    return names.isEmpty() ? "none" : String.join(", ", names);
  }

  private static void note(List<String> names, String name, Object before, Object after) {
    if (!Objects.equals(before, after)) {
      names.add(name);
    }
  }

  private void requireEnvironment(String environment) {
    if (!environments.exists(environment)) {
      throw new UnknownEnvironment(environment);
    }
  }
}
